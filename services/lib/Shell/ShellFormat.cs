// What smosh's file commands print: ls's lines, df's table, and where cat may cut UTF-8 text between two reads.
using System;

namespace Smos.Services.Shell;

/// <summary>The output formats of the shell's file commands (the shell prints them; host tests pin them).</summary>
public static class ShellFormat
{
    /// <summary>The width of the size column of <c>ls</c>: a FAT32 file's largest size, 4294967295, fits.</summary>
    public const int SizeWidth = 10;

    /// <summary>The first line of <c>df</c>.</summary>
    public static readonly string DfHeader = Columns("VOLUME", "FORMAT", "TOTAL KiB", "USED KiB", "FREE KiB");

    /// <summary>
    /// A line of <c>ls</c>: a file's size in bytes, right-aligned, two spaces and its name (<c>        12  a.txt</c>);
    /// a directory has <c>-</c> for a size and a <c>/</c> after its name (<c>         -  notes/</c>).
    /// </summary>
    public static string Entry(string name, bool isDirectory, long length) =>
        isDirectory
            ? "-".PadLeft(SizeWidth) + "  " + name + "/"
            : length.ToString().PadLeft(SizeWidth) + "  " + name;

    /// <summary>
    /// A line of <c>df</c> for a mounted volume: its root, format, total, used and free space in KiB (rounded down;
    /// used is total minus free, so the columns add up).
    /// </summary>
    public static string DfLine(string volume, string format, long totalBytes, long freeBytes)
    {
        long total = totalBytes / 1024;
        long free = freeBytes / 1024;
        return Columns(volume, format, total.ToString(), (total - free).ToString(), free.ToString());
    }

    /// <summary>A line of <c>df</c> for a volume that is not mounted: its root and why.</summary>
    public static string DfNotReady(string volume, string why) => volume.PadRight(8) + "not mounted: " + why;

    /// <summary>The last line of <c>df</c>: the files open on the file server, by every process.</summary>
    public static string DfOpenFiles(long openFiles) => "open files: " + openFiles;

    /// <summary>
    /// How many bytes of <paramref name="bytes"/> end on a whole UTF-8 character: all of them, unless the last 1 to 3
    /// bytes start a character whose other bytes are not there yet (cat keeps those for its next read).
    /// </summary>
    public static int Utf8Complete(ReadOnlySpan<byte> bytes)
    {
        int stop = Math.Max(0, bytes.Length - 3);
        for (int i = bytes.Length - 1; i >= stop; i--)
        {
            byte b = bytes[i];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: look further back for its lead
            }

            int need = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return i + need > bytes.Length ? i : bytes.Length;
        }

        return bytes.Length; // only continuation bytes at the end: not UTF-8, nothing to wait for
    }

    private static string Columns(string volume, string format, string total, string used, string free) =>
        volume.PadRight(8) + format.PadRight(8) + total.PadLeft(11) + used.PadLeft(12) + free.PadLeft(12);
}
