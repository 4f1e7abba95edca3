// The host build's copy of the process start code agrees with what the assembler makes of process_start.S.
using System;
using System.Diagnostics;
using System.IO;
using Smos.RootTask.Processes;
using Xunit;

namespace Smos.RootTask.Tests;

public class StartCodeTests
{
    private static string RepoFile(string relative)
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "SmosSharp.sln")))
            {
                return Path.Combine(d.FullName, relative);
            }
        }

        throw new InvalidOperationException("SmosSharp.sln not found above " + AppContext.BaseDirectory);
    }

    private static void Run(string tool, string arguments)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        System.Diagnostics.Process p;
        try
        {
            p = System.Diagnostics.Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed (Debian: binutils-aarch64-linux-gnu; ./smos installs it): {e.Message}", e);
        }

        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool} {arguments} failed: {err}");
    }

    [Fact]
    public void TheHostWordsAreWhatTheAssemblerMakesOfProcessStart()
    {
        string dir = Directory.CreateTempSubdirectory("smos-start-code").FullName;
        string obj = Path.Combine(dir, "process_start.o");
        string bin = Path.Combine(dir, "start_code.bin");
        Run("aarch64-linux-gnu-as", $"-o {obj} {RepoFile("kernel-glue/arch/aarch64/process_start.S")}");
        Run("aarch64-linux-gnu-objcopy", $"-O binary --only-section=.rodata.smos_process_start {obj} {bin}");
        Assert.Equal(File.ReadAllBytes(bin), StartCode.Bytes.ToArray());
        Directory.Delete(dir, recursive: true);
    }
}
