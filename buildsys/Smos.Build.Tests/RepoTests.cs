// Repository-root discovery (solution file, fallback markers, --repo) and the out/ layout.
using System.IO;
using Xunit;

namespace Smos.Build.Tests;

public class RepoTests
{
    [Fact]
    public void FindsTheSolutionWalkingUp()
    {
        using var dir = new TempDir();
        dir.Write("SmosSharp.sln", []);
        string nested = Path.Combine(dir.Path, "servers", "roottask");
        Directory.CreateDirectory(nested);
        Assert.Equal(dir.Path, Repo.FindRoot(nested));
    }

    [Fact]
    public void SolutionBeatsACloserFallbackMarker()
    {
        using var dir = new TempDir();
        dir.Write("SmosSharp.slnx", []);
        dir.Write("inner/Directory.Build.props", []);
        dir.Write("inner/kernel-glue/Target.props", []);
        Assert.Equal(dir.Path, Repo.FindRoot(Path.Combine(dir.Path, "inner")));
    }

    [Fact]
    public void FallsBackToBuildPropsAndTargetProps()
    {
        using var dir = new TempDir();
        dir.Write("Directory.Build.props", []);
        dir.Write("kernel-glue/Target.props", []);
        Assert.Equal(dir.Path, Repo.FindRoot(Path.Combine(dir.Path, "kernel-glue")));
    }

    [Fact]
    public void NothingFoundIsNull()
    {
        using var dir = new TempDir();
        Assert.Null(Repo.FindRoot(dir.Path));
    }

    [Fact]
    public void LocateUsesTheExecutableDirectoryWhenTheCurrentOneIsOutside()
    {
        using var repo = new TempDir();
        repo.Write("SmosSharp.sln", []);
        string exe = Path.Combine(repo.Path, "buildsys", "Smos.Build", "bin");
        Directory.CreateDirectory(exe);
        using var elsewhere = new TempDir();

        Repo found = Repo.Locate(null, null, elsewhere.Path, exe);
        Assert.Equal(repo.Path, found.Root);
        Assert.Equal(Path.Combine(repo.Path, "out"), found.Out);
        Assert.Equal(Path.Combine(repo.Path, "out", "smos-image.elf"), found.ImagePath);
        Assert.Equal(Path.Combine(repo.Path, "out", "image", "smos-boot.cpio"), found.ArchivePath);
        Assert.Equal(Path.Combine(repo.Path, "out", "roottask.elf"), found.ElfPath(Programs.RootTask));
        Assert.Equal(Path.Combine(repo.Path, "out", "image", "apps.cpio"), found.AppsArchivePath);
        Assert.Equal(Path.Combine(repo.Path, "apps", "init"), found.InitListPath);
    }

    [Fact]
    public void RepoOptionMustLookLikeTheRepository()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<BuildsysException>(() => Repo.Locate(dir.Path, null, dir.Path, dir.Path));
        Assert.Contains("not the SmosSharp repository", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void OutOptionMovesTheOutputTree()
    {
        using var dir = new TempDir();
        dir.Write("SmosSharp.sln", []);
        Repo repo = Repo.Locate(dir.Path, Path.Combine(dir.Path, "elsewhere"), "/", "/");
        Assert.Equal(Path.Combine(dir.Path, "elsewhere", "boot.log"), repo.BootLogPath);
    }

    [Fact]
    public void TheRealRepositoryHasEveryProgramSource()
    {
        string? root = Repo.FindRoot(System.AppContext.BaseDirectory);
        Assert.NotNull(root);
        var repo = new Repo(root);
        foreach (BareMetalProgram program in Programs.All)
        {
            Assert.True(File.Exists(repo.InRepo(program.Project)), program.Project);
            Assert.True(File.Exists(repo.InRepo(program.LinkerScript)), program.LinkerScript);
            foreach (AsmSource source in program.Sources)
            {
                Assert.True(File.Exists(repo.InRepo(source.Path)), source.Path);
            }
        }

        foreach (AsmSource source in Programs.AppSources)
        {
            Assert.True(File.Exists(repo.InRepo(source.Path)), source.Path);
        }

        Assert.True(File.Exists(repo.InRepo(Programs.AppLinkerScript)));
        foreach (BareMetalProgram app in Programs.FindApps(repo))
        {
            Assert.True(File.Exists(repo.InRepo(app.Project)), app.Project);
        }

        Assert.True(File.Exists(repo.IlcRestoreProject));
    }
}
