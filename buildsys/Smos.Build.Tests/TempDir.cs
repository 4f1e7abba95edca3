// A temporary directory per test, deleted afterwards, plus tiny ELF and DTB fixtures written into it.
using System;
using System.Buffers.Binary;
using System.IO;

namespace Smos.Build.Tests;

/// <summary>A fresh directory under the system temp folder; removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "smos-build-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="bytes"/> to a path relative to this directory (creating folders).</summary>
    public string Write(string relative, byte[] bytes)
    {
        string full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }

    /// <summary>An ELF64 little-endian executable header (no program or section headers) for a machine and entry.</summary>
    public static byte[] ElfHeader(ushort machine, ulong entry, byte elfClass = 2)
    {
        var image = new byte[64];
        image[0] = 0x7F;
        image[1] = (byte)'E';
        image[2] = (byte)'L';
        image[3] = (byte)'F';
        image[4] = elfClass;
        image[5] = 1;
        image[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(16), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(18), machine);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(24), entry);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(52), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(54), 56);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(58), 64);
        return image;
    }

    /// <summary>An AArch64 kernel-like header: entry 0xffffff8040000000.</summary>
    public static byte[] KernelElf() => ElfHeader(183, 0xffffff8040000000);

    /// <summary>The FDT magic and a few bytes.</summary>
    public static byte[] Dtb() => [0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 0x40];
}
