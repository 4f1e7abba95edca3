// Source lines for fault and panic reports (addr2line output, FAULT lines), and the app SDK agreeing with buildsys.
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace Smos.Build.Tests;

public class SourceLinesTests
{
    private const string VmFault = "FAULT pid=3 name=crash kind=VM fault pc=0x4003fc addr=0xdead0000 at Smos_App_Crash_Smos_Apps_Crash__Main+0xbc";

    [Fact]
    public void ParsesTheAppNameAndPcOfAFaultReport()
    {
        Assert.Equal(("crash", 0x4003fcUL), SourceLines.ParseFault(VmFault));
        Assert.Equal(
            ("crash", 0x400324UL),
            SourceLines.ParseFault("FAULT pid=4 name=crash kind=user exception (undefined instruction) pc=0x400324 addr=0x0 at x+0x0"));
        Assert.Equal(
            ("runtime", 0x400d50UL),
            SourceLines.ParseFault("FAULT pid=5 name=runtime kind=exception Smos_CoreLib_System_InvalidOperationException (a b) pc=0x400d50 addr=0x0"));

        // An uncaught exception's callers, one line each after its FAULT line.
        Assert.Equal(("runtime", 0x401a08UL), SourceLines.ParseFault("  from pid=5 name=runtime pc=0x401a08 at Smos_App_Runtime_X__Main+0x48"));
    }

    [Theory]
    [InlineData("crash[3]: FAULT pid=3 name=crash pc=0x1")]
    [InlineData("FAULT pid=3 name=crash kind=VM fault addr=0xdead0000")]
    [InlineData("hello")]
    [InlineData("  from pc=0x401a08")]
    [InlineData("runtime[5]:   from pid=5 name=runtime pc=0x401a08")]
    public void OtherLinesAreNoFaultReports(string line)
    {
        Assert.Null(SourceLines.ParseFault(line));
    }

    [Theory]
    [InlineData("/r/apps/crash/Crash.cs:41", "/r/apps/crash/Crash.cs", 41)]
    [InlineData("/r/libsmos/Console.cs:7 (discriminator 2)", "/r/libsmos/Console.cs", 7)]
    [InlineData("C:/src/A.cs:3", "C:/src/A.cs", 3)]
    public void ReadsFileAndLineFromAddr2Line(string output, string file, int line)
    {
        Assert.Equal((file, line), SourceLines.ParseLocation(output));
    }

    [Theory]
    [InlineData("??:0")]
    [InlineData("??:?")]
    [InlineData("/r/a.cs:?")]
    [InlineData("/r/a.cs:0")]
    [InlineData("")]
    public void NoLineInformationIsNull(string output)
    {
        Assert.Null(SourceLines.ParseLocation(output));
    }

    [Fact]
    public void PathsInsideTheRepositoryAreShownRelative()
    {
        var lines = new SourceLines(new Repo("/r"), addr2line: null);
        Assert.Equal("apps/crash/Crash.cs:41", lines.Describe("/r/apps/crash/Crash.cs:41"));
        Assert.Equal("/elsewhere/B.cs:2", lines.Describe("/elsewhere/B.cs:2"));
    }

    [Fact]
    public void WithoutTheToolOrTheElfALineStaysAsItIs()
    {
        using var dir = new TempDir();
        var lines = new SourceLines(new Repo(dir.Path), addr2line: null);
        Assert.Equal(VmFault, lines.Annotate(VmFault));
        Assert.Equal(VmFault, new SourceLines(new Repo(dir.Path), "/bin/true").Annotate(VmFault));
    }

    [Fact]
    public void CompilerGeneratedStartupCodeKeepsJustItsSymbol()
    {
        // Even with an ELF and a tool that would answer, ILC's StartupCodeMain gets no (meaningless) source line.
        using var dir = new TempDir();
        string apps = System.IO.Path.Combine(dir.Path, "out", "apps");
        System.IO.Directory.CreateDirectory(apps);
        System.IO.File.WriteAllText(System.IO.Path.Combine(apps, "kv.elf"), "not read");
        string tool = System.IO.Path.Combine(dir.Path, "fake-addr2line");
        System.IO.File.WriteAllText(tool, "#!/bin/sh\necho /elsewhere/Program.cs:21\n");
        if (!System.OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(tool, System.IO.UnixFileMode.UserRead | System.IO.UnixFileMode.UserWrite | System.IO.UnixFileMode.UserExecute);
        }

        var lines = new SourceLines(new Repo(dir.Path), tool);
        const string Main = "  from pid=5 name=kv pc=0x40cb00 at kv_kv_Program__Main+0x4d8";
        const string Startup = "  from pid=5 name=kv pc=0x40cb24 at kv__Module___StartupCodeMain+0x34";
        Assert.Equal(Main + " (/elsewhere/Program.cs:21)", lines.Annotate(Main));
        Assert.Equal(Startup, lines.Annotate(Startup));
    }

    [Fact]
    public void TheAppSdkTargetsUseBuildsysFlagsSourcesAndLinkerScript()
    {
        var repo = new Repo(Repo.FindRoot(System.AppContext.BaseDirectory)!);
        XDocument targets = XDocument.Load(repo.InRepo("kernel-glue/Smos.App.targets"));
        XElement[] flags = targets.Descendants("SmosIlcFlags").ToArray();
        // The base flags, then each conditional addition ("$(SmosIlcFlags);--nativelib" for a Library app, ";-g"): a
        // Library app is compiled exactly as buildsys compiles the root task; an Exe app only lacks --nativelib.
        string[] appFlags = [.. flags[0].Value.Split(';'), .. flags.Skip(1).SelectMany(f => f.Value.Split(';').Skip(1))];
        Assert.Equal(Pipeline.IlcFlags, appFlags);

        string asm = targets.Descendants("SmosAppAsm").Single().Attribute("Include")!.Value;
        Assert.Equal(
            Programs.AppSources.Select(s => "$(SmosArchDir)" + System.IO.Path.GetFileName(s.Path)),
            asm.Split(';'));
        Assert.Equal("$(SmosArchDir)" + System.IO.Path.GetFileName(Programs.AppLinkerScript), targets.Descendants("SmosAppLinkerScript").Single().Attribute("Include")!.Value);

        // Every file the assembly sources .include is an input of the app assemble step (a change reassembles).
        string includes = targets.Descendants("SmosAppAsmInclude").Single().Attribute("Include")!.Value;
        Assert.Equal(
            System.IO.Directory.GetFiles(repo.InRepo(Programs.Arch), "*.inc").Select(p => "$(SmosArchDir)" + System.IO.Path.GetFileName(p)).Order(System.StringComparer.Ordinal),
            includes.Split(';'));
    }
}
