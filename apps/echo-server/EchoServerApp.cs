// echo-server: serves the typed protocol "echo" (IEcho): each value back with the caller's badge and pid, each text
// unchanged; reports connection events, and exits 0 after N clients (argument 1, default 1) have connected and closed.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

public static class EchoServerApp
{
    public static int Main(string[] args)
    {
        if (!ServerApp.TryGetClientCount(1, 1, long.MaxValue, out long clients))
        {
            return ServerApp.UsageExitCode;
        }

        if (!ServerApp.TryPublish(EchoProtocol.Name, out Publication pub))
        {
            return 1;
        }

        // The rust-sel4 scenario: the endpoint capability and the handle arrive together in one reply.
        if (pub.Handle == 0 || Debug.IdentifyCap(pub.Endpoint.Cptr) != CapTag.Endpoint)
        {
            Console.WriteLine("echo-server: the published endpoint or handle did not arrive");
            return 1;
        }

        Console.WriteLine($"echo-server: published \"{EchoProtocol.Name}\" (version {EchoProtocol.Version}) with handle 0x{pub.Handle:x}");
        var service = new EchoService(clients);
        Server.Run(pub, service);
        Console.WriteLine($"echo-server: {service.Values + service.Texts} requests served ({service.Values} values, {service.Texts} texts); all clients closed");
        return ServerApp.Unpublish(pub);
    }
}

/// <summary>The "echo" server: the generated EchoServer has checked every request before a method runs.</summary>
internal sealed class EchoService : EchoServer
{
    public EchoService(long clients)
        : base(clients)
    {
    }

    public long Values { get; private set; }

    public long Texts { get; private set; }

    public override EchoReply Echo(ulong value)
    {
        Values++;
        return new EchoReply { Value = value, Badge = Badge, Pid = CallerPid }; // CallerPid: from the Opened events
    }

    public override string EchoText(string text)
    {
        Texts++;
        return text;
    }

    public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
    {
        base.OnEvent(kind, badge, pid); // keeps CallerPid current
        Console.WriteLine($"{(kind == ConnectionEvent.Opened ? "echo-server: client pid " : "echo-server: closed: client pid ")}{(long)pid} badge {(long)badge}");
    }
}
