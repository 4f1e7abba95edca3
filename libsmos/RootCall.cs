// Requests to the root task over its endpoint: write scope, end it, seL4_Call, then a read scope for the reply.
using System;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// The only place libsmos talks to the root task. Every request follows the IPC rules of docs/ipc.md: the message is
/// composed in an <see cref="Ipc.Write"/> scope that ends before <see cref="Endpoint.Call(MessageInfo)"/>, and the reply is read in
/// an <see cref="Ipc.Read"/> scope opened after it. No call is ever made inside a scope.
/// </summary>
internal static class RootCall
{
    private static Endpoint Root => new(AppState.RootEndpoint);

    /// <summary>A request without arguments; <paramref name="reply0"/> is the reply's MR0 (0 unless Ok).</summary>
    public static RootError Call0(RootRequest request, out ulong reply0)
    {
        MessageInfo reply = Root.Call(new MessageInfo((ulong)request, 0, 0, 0));
        return ReadReply(reply, out reply0);
    }

    /// <summary>A request with MR0 = <paramref name="arg0"/>; <paramref name="reply0"/> is the reply's MR0 (0 unless Ok).</summary>
    public static RootError Call1(RootRequest request, ulong arg0, out ulong reply0)
    {
        using (IpcWriter writer = Ipc.Write())
        {
            writer.SetMr(0, arg0);
        }

        MessageInfo reply = Root.Call(new MessageInfo((ulong)request, 0, 0, 1));
        return ReadReply(reply, out reply0);
    }

    /// <summary>A request with MR0 and MR1; <paramref name="reply0"/> is the reply's MR0 (0 unless Ok).</summary>
    public static RootError Call2(RootRequest request, ulong arg0, ulong arg1, out ulong reply0)
    {
        using (IpcWriter writer = Ipc.Write())
        {
            writer.SetMr(0, arg0);
            writer.SetMr(1, arg1);
        }

        MessageInfo reply = Root.Call(new MessageInfo((ulong)request, 0, 0, 2));
        return ReadReply(reply, out reply0);
    }

    /// <summary>Print: MR0 = byte count, the bytes packed from MR1.</summary>
    public static RootError Print(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ProcessAbi.MaxPrintBytes)
        {
            return RootError.BadLength;
        }

        int words;
        using (IpcWriter writer = Ipc.Write())
        {
            writer.SetMr(0, (ulong)bytes.Length);
            words = writer.CopyIn(1, bytes);
        }

        MessageInfo reply = Root.Call(new MessageInfo((ulong)RootRequest.Print, 0, 0, 1 + words));
        return ReadReply(reply, out _);
    }

    /// <summary>Spawn: MR0 = name length, MR1 = blob length, the name from MR2, then the blob; reply MR0 = pid.</summary>
    public static RootError Spawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> argsBlob, out ulong pid)
    {
        pid = 0;
        int blobMr = ProcessAbi.SpawnArgsFirstMr(name.Length);
        int length = blobMr + ProcessAbi.PackedWords(argsBlob.Length);
        if (name.Length == 0 || length > ProcessAbi.MaxMessageRegisters)
        {
            return name.Length == 0 ? RootError.BadArgument : RootError.BadLength;
        }

        using (IpcWriter writer = Ipc.Write())
        {
            writer.SetMr(0, (ulong)name.Length);
            writer.SetMr(1, (ulong)argsBlob.Length);
            writer.CopyIn(2, name);
            writer.CopyIn(blobMr, argsBlob);
        }

        MessageInfo reply = Root.Call(new MessageInfo((ulong)RootRequest.Spawn, 0, 0, length));
        return ReadReply(reply, out pid);
    }

    /// <summary>The reply's label as a <see cref="RootError"/>, and its MR0 when the label is Ok and MR0 was sent.</summary>
    private static RootError ReadReply(MessageInfo reply, out ulong reply0)
    {
        var error = (RootError)reply.Label;
        reply0 = 0;
        if (error == RootError.Ok && reply.Length >= 1)
        {
            using IpcReader reader = Ipc.Read();
            reply0 = reader.GetMr(0);
        }

        return error;
    }
}
