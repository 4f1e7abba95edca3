// `pack` and the smos tool's pure parts: template projects on the SDK, the kit's files, the user folder's apps, errors.
using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Smos.Build.Packaging;
using Xunit;

namespace Smos.Build.Tests;

public class PackagingTests
{
    private static readonly string Root = Repo.FindRoot(AppContext.BaseDirectory)!;

    [Fact]
    public void TheRepositorysAppTemplateBecomesAProjectOnTheSdk()
    {
        string text = TemplatesPackage.ToSdkProject(File.ReadAllText(Path.Combine(Root, "templates", "smos-app", "SmosApp.csproj")), "1.2.3");
        XDocument doc = XDocument.Parse(text);
        Assert.Equal("SmosSharp.Sdk/1.2.3", (string?)doc.Root!.Attribute("Sdk"));
        Assert.Empty(doc.Root.Elements("Import"));
        Assert.Empty(doc.Descendants("ProjectReference"));
        Assert.Empty(doc.Descendants("SmosApp"));
        Assert.Empty(doc.Descendants("ItemGroup"));
        Assert.Equal("Exe", (string?)doc.Descendants("OutputType").Single());
        Assert.DoesNotContain("kernel-glue", text, StringComparison.Ordinal);
        Assert.DoesNotContain("apps/init", text, StringComparison.Ordinal);
        Assert.StartsWith("<!-- A SmosSharp app on SmosSharp.Sdk: `dotnet build` makes bin/<Configuration>/net10.0/<folder name>.elf", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSystemTemplateNamesTheSdkVersionThroughGlobalJson()
    {
        string system = Path.Combine(Root, "templates", "smos-system");
        Assert.Contains(TemplatesPackage.VersionToken, File.ReadAllText(Path.Combine(system, "global.json")), StringComparison.Ordinal);
        foreach (string project in Directory.GetFiles(system, "*.csproj", SearchOption.AllDirectories))
        {
            Assert.Equal("SmosSharp.Sdk", (string?)XDocument.Load(project).Root!.Attribute("Sdk"));
        }

        // Its demo names the apps the template's SmosAppName properties give (both lower-cased from the template's name).
        string demo = File.ReadAllText(Path.Combine(system, "demos", "smossystem"));
        Assert.Contains("!smossystem-server 1", demo, StringComparison.Ordinal);
        Assert.Contains("!smossystem-client", demo, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("servers/roottask/Front/RequestDispatcher.cs", true)]
    [InlineData("loader/Smos.Loader.csproj", true)]
    [InlineData(".editorconfig", true)]
    [InlineData("Directory.Build.props", true)]
    [InlineData("buildsys/Smos.Build/toolchain/IlcRestore.csproj", true)]
    [InlineData("apps/demos/calc", true)]
    [InlineData("servers/roottask.tests/SpawnTests.cs", false)]
    [InlineData("kernel-glue/formats.tests/CpioTests.cs", false)]
    [InlineData("analyzers/Smos.Analyzers.Tests/Tests.cs", false)]
    [InlineData("buildsys/Smos.Build/Program.cs", false)]
    [InlineData("docs/sdk.md", false)]
    [InlineData("tests/Smos.Boot.Tests/BootTests.cs", false)]
    [InlineData("templates/smos-app/Program.cs", false)]
    public void TheKitHoldsTheSystemsSourcesAndNoTests(string path, bool included)
    {
        Assert.Equal(included, Kit.Includes(path));
    }

    [Fact]
    public void TheToolsSettingsNameTheSmosCommand()
    {
        XDocument settings = XDocument.Parse(ToolPackage.Settings());
        XElement command = settings.Descendants("Command").Single();
        Assert.Equal("smos", (string?)command.Attribute("Name"));
        Assert.Equal("smos.dll", (string?)command.Attribute("EntryPoint"));
        Assert.Equal("dotnet", (string?)command.Attribute("Runner"));
    }

    [Fact]
    public void PackageVersionsNameTheSel4Release()
    {
        Assert.Equal("16.0.0", PackageVersions.Sel4Release);
        Assert.Matches(@"^\d+\.\d+\.\d+$", PackageVersions.SmosSharp);
        Assert.Equal($"{PackageVersions.SmosSharp}+sel4.16.0.0", PackageVersions.Package);
        Assert.Contains("seL4 16.0.0", SdkPackage.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void MsbuildPropertiesSayWhetherAProjectIsAnApp()
    {
        Assert.Equal((true, "tally-server"), UserProject.ParseProperties("{\n  \"Properties\": {\n    \"SmosApp\": \"true\",\n    \"SmosAppName\": \"tally-server\"\n  }\n}"));
        Assert.Equal((false, "Tally.Protocol"), UserProject.ParseProperties("{ \"Properties\": { \"SmosApp\": \"\", \"SmosAppName\": \"Tally.Protocol\" } }"));
        Assert.Throws<BuildsysException>(() => UserProject.ParseProperties("MSBUILD : error MSB1009: Project file does not exist."));
    }

    [Fact]
    public void AnSdkVersionTheFeedLacksIsOneLine()
    {
        // What `dotnet msbuild` printed for <Project Sdk="SmosSharp.Sdk/9.9.9"> with a feed holding 0.1.0.
        const string output = """
            /tmp/bad/bad.csproj : error : Could not resolve SDK "SmosSharp.Sdk". Exactly one of the probing messages below indicates why we could not resolve the SDK.
            /tmp/bad/bad.csproj : error :   SDK resolver "Microsoft.DotNet.MSBuildWorkloadSdkResolver" returned null.
            /tmp/bad/bad.csproj : error :   Unable to find package SmosSharp.Sdk with version (= 9.9.9)
            /tmp/bad/bad.csproj : error :   - Found 1 version(s) in smossharp [ Nearest version: 0.1.0 ]
            /tmp/bad/bad.csproj : error :   - Versions from nuget.org were not considered
            /tmp/bad/bad.csproj : error MSB4236: The SDK 'SmosSharp.Sdk/9.9.9' specified could not be found.
            """;
        Assert.Equal(
            "SmosSharp.Sdk 9.9.9 is not in the package sources (nuget.config); they have 0.1.0: name that version in the project (or global.json)",
            UserProject.EvaluationProblem(output));
    }

    [Fact]
    public void AFolderWithoutProjectsIsAnErrorThatSaysWhatToDo()
    {
        string dir = Path.Combine(Path.GetTempPath(), "smos-noproject-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "obj"));
        File.WriteAllText(Path.Combine(dir, "obj", "stale.csproj"), "<Project />");
        try
        {
            Assert.Empty(UserProject.FindProjects(dir));
            var e = Assert.Throws<BuildsysException>(() => UserProject.Load(dir, [], new ProcessRunner(false)));
            Assert.Equal($"no .csproj in {dir} or below it: create an app there first (dotnet new smos-app -n NAME)", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
