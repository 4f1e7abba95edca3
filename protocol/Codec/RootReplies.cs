// Every reply of the root task: the label is a RootError, MR0 the value, and at most one capability on success.
using System;

// Each type's summary gives its layout; Label, Encode and Decode are the same three members on every type.
#pragma warning disable CS1591

namespace Smos.Protocol;

/// <summary>
/// The reply to every request: label = <see cref="RootError"/>; length 1 with MR0 = the request's value (a pid, a
/// handle, an address, a count; 0 when the request has none or failed); extra caps = 1 when a capability comes back
/// (ConnPublish, ConnOpen, ConnNotify, MemCreate, MemHandle), only with <see cref="RootError.Ok"/>.
/// </summary>
public static class RootReplies
{
    /// <summary>Message words of every reply.</summary>
    public const int Length = 1;

    /// <summary>The reply's extra-caps count: 1 when it carries a capability.</summary>
    public static int ExtraCaps(RootError error, bool withCap) => error == RootError.Ok && withCap ? 1 : 0;

    public static int Encode(ulong value, Span<ulong> mrs)
    {
        mrs[0] = value;
        return Length;
    }

    /// <summary>The reply's error and its value (0 unless Ok and MR0 was sent).</summary>
    public static RootError Decode(ulong label, ReadOnlySpan<ulong> message, out ulong value) =>
        Decode(label, message.Length, message.Length >= 1 ? message[0] : 0, out value);

    /// <summary>The same from the reply's label, length and MR0 (read by the caller in its read scope).</summary>
    public static RootError Decode(ulong label, int length, ulong mr0, out ulong value)
    {
        var error = (RootError)label;
        value = error == RootError.Ok && length >= 1 ? mr0 : 0;
        return error;
    }

    /// <summary>
    /// The reply label for a request that <see cref="RootTaskProtocol"/>'s decoder refused: BadLength when the message's
    /// length does not match its arguments, BadArgument for a value out of range or a count that runs past the message.
    /// </summary>
    public static RootError ErrorOf(ProtocolError decoded) => decoded switch
    {
        ProtocolError.Ok => RootError.Ok,
        ProtocolError.WrongLength => RootError.BadLength,
        _ => RootError.BadArgument,
    };

    /// <summary>True for a label that is one of the requests of <see cref="RootRequest"/>.</summary>
    public static bool IsRequest(ulong label) => (RootRequest)label switch
    {
        RootRequest.Print or RootRequest.Exit or RootRequest.Spawn or RootRequest.Wait or RootRequest.Kill or RootRequest.Alloc or
        RootRequest.GetPid or RootRequest.Free or RootRequest.Panic or RootRequest.ConnPublish or RootRequest.ConnOpen or RootRequest.ConnClose or RootRequest.ConnDestroy or
        RootRequest.ConnShare or RootRequest.ConnNotify or RootRequest.Subscribe or RootRequest.Unsubscribe or
        RootRequest.PublishTopic or RootRequest.ReadTopic or RootRequest.ListProcesses or RootRequest.MemCreate or RootRequest.MemHandle or
        RootRequest.MemMap or RootRequest.MemUnmap or RootRequest.MemClose or RootRequest.SystemStatus or RootRequest.CSpaceGrow or
        RootRequest.ConsoleAttach or RootRequest.PowerOff or RootRequest.ListApps or RootRequest.SpawnGranted or
        RootRequest.ReadApp => true,
        _ => false,
    };
}
