// smossystem-server: serves ICounter (SmosSystem.Protocol) to a number of clients, then ends.
using System;
using Smos.Lib;
using Smos.Protocol;
using SmosSystem.Protocol;

namespace SmosSystem;

public static class Program
{
    /// <summary><c>smossystem-server [clients]</c>: publishes the protocol's name, serves until that many clients (default 1) have closed.</summary>
    public static int Main(string[] args)
    {
        if (!ServerApp.TryGetClientCount(1, 1, 64, out long clients))
        {
            return ServerApp.UsageExitCode;
        }

        if (!ServerApp.TryPublish(CounterProtocol.Name, out Publication publication))
        {
            return 1;
        }

        var counter = new Counter(clients);
        Server.Run(publication, counter);
        Console.WriteLine($"served {clients} client(s); the counter is {counter.Get()}");
        return ServerApp.Unpublish(publication);
    }

    /// <summary>The implementation: the generated CounterServer decodes and checks each request, then calls these.</summary>
    private sealed class Counter(long clients) : CounterServer(clients)
    {
        private long _value;

        public override long Add(long amount) => _value += amount;

        public override long Get() => _value;
    }
}
