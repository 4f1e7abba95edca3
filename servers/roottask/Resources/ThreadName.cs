// The debug name of a process's thread, "name[pid]": what the debug kernel keeps and the gdb helper (tools/gdb/smos.py) shows.
using System;
using Smos.Protocol;

namespace Smos.RootTask.Resources;

/// <summary>
/// Formats a process's thread name as <c>name[pid]</c>, the form of the processes' serial lines (<c>hello[65520]: ...</c>)
/// and of syslog. The debug kernel keeps it for its own messages, and the gdb helper's <c>smos-where</c> and
/// <c>smos-ps</c> split it back into the app's name and the pid.
/// </summary>
internal static class ThreadName
{
    /// <summary>Bytes enough for any app name (ProcessAbi.MaxAppNameBytes), the brackets and a 20-digit pid.</summary>
    public const int MaxBytes = ProcessAbi.MaxAppNameBytes + 22;

    /// <summary>Writes <c>name[pid]</c> to <paramref name="destination"/> (at least <see cref="MaxBytes"/> long) and returns its length.</summary>
    public static int Format(Span<byte> destination, ReadOnlySpan<byte> name, ulong pid)
    {
        name.CopyTo(destination);
        int n = name.Length;
        destination[n++] = (byte)'[';
        Span<char> digits = stackalloc char[20];
        pid.TryFormat(digits, out int written); // 20 digits hold any ulong
        for (int i = 0; i < written; i++)
        {
            destination[n++] = (byte)digits[i];
        }

        destination[n++] = (byte)']';
        return n;
    }
}
