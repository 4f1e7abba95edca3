// Where smosh's built-ins print: the console, or the file of "> FILE" / ">> FILE" (buffered, 4 KiB a call); errors always on the console.
using System;
using Smos.Lib.IO;
using Smos.Services.Shell;

namespace Smos.Smosh;

internal sealed partial class Shell
{
    // The file of the running command's "> FILE" (null: its output goes to the console), and what waits to be written.
    private readonly byte[] _pending = new byte[FileLimits.MaxTransfer];
    private FileStream? _output;
    private int _pendingCount;

    /// <summary>
    /// Runs <paramref name="c"/>. With <c>&gt; FILE</c> the file is opened first (created, or emptied as sh does), so a
    /// file that cannot be written stops the command before it runs; <c>&gt;&gt; FILE</c> appends (creating it if
    /// missing). An error with the file prints one line naming the command; the shell goes on.
    /// </summary>
    public void Execute(ShellCommand c)
    {
        if (UsesFiles(c))
        {
            KeepFileServer();
        }

        if (c.Output is null)
        {
            Dispatch(c);
            return;
        }

        string name = ShellCommands.NameOf(c.Kind);
        try
        {
            _output = new FileStream(c.Output.Path, c.Output.Append ? FileMode.Append : FileMode.Create, FileAccess.Write);
        }
        catch (Exception e)
        {
            Error(name + ": " + e.Message);
            return;
        }

        try
        {
            Dispatch(c);
            FlushOutput();
        }
        catch (Exception e)
        {
            Error(name + ": " + e.Message);
        }
        finally
        {
            FileStream file = _output!;
            _output = null;
            _pendingCount = 0;
            file.Dispose();
        }
    }

    /// <summary>Whether the running command's output goes to a file (cat copies bytes as they are then).</summary>
    private bool ToFile => _output is not null;

    /// <summary>A line of the command's output, to the console or to its file.</summary>
    private void Out(string line)
    {
        if (_output is null)
        {
            Console.WriteLine(line);
            return;
        }

        OutBytes(System.Text.Encoding.UTF8.GetBytes(line));
        OutBytes("\n"u8);
    }

    /// <summary>Bytes of the command's output to its file (only while <see cref="ToFile"/>).</summary>
    private void OutBytes(ReadOnlySpan<byte> bytes)
    {
        if (_pendingCount + bytes.Length > _pending.Length)
        {
            FlushOutput();
        }

        if (bytes.Length >= _pending.Length)
        {
            _output!.Write(bytes);
            return;
        }

        bytes.CopyTo(_pending.AsSpan(_pendingCount));
        _pendingCount += bytes.Length;
    }

    // Writes what waits; a failed write drops it (the error names the file), so nothing is written twice.
    private void FlushOutput()
    {
        int n = _pendingCount;
        _pendingCount = 0;
        if (n > 0)
        {
            _output!.Write(_pending, 0, n);
        }
    }

    /// <summary>One line of error, on the console whatever <c>&gt; FILE</c> says.</summary>
    private static void Error(string line) => Console.WriteLine(line);
}
