// The process server's requests, one type each: label, encode (apps) and decode with the precise error (the root task).
using System;

// Each type's summary gives its layout; Label, Encode and Decode are the same three members on every type.
#pragma warning disable CS1591

namespace Smos.Protocol;

/// <summary>Print: MR0 = byte count n (at most <see cref="ProcessAbi.MaxPrintBytes"/>), the bytes from MR1.</summary>
public static class PrintRequest
{
    public const RootRequest Label = RootRequest.Print;

    public static int Encode(ReadOnlySpan<byte> text, Span<ulong> mrs)
    {
        mrs[0] = (ulong)text.Length;
        return 1 + WireBytes.Pack(text, mrs.Slice(1));
    }

    public static RootError Decode(ReadOnlySpan<ulong> message, Span<byte> text, out int length) =>
        Shapes.CountedBytes(message, ProcessAbi.MaxPrintBytes, text, out length);
}

/// <summary>
/// Panic: MR0 = the failure's code address (0: none), MR1 = an uncaught exception's type (its MethodTable address in
/// the app; 0: a panic that is not an exception), MR2 = caller count f (at most <see cref="ProcessAbi.MaxPanicFrames"/>),
/// the callers' code addresses from MR3 (innermost first), then MR(3+f) = text length (at most
/// <see cref="ProcessAbi.MaxPanicBytes"/>) and the text. Never answered.
/// </summary>
public static class PanicRequest
{
    public const RootRequest Label = RootRequest.Panic;

    public static int Encode(ulong pc, ReadOnlySpan<byte> text, Span<ulong> mrs) => Encode(pc, 0, default, text, mrs);

    public static int Encode(ulong pc, ulong exceptionType, ReadOnlySpan<ulong> frames, ReadOnlySpan<byte> text, Span<ulong> mrs)
    {
        mrs[0] = pc;
        mrs[1] = exceptionType;
        mrs[2] = (ulong)frames.Length;
        frames.CopyTo(mrs.Slice(3));
        int at = 3 + frames.Length;
        mrs[at] = (ulong)text.Length;
        return at + 1 + WireBytes.Pack(text, mrs.Slice(at + 1));
    }

    /// <summary>The request's values; <paramref name="frames"/> and <paramref name="text"/> receive the callers and text.</summary>
    public static RootError Decode(ReadOnlySpan<ulong> message, Span<ulong> frames, Span<byte> text, out PanicArgs args)
    {
        args = default;
        if (message.Length < 4)
        {
            return RootError.BadLength;
        }

        if (message[2] > ProcessAbi.MaxPanicFrames || message[2] > (ulong)frames.Length)
        {
            return RootError.BadArgument;
        }

        int count = (int)message[2];
        if (message.Length < 4 + count)
        {
            return RootError.BadLength;
        }

        RootError e = Shapes.CountedBytes(message.Slice(3 + count), ProcessAbi.MaxPanicBytes, text, out int length);
        if (e != RootError.Ok)
        {
            return e;
        }

        message.Slice(3, count).CopyTo(frames);
        args = new PanicArgs(message[0], message[1], count, length);
        return RootError.Ok;
    }
}

/// <summary>A decoded Panic request: code address, exception type (0: none), caller count, text length.</summary>
public readonly struct PanicArgs(ulong pc, ulong exceptionType, int frameCount, int textLength)
{
    public ulong Pc { get; } = pc;

    public ulong ExceptionType { get; } = exceptionType;

    public int FrameCount { get; } = frameCount;

    public int TextLength { get; } = textLength;
}

/// <summary>Exit: MR0 = exit code (a sign-extended long). Never answered.</summary>
public static class ExitRequest
{
    public const RootRequest Label = RootRequest.Exit;

    public static int Encode(long code, Span<ulong> mrs)
    {
        mrs[0] = (ulong)code;
        return 1;
    }

    public static RootError Decode(ReadOnlySpan<ulong> message, out long code)
    {
        RootError e = Shapes.Words(message, 1);
        code = e == RootError.Ok ? (long)message[0] : 0;
        return e;
    }
}

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

/// <summary>The requests whose only argument is one word: Wait, Kill (MR0 = pid), Alloc (MR0 = pages), ConnClose, ConnDestroy (MR0 = handle), ConnNotify (MR0 = 0 or a connection id).</summary>
public static class OneWordRequest
{
    public static int Encode(ulong value, Span<ulong> mrs)
    {
        mrs[0] = value;
        return 1;
    }

    public static RootError Decode(ReadOnlySpan<ulong> message, out ulong value)
    {
        RootError e = Shapes.Words(message, 1);
        value = e == RootError.Ok ? message[0] : 0;
        return e;
    }
}

/// <summary>
/// Free: MR0 = the vaddr of the first page, MR1 = the page count; length 2. Whether they are one earlier Alloc of the
/// caller is the root task's check (ProcessRules.CheckFree).
/// </summary>
public static class FreeRequest
{
    public const RootRequest Label = RootRequest.Free;

    public static int Encode(ulong vaddr, ulong pages, Span<ulong> mrs)
    {
        mrs[0] = vaddr;
        mrs[1] = pages;
        return 2;
    }

    public static RootError Decode(ReadOnlySpan<ulong> message, out FreeArgs args)
    {
        RootError e = Shapes.Words(message, 2);
        args = e == RootError.Ok ? new FreeArgs(message[0], message[1]) : default;
        return e;
    }
}

/// <summary>A decoded Free request: the first page's vaddr and the page count, as sent (not yet checked).</summary>
public readonly struct FreeArgs(ulong vaddr, ulong pages)
{
    public ulong Vaddr { get; } = vaddr;

    public ulong Pages { get; } = pages;
}

/// <summary>GetPid: no arguments (extra words are ignored, as they always were). Reply MR0 = the caller's pid.</summary>
public static class GetPidRequest
{
    public const RootRequest Label = RootRequest.GetPid;

    public static int Encode() => 0;
}

/// <summary>
/// CSpaceGrow: no words (any other length is BadLength, a capability BadArgument). Reply MR0 = the cptr of slot 0 of the
/// CNode added to the caller's CSpace (<see cref="CapSlots.Cptr"/>).
/// </summary>
public static class CSpaceGrowRequest
{
    public const RootRequest Label = RootRequest.CSpaceGrow;

    public static int Encode(Span<ulong> mrs) => 0;

    public static RootError Decode(ReadOnlySpan<ulong> message) => Shapes.Words(message, 0);

    /// <summary>The CNode number of a reply's cptr; false when the cptr is not slot 0 of an added CNode (1..63).</summary>
    public static bool DecodeReply(ulong cptr, out int cnode)
    {
        cnode = CapSlots.CNodeOf(cptr);
        return CapSlots.IsAppCptr(cptr) && CapSlots.SlotOf(cptr) == 0 && cnode >= 1 && cnode < CapSlots.MaxCNodes;
    }
}
