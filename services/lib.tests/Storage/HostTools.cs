// The host's dosfstools and mtools for the interoperability tests: find them on PATH (and the sbin directories), run them.
using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace Smos.Services.Tests;

/// <summary>A fact that needs mkfs.fat, fsck.fat, mcopy, mdir, mmd and mtype; skipped with a clear message without them.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HostToolsFactAttribute : FactAttribute
{
    public HostToolsFactAttribute()
    {
        if (!HostTools.Available)
        {
            Skip = "skipped: mtools/dosfstools not installed (apt-get install mtools dosfstools)";
        }
    }
}

internal static class HostTools
{
    private static readonly string[] Tools = ["mkfs.fat", "fsck.fat", "mcopy", "mdir", "mmd", "mtype"];

    public static bool Available
    {
        get
        {
            foreach (string tool in Tools)
            {
                if (Find(tool) is null)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public static string? Find(string tool)
    {
        string path = (Environment.GetEnvironmentVariable("PATH") ?? "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        foreach (string dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs a tool; returns its exit code, and its stdout and stderr together in <paramref name="output"/>.</summary>
    public static int Run(string tool, out string output, params string[] args)
    {
        var start = new ProcessStartInfo(Find(tool) ?? tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["MTOOLS_SKIP_CHECK"] = "1";
        start.Environment["MTOOLS_NO_VFAT"] = "0";
        start.Environment["LC_ALL"] = "C.UTF-8";
        using Process p = Process.Start(start)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        output = stdout + stderr;
        return p.ExitCode;
    }

    public static void MustRun(string tool, params string[] args)
    {
        int code = Run(tool, out string output, args);
        Assert.True(code == 0, $"{tool} {string.Join(' ', args)} exited {code}: {output}");
    }
}
