// The apps archive linked into the root task by buildsys (CPIO newc: one ELF per app, plus the init list).
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Smos.Formats;
using Smos.RootTask.Requests;

namespace Smos.RootTask.Processes;

internal static unsafe class AppArchive
{
    public static ReadOnlySpan<byte> Bytes
    {
        get
        {
            byte* start;
            byte* end;
            AppsBounds(&start, &end);
            return new ReadOnlySpan<byte>(start, (int)(end - start));
        }
    }

    /// <summary>The ELF of app <paramref name="name"/>, or <see cref="CpioResult.NotFound"/>.</summary>
    public static CpioResult Find(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> elf)
    {
        // "init" and "demos/..." are lists in the archive, not apps.
        if (name.Length == 0 || Bytes.Length == 0 || ByteStrings.Equal(name, "init"u8) || ByteStrings.Contains(name, (byte)'/'))
        {
            elf = default;
            return CpioResult.NotFound;
        }

        return Cpio.Find(Bytes, name, out elf);
    }

    /// <summary>The init list: lines "name arg1 arg2 ..." with '#' comments.</summary>
    public static ReadOnlySpan<byte> InitList => Cpio.Find(Bytes, "init"u8, out ReadOnlySpan<byte> init) == CpioResult.Ok ? init : default;

    /// <summary>The <paramref name="index"/>-th demo ("demos/&lt;name&gt;" entries, in archive order).</summary>
    public static bool FindDemo(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> list)
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

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_apps_bounds")]
    private static extern void AppsBounds(byte** start, byte** end);
}
