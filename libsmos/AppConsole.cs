// The app's console line: System.Console's UTF-8 bytes collect here and go to the root task in Print requests (a line, 800 bytes, or Flush).
using System;
using Internal.Runtime;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// Where an app's <see cref="System.Console"/> output goes. libsmos installs this buffer as the runtime's console hook
/// at start-up: bytes collect in a line buffer, and a newline, a full buffer (800 bytes), <see cref="Flush"/>,
/// <c>Console.Out.Flush()</c> or <see cref="Process.Exit"/> sends them to the root task in one Print request. The root
/// task prefixes each line with the app's name and pid and prints bytes outside printable ASCII as '?' (so one
/// non-ASCII character shows as one '?' per UTF-8 byte). Panics bypass the buffer (they use the kernel's debug console).
/// </summary>
public static unsafe class AppConsole
{
    /// <summary>
    /// Sends what is buffered (a partial line) now and returns the root task's answer (Ok when nothing was buffered);
    /// <c>Console.Out.Flush()</c> does the same without the answer.
    /// </summary>
    /// <example><code>Console.Write("working..."); AppConsole.Flush();</code></example>
    public static RootError Flush()
    {
        int length = AppState.LineLength;
        if (length == 0 || AppState.Line == null)
        {
            return RootError.Ok;
        }

        AppState.LineLength = 0;
        return Send(new ReadOnlySpan<byte>(AppState.Line, length));
    }

    /// <summary>
    /// One Print request, sent again while the root task answers OutputBusy (the console server has not yet taken the
    /// earlier output), yielding in between, for at most <see cref="BusyWaitMilliseconds"/>; then OutputBusy is returned
    /// and the text is dropped.
    /// </summary>
    private static RootError Send(ReadOnlySpan<byte> text)
    {
        RootError e = RootCall.Print(text);
        if (e != RootError.OutputBusy)
        {
            return e;
        }

        ulong start = GenericTimer.Counter;
        ulong limit = GenericTimer.Frequency / 1000 * BusyWaitMilliseconds;
        while (e == RootError.OutputBusy && GenericTimer.Counter - start < limit)
        {
            Scheduler.Yield();
            e = RootCall.Print(text);
        }

        return e;
    }

    /// <summary>How long a Print waits for room in the console's output before it gives up (OutputBusy).</summary>
    public const int BusyWaitMilliseconds = 2000;

    /// <summary>Appends UTF-8 bytes to the line buffer (sending it at each newline and when full).</summary>
    internal static void Write(ReadOnlySpan<byte> utf8)
    {
        for (int i = 0; i < utf8.Length; i++)
        {
            Put(utf8[i]);
        }
    }

    // The runtime's console hooks (ConsoleOutput.SetHooks): they must not write to the console themselves.
    internal static void WriteHook(byte* utf8, int length) => Write(new ReadOnlySpan<byte>(utf8, length));

    internal static void FlushHook() => Flush();

    private static void Put(byte b)
    {
        byte* line = AppState.Line;
        if (line == null)
        {
            // Before start-up finished (or if it failed): straight to the kernel's debug console.
            Platform.PutChar(b);
            return;
        }

        if (AppState.LineLength == ProcessAbi.MaxPrintBytes)
        {
            Flush();
        }

        line[AppState.LineLength++] = b;
        if (b == (byte)'\n')
        {
            Flush();
        }
    }
}
