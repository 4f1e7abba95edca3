// Robustness: fixed-seed random byte flips on valid ELF and CPIO inputs must never throw and must always terminate.
using System;
using System.Diagnostics;
using Xunit;

namespace Smos.Formats.Tests;

/// <summary>Calls every ELF API on an image; any exception (an out-of-range index on the host) fails the caller.</summary>
public static class ElfExercise
{
    public static void Run(byte[] image)
    {
        if (Elf.Parse(image, out ElfHeader h) != ElfError.Ok)
        {
            return;
        }

        for (int i = 0; i < h.PhNum; i++)
        {
            if (Elf.GetProgramHeader(image, h, i, out ProgramHeader ph) == ElfError.Ok)
            {
                Elf.GetSegmentData(image, ph, out ReadOnlySpan<byte> data);
                Assert.True(data.Length == 0 || (ulong)data.Length == ph.FileSize);
            }
        }

        Elf.GetLoadBounds(image, h, out _, out _);
        for (int i = 0; i < h.ShNum; i++)
        {
            if (Elf.GetSectionHeader(image, h, i, out SectionHeader sh) == ElfError.Ok)
            {
                Elf.GetSectionName(image, h, sh, out _);
                Elf.GetSectionData(image, sh, out _);
            }
        }

        Elf.FindSection(image, h, ".text"u8, out _);
        foreach (ulong address in new[] { h.Entry, h.Entry + 4, 0UL, ulong.MaxValue, 0x4010d8UL })
        {
            if (Elf.FindSymbol(image, h, address, out ReadOnlySpan<byte> name, out ulong offset) == ElfError.Ok)
            {
                Assert.False(name.IsEmpty);
                Assert.True(offset <= address);
            }
        }

        Elf.FindSymbolAddress(image, h, "helper"u8, out _, out _);
    }
}

public class FuzzTests : IClassFixture<ElfSamples>
{
    private const int Iterations = 2000;
    private readonly ElfSamples _samples;

    public FuzzTests(ElfSamples samples) => _samples = samples;

    [Fact]
    public void ElfByteFlips_NeverThrow()
    {
        foreach (byte[] original in new[] { _samples.AArch64Executable, _samples.AArch64Object })
        {
            var random = new Random(20240611);
            var watch = Stopwatch.StartNew();
            for (int n = 0; n < Iterations; n++)
            {
                ElfExercise.Run(Mutate(original, random, hotZone: 256));
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "ELF fuzz took " + watch.Elapsed);
        }
    }

    [Fact]
    public void CpioByteFlips_NeverThrowAndAlwaysTerminate()
    {
        var writer = new CpioWriter();
        writer.AddDirectory("bin");
        writer.Add("bin/init", Tools.Pattern(301, 3));
        writer.Add("bin/x", Tools.Pattern(2, 4));
        writer.Add("empty", []);
        byte[] original = writer.ToArray();

        var random = new Random(7);
        int ended = 0;
        for (int n = 0; n < Iterations; n++)
        {
            byte[] image = Mutate(original, random, hotZone: original.Length);
            var reader = new CpioReader(image);
            CpioResult r = CpioResult.Ok;
            int steps = 0;
            while (r == CpioResult.Ok)
            {
                r = reader.Next(out CpioEntry e);
                Assert.True(++steps <= (image.Length / CpioReader.HeaderSize) + 1, "CPIO walk did not make progress");
                Assert.Equal(e.FileSize, r == CpioResult.Ok ? (uint)e.Data.Length : 0u);
            }

            ended += r == CpioResult.End ? 1 : 0;
            Assert.NotEqual(CpioResult.NotFound, r);
            Cpio.Find(image, "bin/init"u8, out _);
        }

        Assert.InRange(ended, 1, Iterations - 1);
    }

    /// <summary>Flips 1-4 bytes, half of them inside the first <paramref name="hotZone"/> bytes (headers).</summary>
    private static byte[] Mutate(byte[] original, Random random, int hotZone)
    {
        byte[] image = (byte[])original.Clone();
        int flips = random.Next(1, 5);
        for (int f = 0; f < flips; f++)
        {
            int limit = random.Next(2) == 0 ? Math.Min(hotZone, image.Length) : image.Length;
            int at = random.Next(limit);
            image[at] ^= (byte)random.Next(1, 256);
        }

        return image;
    }
}
