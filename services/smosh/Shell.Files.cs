// smosh's file commands: ls, cat, rm, mkdir, cp, mv, df and sync over libsmos's File, Directory, FileStream and DriveInfo.
using System;
using System.Collections.Generic;
using System.Text;
using Smos.Lib;
using Smos.Lib.IO;
using Smos.Protocol;
using Smos.Services.Files;
using Smos.Services.Shell;
using IOException = System.IO.IOException;

namespace Smos.Smosh;

internal sealed partial class Shell
{
    private static readonly string[] Volumes = ["/data", "/boot"];

    // A command taking several paths does each on its own: an error prints one line (the command's name and the
    // exception's message, which names the path) and the next path goes on. Nothing the file API throws ends the shell.
    private void FileCommand(ShellCommand c)
    {
        string name = ShellCommands.NameOf(c.Kind);
        if (c.Kind == ShellCommandKind.Ls && c.Paths.Length == 0)
        {
            foreach (string app in Process.ListApps())
            {
                Out(app);
            }

            return;
        }

        int each = c.Kind is ShellCommandKind.Cp or ShellCommandKind.Mv or ShellCommandKind.Df or ShellCommandKind.Sync ? 1 : c.Paths.Length;
        for (int i = 0; i < each; i++)
        {
            try
            {
                switch (c.Kind)
                {
                    case ShellCommandKind.Ls:
                        List(c.Paths[i]);
                        break;
                    case ShellCommandKind.Cat:
                        Cat(c.Paths[i]);
                        break;
                    case ShellCommandKind.Rm:
                        Remove(c.Paths[i], c.Recursive);
                        break;
                    case ShellCommandKind.Mkdir:
                        Directory.CreateDirectory(c.Paths[i]);
                        break;
                    case ShellCommandKind.Cp:
                        Copy(c.Paths[0], c.Paths[1]);
                        break;
                    case ShellCommandKind.Mv:
                        Move(c.Paths[0], c.Paths[1]);
                        break;
                    case ShellCommandKind.Df:
                        Df();
                        break;
                    case ShellCommandKind.Sync:
                        FileSystem.Sync();
                        break;
                }
            }
            catch (Exception e)
            {
                Error(name + ": " + e.Message);
            }
        }
    }

    // ls PATH: a directory's entries sorted by name (ShellFormat.Entry), or one line for a file (its path as typed).
    private void List(string path)
    {
        FileStatus s = Stat("list", path);
        if (!s.IsDirectory)
        {
            Out(ShellFormat.Entry(path, false, (long)s.Length));
            return;
        }

        List<Directory.Entry> entries = Directory.List(path);
        entries.Sort(ByName);
        foreach (Directory.Entry e in entries)
        {
            Out(ShellFormat.Entry(e.Name, e.IsDirectory, e.Length));
        }
    }

    // cat FILE: to a file, the bytes as they are; to the console, the text (a UTF-8 character split between two reads
    // waits for its other bytes), a line end added if the file has none at its end, and no binary data (a zero byte).
    private void Cat(string path)
    {
        using FileStream f = File.OpenRead(path);
        long left = f.Length; // a file that grows meanwhile (cat a >> a) is printed as it was
        byte[] chunk = new byte[FileLimits.MaxTransfer];
        long offset = 0;
        int kept = 0;
        bool lineOpen = false;
        while (left > 0)
        {
            int n = f.Read(chunk, kept, (int)Math.Min(chunk.Length - kept, left));
            if (n == 0)
            {
                break; // the file shrank meanwhile
            }

            left -= n;
            if (ToFile)
            {
                OutBytes(chunk.AsSpan(0, n));
                continue;
            }

            int have = kept + n;
            int zero = chunk.AsSpan(0, have).IndexOf((byte)0);
            if (zero >= 0)
            {
                if (lineOpen)
                {
                    Console.WriteLine();
                }

                throw new IOException($"read '{path}': binary data (a zero byte at offset {offset + zero}), not printed; cat {path} > FILE copies it");
            }

            int whole = left == 0 ? have : ShellFormat.Utf8Complete(chunk.AsSpan(0, have));
            if (whole > 0)
            {
                Console.Write(Encoding.UTF8.GetString(chunk, 0, whole));
                lineOpen = chunk[whole - 1] != '\n';
            }

            kept = have - whole;
            chunk.AsSpan(whole, kept).CopyTo(chunk);
            offset += whole;
        }

        if (lineOpen)
        {
            Console.WriteLine();
        }
    }

    // rm [-r] PATH: a file; a directory only with -r (everything in it first); never a volume's root.
    private static void Remove(string path, bool recursive)
    {
        if (!Stat("delete", path).IsDirectory)
        {
            File.Delete(path);
            return;
        }

        if (VolumePath.Split(path, out _, out string inner) == PathProblem.None && inner == "/")
        {
            throw new IOException($"delete '{path}': {FileErrors.Describe(FileError.IsRoot)}");
        }

        if (!recursive)
        {
            throw new IOException($"delete '{path}': {FileErrors.Describe(FileError.IsADirectory)} (rm -r deletes it and everything in it)");
        }

        Directory.Delete(path, recursive: true);
    }

    // cp SRC DST: DST a file (replaced if there) or a directory (the copy goes into it, under SRC's name).
    private static void Copy(string source, string destination)
    {
        if (Stat("copy", source).IsDirectory)
        {
            throw new IOException($"copy '{source}': {FileErrors.Describe(FileError.IsADirectory)} (cp copies files)");
        }

        destination = Into(source, destination);
        if (string.Equals(source, destination, StringComparison.OrdinalIgnoreCase))
        {
            // File.Copy would empty the destination, the source itself, before reading it.
            string why = string.Equals(source, destination, StringComparison.Ordinal) ? "the same file" : "the same file (FAT names ignore case)";
            throw new IOException($"copy '{source}' to '{destination}': {why}");
        }

        File.Copy(source, destination, overwrite: true);
    }

    // mv SRC DST: a file or a directory; DST a new name, a file to replace, or a directory to move into.
    private static void Move(string source, string destination)
    {
        bool directory = Stat("move", source).IsDirectory;
        destination = Into(source, destination);
        VolumePath.Split(source, out Volume from, out _);
        VolumePath.Split(destination, out Volume to, out _);
        if (from != to || from == Volume.Boot)
        {
            // Before File.Move deletes a destination it would replace: the file server refuses these moves anyway.
            FileError why = from != to ? FileError.CrossVolume : FileError.ReadOnly;
            throw new IOException($"move '{source}' to '{destination}': {FileErrors.Describe(why)}");
        }

        if (string.Equals(source, destination, StringComparison.Ordinal))
        {
            throw new IOException($"move '{source}' to '{destination}': the same path");
        }

        if (directory)
        {
            Directory.Move(source, destination);
        }
        else
        {
            // Only a name that differs in case alone (/data/a to /data/A) is not replaced: on FAT it is the same file.
            File.Move(source, destination, overwrite: !string.Equals(source, destination, StringComparison.OrdinalIgnoreCase));
        }
    }

    // df: /data and /boot, then the open files (the file server's count, of every process).
    private void Df()
    {
        Out(ShellFormat.DfHeader);
        long open = 0;
        foreach (string volume in Volumes)
        {
            var d = new DriveInfo(volume);
            if (!d.IsReady)
            {
                Out(ShellFormat.DfNotReady(volume, d.Status));
                continue;
            }

            Out(ShellFormat.DfLine(volume, d.DriveFormat, d.TotalSize, d.TotalFreeSpace));
            open = d.OpenFiles;
        }

        Out(ShellFormat.DfOpenFiles(open));
    }

    /// <summary>
    /// Whether <paramref name="c"/> (or the command it times) uses the file server: a file command, or output to a file.
    /// </summary>
    private static bool UsesFiles(ShellCommand c)
    {
        if (c.Output is not null)
        {
            return true;
        }

        while (c.Kind == ShellCommandKind.Time)
        {
            c = c.Timed!;
        }

        return c.Kind switch
        {
            ShellCommandKind.Ls => c.Paths.Length > 0,
            ShellCommandKind.Cat or ShellCommandKind.Rm or ShellCommandKind.Mkdir or ShellCommandKind.Cp or ShellCommandKind.Mv
                or ShellCommandKind.Df or ShellCommandKind.Sync => true,
            _ => false,
        };
    }

    /// <summary>
    /// Before a command that uses the file server: if it was restarted since the last one (the supervisor restarts a
    /// killed or failed service), the shell's connection leads nowhere; a cheap call finds that, and the connection is
    /// dropped so that the command opens one to the new server.
    /// </summary>
    private static void KeepFileServer()
    {
        if (FileSystem.IsConnected && !FileSystem.Client.Stat("/").IsOk)
        {
            FileSystem.Disconnect();
        }
    }

    // What `path` names; throws as the file API does (FileNotFoundException for nothing there), naming `operation`.
    private static FileStatus Stat(string operation, string path)
    {
        Result<FileStatus> r = FileSystem.Client.Stat(path);
        if (!r.IsOk)
        {
            throw FileErrors.ToException(r.Error, operation, path);
        }

        return r.Value;
    }

    // `destination`, or destination/NAME (NAME: the last name of `source`) when it is an existing directory.
    private static string Into(string source, string destination)
    {
        Result<FileStatus> r = FileSystem.Client.Stat(destination);
        if (!r.IsOk || !r.Value.IsDirectory)
        {
            return destination;
        }

        string name = source.Substring(source.LastIndexOf('/') + 1);
        return destination == "/" ? "/" + name : destination + "/" + name;
    }

    private static int ByName(Directory.Entry a, Directory.Entry b) => string.CompareOrdinal(a.Name, b.Name);
}
