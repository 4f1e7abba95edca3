// Shared CPIO test inputs: a member list with odd sizes, empty files, deep long names and directories, and a reader helper.
using System;
using System.Collections.Generic;
using System.Text;
using Xunit;

namespace Smos.Formats.Tests;

/// <summary>One member as the tests see it: a name, its contents (null for a directory).</summary>
public sealed record Member(string Name, byte[]? Data)
{
    public bool IsDirectory => Data is null;
}

public static class CpioTestData
{
    /// <summary>A 200+ character directory path made of nested components.</summary>
    public static string LongDirectory { get; } = BuildLongDirectory();

    /// <summary>Directories first (so extraction order is natural), then files of awkward sizes.</summary>
    public static IReadOnlyList<Member> Members { get; } = BuildMembers();

    public static byte[] BuildWithWriter(IEnumerable<Member> members)
    {
        var writer = new CpioWriter();
        foreach (Member m in members)
        {
            if (m.IsDirectory)
            {
                writer.AddDirectory(m.Name);
            }
            else
            {
                writer.Add(m.Name, m.Data);
            }
        }

        return writer.ToArray();
    }

    /// <summary>Reads every member with CpioReader; fails the test unless the walk ends at the trailer.</summary>
    public static List<(string Name, byte[] Data, uint Mode, uint Inode, uint NLink, uint MTime)> ReadAll(byte[] archive)
    {
        var result = new List<(string, byte[], uint, uint, uint, uint)>();
        var reader = new CpioReader(archive);
        for (int guard = 0; ; guard++)
        {
            Assert.True(guard <= archive.Length / CpioReader.HeaderSize, "reader did not make progress");
            CpioResult r = reader.Next(out CpioEntry e);
            if (r == CpioResult.End)
            {
                return result;
            }

            Assert.True(r == CpioResult.Ok, Cpio.Describe(r));
            Assert.Equal(e.FileSize, (uint)e.Data.Length);
            result.Add((Encoding.UTF8.GetString(e.Name), e.Data.ToArray(), e.Mode, e.Inode, e.NLink, e.MTime));
        }
    }

    private static string BuildLongDirectory()
    {
        var sb = new StringBuilder("deep");
        for (int i = 0; sb.Length < 210; i++)
        {
            sb.Append("/level").Append(i).Append("_with_a_longish_component_name");
        }

        return sb.ToString();
    }

    private static List<Member> BuildMembers()
    {
        var list = new List<Member> { new("bin", null), new("etc", null), new("empty-dir", null) };
        string path = "";
        foreach (string part in LongDirectory.Split('/'))
        {
            path = path.Length == 0 ? part : path + "/" + part;
            list.Add(new Member(path, null));
        }

        int seed = 1;
        foreach (int size in new[] { 1, 2, 3, 4, 5, 7, 8, 511, 512, 4095, 4096, 4097 })
        {
            list.Add(new Member("bin/file" + size, Tools.Pattern(size, seed++)));
        }

        list.Add(new Member("etc/empty", Array.Empty<byte>()));
        list.Add(new Member("etc/e", Array.Empty<byte>()));
        list.Add(new Member("top-level.txt", Encoding.ASCII.GetBytes("hello, seL4\n")));
        list.Add(new Member(LongDirectory + "/deep-file.bin", Tools.Pattern(333, 99)));
        Assert.True(LongDirectory.Length + 14 > 200);
        return list;
    }
}
