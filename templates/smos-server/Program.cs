// SmosServer: a SmosSharp server. It publishes its name and answers requests; clients open the name to connect.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace SmosServer;

public static class Program
{
    public static int Main(string[] args)
    {
        // Publish under the app's own name; clients do Connections.Open("<name>", out Connection c).
        // ServerApp prints why when it fails; it also reads a client count (TryGetClientCount) for servers that end.
        if (!ServerApp.TryPublish(Args.Name, out Publication publication))
        {
            return 1;
        }

        Console.WriteLine("serving");
        Server.Run(publication, new Handler());
        return 0;
    }

    /// <summary>Label 1: reply with MR0 + 1. Everything else: label 1 (unknown request), no words.</summary>
    private sealed class Handler : RequestHandler
    {
        public override MessageInfo Handle(ulong badge, MessageInfo request)
        {
            if (request.Label != 1 || request.Length != 1)
            {
                return new MessageInfo(1, 0, 0, 0);
            }

            ulong value;
            using (var r = Ipc.Read())
            {
                value = r.GetMr(0);
            }

            using (var w = Ipc.Write())
            {
                w.SetMr(0, value + 1);
            }

            return new MessageInfo(0, 0, 0, 1);
        }

        public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
        {
            Console.WriteLine(kind == ConnectionEvent.Opened ? "a client connected" : "a client left");
        }
    }
}
