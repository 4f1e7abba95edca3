// Test helpers: temporary directories and running host tools (cpio, readelf, binutils) as external processes.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Smos.Formats.Tests;

/// <summary>A fresh directory under the system temp directory, deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "smos-formats-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is harmless.
        }
    }
}

/// <summary>The result of one external process run.</summary>
public sealed record ProcessResult(int ExitCode, byte[] StdOut, string StdErr)
{
    public string StdOutText => System.Text.Encoding.UTF8.GetString(StdOut);
}

public static class Tools
{
    /// <summary>Finds <paramref name="tool"/> on PATH or fails the test saying which package to install.</summary>
    public static string Require(string tool, string package)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        foreach (string dir in (path ?? "/usr/bin").Split(System.IO.Path.PathSeparator))
        {
            string candidate = System.IO.Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"'{tool}' is not installed (not found on PATH). Install it with: apt-get install {package}");
        return tool;
    }

    /// <summary>Runs a tool in <paramref name="workDir"/> with the C locale, feeding <paramref name="stdin"/>.</summary>
    public static ProcessResult Run(string tool, IEnumerable<string> args, string workDir, byte[]? stdin = null)
    {
        var info = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["LC_ALL"] = "C";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + tool);
        var stdout = new MemoryStream();
        Task copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> readErr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish within 30 s");
        }

        copyOut.Wait();
        return new ProcessResult(process.ExitCode, stdout.ToArray(), readErr.Result);
    }

    /// <summary>Runs a tool and fails the test with its stderr when it exits non-zero.</summary>
    public static ProcessResult RunOk(string tool, IEnumerable<string> args, string workDir, byte[]? stdin = null)
    {
        ProcessResult result = Run(tool, args, workDir, stdin);
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', args)} exited {result.ExitCode}: {result.StdErr}");
        return result;
    }

    /// <summary>Deterministic pseudo-random contents.</summary>
    public static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
