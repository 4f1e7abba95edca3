// The typed protocol of the proto-call-* bench rows: apps/bench calls it, bench-peer "proto" serves it (one file, both apps).
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>Four words: the reply of <see cref="IBenchProto.Call4"/> (the register path both ways).</summary>
public struct Quad
{
    public ulong A;
    public ulong B;
    public ulong C;
    public ulong D;
}

/// <summary>Ten words: the request and reply of <see cref="IBenchProto.Call10"/> (MR4-9 through the IPC buffer).</summary>
public struct Ten
{
    public ulong A;
    public ulong B;
    public ulong C;
    public ulong D;
    public ulong E;
    public ulong F;
    public ulong G;
    public ulong H;
    public ulong I;
    public ulong J;
}

/// <summary>What the typed-protocol rows measure: the same message shapes as libsmos-call-4mr and -10mr, and a string.</summary>
[SmosProtocol("bench-proto", Version = 1)]
public partial interface IBenchProto
{
    /// <summary>Four words in, the same four back (proto-call-4w).</summary>
    Quad Call4(ulong a, ulong b, ulong c, ulong d);

    /// <summary>Ten words in, the same ten back (proto-call-10w).</summary>
    Ten Call10(Ten words);

    /// <summary>A string in, the same string back (proto-call-string-32 with 32 ASCII characters).</summary>
    string Echo(string text);

    /// <summary>Bytes in, the same bytes back (proto-call-bytes-4k with 4,096 bytes: through the shared page both ways).</summary>
    byte[] EchoBytes(byte[] data);
}
