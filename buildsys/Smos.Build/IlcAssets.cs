// Reads a NuGet project.assets.json to find the host ILC package version and folder the SDK restored.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Smos.Build;

/// <summary>Pure lookup of the ILC executable path from the text of project.assets.json.</summary>
internal static class IlcAssets
{
    /// <summary>The path of ilc for <paramref name="hostRid"/>; throws <see cref="BuildsysException"/> when absent.</summary>
    public static string Resolve(string assetsJson, string hostRid)
    {
        string package = $"runtime.{hostRid}.Microsoft.DotNet.ILCompiler";
        using var doc = JsonDocument.Parse(assetsJson);
        JsonElement root = doc.RootElement;

        var folders = new List<string>();
        if (root.TryGetProperty("packageFolders", out JsonElement packageFolders))
        {
            foreach (JsonProperty folder in packageFolders.EnumerateObject())
            {
                folders.Add(folder.Name);
            }
        }

        string version = FindVersion(root, package)
            ?? throw new BuildsysException($"project.assets.json does not mention {package}: the SDK did not restore a NativeAOT compiler for this host");
        string relative = Path.Combine(package.ToLowerInvariant(), version.ToLowerInvariant(), "tools", OperatingSystem.IsWindows() ? "ilc.exe" : "ilc");
        foreach (string folder in folders)
        {
            string candidate = Path.Combine(folder, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        if (folders.Count == 0)
        {
            throw new BuildsysException("project.assets.json lists no packageFolders");
        }

        return Path.Combine(folders[0], relative);
    }

    private static string? FindVersion(JsonElement root, string package)
    {
        // The SDK adds the host compiler as a download dependency: "[10.0.12, 10.0.12]".
        if (root.TryGetProperty("project", out JsonElement project) && project.TryGetProperty("frameworks", out JsonElement frameworks))
        {
            foreach (JsonProperty framework in frameworks.EnumerateObject())
            {
                if (!framework.Value.TryGetProperty("downloadDependencies", out JsonElement downloads))
                {
                    continue;
                }

                foreach (JsonElement download in downloads.EnumerateArray())
                {
                    if (download.TryGetProperty("name", out JsonElement name)
                        && string.Equals(name.GetString(), package, StringComparison.OrdinalIgnoreCase)
                        && download.TryGetProperty("version", out JsonElement range))
                    {
                        return ExactVersion(range.GetString() ?? string.Empty);
                    }
                }
            }
        }

        // Older SDKs made it a package dependency: the library key is "<id>/<version>".
        if (root.TryGetProperty("libraries", out JsonElement libraries))
        {
            foreach (JsonProperty library in libraries.EnumerateObject())
            {
                int slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                if (slash > 0 && string.Equals(library.Name[..slash], package, StringComparison.OrdinalIgnoreCase))
                {
                    return library.Name[(slash + 1)..];
                }
            }
        }

        return null;
    }

    /// <summary>"[10.0.12, 10.0.12]" or "10.0.12" -> "10.0.12".</summary>
    public static string ExactVersion(string range)
    {
        string trimmed = range.Trim().TrimStart('[', '(').TrimEnd(']', ')');
        int comma = trimmed.IndexOf(',', StringComparison.Ordinal);
        return (comma >= 0 ? trimmed[..comma] : trimmed).Trim();
    }
}
