// What every reply of the root task shares: a RootError label; a decoder's refusal as that label; the request labels.
using System;

namespace Smos.Protocol;

/// <summary>
/// What every reply of the root task shares: its label is a <see cref="RootError"/> (the words are the request's
/// result, <see cref="RootTaskProtocol"/>'s reply codec; a capability comes back only with <see cref="RootError.Ok"/>).
/// </summary>
public static class RootReplies
{
    /// <summary>
    /// The reply label for a request that <see cref="RootTaskProtocol"/>'s decoder refused: BadLength when the message's
    /// words do not match its arguments (too few, a count that runs past the end, words left over), BadArgument for a
    /// value out of its type's range or a padding byte that is not zero.
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
        RootRequest.PublishTopic or RootRequest.ReadTopic or RootRequest.OpenTopic or RootRequest.PublishHandle or RootRequest.ListProcesses or RootRequest.MemCreate or RootRequest.MemHandle or
        RootRequest.MemMap or RootRequest.MemUnmap or RootRequest.MemClose or RootRequest.SystemStatus or RootRequest.CSpaceGrow or
        RootRequest.ConsoleAttach or RootRequest.PowerOff or RootRequest.ListApps or RootRequest.SpawnGranted or
        RootRequest.ReadApp => true,
        _ => false,
    };
}
