// End to end: a copy of the repository, `dotnet new smos-app`, one line in apps/init, and the new app boots on seL4.
using System;
using System.Diagnostics;
using System.IO;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

public sealed class TemplateTests
{
    private readonly ITestOutputHelper _output;

    public TemplateTests(ITestOutputHelper output) { _output = output; }

    private static (int Code, string Output) Run(string file, string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        // A fresh copy builds everything (every app through ILC) before it boots: 6 minutes was too short on a busy
        // 2-core machine once the output was read asynchronously and the limit really held.
        if (!p.WaitForExit(TimeSpan.FromMinutes(25)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException(file + " " + string.Join(' ', args));
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [BootFact]
    public void ANewAppFromTheTemplateBootsWithOneLineInTheInitList()
    {
        // A copy of the working tree as git sees it (tracked and new files, nothing ignored): a fresh clone's content.
        string copy = Path.Combine(Path.GetTempPath(), "smos-template-" + Guid.NewGuid().ToString("N"));
        (int code, string files) = Run("git", Buildsys.RepoRoot, "ls-files", "-co", "--exclude-standard");
        Assert.Equal(0, code);
        foreach (string file in files.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string source = Path.Combine(Buildsys.RepoRoot, file);
            if (File.Exists(source))
            {
                string target = Path.Combine(copy, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
        }

        try
        {
            (code, string output) = Run("dotnet", copy, "new", "install", Path.Combine(copy, "templates", "smos-app"), "--force");
            Assert.True(code == 0, output);
            (code, output) = Run("dotnet", copy, "new", "smos-app", "-n", "myapp", "-o", Path.Combine(copy, "apps", "myapp"));
            Assert.True(code == 0, output);
            File.AppendAllText(Path.Combine(copy, "apps", "init"), "myapp\n");

            (code, output) = Run("dotnet", copy, "run", "--project", "buildsys/Smos.Build", "-c", "Release", "--", "test", "--demo", "echo", "--timeout", "120");
            _output.WriteLine(output);
            Assert.True(code == 0, output);
            Assert.Contains("init: start myapp as pid", output, StringComparison.Ordinal);
            Assert.Matches(@"myapp\[\d+\]: hello from myapp \(pid \d+\)", output);
            Assert.Contains("smos test: PASS", output, StringComparison.Ordinal);
        }
        finally
        {
            Run("dotnet", Buildsys.RepoRoot, "new", "uninstall", Path.Combine(copy, "templates", "smos-app"));
            Directory.Delete(copy, recursive: true);
        }
    }
}
