// Typed IPC protocols (docs/protocols.md): the [SmosProtocol] attribute the generator reads, its error codes and results.
using System;

namespace Smos.Protocol;

/// <summary>
/// Marks an interface as an IPC protocol: the protocol generator (analyzers/Smos.Protocols.Generator) emits a pure codec
/// (<c>XProtocol</c>), a client (<c>XClient</c>) and a server base class (<c>XServer</c>) for it (docs/protocols.md).
/// </summary>
/// <example><code>[SmosProtocol("calc", Version = 1)] public partial interface ICalc { long Add(long a, long b); }</code></example>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class SmosProtocolAttribute : Attribute
{
    /// <summary>A protocol named <paramref name="name"/> (also the name its server publishes by default).</summary>
    public SmosProtocolAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The protocol's name: its id on the wire is a hash of it (<see cref="ProtocolWire.IdOf"/>).</summary>
    public string Name { get; }

    /// <summary>The protocol's version (0-255), carried in every request's label and checked by the server.</summary>
    public int Version { get; set; }
}

/// <summary>
/// Why a typed call failed: the reply label of a generated server (0 for success). Values from
/// <see cref="ProtocolWire.FirstAppError"/> up are the implementation's own errors (<see cref="ProtocolWire.AppError"/>).
/// </summary>
public enum ProtocolError : ulong
{
    /// <summary>The call worked.</summary>
    Ok = 0,

    /// <summary>The label's method number is not a method of the protocol.</summary>
    UnknownMethod = 1,

    /// <summary>The label's protocol id is not this server's protocol.</summary>
    WrongProtocol = 2,

    /// <summary>The label's version is not this server's version.</summary>
    WrongVersion = 3,

    /// <summary>The request has the wrong number of words for its method (or carried capabilities).</summary>
    WrongLength = 4,

    /// <summary>An argument is out of its type's range (integer range, bool 0/1, a defined enum value); reply MR0 = its index.</summary>
    BadArgument = 5,

    /// <summary>The reply did not have the shape the method's result needs (seen by the client).</summary>
    BadReply = 6,
}

/// <summary>The constants and helpers of the typed-protocol wire layout (docs/protocols.md, "Wire layout").</summary>
public static class ProtocolWire
{
    /// <summary>Request words a typed call carries at most in this increment (the register path: MR0-3).</summary>
    public const int MaxWords = 4;

    /// <summary>The first error code an implementation may return (<see cref="AppError"/>).</summary>
    public const ulong FirstAppError = 0x100;

    /// <summary>The largest error code a reply label carries (seL4 labels are 52 bits).</summary>
    public const ulong MaxError = (1UL << 52) - 1;

    /// <summary>The request label: protocol id in bits 16-31, version in bits 8-15, method number (1-255) in bits 0-7.</summary>
    public static ulong Label(uint id, int version, int method) => ((ulong)(id & 0xFFFF) << 16) | ((ulong)(uint)(version & 0xFF) << 8) | (ulong)(uint)(method & 0xFF);

    /// <summary>
    /// The 16-bit protocol id of a name: FNV-1a (32 bits) over its UTF-16 code units' low bytes then high bytes, folded by
    /// xor of the halves. The generator computes the same value at build time.
    /// </summary>
    public static uint IdOf(string name)
    {
        uint h = 2166136261;
        for (int i = 0; i < name.Length; i++)
        {
            h = (h ^ (uint)(name[i] & 0xFF)) * 16777619;
            h = (h ^ (uint)(name[i] >> 8)) * 16777619;
        }

        return (h >> 16) ^ (h & 0xFFFF);
    }

    /// <summary>An implementation's own error <paramref name="code"/> (0 and up) as a <see cref="ProtocolError"/>.</summary>
    public static ProtocolError AppError(ulong code) => (ProtocolError)(FirstAppError + code);

    /// <summary>True when <paramref name="error"/> is one an implementation returned (<see cref="AppError"/>).</summary>
    public static bool IsAppError(ProtocolError error) => (ulong)error >= FirstAppError;
}

/// <summary>The outcome of a typed call without a value: <see cref="ProtocolError.Ok"/> or why it failed.</summary>
public readonly struct Result
{
    /// <summary>A result with this error (<see cref="ProtocolError.Ok"/> for success).</summary>
    public Result(ProtocolError error)
    {
        Error = error;
    }

    /// <summary>Why the call failed, or <see cref="ProtocolError.Ok"/>.</summary>
    public ProtocolError Error { get; }

    /// <summary>True when the call worked.</summary>
    public bool IsOk => Error == ProtocolError.Ok;

    /// <summary>Success.</summary>
    public static Result Ok => default;

    /// <summary>A failure an implementation returns: its own <paramref name="code"/> (<see cref="ProtocolWire.AppError"/>).</summary>
    public static Result Fail(ulong code) => new(ProtocolWire.AppError(code));
}

/// <summary>The outcome of a typed call with a value: the value when <see cref="IsOk"/>, else why it failed.</summary>
/// <typeparam name="T">An integer type, bool or an enum.</typeparam>
public readonly struct Result<T>
{
    /// <summary>A successful result carrying <paramref name="value"/>.</summary>
    public Result(T value)
    {
        Value = value;
        Error = ProtocolError.Ok;
    }

    /// <summary>A failed result.</summary>
    public Result(ProtocolError error)
    {
        Value = default!;
        Error = error;
    }

    /// <summary>The value (default when the call failed).</summary>
    public T Value { get; }

    /// <summary>Why the call failed, or <see cref="ProtocolError.Ok"/>.</summary>
    public ProtocolError Error { get; }

    /// <summary>True when the call worked.</summary>
    public bool IsOk => Error == ProtocolError.Ok;

    /// <summary>A failure an implementation returns: its own <paramref name="code"/> (<see cref="ProtocolWire.AppError"/>).</summary>
    public static Result<T> Fail(ulong code) => new(ProtocolWire.AppError(code));

    /// <summary>Success with <paramref name="value"/>.</summary>
    public static implicit operator Result<T>(T value) => new(value);
}
