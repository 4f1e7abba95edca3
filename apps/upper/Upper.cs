// upper: publishes "upper" and, as a client of "echo", forwards each word (8 ASCII bytes in MR0) there, uppercases it, replies.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// A server that is itself a client: each request is passed through "echo" before it is answered, so a call to another
/// server is made between receiving a request and replying to it (the reply capability waits in the TCB meanwhile).
/// Exits after N clients (argument 1, default 1) have closed, closing its own connection to "echo" first.
/// </summary>
public static class Upper
{
    /// <summary>Request label: MR0 = up to 8 ASCII bytes, little-endian; reply label 0, MR0 = the same bytes with a-z uppercased.</summary>
    public const ulong UpperLabel = 1;

    /// <summary>Reply label when "echo" did not give the word back.</summary>
    public const ulong EchoFailedLabel = 2;

    private const ulong EchoLabel = 1;

    public static int Main(string[] args)
    {
        if (!ServerApp.TryGetClientCount(1, 1, long.MaxValue, out long clients))
        {
            return ServerApp.UsageExitCode;
        }

        // The server may not have published yet: OpenWhenPublished tries again for a while.
        RootError e = Connections.OpenWhenPublished("echo"u8, out Connection echo);

        if (e != RootError.Ok)
        {
            Console.WriteLine($"upper: open \"echo\" failed: {ProcessAbi.Describe(e)}");
            return 1;
        }

        if (!ServerApp.TryPublish("upper"u8, out Publication pub))
        {
            Connections.Close(echo);
            return 1;
        }

        Console.WriteLine("upper: connected to \"echo\", published \"upper\"");
        var handler = new Handler(echo, clients);
        Server.Run(pub, handler);
        Console.WriteLine($"upper: {handler.Requests} words uppercased through echo, {handler.EchoFailures} echo failures; closing");
        RootError closed = Connections.Close(echo);
        int unpublished = ServerApp.Unpublish(pub);
        return handler.EchoFailures == 0 && closed == RootError.Ok && unpublished == 0 ? 0 : 1;
    }

    /// <summary>a-z in each of the 8 bytes become A-Z; every other byte is unchanged.</summary>
    public static ulong UppercaseWord(ulong word)
    {
        ulong result = 0;
        for (int i = 0; i < 8; i++)
        {
            ulong b = (word >> (8 * i)) & 0xFF;
            if (b >= 'a' && b <= 'z')
            {
                b -= 'a' - 'A';
            }

            result |= b << (8 * i);
        }

        return result;
    }

    private sealed class Handler : RequestHandler
    {
        private readonly Connection _echo;

        public Handler(Connection echo, long clients)
            : base(clients)
        {
            _echo = echo;
        }

        public long Requests { get; private set; }

        public long EchoFailures { get; private set; }

        public override MessageInfo Handle(ulong badge, MessageInfo request)
        {
            if (request.Label != UpperLabel || request.Length != 1 || request.ExtraCaps != 0)
            {
                return new MessageInfo(1, 0, 0, 0);
            }

            ulong word;
            using (var r = Ipc.Read())
            {
                word = r.GetMr(0);
            }

            // Round trip through "echo": its reply overwrites our IPC buffer, so the word is re-read from it.
            using (var w = Ipc.Write())
            {
                w.SetMr(0, word);
            }

            MessageInfo echoed = _echo.Endpoint.Call(new MessageInfo(EchoLabel, 0, 0, 1));
            ulong back;
            using (var r = Ipc.Read())
            {
                back = r.GetMr(0);
            }

            if (echoed.Label != 0 || echoed.Length < 1 || back != word)
            {
                EchoFailures++;
                return new MessageInfo(EchoFailedLabel, 0, 0, 0);
            }

            Requests++;
            using (var w = Ipc.Write())
            {
                w.SetMr(0, UppercaseWord(back));
            }

            return new MessageInfo(0, 0, 0, 1);
        }
    }
}
