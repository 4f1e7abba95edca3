// hello: prints its name, pid and arguments, checks its pid with the root task (GetPid), and exits 0.
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
        Console.Write("hello from ");
        Console.Write(Args.Get(0));
        Console.Write(" pid ");
        Console.WriteNumber((long)Process.Pid);
        Console.WriteLine();

        for (int i = 1; i < Args.Count; i++)
        {
            Console.Write(Args.Get(0));
            Console.Write(": arg ");
            Console.WriteNumber(i);
            Console.Write(" = ");
            Console.Write(Args.Get(i));
            Console.WriteLine();
        }

        RootError error = Process.QueryPid(out ulong pid);
        if (error != RootError.Ok || pid != Process.Pid)
        {
            Console.Write(Args.Get(0));
            Console.Write(": GetPid disagrees with the start-info page: ");
            Console.WriteLine(ProcessAbi.Describe(error));
            return 1;
        }

        return 0;
    }
}
