// App discovery under apps/, the init list format and checks, and the generated traversal project for one dotnet build.
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Smos.Formats;
using Xunit;

namespace Smos.Build.Tests;

public class AppsTests
{
    private static readonly byte[] Csproj = "<Project Sdk=\"Microsoft.NET.Sdk\" />"u8.ToArray();

    [Fact]
    public void EveryFolderWithOneProjectIsAnAppInNameOrder()
    {
        using var dir = new TempDir();
        dir.Write("apps/zeta/Smos.App.Zeta.csproj", Csproj);
        dir.Write("apps/alpha/Smos.App.Alpha.csproj", Csproj);
        dir.Write("apps/notes/readme.txt", []);
        dir.Write("apps/init", []);
        var repo = new Repo(dir.Path);

        IReadOnlyList<BareMetalProgram> apps = Programs.FindApps(repo);
        Assert.Equal(["alpha", "zeta"], apps.Select(a => a.Name));
        BareMetalProgram alpha = apps[0];
        Assert.Equal("apps/alpha/Smos.App.Alpha.csproj", alpha.Project);
        Assert.Equal("Smos.App.Alpha", alpha.MainAssembly);
        Assert.Equal(Programs.AppLinkerScript, alpha.LinkerScript);
        Assert.Equal(Path.Combine(dir.Path, "out", "apps", "alpha.elf"), repo.ElfPath(alpha));
        Assert.Equal(Path.Combine(dir.Path, "out", "managed", "apps", "alpha"), repo.ManagedDir(alpha));
        Assert.Equal(Path.Combine(dir.Path, "out", "obj", "apps"), repo.ObjDirOf(alpha));
    }

    [Fact]
    public void ServicesAndDriversWithSmosAppAreAppsAndTheirLibrariesAreNot()
    {
        using var dir = new TempDir();
        dir.Write("apps/zeta/Smos.App.Zeta.csproj", Csproj);
        dir.Write("services/timer/Smos.Service.Timer.csproj", System.Text.Encoding.UTF8.GetBytes("<Project><PropertyGroup><SmosApp>true</SmosApp></PropertyGroup></Project>"));
        dir.Write("services/lib/Smos.Services.csproj", Csproj);
        dir.Write("drivers/pl011/Smos.Driver.Pl011.csproj", System.Text.Encoding.UTF8.GetBytes("<Project><PropertyGroup><SmosApp>true</SmosApp></PropertyGroup></Project>"));
        var repo = new Repo(dir.Path);
        IReadOnlyList<BareMetalProgram> apps = Programs.FindApps(repo);
        Assert.Equal(["pl011", "timer", "zeta"], apps.Select(a => a.Name));
        Assert.Equal("services/timer/Smos.Service.Timer.csproj", apps[1].Project);
        Assert.Equal(Path.Combine(dir.Path, "out", "apps", "timer.elf"), repo.ElfPath(apps[1]));

        dir.Write("apps/timer/Smos.App.Timer.csproj", Csproj);
        var e = Assert.Throws<BuildsysException>(() => Programs.FindApps(repo));
        Assert.Equal("services/timer: apps/timer/Smos.App.Timer.csproj has the same name (apps, services and drivers share the apps archive)", e.Message);
    }

    [Fact]
    public void NoAppsFolderMeansNoApps()
    {
        using var dir = new TempDir();
        Assert.Empty(Programs.FindApps(new Repo(dir.Path)));
    }

    [Fact]
    public void TwoProjectsInOneFolderIsAnError()
    {
        using var dir = new TempDir();
        dir.Write("apps/dup/A.csproj", Csproj);
        dir.Write("apps/dup/B.csproj", Csproj);
        var e = Assert.Throws<BuildsysException>(() => Programs.FindApps(new Repo(dir.Path)));
        Assert.Contains("apps/dup has 2 .csproj files", e.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hello")]
    [InlineData("-x")]
    [InlineData("init")]
    [InlineData("a.b")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void BadAppNamesAreRejected(string name)
    {
        Assert.NotNull(Programs.NameProblem(name));
        using var dir = new TempDir();
        dir.Write($"apps/{name}/X.csproj", Csproj);
        Assert.Throws<BuildsysException>(() => Programs.FindApps(new Repo(dir.Path)));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("my-app_2")]
    [InlineData("0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz01234")]
    public void GoodAppNamesPass(string name) => Assert.Null(Programs.NameProblem(name));

    [Fact]
    public void InitListSkipsCommentsAndBlankLinesAndSplitsOnSpacesAndTabs()
    {
        const string text = "# boot list\r\nhello world\r\n\n  counter\t3   # count to three\n#crash\ncrash\n";
        IReadOnlyList<InitEntry> entries = InitList.Parse(text, "apps/init");

        Assert.Equal(3, entries.Count);
        Assert.Equal(2, entries[0].Line);
        Assert.Equal("hello", entries[0].Name);
        Assert.Equal(["world"], entries[0].Args);
        Assert.Equal("counter", entries[1].Name);
        Assert.Equal(["3"], entries[1].Args);
        Assert.Equal(4, entries[1].Line);
        Assert.Equal(6, entries[2].Line);
        Assert.Empty(entries[2].Args);
        Assert.Equal("counter\0".Length + "3\0".Length, entries[1].ArgBytes);
    }

    [Fact]
    public void AQuotaWordBeforeTheNameIsKeptAndChecked()
    {
        IReadOnlyList<InitEntry> entries = InitList.Parse("quota:memory=600M,children=700 scale 3\nhello\n", "apps/demos/scale");
        Assert.Equal("scale", entries[0].Name);
        Assert.Equal(["3"], entries[0].Args);
        Assert.Equal("quota:memory=600M,children=700", entries[0].Quota);
        Assert.Null(entries[1].Quota);

        var e = Assert.Throws<BuildsysException>(() => InitList.Parse("hello\nquota:memory=600M,disk=1 scale\n", "apps/demos/scale"));
        Assert.Equal("apps/demos/scale:2: quota word \"quota:memory=600M,disk=1\" at \"disk=1\": unknown kind: the kinds are memory, slots, children, connections, publications, subscriptions", e.Message);
        e = Assert.Throws<BuildsysException>(() => InitList.Parse("quota:slots=12\n", "apps/init"));
        Assert.Equal("apps/init:1: a quota or grant word must be followed by the app's name", e.Message);
    }

    [Fact]
    public void AnInterruptGrantWordBeforeTheNameIsKeptAndChecked()
    {
        IReadOnlyList<InitEntry> entries = InitList.Parse("irq:30 quota:memory=8M timer\n&quota:slots=600 irq:33 console x\nhello\n", "apps/init");
        Assert.Equal("timer", entries[0].Name);
        Assert.Equal("irq:30", entries[0].Grant);
        Assert.Equal("quota:memory=8M", entries[0].Quota);
        Assert.Equal("console", entries[1].Name);
        Assert.Equal("irq:33", entries[1].Grant);
        Assert.Equal(["x"], entries[1].Args);
        Assert.Null(entries[2].Grant);

        var e = Assert.Throws<BuildsysException>(() => InitList.Parse("hello\nirq:3O timer\n", "apps/init"));
        Assert.Equal("apps/init:2: grant word \"irq:3O\": the interrupt is not a decimal number (irq:N)", e.Message);
        e = Assert.Throws<BuildsysException>(() => InitList.Parse("irq:30\n", "apps/init"));
        Assert.Equal("apps/init:1: a quota or grant word must be followed by the app's name", e.Message);
        // One interrupt per line: a second irq word is refused with the reason.
        e = Assert.Throws<BuildsysException>(() => InitList.Parse("irq:30 irq:31 timer\n", "apps/init"));
        Assert.Equal("apps/init:1: grant word \"irq:31\": a second irq: or dma: word on one line (one of each at most)", e.Message);
    }

    [Fact]
    public void DeviceAndDmaGrantWordsAreKeptAndChecked()
    {
        IReadOnlyList<InitEntry> entries = InitList.Parse("&irq:33 mmio:0x9000000 quota:slots=600 mmio:0x9010000/2 dma:4 pl011 x\n", "apps/init");
        Assert.Equal("pl011", entries[0].Name);
        Assert.Equal("irq:33 mmio:0x9000000 mmio:0x9010000/2 dma:4", entries[0].Grant);
        Assert.Equal("quota:slots=600", entries[0].Quota);
        Assert.Equal(["x"], entries[0].Args);

        var e = Assert.Throws<BuildsysException>(() => InitList.Parse("mmio:0x9000800 pl011\n", "apps/init"));
        Assert.Equal("apps/init:1: grant word \"mmio:0x9000800\": the device address is not page aligned (a multiple of 0x1000)", e.Message);
        e = Assert.Throws<BuildsysException>(() => InitList.Parse("mmio:0x9000000/2 mmio:0x9001000 pl011\n", "apps/init"));
        Assert.Equal("apps/init:1: grant word \"mmio:0x9001000\": two mmio words of the line name the same device page", e.Message);
        e = Assert.Throws<BuildsysException>(() => InitList.Parse("dma:0 pl011\n", "apps/init"));
        Assert.Equal("apps/init:1: grant word \"dma:0\": the page count is not a decimal number from 1 to the most allowed (mmio: 16, dma: 256)", e.Message);
    }

    [Fact]
    public void AGrantPrivilegeKeepsWhatItMayGrantAndABadOneFailsTheBuild()
    {
        IReadOnlyList<InitEntry> entries = InitList.Parse("&may:grant=irq:48,mmio:0xa000000/2,dma:1 devmgr x\n", "apps/init");
        Assert.Equal("devmgr", entries[0].Name);
        Assert.Equal(InitPrivileges.Grant, entries[0].Privileges);
        Assert.Equal(48, entries[0].Grantable.Irq);
        Assert.Equal(1, entries[0].Grantable.DmaPages);
        Assert.Null(entries[0].Grant); // it may grant them; it gets none itself

        var e = Assert.Throws<BuildsysException>(() => InitList.Parse("may:grant=irq:48;dma:1 devmgr\n", "apps/init"));
        Assert.Equal("apps/init:1: privilege word \"may:grant=irq:48;dma:1\" names grants that do not parse (may:grant=irq:N,mmio:0xPADDR[/PAGES],dma:PAGES): " +
            "the interrupt is not a decimal number (irq:N)", e.Message);
        e = Assert.Throws<BuildsysException>(() => InitList.Parse("may:grant=irq:1 may:grant=dma:1 devmgr\n", "apps/init"));
        Assert.Contains("repeats a grant", e.Message, System.StringComparison.Ordinal);
        e = Assert.Throws<BuildsysException>(() => InitList.Parse("may:root devmgr\n", "apps/init"));
        Assert.Equal("apps/init:1: privilege word \"may:root\" names no privilege (may:console, may:shell, may:grant=GRANTS)", e.Message);
    }

    [Fact]
    public void InitListRejectsNonAscii()
    {
        var e = Assert.Throws<BuildsysException>(() => InitList.Parse("hello w\u00f6rld\n", "apps/init"));
        Assert.StartsWith("apps/init:1: only printable ASCII", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownAppInTheInitListNamesTheLineAndTheApps()
    {
        IReadOnlyList<InitEntry> entries = InitList.Parse("hello\nhelo x\n", "apps/init");
        var e = Assert.Throws<BuildsysException>(() => InitList.Validate(entries, ["hello", "crash"], "apps/init"));
        Assert.StartsWith("apps/init:2: no app named \"helo\"", e.Message, System.StringComparison.Ordinal);
        Assert.Contains("crash, hello", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void ArgumentsMustFitTheStartInfoPage()
    {
        string big = new('a', 1000);
        IReadOnlyList<InitEntry> entries = InitList.Parse($"hello {big} {big} {big}\n", "apps/init");
        var e = Assert.Throws<BuildsysException>(() => InitList.Validate(entries, ["hello"], "apps/init"));
        Assert.Contains("more than 3000", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void TheRepositoryInitListNamesOnlyExistingApps()
    {
        var repo = new Repo(Repo.FindRoot(System.AppContext.BaseDirectory)!);
        IReadOnlyList<BareMetalProgram> apps = Programs.FindApps(repo);
        Assert.Contains(apps, a => a.Name == "hello");
        IReadOnlyList<InitEntry> entries = InitList.Parse(File.ReadAllText(repo.InitListPath), "apps/init");
        InitList.Validate(entries, apps.Select(a => a.Name).ToList(), "apps/init");
        Assert.NotEmpty(entries);
    }

    [Fact]
    public void BenchmarkAppsAreBuiltOnlyForTheBenchmark()
    {
        var repo = new Repo(Repo.FindRoot(System.AppContext.BaseDirectory)!);
        IReadOnlyList<BareMetalProgram> all = Programs.FindApps(repo);
        Assert.Contains(all, a => a.Name == "bench");
        List<string> normal = Programs.ForBuild(all, ["SMOS_PANIC_TEST"]).Select(a => a.Name).ToList();
        Assert.DoesNotContain("bench", normal);
        Assert.DoesNotContain("bench-peer", normal);
        Assert.Equal(all.Count - 2, normal.Count);
        Assert.Equal(all.Count, Programs.ForBuild(all, ["SMOS_BENCH"]).Count);
    }

    [Fact]
    public void TraversalProjectBuildsEveryProjectAndWritesTheManifest()
    {
        string text = ManagedBuild.ProjectText(
            ["/r/apps/a/A.csproj", "/r/odd;dir/B.csproj"], ["/r/apps/a/A.csproj"], "/r/out/obj/programs.outputs", "/r/out/obj/apps.outputs");
        Assert.Contains("DefaultTargets=\"Build\"", text, System.StringComparison.Ordinal);
        Assert.Contains("/r/odd%3Bdir/B.csproj", text, System.StringComparison.Ordinal);
        Assert.Contains("<RestoreGraphProjectInput>/r/apps/a/A.csproj;/r/odd%3Bdir/B.csproj</RestoreGraphProjectInput>", text, System.StringComparison.Ordinal);
        Assert.Contains("<Import Project=\"$(MSBuildToolsPath)/NuGet.targets\" />", text, System.StringComparison.Ordinal);
        Assert.Contains("BuildInParallel=\"true\"", text, System.StringComparison.Ordinal);
        Assert.Contains("File=\"/r/out/obj/programs.outputs\"", text, System.StringComparison.Ordinal);
        Assert.Contains("<SmosProgram Include=\"/r/apps/a/A.csproj\" SmosApp=\"true\" />", text, System.StringComparison.Ordinal);
        Assert.Contains("SmosApp=\"false\"", text, System.StringComparison.Ordinal);
        Assert.Contains("Targets=\"SmosAppElf\"", text, System.StringComparison.Ordinal);
        Assert.Contains("File=\"/r/out/obj/apps.outputs\"", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestMapsProjectsToAssemblies()
    {
        IReadOnlyDictionary<string, string> map = ManagedBuild.ParseManifest(
            ["/r/apps/a/A.csproj|/r/apps/a/bin/Release/net10.0/A.dll", "", "garbage"]);
        Assert.Single(map);
        Assert.Equal("/r/apps/a/bin/Release/net10.0/A.dll", map["/r/apps/a/A.csproj"]);
    }

    [Theory]
    [InlineData("plain/path.csproj", "plain/path.csproj")]
    [InlineData("a;b", "a%3Bb")]
    [InlineData("50%*?", "50%25%2A%3F")]
    [InlineData("$(X)@'", "%24%28X%29%40%27")]
    public void MsBuildSpecialCharactersAreEscaped(string raw, string escaped) => Assert.Equal(escaped, ManagedBuild.Escape(raw));

    [Theory]
    [InlineData("  Smos.App.Hello -> /work/out/apps/hello.elf", "/work/out/apps/hello.elf")]
    [InlineData("Tally.Client -> /home/u/Tally/bin/Debug/net10.0/tally-client.elf", "/home/u/Tally/bin/Debug/net10.0/tally-client.elf")]
    [InlineData("  Smos.RootTask -> /work/servers/roottask/bin/Release/net10.0/Smos.RootTask.dll", null)]
    [InlineData("  warning CS0168: x -> y.elf", null)]
    [InlineData("  Build succeeded.", null)]
    public void ProgressNamesEachLinkedAppElf(string line, string? elf)
    {
        Assert.Equal(elf is not null, ManagedBuild.TryParseLinkedElf(line, out string? found));
        Assert.Equal(elf, found);
    }
}
