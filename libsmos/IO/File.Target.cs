// System.IO.File's shape over the file server: whole files as bytes, text or lines; exists, delete, move, copy, open.
#if SMOS_TARGET
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Smos.Protocol;

namespace Smos.Lib.IO;

/// <summary>
/// Whole-file operations, as .NET's <c>System.IO.File</c>, on paths under <c>/data</c> (read-write) and <c>/boot</c>
/// (read-only). Failures throw <see cref="FileNotFoundException"/>, <see cref="DirectoryNotFoundException"/> or
/// <see cref="IOException"/> with a message naming the operation, the path and the reason.
/// </summary>
/// <example><code>
/// File.WriteAllText("/data/greeting.txt", "hello\n");
/// File.AppendAllText("/data/greeting.txt", "again\n");
/// string text = File.ReadAllText("/data/greeting.txt");   // "hello\nagain\n"
/// </code></example>
public static class File
{
    /// <summary>True if <paramref name="path"/> names an existing file (false for a directory, a bad path or no file server).</summary>
    public static bool Exists(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        try
        {
            Result<FileStatus> s = FileSystem.Client.Stat(path);
            return s.IsOk && !s.Value.IsDirectory;
        }
        catch (IOException)
        {
            return false; // no file server: nothing exists (as .NET, Exists never throws)
        }
    }

    /// <summary>The file's bytes.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        using FileStream f = Open(path, FileMode.Open, FileAccess.Read);
        long length = f.Length;
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < bytes.Length)
        {
            int n = f.Read(bytes, done, bytes.Length - done);
            if (n == 0)
            {
                break; // the file shrank while we read it
            }

            done += n;
        }

        return done == bytes.Length ? bytes : bytes.AsSpan(0, done).ToArray();
    }

    /// <summary>The file's text (UTF-8).</summary>
    public static string ReadAllText(string path) => Encoding.UTF8.GetString(ReadAllBytes(path));

    /// <summary>The file's lines (split at "\n"; a "\r" before it is dropped; no empty last line for a final newline).</summary>
    public static string[] ReadAllLines(string path)
    {
        string text = ReadAllText(path);
        var lines = new List<string>();
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            int stop = end < 0 ? text.Length : end;
            int cut = stop > start && text[stop - 1] == '\r' ? stop - 1 : stop;
            lines.Add(text.Substring(start, cut - start));
            start = end < 0 ? text.Length : end + 1;
        }

        return lines.ToArray();
    }

    /// <summary>Creates (or replaces) the file with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        using FileStream f = Open(path, FileMode.Create, FileAccess.Write);
        f.Write(bytes ?? Array.Empty<byte>(), 0, bytes?.Length ?? 0);
    }

    /// <summary>Creates (or replaces) the file with <paramref name="contents"/> as UTF-8.</summary>
    public static void WriteAllText(string path, string? contents) => WriteAllBytes(path, Encoding.UTF8.GetBytes(contents ?? ""));

    /// <summary>Creates (or replaces) the file with each line followed by "\n".</summary>
    public static void WriteAllLines(string path, IEnumerable<string> lines) => WriteAllText(path, Joined(lines));

    /// <summary>Appends <paramref name="contents"/> (UTF-8) to the file, creating it when it does not exist.</summary>
    public static void AppendAllText(string path, string? contents)
    {
        using FileStream f = Open(path, FileMode.Append, FileAccess.Write);
        byte[] bytes = Encoding.UTF8.GetBytes(contents ?? "");
        f.Write(bytes, 0, bytes.Length);
    }

    /// <summary>Appends each line followed by "\n".</summary>
    public static void AppendAllLines(string path, IEnumerable<string> lines) => AppendAllText(path, Joined(lines));

    /// <summary>Deletes the file; nothing happens when it does not exist (as .NET). A directory is an <see cref="IOException"/>.</summary>
    public static void Delete(string path)
    {
        Result<FileStatus> s = FileSystem.Client.Stat(path);
        if (!s.IsOk && FileErrors.Of(s.Error) == FileError.NotFound)
        {
            return;
        }

        if (s.IsOk && s.Value.IsDirectory)
        {
            throw new IOException($"delete '{path}': {FileErrors.Describe(FileError.IsADirectory)} (use Directory.Delete)");
        }

        FileSystem.Check(FileSystem.Client.Delete(path), "delete", path);
    }

    /// <summary>Renames or moves the file; with <paramref name="overwrite"/> an existing destination file is replaced.</summary>
    public static void Move(string sourceFileName, string destFileName, bool overwrite = false)
    {
        if (overwrite && Exists(destFileName))
        {
            Delete(destFileName);
        }

        FileSystem.Check(FileSystem.Client.Move(sourceFileName, destFileName), "move", $"{sourceFileName}' to '{destFileName}");
    }

    /// <summary>Copies the file; with <paramref name="overwrite"/> an existing destination is replaced.</summary>
    public static void Copy(string sourceFileName, string destFileName, bool overwrite = false)
    {
        using FileStream from = Open(sourceFileName, FileMode.Open, FileAccess.Read);
        using FileStream to = Open(destFileName, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write);
        from.CopyTo(to, FileLimits.MaxTransfer);
    }

    /// <summary>Opens the file as a stream (<see cref="FileMode"/> and <see cref="FileAccess"/> as .NET's).</summary>
    public static FileStream Open(string path, FileMode mode, FileAccess access = FileAccess.ReadWrite) => new FileStream(path, mode, access);

    /// <summary>Opens an existing file for reading.</summary>
    public static FileStream OpenRead(string path) => new FileStream(path, FileMode.Open, FileAccess.Read);

    /// <summary>Opens or creates the file for writing (from its start; not cut).</summary>
    public static FileStream OpenWrite(string path) => new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write);

    /// <summary>Creates (or cuts to 0) the file, open for reading and writing.</summary>
    public static FileStream Create(string path) => new FileStream(path, FileMode.Create, FileAccess.ReadWrite);

    private static string Joined(IEnumerable<string> lines)
    {
        var b = new StringBuilder();
        foreach (string line in lines)
        {
            b.Append(line).Append('\n');
        }

        return b.ToString();
    }
}
#endif
