// Runs external commands (dotnet, ilc, binutils): logs them in verbose mode, keeps the output tail for errors.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Serilog;

namespace Smos.Build;

/// <summary>The outcome of a finished command: its exit code and its combined stdout/stderr lines.</summary>
internal sealed record ProcessResult(int ExitCode, IReadOnlyList<string> Output);

/// <summary>
/// Runs commands to completion with stdout and stderr captured. With <see cref="Verbose"/> every command line
/// and output line goes to the log (stderr); otherwise output is shown only when a command fails (its tail).
/// </summary>
internal sealed class ProcessRunner(bool verbose)
{
    private const int TailLines = 40;

    public bool Verbose { get; } = verbose;

    /// <summary>
    /// Runs <paramref name="file"/> and throws a <see cref="BuildsysException"/> if it exits non-zero; each output line
    /// also goes to <paramref name="onLine"/> as it comes (progress), when given.
    /// </summary>
    public ProcessResult RunChecked(string what, string file, IEnumerable<string> args, string? workingDirectory = null, Action<string>? onLine = null)
    {
        List<string> argList = args.ToList();
        ProcessResult result = Run(file, argList, workingDirectory, onLine);
        if (result.ExitCode != 0)
        {
            string tail = string.Join(Environment.NewLine, result.Output.Skip(Math.Max(0, result.Output.Count - TailLines)));
            throw new BuildsysException(
                $"{what} failed (exit code {result.ExitCode}): {FormatCommand(file, argList)}",
                BuildsysException.SetupError,
                Verbose ? null : tail);
        }

        return result;
    }

    /// <summary>Runs <paramref name="file"/> to completion and returns its exit code and output (each line also to <paramref name="onLine"/>).</summary>
    public ProcessResult Run(string file, IReadOnlyList<string> args, string? workingDirectory = null, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        if (Verbose)
        {
            Log.Debug("$ {Command}", FormatCommand(file, args));
        }

        var output = new List<string>();
        using var process = new Process { StartInfo = info };
        DataReceivedEventHandler received = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
                onLine?.Invoke(e.Data); // under the lock: one line at a time, in order
            }

            if (Verbose)
            {
                Log.Debug("  {Line}", e.Data);
            }
        };
        process.OutputDataReceived += received;
        process.ErrorDataReceived += received;
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BuildsysException($"cannot start {file}: {e.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        lock (output)
        {
            return new ProcessResult(process.ExitCode, output.ToArray());
        }
    }

    /// <summary>A command line as a shell would take it (arguments with special characters single-quoted).</summary>
    public static string FormatCommand(string file, IEnumerable<string> args)
    {
        return string.Join(' ', new[] { file }.Concat(args).Select(Quote));
    }

    /// <summary>Quotes one shell word when needed.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal)))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
