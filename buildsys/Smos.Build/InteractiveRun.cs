// `./smos run`: QEMU on this terminal (its stdin is the user's terminal), its output copied through at once, stopped when the guest prints SMOS-POWEROFF.
using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Serilog;

namespace Smos.Build;

/// <summary>
/// Watches a byte stream for a line that is exactly <see cref="Line"/> (escape sequences and surrounding blanks aside);
/// a line ends with LF or CR. Pure: fed bytes, no I/O.
/// </summary>
internal sealed class LineWatch(string line)
{
    private const int MaxLine = 256;
    private readonly StringBuilder _current = new();
    private int _escape; // 0 outside an escape sequence, 1 after ESC, 2 inside ESC [ ...
    private bool _tooLong;

    public string Line { get; } = line;

    /// <summary>True when a line equal to <see cref="Line"/> ended within <paramref name="bytes"/>.</summary>
    public bool Feed(ReadOnlySpan<byte> bytes)
    {
        bool seen = false;
        foreach (byte b in bytes)
        {
            if (_escape == 1)
            {
                _escape = b == (byte)'[' ? 2 : 0;
            }
            else if (_escape == 2)
            {
                _escape = b is >= (byte)'@' and <= (byte)'~' ? 0 : 2;
            }
            else if (b == 0x1b)
            {
                _escape = 1;
            }
            else if (b is (byte)'\n' or (byte)'\r')
            {
                seen |= !_tooLong && _current.ToString().Trim() == Line;
                _current.Clear();
                _tooLong = false;
            }
            else if (_current.Length < MaxLine)
            {
                _current.Append((char)b);
            }
            else
            {
                _tooLong = true;
            }
        }

        return seen;
    }
}

/// <summary>
/// Runs QEMU with stdin inherited (the terminal stays QEMU's: raw mode, Ctrl-A X, Ctrl-C to the guest) and stdout read
/// here: every byte is copied to our stdout as it arrives, and a line <see cref="SerialConversation.PowerOffLine"/> stops
/// QEMU (SIGTERM, so that it restores the terminal) and ends with exit code 0.
/// </summary>
internal static class InteractiveRun
{
    private const int Sigterm = 15;

    /// <summary>
    /// Starts <paramref name="info"/> and waits; 0 when QEMU exited with 0 or the guest powered off, else
    /// <see cref="BuildsysException.TestFailure"/>. Its output goes to <paramref name="copyTo"/> (default: our stdout).
    /// </summary>
    public static int Run(string qemu, ProcessStartInfo info, Stream? copyTo = null)
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        bool poweredOff = false;
        using Process process = Process.Start(info) ?? throw new BuildsysException($"cannot start {qemu}");
        using var guard = new ChildGuard(process, swallow: false);
        process.ErrorDataReceived += (_, e) =>
        {
            // After our SIGTERM QEMU says "terminating on signal 15 from pid ...": that is expected, not news.
            if (e.Data is not null && !(poweredOff && e.Data.Contains("terminating on signal", StringComparison.Ordinal)))
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.BeginErrorReadLine();

        var watch = new LineWatch(SerialConversation.PowerOffLine);
        using Stream output = copyTo ?? Console.OpenStandardOutput();
        Stream qemuOutput = process.StandardOutput.BaseStream;
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = qemuOutput.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, n);
                output.Flush();
                if (!poweredOff && watch.Feed(buffer.AsSpan(0, n)))
                {
                    poweredOff = true;
                    Terminate(process);
                    // Reading goes on: QEMU may still write as it exits, and must not block on a full pipe.
                }
            }
        }
        finally
        {
            // Our stdout went away (`./smos run | head`) or buildsys failed: QEMU must not outlive us.
            if (!process.HasExited)
            {
                Terminate(process);
                process.WaitForExit(6000);
            }
        }

        process.WaitForExit();
        if (poweredOff)
        {
            Console.Error.WriteLine();
            Log.Information("the guest powered off ({Line}): QEMU stopped", SerialConversation.PowerOffLine);
            return 0;
        }

        return process.ExitCode == 0 ? 0 : BuildsysException.TestFailure;
    }

    /// <summary>SIGTERM (QEMU then restores the terminal's mode as it exits), SIGKILL if it is still there 5 s later.</summary>
    private static void Terminate(Process process)
    {
        if (NativeMethods.kill(process.Id, Sigterm) != 0)
        {
            process.Kill(entireProcessTree: true);
            return;
        }

        System.Threading.Tasks.Task.Run(() =>
        {
            if (!process.WaitForExit(5000))
            {
                Log.Warning("QEMU did not end within 5 s of SIGTERM: killed (if the terminal misbehaves, run `reset`)");
                process.Kill(entireProcessTree: true);
            }
        });
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int kill(int pid, int signal);
    }
}
