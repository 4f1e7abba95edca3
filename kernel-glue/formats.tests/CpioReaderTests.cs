// CPIO reader and writer in-process: round trip, determinism, name validation, and every malformed-input error.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;

namespace Smos.Formats.Tests;

public class CpioReaderTests
{
    private static readonly Member[] Small =
    [
        new("d", null),
        new("d/one", [0x41]),
        new("d/three", [1, 2, 3]),
        new("empty", []),
        new("five", [9, 8, 7, 6, 5]),
    ];

    [Fact]
    public void RoundTrip_NamesDataAndDeterministicFields()
    {
        byte[] archive = CpioTestData.BuildWithWriter(CpioTestData.Members);
        var read = CpioTestData.ReadAll(archive);

        Assert.Equal(CpioTestData.Members.Count, read.Count);
        for (int i = 0; i < read.Count; i++)
        {
            Member m = CpioTestData.Members[i];
            Assert.Equal(m.Name, read[i].Name);
            Assert.Equal(m.Data ?? [], read[i].Data);
            Assert.Equal(m.IsDirectory ? CpioWriter.DefaultDirectoryMode : CpioWriter.DefaultFileMode, read[i].Mode);
            Assert.Equal((uint)(i + 1), read[i].Inode);
            Assert.Equal(m.IsDirectory ? 2u : 1u, read[i].NLink);
            Assert.Equal(0u, read[i].MTime);
        }

        Assert.Equal(archive, CpioTestData.BuildWithWriter(CpioTestData.Members));
        Assert.Equal(0, archive.Length % 4);
    }

    [Fact]
    public void Entry_TypePredicates()
    {
        var reader = new CpioReader(CpioTestData.BuildWithWriter(Small));
        Assert.Equal(CpioResult.Ok, reader.Next(out CpioEntry dir));
        Assert.True(dir.IsDirectory);
        Assert.False(dir.IsRegularFile);
        Assert.Equal(CpioResult.Ok, reader.Next(out CpioEntry file));
        Assert.True(file.IsRegularFile);
        Assert.False(file.IsDirectory);
        Assert.True("d/one"u8.SequenceEqual(file.Name));
    }

    [Fact]
    public void Writer_RejectsBadNames()
    {
        var writer = new CpioWriter();
        Assert.Throws<ArgumentException>(() => writer.Add("", [1]));
        Assert.Throws<ArgumentException>(() => writer.Add("a\0b", [1]));
        Assert.Throws<ArgumentException>(() => writer.AddDirectory(new string('x', 4096)));
        Assert.Throws<ArgumentException>(() => writer.Add("TRAILER!!!", []));
        writer.Add(new string('y', 4095), [1, 2]);
        Assert.Equal(1, writer.Count);
        byte[] archive = writer.ToArray();
        Assert.Equal(CpioResult.Ok, Cpio.Find(archive, Encoding.ASCII.GetBytes(new string('y', 4095)), out ReadOnlySpan<byte> data));
        Assert.Equal(2, data.Length);
    }

    [Fact]
    public void Find_AndNameMatching()
    {
        byte[] archive = CpioTestData.BuildWithWriter(Small);
        Assert.Equal(CpioResult.Ok, Cpio.Find(archive, "five"u8, out ReadOnlySpan<byte> five));
        Assert.Equal([9, 8, 7, 6, 5], five.ToArray());
        Assert.Equal(CpioResult.Ok, Cpio.Find(archive, "./d/three"u8, out _));
        Assert.Equal(CpioResult.Ok, Cpio.Find(archive, "empty"u8, out ReadOnlySpan<byte> empty));
        Assert.True(empty.IsEmpty);
        Assert.Equal(CpioResult.NotFound, Cpio.Find(archive, "fiv"u8, out _));
        Assert.Equal(CpioResult.NotFound, Cpio.Find(archive, "five/"u8, out _));

        Assert.True(Cpio.NameMatches("./bin/init"u8, "bin/init"u8));
        Assert.True(Cpio.NameMatches("././bin/init"u8, "bin/init"u8));
        Assert.True(Cpio.NameMatches("bin/init"u8, "bin/init"u8));
        Assert.False(Cpio.NameMatches(".bin/init"u8, "bin/init"u8));
        Assert.False(Cpio.NameMatches("/bin/init"u8, "bin/init"u8));
        Assert.False(Cpio.NameMatches("bin/init2"u8, "bin/init"u8));
    }

    [Fact]
    public void EveryPrefix_GivesThePreciseErrorForWhereItIsCut()
    {
        byte[] archive = CpioTestData.BuildWithWriter(Small);
        List<(int Start, int NameEnd, int DataEnd, int Next, bool Trailer, int FileSize)> layout = Layout(archive);

        for (int p = 0; p <= archive.Length; p++)
        {
            CpioResult expected = ExpectedForPrefix(layout, p);
            var reader = new CpioReader(archive.AsSpan(0, p));
            CpioResult r = CpioResult.Ok;
            for (int guard = 0; guard < 100 && r == CpioResult.Ok; guard++)
            {
                r = reader.Next(out _);
            }

            Assert.True(expected == r, $"prefix {p}: expected {expected}, got {r}");
            Assert.Equal(r, reader.Next(out _));
        }
    }

    [Fact]
    public void BadMagic()
    {
        byte[] archive = CpioTestData.BuildWithWriter(Small);
        foreach (string magic in new[] { "070707", "070700", "170701", "0707O1" })
        {
            byte[] copy = (byte[])archive.Clone();
            Encoding.ASCII.GetBytes(magic).CopyTo(copy, 0);
            Assert.Equal(CpioResult.BadMagic, First(copy));
        }

        Assert.Equal(CpioResult.BadMagic, First([0x30, 0x38]));
        Assert.Equal(CpioResult.Truncated, First("0707"u8.ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(12)]
    [InlineData(53)]
    [InlineData(97)]
    [InlineData(103)]
    public void NonHexField(int offset)
    {
        byte[] copy = CpioTestData.BuildWithWriter(Small);
        copy[6 + offset] = (byte)(offset % 2 == 0 ? 'G' : ' ');
        Assert.Equal(CpioResult.BadHexField, First(copy));
    }

    [Fact]
    public void LowercaseHexAccepted()
    {
        byte[] copy = CpioTestData.BuildWithWriter(Small);
        SetField(copy, 0, 1, "000041ed");
        Assert.Equal(CpioResult.Ok, new CpioReader(copy).Next(out CpioEntry e));
        Assert.Equal(0x41EDu, e.Mode);
    }

    [Theory]
    [InlineData("00000000", CpioResult.BadNameSize)]
    [InlineData("00000001", CpioResult.BadNameSize)]
    [InlineData("FFFFFFFF", CpioResult.NamePastEnd)]
    [InlineData("00100000", CpioResult.NamePastEnd)]
    [InlineData("00000003", CpioResult.NameNotTerminated)]
    public void BadNameSizes(string nameSizeHex, CpioResult expected)
    {
        byte[] copy = CpioTestData.BuildWithWriter(Small);
        SetField(copy, 0, 11, nameSizeHex);
        Assert.Equal(expected, First(copy));
    }

    [Fact]
    public void NameWithEmbeddedNul()
    {
        byte[] copy = CpioTestData.BuildWithWriter([new Member("abcd", [1])]);
        copy[CpioReader.HeaderSize + 1] = 0;
        Assert.Equal(CpioResult.NameContainsNul, First(copy));
    }

    [Fact]
    public void FileSizePastEnd()
    {
        byte[] copy = CpioTestData.BuildWithWriter(Small);
        SetField(copy, Layout(copy)[1].Start, 6, "FFFFFFFF");
        var reader = new CpioReader(copy);
        Assert.Equal(CpioResult.Ok, reader.Next(out _));
        Assert.Equal(CpioResult.DataPastEnd, reader.Next(out _));
    }

    [Fact]
    public void MissingTrailer()
    {
        byte[] archive = CpioTestData.BuildWithWriter(Small);
        int trailerStart = Layout(archive)[^1].Start;
        var reader = new CpioReader(archive.AsSpan(0, trailerStart));
        int entries = 0;
        CpioResult r;
        while ((r = reader.Next(out _)) == CpioResult.Ok)
        {
            entries++;
        }

        Assert.Equal(Small.Length, entries);
        Assert.Equal(CpioResult.MissingTrailer, r);
        Assert.Equal(CpioResult.MissingTrailer, First([]));
        Assert.Equal(CpioResult.MissingTrailer, Cpio.Find(archive.AsSpan(0, trailerStart), "nope"u8, out _));
    }

    [Fact]
    public void Describe_IsDistinctForEveryValue()
    {
        string[] messages = Enum.GetValues<CpioResult>().Select(Cpio.Describe).ToArray();
        Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        Assert.Equal(messages.Length, messages.Distinct().Count());
        Assert.DoesNotContain("unknown", string.Join(' ', messages), StringComparison.Ordinal);
        Assert.StartsWith("unknown", Cpio.Describe((CpioResult)999), StringComparison.Ordinal);
    }

    private static CpioResult First(byte[] archive) => new CpioReader(archive).Next(out _);

    private static void SetField(byte[] archive, int headerStart, int field, string hex) =>
        Encoding.ASCII.GetBytes(hex).CopyTo(archive, headerStart + 6 + (field * 8));

    private static int Align4(int v) => (v + 3) & ~3;

    /// <summary>Entry boundaries computed independently from the headers of a well-formed archive.</summary>
    private static List<(int Start, int NameEnd, int DataEnd, int Next, bool Trailer, int FileSize)> Layout(byte[] a)
    {
        var list = new List<(int, int, int, int, bool, int)>();
        int pos = 0;
        while (true)
        {
            int nameSize = Convert.ToInt32(Encoding.ASCII.GetString(a, pos + 6 + (11 * 8), 8), 16);
            int fileSize = Convert.ToInt32(Encoding.ASCII.GetString(a, pos + 6 + (6 * 8), 8), 16);
            int nameEnd = pos + CpioReader.HeaderSize + nameSize;
            int dataEnd = Align4(nameEnd) + fileSize;
            bool trailer = Encoding.ASCII.GetString(a, pos + CpioReader.HeaderSize, nameSize - 1) == "TRAILER!!!";
            list.Add((pos, nameEnd, dataEnd, Align4(dataEnd), trailer, fileSize));
            if (trailer)
            {
                return list;
            }

            pos = Align4(dataEnd);
        }
    }

    private static CpioResult ExpectedForPrefix(List<(int Start, int NameEnd, int DataEnd, int Next, bool Trailer, int FileSize)> layout, int p)
    {
        foreach (var e in layout)
        {
            if (p >= e.Next && !e.Trailer)
            {
                continue;
            }

            if (p == e.Start)
            {
                return CpioResult.MissingTrailer;
            }

            if (p < e.Start + CpioReader.HeaderSize)
            {
                return CpioResult.Truncated;
            }

            if (p < e.NameEnd)
            {
                return CpioResult.NamePastEnd;
            }

            if (e.Trailer)
            {
                return CpioResult.End;
            }

            return e.FileSize > 0 && p < e.DataEnd ? CpioResult.DataPastEnd : CpioResult.MissingTrailer;
        }

        throw new InvalidOperationException("unreachable");
    }
}
