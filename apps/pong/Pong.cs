// pong: publishes "pong" and answers each request (label 1, MR0 = n) with n + 1; serves until ended (or N clients closed).
using System;
using Smos.Lib;
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

    public static int Main(string[] args)
    {
        // Optional argument: exit after this many clients have closed (default 0: serve until the root task ends us).
        if (!ServerApp.TryGetClientCount(0, 0, long.MaxValue, out long clients))
        {
            return ServerApp.UsageExitCode;
        }

        if (!ServerApp.TryPublish("pong"u8, out Publication pub))
        {
            return 1;
        }

        Console.WriteLine("pong: published \"pong\"");
        var handler = new Handler(clients);
        Server.Run(pub, handler);
        Console.WriteLine($"pong: {handler.Requests} requests answered; all clients closed");
        return ServerApp.Unpublish(pub);
    }

    private sealed class Handler : FastRequestHandler
    {
        public Handler(long clients)
            : base(clients)
        {
        }

        public long Requests { get; private set; }

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
    }
}
