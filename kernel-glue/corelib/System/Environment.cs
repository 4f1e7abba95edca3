// System.Environment: the command line, the process id, Exit, and what compiler-generated code asks for.
using Internal.Runtime;
using Internal.Runtime.CompilerHelpers;

namespace System;

public static unsafe class Environment
{
    /// <summary>An id of the calling thread. Iterators compare it; SmosSharp apps have one thread, so it is 1.</summary>
    public static int CurrentManagedThreadId => 1;

    /// <summary>The program's name and arguments, as given to Main (the name first).</summary>
    public static string[] GetCommandLineArgs() => StartupCodeHelpers.GetCommandLineArgs();

    /// <summary>This process's id (its SmosSharp pid; 0 where no process layer set it, as in the root task).</summary>
    public static int ProcessId => (int)Platform.RuntimeHooks()->ProcessId;

    /// <summary>Ends the process with <paramref name="exitCode"/> (libsmos: Process.Exit).</summary>
    public static void Exit(int exitCode)
    {
        nint exit = Platform.RuntimeHooks()->Exit;
        if (exit != 0)
        {
            ((delegate*<int, void>)exit)(exitCode);
        }

        Panic.Fail("Environment.Exit: this program has no process layer to end it"u8);
    }

    /// <summary>The line separator, "\n".</summary>
    public static string NewLine => "\n";
}
