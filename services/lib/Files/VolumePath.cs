// The file server's path routing: "/data/..." and "/boot/..." to a volume and the path inside it; checks length and form.
using System;
using System.Text;

namespace Smos.Services.Files;

/// <summary>The volumes of the file server's name space.</summary>
public enum Volume
{
    /// <summary>The root "/": holds the two volumes' directories and nothing else.</summary>
    Root = 0,

    /// <summary>"/data": the disk's FAT32 file system.</summary>
    Data = 1,

    /// <summary>"/boot": the apps of the boot archive, read-only.</summary>
    Boot = 2,
}

/// <summary>Why a path was refused before any volume saw it.</summary>
public enum PathProblem
{
    /// <summary>The path is fine.</summary>
    None = 0,

    /// <summary>Empty, relative, an empty name ("//"), or under neither /boot nor /data.</summary>
    BadName,

    /// <summary>Longer than <see cref="VolumePath.MaxPathBytes"/> bytes of UTF-8.</summary>
    TooLong,

    /// <summary>Names "/boot" or "/data" under another volume's prefix ("/datafoo") or is "/" with something after it: not found.</summary>
    NotFound,
}

/// <summary>
/// Splits a client's absolute path into its volume and the path inside that volume: <c>/data/a/b</c> is "/a/b" on
/// <see cref="Volume.Data"/>, <c>/data</c> and <c>/data/</c> are "/" there, <c>/</c> is the root. One trailing '/' is
/// dropped; an empty name ("//") is refused here; nothing else is rewritten ("." and ".." reach the volume, which refuses
/// them as bad names).
/// </summary>
public static class VolumePath
{
    /// <summary>The longest path, in UTF-8 bytes.</summary>
    public const int MaxPathBytes = 1024;

    /// <summary>Routes <paramref name="path"/>; on a problem <paramref name="inner"/> is "".</summary>
    public static PathProblem Split(string? path, out Volume volume, out string inner)
    {
        volume = Volume.Root;
        inner = "";
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return PathProblem.BadName;
        }

        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            return PathProblem.TooLong;
        }

        if (path.Contains("//", StringComparison.Ordinal))
        {
            return PathProblem.BadName; // an empty name
        }

        if (path.Length > 1 && path[path.Length - 1] == '/')
        {
            path = path.Substring(0, path.Length - 1);
        }

        if (path == "/")
        {
            inner = "/";
            return PathProblem.None;
        }

        if (Under(path, "/data", out inner))
        {
            volume = Volume.Data;
            return PathProblem.None;
        }

        if (Under(path, "/boot", out inner))
        {
            volume = Volume.Boot;
            return PathProblem.None;
        }

        return path.IndexOf('/', 1) < 0 && path.Length > 1 ? PathProblem.NotFound : PathProblem.BadName;
    }

    private static bool Under(string path, string prefix, out string inner)
    {
        inner = "";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (path.Length == prefix.Length)
        {
            inner = "/";
            return true;
        }

        if (path[prefix.Length] != '/')
        {
            return false;
        }

        inner = path.Substring(prefix.Length);
        return true;
    }
}
