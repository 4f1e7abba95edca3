// The Main boilerplate of a server app: the [clients] argument, publishing (or saying why not), unpublishing at the end.
using System;
using Smos.Protocol;

namespace Smos.Lib;

/// <summary>
/// The start and end a server app's <c>Main</c> usually has: how many clients to serve (argument 1), publishing its
/// name, and unpublishing after <see cref="Server.Run(in Publication, RequestHandler)"/> returns. A handler built with
/// that count (<see cref="RequestHandler(long)"/>) makes the loop return once that many clients have closed.
/// Messages begin with the app's name (arg 0), e.g. <c>echo-server: publish failed: ...</c>.
/// </summary>
/// <example><code>
/// if (!ServerApp.TryGetClientCount(1, 1, long.MaxValue, out long clients)) { return ServerApp.UsageExitCode; }
/// if (!ServerApp.TryPublish("echo"u8, out Publication pub)) { return 1; }
/// Server.Run(pub, new Handler(clients)); // sealed class Handler : RequestHandler { public Handler(long n) : base(n) { } ... }
/// return ServerApp.Unpublish(pub);
/// </code></example>
public static class ServerApp
{
    /// <summary>The exit code of a server started with a bad argument.</summary>
    public const int UsageExitCode = 2;

    /// <summary>
    /// The number of clients to serve: argument 1 (<c>app [clients]</c>), or <paramref name="defaultCount"/> when there is
    /// none. When argument 1 is not a number from <paramref name="min"/> to <paramref name="max"/>, prints
    /// <c>app: usage: app [clients]</c> (followed by <c>(min..max)</c> unless <paramref name="max"/> is long.MaxValue)
    /// and returns false.
    /// </summary>
    /// <example><code>if (!ServerApp.TryGetClientCount(0, 0, long.MaxValue, out long clients)) { return ServerApp.UsageExitCode; } // 0: no limit</code></example>
    public static bool TryGetClientCount(long defaultCount, long min, long max, out long clients)
    {
        clients = defaultCount;
        if (Args.Count < 2)
        {
            return true;
        }

        if (Args.TryGetNumber(1, out clients) && clients >= min && clients <= max)
        {
            return true;
        }

        string range = max != long.MaxValue ? $" ({min}..{max})" : "";
        Console.WriteLine($"{Args.Name}: usage: {Args.Name} [clients]{range}");
        return false;
    }

    /// <summary>
    /// <see cref="Connections.Publish(ReadOnlySpan{byte}, out Publication)"/>; when it fails, prints
    /// <c>app: publish failed: reason</c> and returns false.
    /// </summary>
    /// <example><code>if (!ServerApp.TryPublish("pong", out Publication pub)) { return 1; }</code></example>
    public static bool TryPublish(string name, out Publication publication)
    {
        Span<byte> utf8 = stackalloc byte[ConnectionAbi.MaxNameBytes];
        int n = Utf8Names.Encode(name, utf8);
        if (n >= 0)
        {
            return TryPublish(utf8.Slice(0, n), out publication);
        }

        publication = default;
        Console.WriteLine($"{Args.Name}: publish failed: {ProcessAbi.Describe(RootError.BadName)}");
        return false;
    }

    /// <summary><see cref="TryPublish(string, out Publication)"/> with a name given as UTF-8 bytes.</summary>
    /// <example><code>if (!ServerApp.TryPublish("pong"u8, out Publication pub)) { return 1; }</code></example>
    public static bool TryPublish(ReadOnlySpan<byte> name, out Publication publication)
    {
        RootError e = Connections.Publish(name, out publication);
        if (e == RootError.Ok)
        {
            return true;
        }

        Console.WriteLine($"{Args.Name}: publish failed: {ProcessAbi.Describe(e)}");
        return false;
    }

    /// <summary>
    /// <see cref="Connections.Unpublish(in Publication)"/> as an exit code: 0 when it worked; otherwise prints
    /// <c>app: unpublish failed: reason</c> and returns 1.
    /// </summary>
    /// <example><code>Server.Run(pub, handler); return ServerApp.Unpublish(pub);</code></example>
    public static int Unpublish(in Publication publication)
    {
        RootError e = Connections.Unpublish(publication);
        if (e == RootError.Ok)
        {
            return 0;
        }

        Console.WriteLine($"{Args.Name}: unpublish failed: {ProcessAbi.Describe(e)}");
        return 1;
    }

    /// <summary>Writes the app's name (arg 0) and ": ", the start of each line a server prints.</summary>
    /// <example><code>ServerApp.WritePrefix(); Console.WriteLine("ready"); // echo-server: ready</code></example>
    public static void WritePrefix()
    {
        Console.Write(Args.Name);
        Console.Write(": ");
    }
}
