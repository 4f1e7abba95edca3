// Command-line parsing: defaults, repeatable options, usage errors, and define validation.
using System.CommandLine;
using Xunit;

namespace Smos.Build.Tests;

public class CliTests
{
    [Fact]
    public void TestDefaultsToFiveMinutes()
    {
        // The whole self-test with the soak demo's 10,000 rounds takes about 90 s under QEMU TCG.
        ParseResult parse = Cli.Create().Parse(["test"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(300, parse.GetValue(Cli.Timeout));
    }

    [Fact]
    public void DefinesRepeatAndGlobalOptionsWorkAfterTheCommand()
    {
        ParseResult parse = Cli.Create().Parse(["test", "--define", "A", "--define", "B_2", "--timeout", "30", "-v", "--repo", "/r"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(["A", "B_2"], parse.GetValue(Cli.Defines)!);
        Assert.Equal(30, parse.GetValue(Cli.Timeout));
        Assert.True(parse.GetValue(Cli.Verbose));
        Assert.Equal("/r", parse.GetValue(Cli.RepoDir));
    }

    [Fact]
    public void KernelOptionsParse()
    {
        ParseResult parse = Cli.Create().Parse(["run", "--kernel", "k.elf", "--no-dtb", "--gdb"]);
        Assert.Empty(parse.Errors);
        Assert.Equal("k.elf", parse.GetValue(Cli.Kernel));
        Assert.True(parse.GetValue(Cli.NoDtb));
        Assert.True(parse.GetValue(Cli.Gdb));
    }

    [Fact]
    public void ConfigurationDebugLeavesTheAppsUnoptimisedAndGdbPortParses()
    {
        Assert.True(Commands.OptimizeApps(Cli.Create().Parse(["build"])));
        Assert.True(Commands.OptimizeApps(Cli.Create().Parse(["image", "--configuration", "Release"])));
        Assert.False(Commands.OptimizeApps(Cli.Create().Parse(["run", "-c", "Debug", "--gdb"])));
        var e = Assert.Throws<BuildsysException>(() => Commands.OptimizeApps(Cli.Create().Parse(["test", "-c", "Fast"])));
        Assert.Equal("--configuration Fast: expected Release or Debug", e.Message);

        ParseResult parse = Cli.Create().Parse(["run", "--gdb", "--gdb-port", "4321"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(4321, parse.GetValue(Cli.GdbPort));
        Assert.Equal(Qemu.GdbPort, Cli.Create().Parse(["run", "--gdb"]).GetValue(Cli.GdbPort));
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("build", "--kernel", "x")]
    [InlineData("archive", "extract")]
    [InlineData("test", "--timeout", "soon")]
    public void UsageErrorsAreParseErrors(params string[] args)
    {
        Assert.NotEmpty(Cli.Create().Parse(args).Errors);
    }

    [Fact]
    public void ArchiveImageArgumentIsOptional()
    {
        ParseResult parse = Cli.Create().Parse(["archive", "extract", "img.elf", "-o", "x.cpio"]);
        Assert.Empty(parse.Errors);
        Assert.Equal("img.elf", parse.GetValue(Cli.Image));
        Assert.Equal("x.cpio", parse.GetValue(Cli.Output));
        Assert.Null(Cli.Create().Parse(["archive", "list"]).GetValue(Cli.Image));
    }

    [Fact]
    public void ArchiveCommandsTakeApps()
    {
        ParseResult list = Cli.Create().Parse(["archive", "list", "--apps"]);
        Assert.Empty(list.Errors);
        Assert.True(list.GetValue(Cli.AppsArchive));
        ParseResult extract = Cli.Create().Parse(["archive", "extract", "--apps", "-o", "apps.cpio"]);
        Assert.Empty(extract.Errors);
        Assert.True(extract.GetValue(Cli.AppsArchive));
        Assert.False(Cli.Create().Parse(["archive", "list"]).GetValue(Cli.AppsArchive));
    }

    [Theory]
    [InlineData("SMOS_TRACE")]
    [InlineData("_x1")]
    public void ValidDefinesPass(string define)
    {
        Pipeline.ValidateDefines([define]);
    }

    [Theory]
    [InlineData("1ABC")]
    [InlineData("A;B")]
    [InlineData("A=1")]
    [InlineData("")]
    public void InvalidDefinesAreRejected(string define)
    {
        var e = Assert.Throws<BuildsysException>(() => Pipeline.ValidateDefines([define]));
        Assert.StartsWith("--define ", e.Message, System.StringComparison.Ordinal);
    }
}
