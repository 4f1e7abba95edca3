// A process's image: its ELF's pages, each read-only page whole in the apps archive mapped from the root task's own frame, the others copied into new frames.
using System;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

/// <summary>
/// Loads an app's ELF into a process. buildsys page-aligns each app's ELF in the apps archive, and the archive is part
/// of the root task's image, whose frames the kernel gave the root task (<see cref="ImageFrames"/>). So a read-only
/// page whose bytes are one whole page of the archive (code and read-only data: every app's text segment but its last
/// page, and that one too when the rest of its page is zeros, as ld pads it) is mapped from a read-only copy of that
/// frame's capability: no frame is made, cleared or filled, and every process of the app shares the page. The other
/// pages (writable data, .bss, a read-only page that is not whole in the archive) get new frames, filled through the
/// scratch window.
/// </summary>
internal sealed unsafe partial class Spawner
{
    // The plan of each of the spawn's pages (ElfMapPlan.GetPages, segment by segment) and its image frame (None:
    // copied), from the first pass of LoadElf, which the second reuses; room made by MakePlanRoom in the spawn's
    // validate step.
    private PlannedPage[] _plan = new PlannedPage[64];
    private RootSlot[] _frameOf = new RootSlot[64];

    private bool MakePlanRoom(int pages)
    {
        if (_frameOf.Length >= pages)
        {
            return true;
        }

        try
        {
            _plan = new PlannedPage[pages];
            _frameOf = new RootSlot[pages];
            return true;
        }
        catch (OutOfMemoryException)
        {
            return false;
        }
    }

    private Sel4Error LoadElf(Process p, ReadOnlySpan<byte> elf, int pages)
    {
        Elf.Parse(elf, out ElfHeader header); // Spawn's ElfMapPlan.Count validated the image
        ElfMapPlan.GetPages(elf, header, _plan.AsSpan(0, pages)); // MakePlanRoom made room for Count's pages
        int copied = 0;
        for (int i = 0; i < pages; i++)
        {
            _frameOf[i] = ImageFrameOf(elf, _plan[i]);
            copied += _frameOf[i].IsSome ? 0 : 1;
        }

        Allocation frames = default;
        Sel4Error e;
        if (copied > 0 && (e = _mapper.Alloc(p, ObjectType.SmallPage, 0, copied, out frames)) != Sel4Error.NoError)
        {
            return e;
        }

        SpawnProfile.Lap(SpawnPart.ElfFrames);
        int next = 0;
        for (int i = 0; i < pages; i++)
        {
            ref PlannedPage page = ref _plan[i];
            if (_frameOf[i].IsSome)
            {
                if ((e = MapShared(p, _frameOf[i], page)) != Sel4Error.NoError)
                {
                    return e;
                }

                SpawnProfile.Lap(SpawnPart.MapShared);
                continue;
            }

            int f = next++;
            if (page.FileLength != 0)
            {
                SpawnProfile.Lap(SpawnPart.MapFrames); // the plan of the page
                e = _memory.Write(frames.Slot(f), (int)page.OffsetInPage, elf.Slice((int)page.FileOffset, (int)page.FileLength));
                if (e != Sel4Error.NoError)
                {
                    return e;
                }

                SpawnProfile.Lap(SpawnPart.ElfCopy);
            }

            e = _mapper.MapPage(p, frames, f, page.VAddr, (CapRights)page.Rights, (VmAttributes)page.Attributes);
            if (e != Sel4Error.NoError)
            {
                return e;
            }

            SpawnProfile.Lap(SpawnPart.MapFrames);
        }

        return Sel4Error.NoError;
    }

    // The image frame holding the page's bytes when it can be mapped as it is: read-only, its file bytes from the start
    // of the page, and the whole page in the ELF with zeros past its file bytes (what a copy into a cleared frame would
    // hold); None otherwise.
    private RootSlot ImageFrameOf(ReadOnlySpan<byte> elf, in PlannedPage page)
    {
        const int PageBytes = (int)ProcessAbi.PageSize;
        if (page.Writable || page.FileLength == 0 || page.OffsetInPage != 0 || elf.Length < PageBytes ||
            page.FileOffset > (ulong)(elf.Length - PageBytes))
        {
            return RootSlot.None;
        }

        ReadOnlySpan<byte> bytes = elf.Slice((int)page.FileOffset, PageBytes);
        fixed (byte* at = bytes)
        {
            return _image.TryFrame(at, out RootSlot frame) && ZerosFrom(at, (int)page.FileLength, PageBytes) ? frame : RootSlot.None;
        }
    }

    // True when bytes [from, end) at `page` (8-aligned) are all zero: a word at a time (corelib's IndexOfAnyExcept goes
    // a byte at a time through IEquatable, and this runs over most of a text segment's last page at every spawn).
    private static bool ZerosFrom(byte* page, int from, int end)
    {
        int i = from;
        for (; i < end && (i & 7) != 0; i++)
        {
            if (page[i] != 0)
            {
                return false;
            }
        }

        for (; i < end; i += 8)
        {
            if (*(ulong*)(page + i) != 0)
            {
                return false;
            }
        }

        return true;
    }

    // Maps a read-only copy of image frame `frame` at the page's address: the frame's spare copy when it has one (an
    // earlier process's, unmapped), else a new one. The copy is the process's (one slot of its quota) until it ends
    // (ReleaseSharedPages).
    private Sel4Error MapShared(Process p, RootSlot frame, in PlannedPage page)
    {
        if (!p.Account.Fits(QuotaKind.Slots, 1))
        {
            return Sel4Error.NotEnoughMemory;
        }

        RootSlot copy = _image.TakeSpare(frame);
        Sel4Error e = copy.IsSome ? Sel4Error.NoError : _slots.CopyNew(frame, CapRights.Read, out copy);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        p.Account.Charge(QuotaKind.Slots, 1);
        p.SharedFrames[p.SharedPageCount] = frame;
        p.SharedPages[p.SharedPageCount++] = copy;
        var one = new Allocation { Type = ObjectType.SmallPage, FirstSlot = copy, Count = 1, ObjectBits = 12, SizeBits = 12 };
        return _mapper.MapPage(p, one, 0, page.VAddr, CapRights.Read, (VmAttributes)page.Attributes);
    }

    // Gives back the process's copies of image frames: each is unmapped and kept as its frame's spare when the frame has
    // none (the next spawn of the app maps it), else deleted (which unmaps it) and its slot freed. Reclaim revokes the
    // VSpace first, so an unmap only clears the copy's mapping (the kernel finds no address space to look in).
    private void ReleaseSharedPages(Process p)
    {
        for (int i = 0; i < p.SharedPageCount; i++)
        {
            RootSlot frame = p.SharedFrames[i];
            if (_image.CanKeepSpare(frame) && _kernel.UnmapFrame(p.SharedPages[i]) == Sel4Error.NoError &&
                _image.KeepSpare(frame, p.SharedPages[i]))
            {
                p.SharedPages[i] = RootSlot.None;
                continue;
            }

            _slots.Release(ref p.SharedPages[i]);
        }

        p.Account.Release(QuotaKind.Slots, (ulong)p.SharedPageCount);
        p.SharedPageCount = 0;
    }

    /// <summary>Spare copies of image frames held for the next spawns (a root slot each; <see cref="ReleaseSpareCopies"/>).</summary>
    public int SpareCopies => _image.SpareCount;

    /// <summary>
    /// Deletes every spare copy of the image frames (ReleaseSharedPages keeps them for the next spawn), giving back their
    /// root slots: before a count of free slots that must equal an earlier one.
    /// </summary>
    public void ReleaseSpareCopies()
    {
        Span<RootSlot> copies = stackalloc RootSlot[64];
        int n;
        while ((n = _image.TakeAllSpares(copies)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                _slots.Release(ref copies[i]);
            }
        }
    }
}
