// runtime: the runtime demo. Checks, on the real kernel, each part of the C# runtime SmosSharp programs rely on.
using System;

namespace Smos.Apps.RuntimeDemo;

/// <summary>Runs every check group and exits 0 when all passed.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Check.True(args.Length == 0 && Environment.GetCommandLineArgs().Length == 1 && Environment.GetCommandLineArgs()[0] == "runtime",
            "an ordinary Main: no arguments after the name; GetCommandLineArgs gives the name");
        Check.True(Environment.ProcessId != 0 && (ulong)Environment.ProcessId == (Smos.Lib.Process.Pid & 0x7fff_ffff), "Environment.ProcessId");
        Dispatch.Run();
        Boxing.Run();
        Delegates.Run();
        Exceptions.Run();
        NullReferences.Run();
        ThreadStatics.Run();
        Records.Run();
        Collections.Run();
        Collector.Run();
        StaticConstructors.Run();
        Console.WriteLine($"runtime: {Check.Passed} checks passed, {Check.Failed} failed");
        return Check.Failed == 0 ? 0 : 1;
    }
}
