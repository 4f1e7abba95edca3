// The runtime's block copy, clear and compare (corelib RawMemory.Move, Clear, Equal) against Array.Copy and byte loops: every alignment, length and overlap.
using System;
using Xunit;

namespace Smos.Sel4.Tests;

public sealed unsafe class MemoryMoveTests
{
    [Fact]
    public void MovesLikeArrayCopyForEveryAlignmentLengthAndOverlap()
    {
        var random = new Random(1234);
        byte[] original = new byte[320];
        random.NextBytes(original);
        for (int length = 0; length <= 200; length++)
        {
            for (int from = 0; from < 24; from++)
            {
                for (int to = 0; to < 24; to++)
                {
                    byte[] expected = (byte[])original.Clone();
                    Array.Copy(expected, 40 + from, expected, 40 + to, length); // Array.Copy handles overlap
                    byte[] actual = (byte[])original.Clone();
                    fixed (byte* p = actual)
                    {
                        Internal.Runtime.RawMemory.Move(ref p[40 + to], ref p[40 + from], (nuint)length);
                    }

                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"length {length}, from {from}, to {to}");
                }
            }
        }
    }

    [Fact]
    public void ClearsExactlyTheBytesAskedForAtEveryAlignmentAndLength()
    {
        for (int length = 0; length <= 300; length++)
        {
            for (int at = 0; at < 16; at++)
            {
                byte[] actual = new byte[400];
                Array.Fill(actual, (byte)0xA5);
                fixed (byte* p = actual)
                {
                    Internal.Runtime.RawMemory.Clear(ref p[40 + at], (nuint)length);
                }

                for (int i = 0; i < actual.Length; i++)
                {
                    bool cleared = i >= 40 + at && i < 40 + at + length;
                    Assert.True(actual[i] == (cleared ? 0 : 0xA5), $"length {length}, at {at}: byte {i} is {actual[i]}");
                }
            }
        }
    }

    [Fact]
    public void CopiesAPageFromAFourByteAlignedSourceToAnEightByteAlignedPage()
    {
        byte[] source = new byte[4096 + 16];
        new Random(7).NextBytes(source);
        byte[] page = new byte[4096 + 16];
        fixed (byte* s = source)
        fixed (byte* d = page)
        {
            byte* src = s;
            while (((nint)src & 7) != 4)
            {
                src++;
            }

            byte* dst = d;
            while (((nint)dst & 7) != 0)
            {
                dst++;
            }

            Internal.Runtime.RawMemory.Move(ref dst[0], ref src[0], 4090);
            Assert.True(new ReadOnlySpan<byte>(src, 4090).SequenceEqual(new ReadOnlySpan<byte>(dst, 4090)));
            Assert.Equal(0, dst[4090]);
        }
    }

    [Fact]
    public void EqualFindsEveryDifferenceAtEveryAlignmentAndLength()
    {
        byte[] a = new byte[128];
        byte[] b = new byte[128];
        for (int length = 0; length <= 40; length++)
        {
            for (int at = 0; at < 16; at++)
            {
                for (int bt = 0; bt < 16; bt += 3)
                {
                    for (int i = 0; i < 128; i++)
                    {
                        a[i] = (byte)(i * 7);
                        b[i] = 0xEE;
                    }

                    Array.Copy(a, 8 + at, b, 8 + bt, length);
                    fixed (byte* pa = a, pb = b)
                    {
                        Assert.True(Internal.Runtime.RawMemory.Equal(ref pa[8 + at], ref pb[8 + bt], (nuint)length), $"length {length}, {at}/{bt}");
                        for (int d = 0; d < length; d++)
                        {
                            pb[8 + bt + d] ^= 0x10; // one byte differs
                            Assert.False(Internal.Runtime.RawMemory.Equal(ref pa[8 + at], ref pb[8 + bt], (nuint)length), $"length {length}, {at}/{bt}, byte {d}");
                            pb[8 + bt + d] ^= 0x10;
                        }
                    }
                }
            }
        }
    }
}
