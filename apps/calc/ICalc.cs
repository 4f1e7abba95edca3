// The calc demo's typed protocol: the generator (docs/protocols.md) makes CalcProtocol, CalcClient and CalcServer from it.
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>The shapes <see cref="ICalc.Next"/> cycles through; any other value is refused before the server sees it.</summary>
public enum Shape : byte
{
    Circle = 1,
    Square = 2,
    Triangle = 3,
}

/// <summary>A small calculator served over IPC: every argument is one message word, checked by the generated dispatch.</summary>
[SmosProtocol("calc", Version = 1)]
public partial interface ICalc
{
    /// <summary>a + b (wrapping).</summary>
    long Add(long a, long b);

    /// <summary>a / b, or the server's error 1 when b is 0.</summary>
    Result<int> Divide(int a, int b);

    /// <summary>True when <paramref name="value"/> is even.</summary>
    bool IsEven(ulong value);

    /// <summary>The shape after <paramref name="shape"/> (Triangle wraps to Circle).</summary>
    Shape Next(Shape shape);

    /// <summary>How many calls reached the implementation before this one.</summary>
    ulong Calls();
}

/// <summary>
/// A later version of the calc protocol, as a client built against it would declare it: its handshake at open is
/// refused by a version 1 server with the server's version (the calc demo checks this).
/// </summary>
[SmosProtocol("calc", Version = 2)]
public partial interface ICalcNext
{
    /// <summary>a + b + c.</summary>
    long Add3(long a, long b, long c);
}
