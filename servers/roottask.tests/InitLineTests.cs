// The list reader the boot script, the demos and the benchmark share: lines, including a last one without '\n'.
using System;
using System.Collections.Generic;
using System.Text;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Xunit;

namespace Smos.RootTask.Tests;

public class InitLineTests
{
    private static List<string> Lines(string list)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(list);
        var lines = new List<string>();
        int position = 0;
        while (InitLine.NextLine(bytes, ref position, out ReadOnlySpan<byte> line))
        {
            lines.Add(Encoding.ASCII.GetString(line));
        }

        return lines;
    }

    [Fact]
    public void EveryLineComesOnceWithoutItsNewline()
    {
        Assert.Equal("hello|# c||counter 3", string.Join("|", Lines("hello\n# c\n\ncounter 3")));
        Assert.Equal("hello|", string.Join("|", Lines("hello\n")));
        Assert.Equal("", Assert.Single(Lines("")));
    }

    [Fact]
    public void ParsedEntriesSkipBlankAndCommentLines()
    {
        byte[] list = Encoding.ASCII.GetBytes("# init\nhello a b\n\n  counter 3 # three\n");
        var names = new List<string>();
        Span<byte> args = stackalloc byte[64];
        int position = 0;
        while (InitLine.NextLine(list, ref position, out ReadOnlySpan<byte> line))
        {
            if (InitLine.Parse(line, args, out ReadOnlySpan<byte> name, out int argBytes))
            {
                names.Add(Encoding.ASCII.GetString(name) + "|" + Encoding.ASCII.GetString(args.Slice(0, argBytes)));
            }
        }

        Assert.Equal("hello|a\0b\0;counter|3\0", string.Join(";", names));
    }

    [Fact]
    public void AQuotaWordGivesTheRootDefaultWithTheKindsItNames()
    {
        byte[] line = Encoding.ASCII.GetBytes("quota:memory=600M,children=700 scale 3");
        Span<byte> args = stackalloc byte[64];
        Assert.True(InitLine.Parse(line, args, out ReadOnlySpan<byte> name, out int argBytes, out ReadOnlySpan<byte> word));
        Assert.Equal("scale", Encoding.ASCII.GetString(name));
        Assert.Equal("3\0", Encoding.ASCII.GetString(args.Slice(0, argBytes)));
        Assert.Equal(RootError.Ok, InitLine.QuotaOf(word, out ProcessQuota? quota, out InitQuotaError error));
        ProcessQuota expected = ProcessQuota.RootDefault;
        expected.Memory = 600UL << 20;
        expected.Children = 700;
        Assert.Equal(expected, quota);
        Assert.Equal(InitQuotaError.Ok, error);

        // No word: no quota (the default); a bad word: BadArgument and why.
        Assert.True(InitLine.Parse("hello"u8, args, out _, out _, out word));
        Assert.Equal(RootError.Ok, InitLine.QuotaOf(word, out quota, out _));
        Assert.Null(quota);
        Assert.Equal(RootError.BadArgument, InitLine.QuotaOf("quota:slots=x"u8, out quota, out error));
        Assert.Equal(InitQuotaError.BadNumber, error);
        Assert.Null(quota);
    }

    [Fact]
    public void TheQuotaWordsKindsAreTheQuotasKindsInOrder()
    {
        var words = new ulong[ProcessQuota.Words];
        var parsed = new ulong[ProcessQuota.Words];
        for (int k = 0; k < ProcessQuota.Words; k++)
        {
            ProcessQuota q = default;
            q.Set((QuotaKind)k, 1);
            q.Encode(words);
            Array.Clear(parsed);
            Assert.Equal(InitQuotaError.Ok, InitQuota.Parse(Encoding.ASCII.GetBytes("quota:" + InitQuota.KindName(k) + "=1"), parsed, out _, out _));
            Assert.Equal(words, parsed);
        }
    }
}
