// hello: prints its name, pid and arguments, checks its pid with the root task (GetPid), and exits 0.
using System;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>The smallest app: an ordinary Main (args are those after the app's name, as in .NET), the pid, a clean exit.</summary>
public static class Hello
{
    public static int Main(string[] args)
    {
        Console.WriteLine($"hello from {Args.Name} pid {Environment.ProcessId}");

        for (int i = 0; i < args.Length; i++)
        {
            Console.WriteLine($"{Args.Name}: arg {i + 1} = {args[i]}");
        }

        RootError error = Process.QueryPid(out ulong pid);
        if (error != RootError.Ok || pid != Process.Pid)
        {
            Console.WriteLine($"{Args.Name}: GetPid disagrees with the start-info page: {ProcessAbi.Describe(error)}");
            return 1;
        }

        return 0;
    }
}
