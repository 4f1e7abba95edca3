// pong: publishes "pong" and answers each request (label 1, MR0 = n) with n + 1; serves until ended (or N clients closed).
using System.Runtime.InteropServices;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// The smallest server: one publication, one handler, the <c>Server.Run</c> loop. Its handler is on the register path
/// (<see cref="FastRequestHandler"/>): a one-word request and its reply never touch the IPC buffer.
/// </summary>
public static class Pong
{
    /// <summary>Request label: MR0 = n; reply label 0 with MR0 = n + 1 (any other request: label 1, no MRs).</summary>
    public const ulong PingLabel = 1;

    [UnmanagedCallersOnly(EntryPoint = "smos_app_main")]
    private static int Main()
    {
        // Optional argument: exit after this many clients have closed (default: serve until the root task ends us).
        long clients = 0;
        if (Args.Count > 1 && (!Args.TryGetNumber(1, out clients) || clients < 0))
        {
            Console.WriteLine("pong: usage: pong [clients]");
            return 2;
        }

        RootError e = Connections.Publish("pong"u8, out Publication pub);
        if (e != RootError.Ok)
        {
            Console.Write("pong: publish failed: ");
            Console.WriteLine(ProcessAbi.Describe(e));
            return 1;
        }

        Console.WriteLine("pong: published \"pong\"");
        var handler = new Handler(clients);
        Server.Run(pub, handler);
        Console.Write("pong: ");
        Console.WriteNumber(handler.Requests);
        Console.WriteLine(" requests answered; all clients closed");
        return Connections.Unpublish(pub) == RootError.Ok ? 0 : 1;
    }

    private sealed class Handler : FastRequestHandler
    {
        private readonly long _clients;
        private long _closed;

        public Handler(long clients) { _clients = clients; }

        public long Requests { get; private set; }

        public override bool KeepServing => _clients == 0 || _closed < _clients;

        public override MessageInfo Handle(ulong badge, MessageInfo request, ref FastMessage message)
        {
            if (request.Label != PingLabel || request.Length != 1 || request.ExtraCaps != 0)
            {
                return new MessageInfo(1, 0, 0, 0);
            }

            Requests++;
            message.Mr0++;
            return new MessageInfo(0, 0, 0, 1);
        }

        public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
        {
            if (kind == ConnectionEvent.Closed)
            {
                _closed++;
            }
        }
    }
}
