// The apps archive (CPIO newc: one ELF per app, the init list and the demo lists): lookups by name.
using System;
using Smos.Formats;
using Smos.RootTask.Requests;

namespace Smos.RootTask.Processes;

/// <summary>
/// A read-only view of the apps archive. On the target it is the archive buildsys links into the root task
/// (<see cref="LinkedApps"/>); host tests build one with the CPIO writer.
/// </summary>
internal sealed unsafe class AppArchive
{
    private readonly byte* _start;
    private readonly int _length;

    /// <summary>The archive at <paramref name="start"/>; the memory must stay valid and unchanged for the archive's lifetime.</summary>
    public AppArchive(byte* start, int length)
    {
        _start = start;
        _length = length < 0 ? 0 : length;
    }

    public ReadOnlySpan<byte> Bytes => new ReadOnlySpan<byte>(_start, _length);

    /// <summary>The ELF of app <paramref name="name"/>, or <see cref="CpioResult.NotFound"/>.</summary>
    public CpioResult Find(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> elf)
    {
        // "init" and "demos/..." are lists in the archive, not apps.
        if (name.Length == 0 || _length == 0 || ByteStrings.Equal(name, "init"u8) || ByteStrings.Contains(name, (byte)'/'))
        {
            elf = default;
            return CpioResult.NotFound;
        }

        return Cpio.Find(Bytes, name, out elf);
    }

    /// <summary>The init list: lines "name arg1 arg2 ..." with '#' comments.</summary>
    public ReadOnlySpan<byte> InitList => Cpio.Find(Bytes, "init"u8, out ReadOnlySpan<byte> init) == CpioResult.Ok ? init : default;

    /// <summary>The <paramref name="index"/>-th demo ("demos/&lt;name&gt;" entries, in archive order).</summary>
    public bool FindDemo(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> list)
    {
        var reader = new CpioReader(Bytes);
        int seen = 0;
        while (reader.Next(out CpioEntry entry) == CpioResult.Ok)
        {
            ReadOnlySpan<byte> n = Cpio.StripDotSlash(entry.Name);
            if (n.Length > 6 && ByteStrings.Equal(n.Slice(0, 6), "demos/"u8) && seen++ == index)
            {
                name = n.Slice(6);
                list = entry.Data;
                return true;
            }
        }

        name = default;
        list = default;
        return false;
    }
}
