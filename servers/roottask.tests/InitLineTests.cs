// The list reader the boot script, the demos and the benchmark share: lines, including a last one without '\n'.
using System;
using System.Collections.Generic;
using System.Text;
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
}
