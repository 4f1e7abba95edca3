// Machine-readable result lines that `buildsys test` reads: SMOS-<NAME>: PASS / FAIL <reason>, then SMOS-DONE.
using Internal.Runtime;

namespace Smos.RootTask.Processes;

internal static class ResultLine
{
    public static void Pass(string name)
    {
        DebugConsole.Write("SMOS-");
        DebugConsole.Write(name);
        DebugConsole.WriteLine(": PASS");
    }

    public static void Fail(string name, string reason)
    {
        DebugConsole.Write("SMOS-");
        DebugConsole.Write(name);
        DebugConsole.Write(": FAIL ");
        DebugConsole.WriteLine(reason);
    }

    public static void Done() => DebugConsole.WriteLine("SMOS-DONE");
}
