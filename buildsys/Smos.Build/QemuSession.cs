// A headless QEMU run (or any child whose stdout is a serial line): its output read line by line or as it comes, its stdin as serial input.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using Serilog;

namespace Smos.Build;

/// <summary>
/// Starts QEMU, forwards its stderr to the log, and queues what it writes to stdout as it comes. `test` and `bench` read
/// it line by line (<see cref="TryReadLine"/>) with stdin closed; interactive boot tests (<see cref="SerialConversation"/>)
/// start it with <c>input: true</c>, read it as it comes (<see cref="TryRead"/>: a prompt is a line without its end) and
/// type into its serial input (<see cref="Write"/>). Killed with its whole tree when buildsys is interrupted
/// (<see cref="Interrupted"/>) and when the session is stopped or disposed.
/// </summary>
internal sealed class QemuSession : IDisposable, ISerialChannel
{
    private readonly Process _process;
    private readonly ChildGuard _guard;
    private readonly BlockingCollection<string?> _chunks = new();
    private readonly StringBuilder _partial = new();
    private readonly Stream? _input;
    private bool _skipLineFeed;
    private bool _eof;

    private QemuSession(Process process, bool input)
    {
        _process = process;
        Clock = Stopwatch.StartNew();
        process.Start();
        _guard = new ChildGuard(process, swallow: true);
        if (input)
        {
            _input = process.StandardInput.BaseStream;
        }
        else
        {
            process.StandardInput.Close();
        }

        process.BeginErrorReadLine();
        var reader = new Thread(() =>
        {
            var buffer = new char[4096];
            try
            {
                int n;
                while ((n = process.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
                {
                    _chunks.Add(new string(buffer, 0, n));
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The process was disposed under the reader: its output ends here.
            }

            _chunks.Add(null);
        }) { IsBackground = true, Name = "qemu-stdout" };
        reader.Start();
    }

    /// <summary>Time since QEMU was started.</summary>
    public Stopwatch Clock { get; }

    /// <summary>True when a signal stopped buildsys (and QEMU) during the run.</summary>
    public bool Interrupted => _guard.Interrupted;

    /// <summary>True once QEMU's stdout ended (and everything it wrote was read).</summary>
    public bool Ended => _eof;

    /// <summary>QEMU's exit code once it ended on its own, else null (its output can end a moment before it is reaped: waits up to 2 s).</summary>
    public int? ExitCode => _eof && !_guard.Interrupted && _process.WaitForExit(2000) ? _process.ExitCode : null;

    /// <summary>
    /// Starts <paramref name="qemu"/> (or any program) with <paramref name="args"/>. With <paramref name="input"/> its stdin
    /// stays open for <see cref="Write"/>; otherwise it is closed at once (QEMU then reads nothing from its serial input).
    /// </summary>
    public static QemuSession Start(string qemu, IEnumerable<string> args, bool input = false)
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
        return new QemuSession(process, input);
    }

    /// <summary>
    /// What QEMU wrote next, as it came (a part of a line, or several lines), before <paramref name="deadline"/> (measured
    /// on <see cref="Clock"/>). False when the deadline passed or QEMU's output ended (<see cref="Ended"/>).
    /// </summary>
    public bool TryRead(TimeSpan deadline, out string chunk)
    {
        chunk = string.Empty;
        while (!_eof)
        {
            TimeSpan remaining = deadline - Clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            if (_chunks.TryTake(out string? next, remaining))
            {
                if (next is null)
                {
                    _eof = true;
                    return false;
                }

                chunk = next;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The next line before <paramref name="deadline"/> (measured on <see cref="Clock"/>), without its end (LF, CR or CR LF,
    /// as <see cref="TextReader.ReadLine"/> splits). False when the deadline passed or QEMU's output ended (<see cref="Ended"/>);
    /// a last line without an end is returned when the output ends.
    /// </summary>
    public bool TryReadLine(TimeSpan deadline, out string line)
    {
        while (true)
        {
            if (TakeLine(out line))
            {
                return true;
            }

            if (!TryRead(deadline, out string chunk))
            {
                if (_eof && _partial.Length > 0)
                {
                    line = _partial.ToString();
                    _partial.Clear();
                    return true;
                }

                line = string.Empty;
                return false;
            }

            _partial.Append(chunk);
        }
    }

    /// <summary>
    /// Types <paramref name="bytes"/> into QEMU's serial input (its stdin) at once. Throws when the session was started
    /// without input, or when QEMU no longer reads it (it exited).
    /// </summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_input is null)
        {
            throw new InvalidOperationException("this QEMU session was started without serial input (QemuSession.Start(..., input: true))");
        }

        try
        {
            _input.Write(bytes);
            _input.Flush();
        }
        catch (IOException e)
        {
            throw new IOException($"QEMU's serial input is closed (QEMU {(_process.HasExited ? $"exited with code {_process.ExitCode}" : "stopped reading it")}): {e.Message}", e);
        }
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
        _guard.Kill();
        _process.Dispose();
    }

    /// <summary>Cuts the first complete line off <see cref="_partial"/>, if it has one.</summary>
    private bool TakeLine(out string line)
    {
        line = string.Empty;
        if (_skipLineFeed && _partial.Length > 0)
        {
            _skipLineFeed = false;
            if (_partial[0] == '\n')
            {
                _partial.Remove(0, 1);
            }
        }

        for (int i = 0; i < _partial.Length; i++)
        {
            char c = _partial[i];
            if (c is '\n' or '\r')
            {
                line = _partial.ToString(0, i);
                int end = i + 1;
                if (c == '\r')
                {
                    if (end < _partial.Length)
                    {
                        end += _partial[end] == '\n' ? 1 : 0;
                    }
                    else
                    {
                        _skipLineFeed = true; // its LF may come with the next chunk
                    }
                }

                _partial.Remove(0, end);
                return true;
            }
        }

        return false;
    }
}
