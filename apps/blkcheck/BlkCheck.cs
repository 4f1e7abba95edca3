// blkcheck: the block driver on seL4: a boot counter kept on the disk, sectors written and read back, every error.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps.BlkCheck;

/// <summary>
/// <c>blkcheck</c> (the deciding app of apps/demos/blk) talks to drivers/virtio-blk ("blk") through a shared page: it
/// reads the disk's size, counts this boot in a sector near its end (a magic word and a counter, so a second boot on the same disk
/// finds the first one's count), writes 8 sectors of a pattern that depends on the count, reads them back, and checks
/// each refusal (a sector past the end, 0 and 9 sectors, a connection without a shared page, an unknown request). Exit
/// code 0 when every check held; each failure prints one line.
/// </summary>
public static class BlkCheck
{
    private const ulong Magic = 0x314B_4C42_534F_4D53; // "SMOSBLK1"

    private static int _failures;

    public static int Main(string[] args)
    {
        if (Connections.OpenWhenPublished("blk", out Connection blk) != RootError.Ok)
        {
            Console.WriteLine("blkcheck: nothing publishes \"blk\" (is the disk attached? buildsys gives QEMU out/disk.img)");
            return 1;
        }

        RootError shared = Connections.Share(blk, out SharedBuffer page);
        Expect(shared == RootError.Ok, $"share a page: {ProcessAbi.Describe(shared)}");
        if (shared != RootError.Ok)
        {
            return 1;
        }

        BlockError e = Call(blk, BlockRequest.Info, 0, 0, 0, out FastMessage info);
        ulong sectors = info.Mr0;

        // The disk's last BlockAbi.ScratchSectors sectors: outside the file server's volume (it formats the rest).
        ulong counterSector = sectors - BlockAbi.ScratchSectors;
        ulong patternSector = sectors - BlockAbi.MaxSectorsPerRequest;
        Expect(e == BlockError.Ok && sectors > 2048 && info.Mr1 == BlockAbi.SectorSize && info.Mr2 == 0,
            $"info: {BlockAbi.Describe(e)}, {sectors} sectors of {info.Mr1} bytes, read-only {info.Mr2}");
        Console.WriteLine($"blkcheck: disk of {sectors} sectors ({sectors / 2048} MiB)");

        // The boot counter: the counter sector holds the magic and the number of boots that found the disk.
        e = Call(blk, BlockRequest.Read, counterSector, 1, 2, out _);
        Expect(e == BlockError.Ok, $"read sector {counterSector}: {BlockAbi.Describe(e)}");
        VolatileSpan<ulong> words = page.Words;
        ulong boots = words[0] == Magic ? words[1] : 0;
        words[0] = Magic;
        words[1] = boots + 1;
        e = Call(blk, BlockRequest.Write, counterSector, 1, 2, out _);
        Expect(e == BlockError.Ok, $"write sector {counterSector}: {BlockAbi.Describe(e)}");
        e = Call(blk, BlockRequest.Flush, 0, 0, 0, out _);
        Expect(e == BlockError.Ok, $"flush: {BlockAbi.Describe(e)}");
        Console.WriteLine($"blkcheck: boot {boots + 1} on this disk (its counter sector, {BlockAbi.ScratchSectors} from the end, counted {boots} before)");

        // 8 sectors of a pattern, through the page out and back.
        int count = BlockAbi.MaxSectorsPerRequest;
        int n = count * BlockAbi.SectorSize / 8;
        for (int i = 0; i < n; i++)
        {
            words[i] = Pattern(boots, i);
        }

        e = Call(blk, BlockRequest.Write, patternSector, (ulong)count, 2, out _);
        Expect(e == BlockError.Ok, $"write {count} sectors at {patternSector}: {BlockAbi.Describe(e)}");
        for (int i = 0; i < n; i++)
        {
            words[i] = 0;
        }

        e = Call(blk, BlockRequest.Read, patternSector, (ulong)count, 2, out _);
        int wrong = 0;
        for (int i = 0; i < n; i++)
        {
            wrong += words[i] == Pattern(boots, i) ? 0 : 1;
        }

        Expect(e == BlockError.Ok && wrong == 0, $"read {count} sectors back: {BlockAbi.Describe(e)}, {wrong} of {n} words wrong");
        Console.WriteLine($"blkcheck: the last {count} sectors written and read back: {(wrong == 0 ? "same" : "different")}");

        // Every refusal, each before the device is asked.
        Refused(blk, BlockRequest.Read, sectors - 1, 2, 2, BlockError.OutOfRange, "two sectors from the last one");
        Refused(blk, BlockRequest.Read, ulong.MaxValue, 1, 2, BlockError.OutOfRange, "sector 2^64 - 1");
        Refused(blk, BlockRequest.Read, 0, 0, 2, BlockError.BadArgument, "0 sectors");
        Refused(blk, BlockRequest.Write, 0, 9, 2, BlockError.BadArgument, "9 sectors");
        Refused(blk, BlockRequest.Read, 0, 1, 1, BlockError.BadLength, "a read of one word");
        Refused(blk, (BlockRequest)99, 0, 0, 0, BlockError.UnknownRequest, "label 99");
        if (Connections.Open("blk", out Connection bare) == RootError.Ok)
        {
            Refused(bare, BlockRequest.Read, 0, 1, 2, BlockError.NoSharedPage, "a read on a connection without a page");
            Connections.Close(bare);
        }

        Connections.Close(blk);

        // The driver keeps our shared page mapped until it has taken the Closed event (the root task then frees it): give
        // it the time to, so that what this demo used is back when it ends (the driver is a service and stays).
        Clock.Sleep(100);
        Console.WriteLine(_failures == 0 ? "blkcheck: every check held" : $"blkcheck: {_failures} check(s) failed");
        return _failures == 0 ? 0 : 1;
    }

    private static ulong Pattern(ulong boots, int i) => ((ulong)i * 0x9E37_79B9_7F4A_7C15) ^ (boots << 40) ^ 0x5A5A;

    private static BlockError Call(in Connection c, BlockRequest request, ulong mr0, ulong mr1, int length, out FastMessage reply)
    {
        reply = new FastMessage(mr0, mr1, 0, 0);
        MessageInfo info = c.Endpoint.Call(new MessageInfo((ulong)request, 0, 0, length), ref reply);
        return (BlockError)info.Label;
    }

    private static void Refused(in Connection c, BlockRequest request, ulong mr0, ulong mr1, int length, BlockError expected, string what)
    {
        BlockError e = Call(c, request, mr0, mr1, length, out _);
        Expect(e == expected, $"{what}: {BlockAbi.Describe(e)}, expected {BlockAbi.Describe(expected)}");
    }

    private static void Expect(bool ok, string what)
    {
        if (!ok)
        {
            _failures++;
            Console.WriteLine($"blkcheck: check failed: {what}");
        }
    }
}
