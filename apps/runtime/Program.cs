// runtime: the runtime demo. Checks, on the real kernel, each part of the C# runtime SmosSharp programs rely on.
using System.Runtime.InteropServices;
using System;

namespace Smos.Apps.RuntimeDemo;

/// <summary>Runs every check group and exits 0 when all passed.</summary>
public static class Program
{
    [UnmanagedCallersOnly(EntryPoint = "smos_app_main")]
    private static int Main()
    {
        Dispatch.Run();
        Boxing.Run();
        Delegates.Run();
        Exceptions.Run();
        Collections.Run();
        Collector.Run();
        Console.WriteLine($"runtime: {Check.Passed} checks passed, {Check.Failed} failed");
        return Check.Failed == 0 ? 0 : 1;
    }
}
