// A headless QEMU run whose serial output is read line by line against a deadline (used by `test` and `bench`).
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Serilog;

namespace Smos.Build;

/// <summary>
/// Starts QEMU with stdin closed, forwards its stderr to the log, and queues its stdout lines. Killed with its whole
/// tree when buildsys is interrupted (<see cref="Interrupted"/>) and when the session is stopped or disposed.
/// </summary>
internal sealed class QemuSession : IDisposable
{
    private readonly Process _process;
    private readonly ChildGuard _guard;
    private readonly BlockingCollection<string?> _lines = new();
    private bool _eof;

    private QemuSession(Process process)
    {
        _process = process;
        Clock = Stopwatch.StartNew();
        process.Start();
        _guard = new ChildGuard(process, swallow: true);
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        var reader = new Thread(() =>
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                _lines.Add(line);
            }

            _lines.Add(null);
        }) { IsBackground = true, Name = "qemu-stdout" };
        reader.Start();
    }

    /// <summary>Time since QEMU was started.</summary>
    public Stopwatch Clock { get; }

    /// <summary>True when a signal stopped buildsys (and QEMU) during the run.</summary>
    public bool Interrupted => _guard.Interrupted;

    /// <summary>True once QEMU's stdout ended.</summary>
    public bool Ended => _eof;

    /// <summary>QEMU's exit code once it ended on its own, else null.</summary>
    public int? ExitCode => _eof && !_guard.Interrupted && _process.HasExited ? _process.ExitCode : null;

    public static QemuSession Start(string qemu, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Log.Information("booting: {Command}", ProcessRunner.FormatCommand(qemu, info.ArgumentList));
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Log.Warning("qemu: {Line}", e.Data);
            }
        };
        return new QemuSession(process);
    }

    /// <summary>
    /// The next line before <paramref name="deadline"/> (measured on <see cref="Clock"/>). False when the deadline
    /// passed or QEMU's output ended (<see cref="Ended"/>).
    /// </summary>
    public bool TryReadLine(TimeSpan deadline, out string line)
    {
        line = string.Empty;
        while (!_eof)
        {
            TimeSpan remaining = deadline - Clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            if (_lines.TryTake(out string? next, remaining))
            {
                if (next is null)
                {
                    _eof = true;
                    return false;
                }

                line = next;
                return true;
            }
        }

        return false;
    }

    /// <summary>Kills QEMU; the lines it wrote before it stopped can still be read with <see cref="TryReadRest"/>.</summary>
    public void Stop()
    {
        _guard.Kill();
        _process.WaitForExit(5000);
    }

    /// <summary>After <see cref="Stop"/>: the remaining queued lines, each within two seconds.</summary>
    public bool TryReadRest(out string line) => TryReadLine(Clock.Elapsed + TimeSpan.FromSeconds(2), out line);

    public void Dispose()
    {
        _guard.Dispose();
        _process.Dispose();
        _lines.Dispose();
    }
}
