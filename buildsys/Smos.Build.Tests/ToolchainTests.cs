// ILC discovery from project.assets.json, PATH lookup and the missing-tool messages.
using System.IO;
using Xunit;

namespace Smos.Build.Tests;

public class ToolchainTests
{
    private const string DownloadAssets = """
        {
          "version": 4,
          "libraries": { "Microsoft.DotNet.ILCompiler/10.0.12": { "type": "package" } },
          "packageFolders": { "PKGS/": {} },
          "project": { "frameworks": { "net10.0": { "downloadDependencies": [
            { "name": "Microsoft.NETCore.App.Runtime.linux-arm64", "version": "[10.0.12, 10.0.12]" },
            { "name": "runtime.linux-x64.Microsoft.DotNet.ILCompiler", "version": "[10.0.12, 10.0.12]" }
          ] } } }
        }
        """;

    [Fact]
    public void ResolvesIlcFromDownloadDependencies()
    {
        using var dir = new TempDir();
        string ilc = dir.Write("pkgs/runtime.linux-x64.microsoft.dotnet.ilcompiler/10.0.12/tools/ilc", []);
        string json = DownloadAssets.Replace("PKGS/", dir.Path + "/pkgs/", System.StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(ilc), Path.GetFullPath(IlcAssets.Resolve(json, "linux-x64")));
    }

    [Fact]
    public void ResolvesIlcFromALibraryKey()
    {
        const string json = """
            { "libraries": { "runtime.linux-arm64.Microsoft.DotNet.ILCompiler/10.0.15": {} }, "packageFolders": { "/p/": {} } }
            """;
        Assert.Equal("/p/runtime.linux-arm64.microsoft.dotnet.ilcompiler/10.0.15/tools/ilc", IlcAssets.Resolve(json, "linux-arm64"));
    }

    [Fact]
    public void MissingIlcPackageIsAnError()
    {
        var e = Assert.Throws<BuildsysException>(() => IlcAssets.Resolve("""{ "packageFolders": { "/p/": {} } }""", "linux-x64"));
        Assert.Contains("runtime.linux-x64.Microsoft.DotNet.ILCompiler", e.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[10.0.12, 10.0.12]", "10.0.12")]
    [InlineData("10.0.15", "10.0.15")]
    [InlineData("[10.0.0-rc.2.25502.107]", "10.0.0-rc.2.25502.107")]
    public void ExactVersionStripsTheRange(string range, string version)
    {
        Assert.Equal(version, IlcAssets.ExactVersion(range));
    }

    [Theory]
    [InlineData("aarch64-linux-gnu-as", "binutils-aarch64-linux-gnu")]
    [InlineData("aarch64-linux-gnu-ld", "binutils-aarch64-linux-gnu")]
    [InlineData("qemu-system-aarch64", "qemu-system-arm")]
    public void MissingToolNamesTheDebianPackage(string tool, string package)
    {
        using var empty = new TempDir();
        var e = Assert.Throws<BuildsysException>(() => Toolchain.Require(tool, empty.Path));
        Assert.Equal($"{tool} not found on PATH: install the Debian package {package} (apt-get install {package})", e.Message);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void FindOnPathSkipsNonExecutables()
    {
        if (System.OperatingSystem.IsWindows())
        {
            return;
        }

        using var a = new TempDir();
        using var b = new TempDir();
        a.Write("tool", []);
        string good = b.Write("tool", []);
        File.SetUnixFileMode(good, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Assert.Equal(good, Toolchain.FindOnPath("tool", a.Path + Path.PathSeparator + b.Path));
    }
}
