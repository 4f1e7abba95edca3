// System.IO.Directory's shape over the file server: list files and directories, create (with parents), delete, exists.
#if SMOS_TARGET
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Smos.Protocol;

namespace Smos.Lib.IO;

/// <summary>
/// Directory operations, as .NET's <c>System.IO.Directory</c>. Listings return full paths (<c>/data/notes/a.txt</c>),
/// in the order the directory holds them. <c>/</c> holds <c>/boot</c> and <c>/data</c>.
/// </summary>
/// <example><code>
/// Directory.CreateDirectory("/data/notes/2026");
/// foreach (string f in Directory.GetFiles("/data/notes")) { Console.WriteLine(f); }
/// </code></example>
public static class Directory
{
    /// <summary>True if <paramref name="path"/> names an existing directory (false for a file, a bad path or no file server).</summary>
    public static bool Exists(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        try
        {
            Result<FileStatus> s = FileSystem.Client.Stat(path);
            return s.IsOk && s.Value.IsDirectory;
        }
        catch (IOException)
        {
            return false; // no file server: nothing exists (as .NET, Exists never throws)
        }
    }

    /// <summary>Creates the directory and any missing parents; nothing happens for one that exists.</summary>
    public static void CreateDirectory(string path)
    {
        if (Exists(path))
        {
            return;
        }

        int slash = path.LastIndexOf('/');
        if (slash > 0 && !Exists(path.Substring(0, slash)))
        {
            CreateDirectory(path.Substring(0, slash));
        }

        FileSystem.Check(FileSystem.Client.CreateDirectory(path), "create directory", path, isDirectory: true);
    }

    /// <summary>Deletes the directory: empty, or with <paramref name="recursive"/> everything in it first.</summary>
    public static void Delete(string path, bool recursive = false)
    {
        if (recursive)
        {
            foreach (Entry e in List(path))
            {
                string child = Combine(path, e.Name);
                if (e.IsDirectory)
                {
                    Delete(child, true);
                }
                else
                {
                    FileSystem.Check(FileSystem.Client.Delete(child), "delete", child);
                }
            }
        }

        FileSystem.Check(FileSystem.Client.Delete(path), "delete directory", path, isDirectory: true);
    }

    /// <summary>Moves (renames) the directory.</summary>
    public static void Move(string sourceDirName, string destDirName) =>
        FileSystem.Check(FileSystem.Client.Move(sourceDirName, destDirName), "move", $"{sourceDirName}' to '{destDirName}", isDirectory: true);

    /// <summary>The full paths of the files in <paramref name="path"/>.</summary>
    public static string[] GetFiles(string path) => Paths(path, files: true, directories: false);

    /// <summary>The full paths of the directories in <paramref name="path"/>.</summary>
    public static string[] GetDirectories(string path) => Paths(path, files: false, directories: true);

    /// <summary>The full paths of every entry in <paramref name="path"/>.</summary>
    public static string[] GetFileSystemEntries(string path) => Paths(path, files: true, directories: true);

    /// <summary>The entries of <paramref name="path"/> with their kind and length, as the file server lists them.</summary>
    public static List<Entry> List(string path)
    {
        var entries = new List<Entry>();
        while (true)
        {
            byte[] chunk = FileSystem.Check(FileSystem.Client.List(path, entries.Count), "list", path, isDirectory: true);
            int before = entries.Count;
            Parse(Encoding.UTF8.GetString(chunk), entries);
            if (entries.Count == before)
            {
                return entries;
            }
        }
    }

    private static string[] Paths(string path, bool files, bool directories)
    {
        var paths = new List<string>();
        foreach (Entry e in List(path))
        {
            if (e.IsDirectory ? directories : files)
            {
                paths.Add(Combine(path, e.Name));
            }
        }

        return paths.ToArray();
    }

    private static string Combine(string directory, string name) => directory.EndsWith('/') ? directory + name : directory + "/" + name;

    // Lines "d NAME" and "f LENGTH NAME" (IFiles.List).
    private static void Parse(string text, List<Entry> into)
    {
        foreach (string line in text.Split('\n'))
        {
            if (line.Length > 2 && line[0] == 'd' && line[1] == ' ')
            {
                into.Add(new Entry(line.Substring(2), true, 0));
            }
            else if (line.Length > 2 && line[0] == 'f' && line[1] == ' ')
            {
                int space = line.IndexOf(' ', 2);
                if (space > 2 && long.TryParse(line.AsSpan(2, space - 2), out long length))
                {
                    into.Add(new Entry(line.Substring(space + 1), false, length));
                }
            }
        }
    }

    /// <summary>One entry of a directory listing.</summary>
    public readonly struct Entry
    {
        /// <summary>An entry named <paramref name="name"/>.</summary>
        public Entry(string name, bool isDirectory, long length)
        {
            Name = name;
            IsDirectory = isDirectory;
            Length = length;
        }

        /// <summary>The entry's name (no path).</summary>
        public string Name { get; }

        /// <summary>True for a directory.</summary>
        public bool IsDirectory { get; }

        /// <summary>A file's length in bytes.</summary>
        public long Length { get; }
    }
}
#endif
