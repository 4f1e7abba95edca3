// SmosApp: a SmosSharp app. It runs in its own address space on seL4; libsmos talks to the root task for it.
using System;
using System.Runtime.InteropServices;
using Smos.Lib;

namespace SmosApp;

public static class Program
{
    /// <summary>The app's entry: return the exit code. Args.Name is the app's name (arg 0).</summary>
    [UnmanagedCallersOnly(EntryPoint = "smos_app_main")]
    private static int Main()
    {
        Console.WriteLine($"hello from {Args.Name} (pid {Process.Pid})");
        return 0;
    }
}
