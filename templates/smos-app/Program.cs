// SmosApp: a SmosSharp app. It runs in its own address space on seL4; libsmos talks to the root task for it.
using System;
using Smos.Lib;

namespace SmosApp;

public static class Program
{
    /// <summary>The app's entry, as in any .NET program: args are those after the app's name; the result is the exit code.</summary>
    public static int Main(string[] args)
    {
        Console.WriteLine($"hello from {Args.Name} (pid {Environment.ProcessId})");
        return 0;
    }
}
