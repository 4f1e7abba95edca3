// smossystem-client: opens the server's ICounter connection (waiting until it is published), calls it, closes it.
using System;
using Smos.Lib;
using Smos.Protocol;
using SmosSystem.Protocol;

namespace SmosSystem;

public static class Program
{
    public static int Main(string[] args)
    {
        OpenResult opened = CounterClient.OpenWhenPublished(out CounterClient counter);
        if (!opened.IsOk)
        {
            Console.WriteLine($"open failed: {opened}");
            return 1;
        }

        Result<long> first = counter.Add(40);
        Result<long> second = counter.Add(2);
        if (!first.IsOk || !second.IsOk)
        {
            Console.WriteLine($"a call failed: {first.Error} {second.Error}");
            return 1;
        }

        Console.WriteLine($"the counter went 40, then {second.Value}");
        return counter.Close() == RootError.Ok ? 0 : 1;
    }
}
