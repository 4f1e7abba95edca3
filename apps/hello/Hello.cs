// hello: prints its name, pid and arguments, checks its pid with the root task (GetPid), and exits 0.
using System;
using System.Runtime.InteropServices;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>The smallest app: what every app can rely on at start (args, pid, console) and a clean exit.</summary>
public static class Hello
{
    [UnmanagedCallersOnly(EntryPoint = "smos_app_main")]
    private static int Main()
    {
        Console.WriteLine($"hello from {Args.Name} pid {Process.Pid}");

        for (int i = 1; i < Args.Count; i++)
        {
            Console.WriteLine($"{Args.Name}: arg {i} = {Args.GetString(i)}");
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
