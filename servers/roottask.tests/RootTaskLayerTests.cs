// The root task's folders form layers without cycles (docs/architecture.md): checked on its sources, and the checker on a bad graph.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Smos.RootTask.Tests;

public class RootTaskLayerTests
{
    /// <summary>Each folder of servers/roottask (the files at its top are "Root") and the folders it may use.</summary>
    private static readonly Dictionary<string, string[]> MayUse = new(StringComparer.Ordinal)
    {
        ["Resources"] = [],
        ["Requests"] = ["Resources"],
        ["Processes"] = ["Resources", "Requests"],
        ["Connections"] = ["Processes", "Resources", "Requests"],
        ["Topics"] = ["Processes", "Resources", "Requests"],
        ["Front"] = ["Processes", "Connections", "Topics", "Resources", "Requests"],
        ["Platform"] = ["Resources"],
        ["Root"] = ["Front", "Processes", "Connections", "Topics", "Resources", "Requests", "Platform"],
    };

    [Fact]
    public void EveryFolderUsesOnlyTheLayersBelowIt()
    {
        Dictionary<string, Dictionary<string, string>> graph = SourceGraph(RootTaskDir());
        Assert.True(graph.ContainsKey("Front") && graph["Front"].ContainsKey("Processes"), "the scan found no Front -> Processes use: it is not reading the sources");
        var problems = new List<string>();
        foreach ((string from, Dictionary<string, string> uses) in graph)
        {
            Assert.True(MayUse.ContainsKey(from), $"servers/roottask/{from}/ has no row in this test's layer table");
            problems.AddRange(uses.Where(u => !MayUse[from].Contains(u.Key)).Select(u => $"{from} uses {u.Key} ({u.Value})"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void TheLayerTableHasNoCycle()
    {
        Assert.Null(FindCycle(MayUse.ToDictionary(p => p.Key, p => (IEnumerable<string>)p.Value)));
        Assert.Equal("Connections -> Processes -> Connections", FindCycle(new Dictionary<string, IEnumerable<string>>
        {
            ["Processes"] = ["Connections"],
            ["Connections"] = ["Processes"],
        }));
    }

    /// <summary>Folder -> (used folder -> "file: type" of the first use found), from type declarations and identifiers.</summary>
    internal static Dictionary<string, Dictionary<string, string>> SourceGraph(string dir)
    {
        var files = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("bin/", StringComparison.Ordinal))
            .ToDictionary(f => f, f => Clean(File.ReadAllText(Path.Combine(dir, f))));
        var declaredIn = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string file, string text) in files)
        {
            foreach (Match m in Regex.Matches(text, @"\b(?:class|struct|enum|interface|record)\s+(\w+)"))
            {
                declaredIn[m.Groups[1].Value] = FolderOf(file);
            }
        }

        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach ((string file, string text) in files)
        {
            string from = FolderOf(file);
            Dictionary<string, string> uses = graph.TryGetValue(from, out var u) ? u : graph[from] = new(StringComparer.Ordinal);
            foreach (Match m in Regex.Matches(text, @"\b[A-Z]\w*\b"))
            {
                if (declaredIn.TryGetValue(m.Value, out string? to) && to != from)
                {
                    uses.TryAdd(to, Path.GetFileName(file) + ": " + m.Value);
                }
            }
        }

        return graph;
    }

    private static string FolderOf(string file) => file.Contains('/', StringComparison.Ordinal) ? file[..file.IndexOf('/', StringComparison.Ordinal)] : "Root";

    // Comments, strings, using and namespace lines, and the root namespace's name say nothing about dependencies.
    private static string Clean(string text)
    {
        text = Regex.Replace(text, @"//[^\n]*", "");
        text = Regex.Replace(text, @"/\*.*?\*/", "", RegexOptions.Singleline);
        text = Regex.Replace(text, "\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        text = Regex.Replace(text, @"(?m)^\s*(using|namespace)\b[^\n]*", "");
        return text.Replace("Smos.RootTask", "", StringComparison.Ordinal);
    }

    /// <summary>A cycle as "A -> B -> A", or null.</summary>
    internal static string? FindCycle(IReadOnlyDictionary<string, IEnumerable<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (string start in graph.Keys.Order(StringComparer.Ordinal))
        {
            string? cycle = Visit(start);
            if (cycle is not null)
            {
                return cycle;
            }
        }

        return null;

        string? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2)
            {
                return null;
            }

            if (state.GetValueOrDefault(node) == 1)
            {
                return string.Join(" -> ", path.Skip(path.IndexOf(node)).Append(node));
            }

            state[node] = 1;
            path.Add(node);
            foreach (string next in graph.TryGetValue(node, out var n) ? n.Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
            {
                string? cycle = Visit(next);
                if (cycle is not null)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    private static string RootTaskDir()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "servers", "roottask");
            if (File.Exists(Path.Combine(candidate, "Smos.RootTask.csproj")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("servers/roottask not found above " + AppContext.BaseDirectory);
    }
}
