// CpioWriter.AddAligned: each aligned member's data starts at a multiple of the alignment, padding members only where
// needed, names and contents intact for our reader and for GNU cpio.
using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Xunit;

namespace Smos.Formats.Tests;

public class CpioAlignTests
{
    [Theory]
    [InlineData(4096)]
    [InlineData(64)]
    public void AlignedMembersStartAtTheAlignmentWithPaddingOnlyWhereNeeded(int alignment)
    {
        var writer = new CpioWriter();
        writer.Add("init", Encoding.ASCII.GetBytes("hello a b\n"));
        var rng = new Random(7);
        string[] names = ["a", "bb", "hello", "echo-client", "x"];
        byte[][] data = names.Select(_ => Bytes(rng, rng.Next(1, 3 * alignment))).ToArray();
        for (int i = 0; i < names.Length; i++)
        {
            writer.AddAligned(names[i], data[i], alignment);
        }

        byte[] archive = writer.ToArray();
        var reader = new CpioReader(archive);
        int found = 0;
        while (reader.Next(out CpioEntry entry) == CpioResult.Ok)
        {
            string name = Encoding.UTF8.GetString(entry.Name);
            int i = Array.IndexOf(names, name);
            if (name.StartsWith(CpioWriter.AlignPrefix, StringComparison.Ordinal))
            {
                Assert.Contains(name[CpioWriter.AlignPrefix.Length..], names);
                Assert.True(entry.Data.ToArray().All(b => b == 0), "a padding member holds only zeros");
                Assert.True(entry.Data.Length < alignment, "a padding member is shorter than the alignment");
                continue;
            }

            if (i < 0)
            {
                continue;
            }

            nint offset = Unsafe.ByteOffset(ref archive[0], ref MemoryMarshal.GetReference(entry.Data));
            Assert.Equal(0, offset % alignment);

            Assert.Equal(data[i], entry.Data.ToArray());
            found++;
        }

        Assert.Equal(names.Length, found);
    }

    [Fact]
    public void AMemberAlreadyAlignedGetsNoPadding()
    {
        var writer = new CpioWriter();
        writer.AddAligned("a", new byte[10], 4);
        writer.AddAligned("b", new byte[10], 4);
        Assert.Equal(2, writer.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(48)]
    public void TheAlignmentIsAPowerOfTwoOfAtLeastFour(int alignment) =>
        Assert.Throws<ArgumentException>(() => new CpioWriter().AddAligned("a", new byte[1], alignment));

    [Fact]
    public void GnuCpioExtractsTheAlignedMembers()
    {
        string cpio = Tools.Require("cpio", "cpio");
        var writer = new CpioWriter();
        writer.Add("init", [1, 2, 3]);
        byte[] elf = Bytes(new Random(3), 10_000);
        writer.AddAligned("hello", elf, 4096);
        using var dir = new TempDir();
        string outDir = dir.File("out");
        Directory.CreateDirectory(outDir);
        Tools.RunOk(cpio, ["-idm", "--quiet", "--no-absolute-filenames"], outDir, writer.ToArray());
        Assert.Equal(elf, File.ReadAllBytes(Path.Combine(outDir, "hello")));
        Assert.True(File.Exists(Path.Combine(outDir, "align", "hello")));
    }

    private static byte[] Bytes(Random rng, int length)
    {
        byte[] b = new byte[length];
        rng.NextBytes(b);
        return b;
    }
}
