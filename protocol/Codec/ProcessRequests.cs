// The process server's requests not yet declared in IRootTask (Spawn), and CSpaceGrow's reply check.
using System;

// Each type's summary gives its layout; Label, Encode and Decode are the same three members on every type.
#pragma warning disable CS1591

namespace Smos.Protocol;

/// <summary>
/// Spawn: MR0 = name length (1-<see cref="ProcessAbi.MaxAppNameBytes"/>), MR1 = args-blob length (at most
/// <see cref="ProcessAbi.MaxArgBytes"/>), the name from MR2, then the blob from <see cref="ProcessAbi.SpawnArgsFirstMr"/>,
/// then optionally the child's quota (<see cref="ProcessQuota.Words"/> words; without them the child gets
/// <see cref="ProcessQuota.DefaultChild"/>, each kind clipped to what the caller has free). Reply MR0 = the child's pid.
/// </summary>
public static class SpawnRequest
{
    public const RootRequest Label = RootRequest.Spawn;

    /// <summary>The message, or -1 when name and blob do not fit one message.</summary>
    public static int Encode(ReadOnlySpan<byte> name, ReadOnlySpan<byte> argsBlob, Span<ulong> mrs)
    {
        int first = ProcessAbi.SpawnArgsFirstMr(name.Length);
        int length = first + WireBytes.Words(argsBlob.Length);
        if (length > ProcessAbi.MaxMessageRegisters || length > mrs.Length)
        {
            return -1;
        }

        mrs[0] = (ulong)name.Length;
        mrs[1] = (ulong)argsBlob.Length;
        WireBytes.Pack(name, mrs.Slice(2));
        WireBytes.Pack(argsBlob, mrs.Slice(first));
        return length;
    }

    /// <summary>
    /// The message with the child's quota in <see cref="ProcessQuota.Words"/> words after the blob, or -1 when it does not
    /// fit one message.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> name, ReadOnlySpan<byte> argsBlob, in ProcessQuota quota, Span<ulong> mrs)
    {
        int length = Encode(name, argsBlob, mrs);
        if (length < 0 || length + ProcessQuota.Words > ProcessAbi.MaxMessageRegisters || length + ProcessQuota.Words > mrs.Length)
        {
            return -1;
        }

        quota.Encode(mrs.Slice(length));
        return length + ProcessQuota.Words;
    }

    /// <summary>Decodes either form; <paramref name="hasQuota"/> says whether the quota words came.</summary>
    public static RootError Decode(ReadOnlySpan<ulong> message, Span<byte> name, Span<byte> args, out int nameLength, out int argsLength,
        out ProcessQuota quota, out bool hasQuota)
    {
        quota = default;
        hasQuota = false;
        if (message.Length >= 2 && message[0] != 0 && message[0] <= ProcessAbi.MaxAppNameBytes && message[1] <= ProcessAbi.MaxArgBytes)
        {
            int plain = ProcessAbi.SpawnArgsFirstMr((int)message[0]) + WireBytes.Words((int)message[1]);
            if (message.Length == plain + ProcessQuota.Words)
            {
                hasQuota = true;
                quota = ProcessQuota.Decode(message.Slice(plain));
                message = message.Slice(0, plain);
            }
        }

        return Decode(message, name, args, out nameLength, out argsLength);
    }

    public static RootError Decode(ReadOnlySpan<ulong> message, Span<byte> name, Span<byte> args, out int nameLength, out int argsLength)
    {
        nameLength = 0;
        argsLength = 0;
        if (message.Length < 2)
        {
            return RootError.BadLength;
        }

        ulong nl = message[0];
        ulong al = message[1];
        if (nl == 0 || nl > ProcessAbi.MaxAppNameBytes || nl > (ulong)name.Length || al > ProcessAbi.MaxArgBytes || al > (ulong)args.Length)
        {
            return RootError.BadArgument;
        }

        int first = ProcessAbi.SpawnArgsFirstMr((int)nl);
        if (message.Length != first + WireBytes.Words((int)al))
        {
            return RootError.BadLength;
        }

        nameLength = (int)nl;
        argsLength = (int)al;
        WireBytes.Unpack(message.Slice(2), name.Slice(0, nameLength));
        WireBytes.Unpack(message.Slice(first), args.Slice(0, argsLength));
        return RootError.Ok;
    }
}

/// <summary>
/// The reply of CSpaceGrow (<see cref="IRootTask.CSpaceGrow"/>): MR0 = the cptr of slot 0 of the CNode added to the
/// caller's CSpace (<see cref="CapSlots.Cptr"/>).
/// </summary>
public static class CSpaceGrowRequest
{
    /// <summary>The CNode number of a reply's cptr; false when the cptr is not slot 0 of an added CNode (1..63).</summary>
    public static bool DecodeReply(ulong cptr, out int cnode)
    {
        cnode = CapSlots.CNodeOf(cptr);
        return CapSlots.IsAppCptr(cptr) && CapSlots.SlotOf(cptr) == 0 && cnode >= 1 && cnode < CapSlots.MaxCNodes;
    }
}
