// The boot self-check on the real kernel: retype an endpoint and a notification, mint, signal, poll, clean up.
using Internal.Runtime;
using Smos.Formats;
using Smos.RootTask.Processes;
using Smos.Sel4;

namespace Smos.RootTask.SelfTest;

internal static class KernelCheck
{
    private const ulong Badge = 0x5A5;

    public static void Run(in BootInfoView bootInfo)
    {
        string? failure = Check(bootInfo);
        if (failure is null)
        {
            ResultLine.Pass("BOOT");
        }
        else
        {
            ResultLine.Fail("BOOT", failure);
        }
    }

    private static string? Check(in BootInfoView bootInfo)
    {
        if (bootInfo.Empty.End - bootInfo.Empty.Start < 3)
        {
            return "fewer than 3 empty slots";
        }

        if (!FindSmallRamUntyped(bootInfo, out ulong untypedCptr))
        {
            return "no RAM untyped of at least 4 KiB";
        }

        var root = CNode.InitThread;
        var untyped = new Untyped(untypedCptr);
        ulong endpointSlot = bootInfo.Empty.Start;
        ulong notificationSlot = endpointSlot + 1;
        ulong mintedSlot = endpointSlot + 2;

        Sel4Result r = untyped.Retype(ObjectType.Endpoint, 0, root, 0, 0, endpointSlot, 1);
        if (!r.IsOk)
        {
            return "retype endpoint failed";
        }

        r = untyped.Retype(ObjectType.Notification, 0, root, 0, 0, notificationSlot, 1);
        if (!r.IsOk)
        {
            return "retype notification failed";
        }

#if !SMOS_BENCH
        // DebugCapIdentify exists only in debug kernels (a benchmark build runs on a release kernel); the
        // signal/poll below checks the notification there.
        if (Debug.IdentifyCap(endpointSlot) != CapTag.Endpoint || Debug.IdentifyCap(notificationSlot) != CapTag.Notification)
        {
            return "retyped capabilities have the wrong type";
        }
#endif

        // A retype into an occupied slot must come back as a typed error, not succeed.
        DebugConsole.WriteLine("  self-check: a retype into an occupied slot must be refused (the kernel says why):");
        r = untyped.Retype(ObjectType.Notification, 0, root, 0, 0, notificationSlot, 1);
        if (r.Error != Sel4Error.DeleteFirst)
        {
            return "retype into an occupied slot did not report DeleteFirst";
        }

        r = root.Mint(mintedSlot, root, notificationSlot, CapRights.All, Badge);
        if (!r.IsOk)
        {
            return "mint of a badged notification failed";
        }

        var notification = new Notification(notificationSlot);
        if (notification.Poll() != 0)
        {
            return "a fresh notification was already signalled";
        }

        new Notification(mintedSlot).Signal();
        ulong word = notification.Poll();
        if (word != Badge)
        {
            return "poll did not return the minted badge";
        }

        if (notification.Poll() != 0)
        {
            return "poll did not clear the notification";
        }

        DebugConsole.Write("  self-check: endpoint, notification, badge ");
        DebugConsole.WriteHex(word);
        DebugConsole.WriteLine(" signalled and polled");

        if (!root.Delete(mintedSlot).IsOk || !root.Delete(notificationSlot).IsOk || !root.Delete(endpointSlot).IsOk)
        {
            return "deleting the test capabilities failed";
        }

        // Revoking the untyped's children returns its memory: retype must work again from offset 0.
        if (!root.Revoke(untypedCptr).IsOk)
        {
            return "revoke of the untyped failed";
        }

        return null;
    }

    // The smallest RAM untyped that can hold a page: retyping from a huge one makes the kernel clear it all.
    private static bool FindSmallRamUntyped(in BootInfoView bootInfo, out ulong cptr)
    {
        cptr = 0;
        int bestBits = 64;
        int count = (int)(bootInfo.Untyped.End - bootInfo.Untyped.Start);
        for (int i = 0; i < count; i++)
        {
            UntypedDesc d = bootInfo.GetUntyped(i);
            if (!d.IsDevice && d.SizeBits >= 12 && d.SizeBits < bestBits)
            {
                bestBits = d.SizeBits;
                cptr = bootInfo.Untyped.Start + (ulong)i;
            }
        }

        return bestBits < 64;
    }
}
