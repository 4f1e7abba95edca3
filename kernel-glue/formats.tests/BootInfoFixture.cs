// Builds seL4_BootInfo images for tests: the reference boot of docs/sel4-abi.md ("BootInfo") now; a recorded dump can be loaded later.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Smos.Formats.Tests;

/// <summary>A BootInfo page and the extra bootinfo that follows it.</summary>
public sealed record BootInfoImage(byte[] Page, byte[] Extra);

/// <summary>
/// Test images of seL4_BootInfo. <see cref="Reference"/> uses the values of the reference boot in
/// docs/sel4-abi.md ("BootInfo"). To test against a real boot later, dump the BootInfo page plus ExtraLen bytes from
/// page + 4096 and pass them to <see cref="FromRecordedDump"/>.
/// </summary>
public static class BootInfoFixture
{
    public const ulong ReferenceIpcBuffer = 0x408000;
    public const int ReferenceFdtSize = 7633;

    /// <summary>(paddr, sizeBits, isDevice) for untyped slots 29..89 of the reference layout.</summary>
    public static IReadOnlyList<(ulong PAddr, byte SizeBits, bool IsDevice)> ReferenceUntypeds { get; } = BuildUntypeds();

    public static BootInfoImage Reference()
    {
        byte[] page = new byte[4096];
        byte[] fdt = new byte[ReferenceFdtSize];
        BinaryPrimitives.WriteUInt32BigEndian(fdt, 0xD00DFEED);
        BinaryPrimitives.WriteUInt32BigEndian(fdt.AsSpan(4), ReferenceFdtSize);
        for (int i = 8; i < fdt.Length; i++)
        {
            fdt[i] = (byte)(i * 7);
        }

        byte[] extra = Chunk(BootInfo.FdtChunkId, fdt);
        Put(page, 0, (ulong)extra.Length);        // extraLen 7649
        Put(page, 8, 0);                          // nodeID
        Put(page, 16, 1);                         // numNodes
        Put(page, 24, 0);                         // numIOPTLevels
        Put(page, 32, ReferenceIpcBuffer);        // ipcBuffer
        Region(page, 40, 90, 4096);               // empty
        Region(page, 56, 0, 0);                   // sharedFrames
        Region(page, 72, 21, 29);                 // userImageFrames
        Region(page, 88, 16, 19);                 // userImagePaging
        Region(page, 104, 0, 0);                  // ioSpaceCaps
        Region(page, 120, 19, 21);                // extraBIPages
        Put(page, 136, 12);                       // initThreadCNodeSizeBits
        Put(page, 144, 0);                        // initThreadDomain
        Region(page, 152, 29, 90);                // untyped
        for (int i = 0; i < ReferenceUntypeds.Count; i++)
        {
            SetUntyped(page, i, ReferenceUntypeds[i].PAddr, ReferenceUntypeds[i].SizeBits, ReferenceUntypeds[i].IsDevice);
        }

        return new BootInfoImage(page, extra);
    }

    /// <summary>Splits a recorded dump (BootInfo page, then the extra bootinfo from +4096) into an image.</summary>
    public static BootInfoImage FromRecordedDump(byte[] dump)
    {
        ArgumentNullException.ThrowIfNull(dump);
        ulong extraLen = BinaryPrimitives.ReadUInt64LittleEndian(dump);
        return new BootInfoImage(dump[..4096], dump.AsSpan(4096, (int)extraLen).ToArray());
    }

    /// <summary>An extra-bootinfo chunk: {u64 id, u64 len including this header} then the body.</summary>
    public static byte[] Chunk(ulong id, byte[] body)
    {
        byte[] chunk = new byte[16 + body.Length];
        Put(chunk, 0, id);
        Put(chunk, 8, (ulong)chunk.Length);
        body.CopyTo(chunk, 16);
        return chunk;
    }

    public static void Put(byte[] b, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(offset), value);

    public static void Region(byte[] b, int offset, ulong start, ulong end)
    {
        Put(b, offset, start);
        Put(b, offset + 8, end);
    }

    public static void SetUntyped(byte[] b, int index, ulong paddr, byte sizeBits, bool isDevice)
    {
        int offset = 168 + (index * 16);
        Put(b, offset, paddr);
        b[offset + 8] = sizeBits;
        b[offset + 9] = isDevice ? (byte)1 : (byte)0;
        b.AsSpan(offset + 10, 6).Fill(0xEE); // padding is not interpreted
    }

    private static List<(ulong, byte, bool)> BuildUntypeds()
    {
        // Device memory below RAM, then RAM at 0x40000000 in power-of-two blocks, then device memory above.
        var list = new List<(ulong, byte, bool)>
        {
            (0x0, 27, true), (0x08000000, 16, true), (0x08020000, 17, true), (0x09001000, 12, true),
        };
        ulong ram = 0x40000000 + 0x00200000;
        for (byte bits = 21; list.Count < 50; bits = (byte)(bits == 29 ? 12 : bits + 1))
        {
            list.Add((ram, bits, false));
            ram += 1UL << bits;
        }

        for (ulong p = 0x80000000; list.Count < 60; p += 0x80000000)
        {
            list.Add((p, 31, true));
        }

        list.Add((0x800000000000 - 0x1000, 4, true)); // the smallest possible untyped, last
        return list;
    }
}
