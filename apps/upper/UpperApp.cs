// upper: serves "upper" (IUpper) and, as a client of "echo" (IEcho), passes each text through echo before it uppercases
// it and replies; exits after N clients (argument 1, default 1) have closed, closing its own connection to echo first.
using System;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>
/// A server that is itself a client: each request is passed through "echo" before it is answered, so a call to another
/// server is made between receiving a request and replying to it (the reply capability waits in the TCB meanwhile).
/// </summary>
public static class UpperApp
{
    public static int Main(string[] args)
    {
        if (!ServerApp.TryGetClientCount(1, 1, long.MaxValue, out long clients))
        {
            return ServerApp.UsageExitCode;
        }

        // The server may not have published yet: OpenWhenPublished tries again for a while, then checks the protocol.
        OpenResult opened = EchoClient.OpenWhenPublished(out EchoClient echo);
        if (!opened.IsOk)
        {
            Console.WriteLine($"upper: cannot open \"echo\": {opened}");
            return 1;
        }

        if (!ServerApp.TryPublish(UpperProtocol.Name, out Publication pub))
        {
            echo.Close();
            return 1;
        }

        Console.WriteLine("upper: connected to \"echo\", published \"upper\"");
        var service = new UpperService(echo, clients);
        Server.Run(pub, service);
        Console.WriteLine($"upper: {service.Texts} texts uppercased through echo, {service.EchoFailures} echo failures; closing");
        RootError closed = echo.Close();
        int unpublished = ServerApp.Unpublish(pub);
        return service.EchoFailures == 0 && closed == RootError.Ok && unpublished == 0 ? 0 : 1;
    }
}

/// <summary>The "upper" server: the generated UpperServer has checked every request before <see cref="ToUpper"/> runs.</summary>
internal sealed class UpperService : UpperServer
{
    private readonly EchoClient _echo;

    public UpperService(in EchoClient echo, long clients)
        : base(clients)
    {
        _echo = echo;
    }

    public long Texts { get; private set; }

    public long EchoFailures { get; private set; }

    public override Result<string> ToUpper(string text)
    {
        // A call to "echo" while our own client waits for its reply.
        Result<string> back = _echo.EchoText(text);
        if (!back.IsOk || back.Value != text)
        {
            EchoFailures++;
            return Result<string>.Fail(UpperErrors.EchoFailed);
        }

        Texts++;
        return back.Value.ToUpperInvariant();
    }
}
