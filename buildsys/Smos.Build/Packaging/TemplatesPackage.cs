// SmosSharp.Templates' contents: the repository's templates as projects on SmosSharp.Sdk (dotnet new smos-app, smos-server, smos-system).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Smos.Build.Packaging;

/// <summary>
/// The layout of SmosSharp.Templates (package type Template): content/&lt;template&gt;/ for each folder of templates/.
/// smos-app and smos-server are the repository's own templates (their projects import kernel-glue/Target.props and
/// reference the layers by path); <see cref="ToSdkProject"/> turns such a project into one on <c>SmosSharp.Sdk/VERSION</c>.
/// smos-system is written for the SDK already: the pack replaces <see cref="VersionToken"/> in its files (global.json's
/// msbuild-sdks entry) with the version.
/// </summary>
internal static class TemplatesPackage
{
    public const string Id = "SmosSharp.Templates";

    /// <summary>The text the pack replaces with <see cref="PackageVersions.SmosSharp"/> in a template's files.</summary>
    public const string VersionToken = "SMOSSHARP_VERSION";

    public static string Description =>
        $"SmosSharp {PackageVersions.SmosSharp} templates for seL4 {PackageVersions.Sel4Release}: smos-app (an app), smos-server (a server), " +
        "smos-system (a server and a client over a typed protocol), all on SmosSharp.Sdk.";

    /// <summary>
    /// Writes every template's files, rewritten where needed, under <paramref name="stageDir"/> and returns them as the
    /// package's files (content/&lt;template&gt;/...). bin/ and obj/ folders are left out.
    /// </summary>
    public static IReadOnlyList<PackageFile> Stage(Repo repo, string stageDir)
    {
        string templates = repo.InRepo("templates");
        if (Directory.Exists(stageDir))
        {
            Directory.Delete(stageDir, recursive: true);
        }

        var files = new List<PackageFile>();
        foreach (string template in Directory.GetDirectories(templates).Order(StringComparer.Ordinal))
        {
            foreach (string source in Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string relative = Path.GetRelativePath(templates, source).Replace(Path.DirectorySeparatorChar, '/');
                if (relative.Split('/').Any(part => part is "bin" or "obj"))
                {
                    continue;
                }

                string staged = Path.Combine(stageDir, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
                string text = File.ReadAllText(source);
                if (source.EndsWith(".csproj", StringComparison.Ordinal) && text.Contains("kernel-glue/Target.props", StringComparison.Ordinal))
                {
                    text = ToSdkProject(text, PackageVersions.SmosSharp);
                }

                File.WriteAllText(staged, text.Replace(VersionToken, PackageVersions.SmosSharp, StringComparison.Ordinal));
                files.Add(new(staged, "content/" + relative));
            }
        }

        if (files.Count == 0)
        {
            throw new BuildsysException($"pack: no templates in {repo.Show(templates)}");
        }

        return files;
    }

    /// <summary>
    /// A repository app project as a project on <c>SmosSharp.Sdk/<paramref name="version"/></c>: the import of
    /// Target.props, the references to the layers by path and <c>SmosApp</c> go (the SDK supplies them: an Exe is an
    /// app); the leading comment says where the ELF goes.
    /// </summary>
    public static string ToSdkProject(string projectText, string version)
    {
        XDocument doc = XDocument.Parse(projectText);
        XElement project = doc.Root ?? throw new BuildsysException("pack: a template project without a root element");
        project.SetAttributeValue("Sdk", $"{SdkPackage.Id}/{version}");
        var gone = project.Elements("Import").Where(i => ((string?)i.Attribute("Project") ?? "").Contains("Target.props", StringComparison.Ordinal))
            .Concat(project.Descendants("ProjectReference").Where(r => ((string?)r.Attribute("Include") ?? "").StartsWith("../../", StringComparison.Ordinal)))
            .Concat(project.Descendants("SmosApp"))
            .ToList();
        foreach (XElement element in gone)
        {
            // A comment right before a removed element explains it: it goes too.
            if (element.PreviousNode is XComment comment)
            {
                comment.Remove();
            }

            element.Remove();
        }

        project.Descendants().Where(e => e.Name.LocalName is "ItemGroup" or "PropertyGroup" && !e.HasElements).ToList().ForEach(e => e.Remove());
        XComment? lead = doc.Nodes().OfType<XComment>().FirstOrDefault();
        string name = project.Descendants("OutputType").Any() ? "app" : "project";
        var header = new XComment($" A SmosSharp {name} on {SdkPackage.Id}: `dotnet build` makes bin/<Configuration>/net10.0/<folder name>.elf, an seL4 app ELF. ");
        if (lead is not null)
        {
            lead.ReplaceWith(header);
        }
        else
        {
            doc.AddFirst(header);
        }

        return string.Join('\n', doc.Nodes().Select(n => n.ToString())) + "\n";
    }
}
