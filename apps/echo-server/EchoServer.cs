// echo-server: publishes "echo", answers each request with its value and the caller's badge, reports connection
// events, and exits 0 after N clients (argument 1, default 1) have connected and closed.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

public static class EchoServer
{
    /// <summary>Request label: MR0 = value; reply MR0 = value, MR1 = the badge the request came with.</summary>
    public const ulong EchoLabel = 1;

    public static int Main(string[] args)
    {
        if (!ServerApp.TryGetClientCount(1, 1, long.MaxValue, out long clients))
        {
            return ServerApp.UsageExitCode;
        }

        if (!ServerApp.TryPublish("echo"u8, out Publication pub))
        {
            return 1;
        }

        // The rust-sel4 scenario: the endpoint capability and the handle arrive together in one reply.
        if (pub.Handle == 0 || Debug.IdentifyCap(pub.Endpoint.Cptr) != CapTag.Endpoint)
        {
            Console.WriteLine("echo-server: the published endpoint or handle did not arrive");
            return 1;
        }

        Console.WriteLine($"echo-server: published \"echo\" with handle 0x{pub.Handle:x}");
        var handler = new Handler(clients);
        Server.Run(pub, handler);
        Console.WriteLine($"echo-server: {handler.Requests} requests served; all clients closed");
        return ServerApp.Unpublish(pub);
    }

    private sealed class Handler : RequestHandler
    {
        public Handler(long clients)
            : base(clients)
        {
        }

        public long Requests { get; private set; }

        public override MessageInfo Handle(ulong badge, MessageInfo request)
        {
            if (request.Label != EchoLabel || request.Length != 1)
            {
                return new MessageInfo(1, 0, 0, 0); // unknown request
            }

            ulong value;
            using (var r = Ipc.Read())
            {
                value = r.GetMr(0);
            }

            Requests++;
            using (var w = Ipc.Write())
            {
                w.SetMr(0, value);
                w.SetMr(1, badge);
            }

            return new MessageInfo(0, 0, 0, 2);
        }

        public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
        {
            Console.WriteLine($"{(kind == ConnectionEvent.Opened ? "echo-server: client pid " : "echo-server: closed: client pid ")}{(long)pid} badge {(long)badge}");
        }
    }
}
