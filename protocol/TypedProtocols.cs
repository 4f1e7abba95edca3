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

    /// <summary>
    /// A protocol whose request labels are fixed numbers (each method's <see cref="LabelAttribute"/>) rather than the
    /// protocol id, version and method number: the root task's own protocol, whose endpoint every process holds from
    /// its start, with no connection and no handshake. The generator emits its codec (label constants, encoders, and
    /// decoders that check every argument into an <c>XArgs</c> value) and a client over an <see cref="IFixedTransport"/>,
    /// and no server or events.
    /// </summary>
    public bool FixedLabels { get; set; }
}

/// <summary>
/// How the generated client of a <see cref="SmosProtocolAttribute.FixedLabels"/> protocol (<c>XClient</c>) reaches its
/// server: libsmos's root endpoint (its <c>RootTransport</c>), a host test's simulated root task. A struct, so that the
/// generic client methods are specialized for it and call it directly; passed by reference, so that it can carry what
/// travels beside the words (a capability attached, a receive slot) both ways.
/// </summary>
public interface IFixedTransport
{
    /// <summary>
    /// Sends <paramref name="label"/> and <paramref name="request"/> and waits for the reply: returns its label, and copies
    /// the first words of a successful reply into <paramref name="reply"/> (<paramref name="replyLength"/> of them, at
    /// most its length).
    /// </summary>
    ulong Call(ulong label, ReadOnlySpan<ulong> request, Span<ulong> reply, out int replyLength);

    /// <summary>The label the client returns, without sending, for arguments that do not fit one message.</summary>
    ulong RequestTooLarge { get; }

    /// <summary>The label the client returns for a successful reply whose words do not decode as the method's result.</summary>
    ulong MalformedReply { get; }
}

/// <summary>The request label of a method of a <see cref="SmosProtocolAttribute.FixedLabels"/> protocol (1 to 2^52 - 3).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LabelAttribute : Attribute
{
    /// <summary>This method's requests carry label <paramref name="value"/>.</summary>
    public LabelAttribute(ulong value)
    {
        Value = value;
    }

    /// <summary>The label.</summary>
    public ulong Value { get; }
}

/// <summary>
/// Marks a protocol method (returning void) as one-way: the generated client sends it with seL4_Send and does not wait
/// for a reply (its <c>Result</c> is Ok once the server has taken the message, or TooLarge when nothing was sent); the
/// server checks and runs it as any other request, and its reply goes nowhere.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OneWayAttribute : Attribute
{
}

/// <summary>
/// Marks a protocol method (returning void) as an event: the server raises it for one client (the generated server's
/// <c>RaiseX(badge, ...)</c>), the generated code queues it for that connection and rings the client's doorbell, and the
/// client takes the queued events with <c>TakeEvents(handler)</c>, which calls the handler's method of the same name
/// (the generated <c>IXEvents</c> interface) after checking each event as a request's arguments are checked.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class EventAttribute : Attribute
{
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

    /// <summary>The request has the wrong number of words for its method.</summary>
    WrongLength = 4,

    /// <summary>An argument is out of its type's range (integer range, bool 0/1, a defined enum value); reply MR0 = its index.</summary>
    BadArgument = 5,

    /// <summary>The reply did not have the shape the method's result needs (seen by the client).</summary>
    BadReply = 6,

    /// <summary>
    /// The message does not fit: more than <see cref="ProtocolWire.MaxWords"/> words where the shared page cannot be used
    /// (a one-way message, a fixed-size one), or more than <see cref="ProtocolWire.MaxSharedWords"/> words. A client's
    /// request (nothing was sent) or a server's reply (the implementation ran; its result was too large to send).
    /// </summary>
    TooLarge = 7,

    /// <summary>
    /// The message needed the connection's shared page (more than <see cref="ProtocolWire.MaxWords"/> words) and there
    /// is none: the client could not share one (the root task's error is not kept), or the server has no page for
    /// this client (a request that claims to be in the page of a connection that never shared one).
    /// </summary>
    NoSharedPage = 8,

    /// <summary>
    /// The request carried the wrong number of capabilities for its method (a method takes at most one), or a
    /// capability the kernel unwrapped into a badge (one naming the server's own endpoint), or the server had no free
    /// slot to receive it in. A client sees it also for a reply without the capability its result needs.
    /// </summary>
    BadCapability = 9,

    /// <summary>A server raised an event for a badge that is not one of its live connections.</summary>
    NotConnected = 10,

    /// <summary>
    /// A server raised an event for a client whose queue already holds <see cref="ProtocolWire.MaxQueuedEvents"/>
    /// events it has not taken: the event is not queued (the client is slow or gone; the server decides what to do).
    /// </summary>
    QueueFull = 11,

    /// <summary>
    /// The server ended (or the connection was closed) while the call waited: the reply label
    /// <see cref="ConnectionAbi.ServerGone"/>.
    /// </summary>
    ServerGone = ConnectionAbi.ServerGone,
}

/// <summary>The constants and helpers of the typed-protocol wire layout (docs/protocols.md, "Wire layout").</summary>
public static class ProtocolWire
{
    /// <summary>Words a request or a reply carries in one message: seL4's 120 message registers (MR0-3 in CPU registers).</summary>
    public const int MaxWords = 120;

    /// <summary>
    /// Words a request or reply of a method with a variable-size argument or result carries at most through the
    /// connection's shared page: <see cref="SharedRegisterWords"/> in MR1-3 and <see cref="SharedPageWords"/> in the page
    /// (so 4 KiB of bytes after a length word fit).
    /// </summary>
    public const int MaxSharedWords = SharedRegisterWords + SharedPageWords;

    /// <summary>The words of a shared-page message that travel in MR1-3 (the first three); MR0 holds the total.</summary>
    public const int SharedRegisterWords = 3;

    /// <summary>The words of a shared-page message that travel in the page itself (all of its 4 KiB).</summary>
    public const int SharedPageWords = ConnectionAbi.SharedBytes / 8;

    /// <summary>
    /// Bit 32 of a request label: the request's words are in the connection's shared page (MR0 = how many, MR1-3 = the
    /// first three, the rest from the page's first word). The dispatches refuse such a label as another protocol; the
    /// generated server's words path looks at this bit before it dispatches.
    /// </summary>
    public const ulong SharedFlag = 1UL << 32;

    /// <summary>The reply label of a successful reply whose words are in the shared page (laid out as a request's).</summary>
    public const ulong SharedReply = (1UL << 52) - 2;

    /// <summary>Words that travel in CPU registers (MR0-3): a message of at most this many needs no IPC-buffer scope.</summary>
    public const int RegisterWords = 4;

    /// <summary>The method number of the handshake a generated client sends when it opens a connection.</summary>
    public const int HelloMethod = 0;

    /// <summary>
    /// The method number of the request a generated client sends to take its queued events (<c>TakeEvents</c>): no
    /// words; the reply is how many events remain queued after this reply, then each event as its header
    /// (<see cref="EventHeader"/>) and its words. A protocol with events has at most 254 methods.
    /// </summary>
    public const int EventsMethod = 255;

    /// <summary>The most words one event carries (so that it fits one reply with the count and its header).</summary>
    public const int MaxEventWords = MaxWords - 2;

    /// <summary>The most events a server queues for one connection before <see cref="ProtocolError.QueueFull"/>.</summary>
    public const int MaxQueuedEvents = 64;

    /// <summary>An event's header word in a TakeEvents reply: its number (1-based, in declaration order) in bits 32-63, its length in bits 0-31.</summary>
    public static ulong EventHeader(int number, int length) => ((ulong)(uint)number << 32) | (uint)length;

    /// <summary>The first error code an implementation may return (<see cref="AppError"/>).</summary>
    public const ulong FirstAppError = 0x100;

    /// <summary>
    /// The largest error code an implementation's reply label carries: seL4 labels are 52 bits, and the two largest
    /// are <see cref="ProtocolError.ServerGone"/> and <see cref="SharedReply"/>.
    /// </summary>
    public const ulong MaxError = (1UL << 52) - 3;

    /// <summary>True when a request's words are in the connection's shared page (<see cref="SharedFlag"/>).</summary>
    public static bool IsShared(ulong label) => (label & SharedFlag) != 0;

    /// <summary>
    /// True when the implementation ran for a request that got <paramref name="reply"/>: success, its own error, or a
    /// result too large to send. Every other error is the decode step's, before the implementation (so a capability the
    /// request carried was not handed over).
    /// </summary>
    public static bool ReachedImplementation(ulong reply) => reply == 0UL || reply == (ulong)ProtocolError.TooLarge || IsAppError((ProtocolError)reply);

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
    public static bool IsAppError(ProtocolError error) => (ulong)error >= FirstAppError && (ulong)error <= MaxError;

    /// <summary>
    /// The word a generated server answers the handshake with (method <see cref="HelloMethod"/>): "SMOS" in bits 32-63,
    /// the protocol id in bits 8-23, the version in bits 0-7.
    /// </summary>
    public static ulong HelloWord(uint id, int version) => 0x534D4F5300000000UL | ((ulong)(id & 0xFFFF) << 8) | (ulong)(uint)(version & 0xFF);

    /// <summary>What <paramref name="error"/> means, in a sentence fragment for messages.</summary>
    public static string Describe(ProtocolError error) => error switch
    {
        ProtocolError.Ok => "ok",
        ProtocolError.UnknownMethod => "the server has no such method",
        ProtocolError.WrongProtocol => "the server speaks another protocol",
        ProtocolError.WrongVersion => "the server speaks another version of the protocol",
        ProtocolError.WrongLength => "the request has the wrong number of words for its method",
        ProtocolError.BadArgument => "an argument is invalid for its type",
        ProtocolError.BadReply => "the server's reply does not fit the method's result",
        ProtocolError.TooLarge => "the message is too large (120 words, or 515 through the connection's shared page)",
        ProtocolError.NoSharedPage => "the message needed the connection's shared page and there is none",
        ProtocolError.BadCapability => "the wrong number or kind of capabilities",
        ProtocolError.NotConnected => "no live connection has that badge",
        ProtocolError.QueueFull => "the client's event queue is full",
        ProtocolError.ServerGone => "the server is gone",
        _ when IsAppError(error) => "the server's error " + ((ulong)error - FirstAppError).ToString(),
        _ => "an unknown error " + ((ulong)error).ToString(),
    };
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

    /// <summary>"ok", or why the call failed in words (<see cref="ProtocolWire.Describe"/>): for messages.</summary>
    public override string ToString() => ProtocolWire.Describe(Error);
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

    /// <summary>The value as text when the call worked, else why it failed in words (<see cref="ProtocolWire.Describe"/>).</summary>
    public override string ToString() => IsOk ? Value?.ToString() ?? "" : ProtocolWire.Describe(Error);
}

/// <summary>
/// What a generated client's <c>Open</c> found: the root task's answer to ConnOpen (<see cref="Root"/>), then the server's
/// answer to the protocol handshake (<see cref="Error"/>: WrongProtocol when another protocol or a hand-written server
/// answered, WrongVersion with <see cref="ServerVersion"/>). On failure the connection is closed again.
/// </summary>
public readonly struct OpenResult
{
    /// <summary>The root task refused the open.</summary>
    public OpenResult(RootError root)
    {
        Root = root;
        Error = ProtocolError.Ok;
        ServerVersion = -1;
    }

    /// <summary>The connection opened and the server answered the handshake with <paramref name="error"/>.</summary>
    public OpenResult(ProtocolError error, int serverVersion)
    {
        Root = RootError.Ok;
        Error = error;
        ServerVersion = serverVersion;
    }

    /// <summary>The root task's answer to ConnOpen.</summary>
    public RootError Root { get; }

    /// <summary>The server's answer to the handshake (Ok when <see cref="Root"/> failed: no server was asked).</summary>
    public ProtocolError Error { get; }

    /// <summary>The version the server speaks when it answered WrongVersion (or Ok); -1 when unknown.</summary>
    public int ServerVersion { get; }

    /// <summary>True when the connection is open to a server of this protocol and version.</summary>
    public bool IsOk => Root == RootError.Ok && Error == ProtocolError.Ok;

    /// <summary>Why the open failed, for messages: the root task's reason or the server's.</summary>
    public override string ToString() =>
        Root != RootError.Ok ? ProcessAbi.Describe(Root) :
        Error == ProtocolError.WrongVersion ? "the server speaks version " + ServerVersion.ToString() + " of the protocol" :
        ProtocolWire.Describe(Error);
}
