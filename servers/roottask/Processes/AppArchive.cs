// The apps archive (CPIO newc: one ELF per app, the init list and the demo lists): lookups by name through an index.
using System;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Requests;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Processes;

/// <summary>
/// A read-only view of the apps archive. On the target it is the archive buildsys links into the root task
/// (<see cref="LinkedApps"/>); host tests build one with the CPIO writer. The archive is read once, when the view is
/// made: each member's name goes into a hash map with where its data lies, so that a spawn's lookup costs the same
/// however many apps the archive holds (a walk of the newc headers cost every spawn about 9,000 instructions per app).
/// </summary>
internal sealed unsafe class AppArchive
{
    private readonly byte* _start;
    private readonly int _length;
    private readonly NameHashMap _index = new(64);
    private int[] _offsets = new int[64];
    private int[] _lengths = new int[64];
    private int[] _pages = new int[64]; // each member's ELF page count once a spawn has validated it (0: not yet)
    private int _members;

    /// <summary>What reading the archive ended with past its last indexed member: End, or the reader's error.</summary>
    private readonly CpioResult _ended;

    /// <summary>The archive at <paramref name="start"/>; the memory must stay valid and unchanged for the archive's lifetime.</summary>
    public AppArchive(byte* start, int length)
    {
        _start = start;
        _length = length < 0 ? 0 : length;
        _ended = _length == 0 ? CpioResult.End : Index();
    }

    // Every member with a name of at most 32 bytes (an app's is at most 31; the first of a name wins, as a walk finds it).
    private CpioResult Index()
    {
        var reader = new CpioReader(Bytes);
        CpioResult result;
        while ((result = reader.Next(out CpioEntry entry)) == CpioResult.Ok)
        {
            ReadOnlySpan<byte> name = Cpio.StripDotSlash(entry.Name);
            if (name.Length == 0 || name.Length > NameHashMap.MaxNameBytes || _index.Find(name) >= 0)
            {
                continue;
            }

            if (_members == _offsets.Length)
            {
                _offsets = Grown(_offsets);
                _lengths = Grown(_lengths);
                _pages = Grown(_pages);
            }

            fixed (byte* data = entry.Data)
            {
                _offsets[_members] = entry.Data.Length == 0 ? 0 : (int)(data - _start);
            }

            _lengths[_members] = entry.Data.Length;
            _index.Add(name, _members++);
        }

        return result;
    }

    private static int[] Grown(int[] old)
    {
        int[] bigger = new int[old.Length * 2];
        new ReadOnlySpan<int>(old).CopyTo(new Span<int>(bigger));
        return bigger;
    }

    // The data of the member named `name` (any leading "./" ignored), or NotFound (the reader's error if it stopped early).
    private CpioResult Lookup(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data)
    {
        int i = _index.Find(Cpio.StripDotSlash(name));
        if (i < 0)
        {
            data = default;
            return _ended == CpioResult.End ? CpioResult.NotFound : _ended;
        }

        data = new ReadOnlySpan<byte>(_start + _offsets[i], _lengths[i]);
        return CpioResult.Ok;
    }

    public ReadOnlySpan<byte> Bytes => new ReadOnlySpan<byte>(_start, _length);

    /// <summary>The ELF of app <paramref name="name"/>, or <see cref="CpioResult.NotFound"/>.</summary>
    public CpioResult Find(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> elf) => Find(name, out elf, out _);

    /// <summary>
    /// The ELF of app <paramref name="name"/> and its member's number (for <see cref="PlannedPages"/>), or
    /// <see cref="CpioResult.NotFound"/> (member -1).
    /// </summary>
    public CpioResult Find(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> elf, out int member)
    {
        member = -1;
        // "init" and "demos/..." are lists in the archive, not apps; no app's name is longer than the index holds
        // (ProcessAbi.MaxAppNameBytes: buildsys refuses such an app, and the index leaves out such a member).
        if (name.Length == 0 || name.Length > NameHashMap.MaxNameBytes || _length == 0 || ByteStrings.Equal(name, "init"u8) ||
            ByteStrings.Contains(name, (byte)'/'))
        {
            elf = default;
            return CpioResult.NotFound;
        }

        member = _index.Find(Cpio.StripDotSlash(name));
        return Lookup(name, out elf);
    }

    /// <summary>
    /// The page count the spawner's validation of member <paramref name="member"/>'s ELF gave (ElfMapPlan.Count), or 0
    /// before any: the archive never changes, so an app's ELF is validated at its first spawn only.
    /// </summary>
    public int PlannedPages(int member) => member >= 0 && member < _members ? _pages[member] : 0;

    /// <summary>Records the page count of member <paramref name="member"/>'s ELF, which ElfMapPlan.Count accepted.</summary>
    public void RememberPages(int member, int pages)
    {
        if (member >= 0 && member < _members && pages > 0)
        {
            _pages[member] = pages;
        }
    }

    /// <summary>The init list: lines "name arg1 arg2 ..." with '#' comments.</summary>
    public ReadOnlySpan<byte> InitList => Lookup("init"u8, out ReadOnlySpan<byte> init) == CpioResult.Ok ? init : default;

    /// <summary>The name of the <paramref name="index"/>-th app (members other than "init" and "demos/...", in archive order).</summary>
    public bool AppName(int index, out ReadOnlySpan<byte> name)
    {
        var reader = new CpioReader(Bytes);
        int seen = 0;
        while (reader.Next(out CpioEntry entry) == CpioResult.Ok)
        {
            ReadOnlySpan<byte> n = Cpio.StripDotSlash(entry.Name);
            if (n.Length == 0 || n.Length > ProcessAbi.MaxAppNameBytes || ByteStrings.Equal(n, "init"u8) || ByteStrings.Contains(n, (byte)'/'))
            {
                continue;
            }

            if (seen++ == index)
            {
                name = n;
                return true;
            }
        }

        name = default;
        return false;
    }

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
