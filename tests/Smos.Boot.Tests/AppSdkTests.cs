// The app SDK: `dotnet new smos-app` then plain `dotnet build` makes an AArch64 seL4 app ELF, incrementally.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Smos.Formats;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

/// <summary>
/// In a copy of the parts of the repository an app needs (no kernel, no QEMU): the template instantiated with an
/// isolated template hive, `dotnet build` of the new project, the ELF checked with our ELF reader, then a second build
/// that must not rerun ILC or the link, the build errors for C# the runtime cannot run, the server template, and the
/// error when the AArch64 binutils are not found.
/// </summary>
public sealed class AppSdkTests
{
    private const ushort AArch64 = 183;
    private static readonly string[] Needed = ["kernel-glue/", "protocol/", "libsmos/", "analyzers/", "templates/"];
    private readonly ITestOutputHelper _output;

    public AppSdkTests(ITestOutputHelper output) { _output = output; }

    [Fact]
    public void DotnetBuildOfATemplateAppMakesAnAppElfAndIsIncremental()
    {
        string copy = Path.Combine(Path.GetTempPath(), "smos-appsdk-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyRepository(copy);
            string hive = Path.Combine(copy, ".template-hive");
            string app = Path.Combine(copy, "apps", "myapp");
            Check(Run("dotnet", copy, "new", "install", Path.Combine(copy, "templates", "smos-app"), "--debug:custom-hive", hive));
            Check(Run("dotnet", copy, "new", "smos-app", "-n", "myapp", "-o", app, "--debug:custom-hive", hive));

            Check(Run("dotnet", app, "build", "-c", "Release", "-nologo"));
            string elf = Path.Combine(app, "bin", "Release", "net10.0", "myapp.elf");
            string ilcObject = Path.Combine(app, "obj", "Release", "net10.0", "smos", "myapp.o");
            Assert.True(File.Exists(elf), elf + " was not built");
            CheckAppElf(File.ReadAllBytes(elf));

            // A second build with no change: ILC and the link are skipped (their outputs keep their timestamps).
            DateTime elfTime = File.GetLastWriteTimeUtc(elf);
            DateTime objectTime = File.GetLastWriteTimeUtc(ilcObject);
            (int _, string again) = Check(Run("dotnet", app, "build", "-c", "Release", "-nologo", "-v:n"));
            Assert.Contains("Skipping target \"SmosAppIlc\" because all output files are up-to-date", again, StringComparison.Ordinal);
            Assert.Contains("Skipping target \"SmosAppElf\" because all output files are up-to-date", again, StringComparison.Ordinal);
            Assert.Equal(elfTime, File.GetLastWriteTimeUtc(elf));
            Assert.Equal(objectTime, File.GetLastWriteTimeUtc(ilcObject));

            // C# the runtime cannot run stops the build before ILC, with the reason and the alternative: a generic virtual
            // method compiles, so analyzer SMOS006 reports it (ILC would fail with an internal error); code that does not
            // compile gets no analyzers, so the corelib's obsolete stubs (Task, Type.Name, Monitor) carry the same text.
            string gvm = BuildFails(app, """
                public abstract class Shape { public abstract T Area<T>(); }
                public sealed class Square : Shape { public override T Area<T>() => default!; }
                """);
            Assert.Contains("error SMOS006: a generic virtual method ('Area<...>', virtual, abstract, override or an interface member) is not supported by the SmosSharp runtime", gvm, StringComparison.Ordinal);
            Assert.DoesNotContain("TypeLoaderExports", gvm, StringComparison.Ordinal);
            Assert.DoesNotContain("Code generation failed", gvm, StringComparison.Ordinal);
            string asyncOutput = BuildFails(app, """
                public static class Later { public static async System.Threading.Tasks.Task Run() { await System.Threading.Tasks.Task.Yield(); } }
                """);
            Assert.Contains("error CS0619: 'Task' is obsolete: 'SMOS006: 'async'/'await' and Task are not supported by the SmosSharp runtime: there is no Task machinery", asyncOutput, StringComparison.Ordinal);
            string other = BuildFails(app, """
                public static class Names { public static string Of(object o) => o.GetType().Name; }
                public sealed class Gate { private readonly object _g = new(); private int _n; public void Bump() { lock (_g) { _n++; } } }
                public static class Late { public static object Twice(object o) { dynamic d = o; return d + d; } }
                """);
            Assert.Contains("error CS0619: 'Type.Name' is obsolete: 'SMOS006: reflection ('Type.Name') is not supported by the SmosSharp runtime", other, StringComparison.Ordinal);
            Assert.Contains("'lock' is not supported by the SmosSharp runtime", other, StringComparison.Ordinal);
            Assert.Contains("error SMOS006: 'dynamic' is not supported by the SmosSharp runtime: there is no runtime binder", other, StringComparison.Ordinal);

            // Code that compiles and then made ILC fail inside (missing ArrayHelpers, InteropHelpers) or the link (fmod), and
            // new T() (the compiler's cryptic "Missing compiler required member 'System.Activator.CreateInstance'").
            string ilc = BuildFails(app, """
                public static class Grid { public static int Cells() { int[,] g = new int[2, 3]; return g[1, 2]; } }
                public static class Native { [System.Runtime.InteropServices.DllImport("libc")] public static extern int getpid(); }
                public static class Maker { public static T Make<T>() where T : new() => new T(); }
                public static class Angles { public static double Wrap(double a) => a % 360.0; }
                """);
            Assert.Contains("error SMOS006: a multi-dimensional array ('[,]') is not supported by the SmosSharp runtime: ILC needs array helpers", ilc, StringComparison.Ordinal);
            Assert.Contains("error SMOS006: P/Invoke ('DllImport') is not supported by the SmosSharp runtime", ilc, StringComparison.Ordinal);
            Assert.Contains("error SMOS006: 'new T()' on a type parameter is not supported by the SmosSharp runtime", ilc, StringComparison.Ordinal);
            Assert.Contains("error SMOS006: '%' on float or double is not supported by the SmosSharp runtime: the runtime has no fmod", ilc, StringComparison.Ordinal);
            Assert.DoesNotContain("ArrayHelpers", ilc, StringComparison.Ordinal);
            Assert.DoesNotContain("InteropHelpers", ilc, StringComparison.Ordinal);
            Assert.DoesNotContain("undefined reference", ilc, StringComparison.Ordinal);

            // The server template builds the same way.
            string server = Path.Combine(copy, "apps", "myserver");
            Check(Run("dotnet", copy, "new", "install", Path.Combine(copy, "templates", "smos-server"), "--debug:custom-hive", hive));
            Check(Run("dotnet", copy, "new", "smos-server", "-n", "myserver", "-o", server, "--debug:custom-hive", hive));
            Check(Run("dotnet", server, "build", "-c", "Release", "-nologo"));
            CheckAppElf(File.ReadAllBytes(Path.Combine(server, "bin", "Release", "net10.0", "myserver.elf")));

            // Without the cross binutils on PATH (here: a tool prefix nothing has) the build says which package to install.
            File.Delete(elf);
            (int code, string missing) = Run("dotnet", app, "build", "-c", "Release", "-nologo", "-p:SmosCrossPrefix=no-such-aarch64-prefix-");
            Assert.NotEqual(0, code);
            Assert.Contains("error SMOSBUILD002: no-such-aarch64-prefix-as / no-such-aarch64-prefix-ld not found on PATH", missing, StringComparison.Ordinal);
            Assert.Contains("apt-get install binutils-aarch64-linux-gnu", missing, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>Builds <paramref name="app"/> with one more file holding <paramref name="source"/>; the build must fail. Its output.</summary>
    private string BuildFails(string app, string source)
    {
        string file = Path.Combine(app, "Unsupported.cs");
        File.WriteAllText(file, source);
        try
        {
            (int code, string output) = Run("dotnet", app, "build", "-c", "Release", "-nologo");
            _output.WriteLine(output);
            Assert.NotEqual(0, code);
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>An AArch64 executable whose entry is _start, with ILC's __managed__Main (the template is an Exe with an
    /// ordinary Main) and a DWARF line table (OutsideRepoTests checks the packed templates' apps with it too).</summary>
    internal static void CheckAppElf(byte[] image)
    {
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader header));
        Assert.Equal(AArch64, header.Machine);
        Assert.Equal(ElfError.Ok, Elf.FindSymbolAddress(image, header, "_start"u8, out ulong start, out _));
        Assert.Equal(header.Entry, start);
        Assert.Equal(ElfError.Ok, Elf.FindSymbolAddress(image, header, "__managed__Main"u8, out ulong main, out _));
        Assert.NotEqual(0UL, main);
        Assert.Equal(ElfError.Ok, Elf.FindSection(image, header, ".debug_line"u8, out _));
    }

    private static void CopyRepository(string copy)
    {
        (int code, string files) = Run("git", Buildsys.RepoRoot, "ls-files", "-co", "--exclude-standard");
        Assert.Equal(0, code);
        IEnumerable<string> wanted = files.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => !f.Contains('/', StringComparison.Ordinal) || Needed.Any(n => f.StartsWith(n, StringComparison.Ordinal)));
        foreach (string file in wanted)
        {
            string source = Path.Combine(Buildsys.RepoRoot, file);
            if (File.Exists(source))
            {
                string target = Path.Combine(copy, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
        }
    }

    private (int Code, string Output) Check((int Code, string Output) result)
    {
        _output.WriteLine(result.Output);
        Assert.True(result.Code == 0, result.Output);
        return result;
    }

    private static (int Code, string Output) Run(string file, string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // A build server would outlive the copy and keep its files busy.
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using Process p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        // A generous limit for a busy 2-core machine: it only has to stop a hang.
        if (!p.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException(file + " " + string.Join(' ', args));
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
