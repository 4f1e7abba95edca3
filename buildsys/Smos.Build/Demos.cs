// Demo scenarios: apps/demos/<name> files in init-list format, packed into the apps archive as demos/<name>.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Smos.Build;

/// <summary>
/// A demo is an init list run by the root task after the boot init list: each line "name args...", and a line
/// starting with '!' marks an app whose exit code decides the demo (all of them must exit 0). The root task prints
/// <c>SMOS-DEMO &lt;name&gt;: PASS</c> or <c>FAIL &lt;reason&gt;</c> and ends the demo's other processes.
/// </summary>
internal static class Demos
{
    public const string Folder = "demos";

    public static string DirectoryOf(Repo repo) => repo.InRepo(Programs.AppsFolder + "/" + Folder);

    /// <summary>The demos to pack: all of them, or those named in <paramref name="only"/> (unknown names are an error).</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Load(Repo repo, IReadOnlyCollection<string> appNames, IReadOnlyCollection<string> only) =>
        Load(repo, DirectoryOf(repo), appNames, only);

    /// <summary>The demos of folder <paramref name="dir"/> (a user's folder's demos/ outside the repository).</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Load(Repo repo, string dir, IReadOnlyCollection<string> appNames, IReadOnlyCollection<string> only)
    {
        var all = Directory.Exists(dir)
            ? Directory.GetFiles(dir).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];
        var names = all.Select(Path.GetFileName).ToList();
        foreach (string wanted in only)
        {
            if (!names.Contains(wanted))
            {
                string known = names.Count == 0 ? "there are none" : string.Join(", ", names);
                throw new BuildsysException($"--demo {wanted}: no such demo in {repo.Show(dir)} ({known})");
            }
        }

        var demos = new List<(string, byte[])>();
        foreach (string file in all)
        {
            string name = Path.GetFileName(file);
            if (only.Count > 0 && !only.Contains(name))
            {
                continue;
            }

            byte[] bytes = File.ReadAllBytes(file);
            string text = Encoding.Latin1.GetString(bytes);
            // '!' only marks the deciding apps; validate the rest like an init list.
            IReadOnlyList<InitEntry> entries = InitList.Parse(text.Replace("!", string.Empty, StringComparison.Ordinal), repo.Show(file));
            InitList.Validate(entries, appNames, repo.Show(file));
            if (!text.Contains('!', StringComparison.Ordinal))
            {
                throw new BuildsysException($"{repo.Show(file)}: no line starts with '!': mark the app(s) whose exit code decides the demo");
            }

            demos.Add((name, bytes));
        }

        return demos;
    }
}
