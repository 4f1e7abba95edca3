// Host tests of smosh's file commands: ls, cat, rm, mkdir, cp, mv, df, sync, "> FILE" and ">> FILE", and their output formats.
using System;
using Smos.Services.Shell;
using Xunit;

namespace Smos.Services.Tests;

public class ShellFileCommandTests
{
    private const string Absolute = "expected an absolute path (/data/..., /boot/...)";

    private static ShellCommand Ok(string line)
    {
        ShellParseResult result = ShellParser.Parse(line);
        Assert.False(result.IsError, result.Error);
        return result.Command!;
    }

    private static string Error(string line)
    {
        ShellParseResult result = ShellParser.Parse(line);
        Assert.True(result.IsError, $"\"{line}\" was accepted");
        Assert.Null(result.Command);
        Assert.DoesNotContain('\n', result.Error!);
        return result.Error!;
    }

    [Theory]
    [InlineData("ls", ShellCommandKind.Ls, new string[0])]
    [InlineData("ls /data", ShellCommandKind.Ls, new[] { "/data" })]
    [InlineData("ls /data/t/", ShellCommandKind.Ls, new[] { "/data/t" })]
    [InlineData("ls /", ShellCommandKind.Ls, new[] { "/" })]
    [InlineData("ls //", ShellCommandKind.Ls, new[] { "/" })]
    [InlineData("ls /boot/hello", ShellCommandKind.Ls, new[] { "/boot/hello" })]
    [InlineData("cat /data/a", ShellCommandKind.Cat, new[] { "/data/a" })]
    [InlineData("cat /data/a /boot/b", ShellCommandKind.Cat, new[] { "/data/a", "/boot/b" })]
    [InlineData("cat '/data/my notes.txt'", ShellCommandKind.Cat, new[] { "/data/my notes.txt" })]
    [InlineData("rm /data/a /data/b", ShellCommandKind.Rm, new[] { "/data/a", "/data/b" })]
    [InlineData("mkdir /data/a/b/c /data/d/", ShellCommandKind.Mkdir, new[] { "/data/a/b/c", "/data/d" })]
    [InlineData("cp /boot/hello /data/", ShellCommandKind.Cp, new[] { "/boot/hello", "/data" })]
    [InlineData("mv /data/a /data/b", ShellCommandKind.Mv, new[] { "/data/a", "/data/b" })]
    public void FileCommandsTakeAbsolutePaths(string line, ShellCommandKind kind, string[] paths)
    {
        ShellCommand c = Ok(line);
        Assert.Equal(kind, c.Kind);
        Assert.Equal(paths, c.Paths);
        Assert.False(c.Recursive);
        Assert.Null(c.Output);
    }

    [Fact]
    public void RmDashRIsRecursive()
    {
        ShellCommand c = Ok("rm -r /data/t /data/u");
        Assert.Equal((ShellCommandKind.Rm, true), (c.Kind, c.Recursive));
        Assert.Equal(["/data/t", "/data/u"], c.Paths);
    }

    [Theory]
    [InlineData("cat", "cat: expected a file (usage: cat FILE...)")]
    [InlineData("rm", "rm: expected a path (usage: rm [-r] PATH...)")]
    [InlineData("rm -r", "rm: expected a path (usage: rm [-r] PATH...)")]
    [InlineData("rm -f /data/a", "rm: unknown option \"-f\" (usage: rm [-r] PATH...)")]
    [InlineData("rm -rf /data/a", "rm: unknown option \"-rf\" (usage: rm [-r] PATH...)")]
    [InlineData("mkdir", "mkdir: expected a directory (usage: mkdir DIR...)")]
    [InlineData("cp", "cp: expected 2 paths, got 0 (usage: cp SRC DST)")]
    [InlineData("cp /data/a", "cp: expected 2 paths, got 1 (usage: cp SRC DST)")]
    [InlineData("mv /data/a /data/b /data/c", "mv: expected 2 paths, got 3 (usage: mv SRC DST)")]
    [InlineData("ls /data /boot", "ls: expected at most one path, got 2 (usage: ls [PATH])")]
    [InlineData("ls -l", "ls: " + Absolute + ", got \"-l\"")]
    [InlineData("cat data/x", "cat: " + Absolute + ", got \"data/x\"")]
    [InlineData("cat /data/a ''", "cat: " + Absolute + ", got \"\"")]
    [InlineData("rm -r x", "rm: " + Absolute + ", got \"x\"")]
    [InlineData("rm -r -r /data/x", "rm: " + Absolute + ", got \"-r\"")]
    [InlineData("mkdir notes", "mkdir: " + Absolute + ", got \"notes\"")]
    [InlineData("cp /data/a b", "cp: " + Absolute + ", got \"b\"")]
    [InlineData("mv a /data/b", "mv: " + Absolute + ", got \"a\"")]
    [InlineData("cat /data/a &", "cat: only a program can run in the background (&)")]
    public void FileCommandErrorsNameTheCommandAndGiveTheUsage(string line, string error)
    {
        Assert.Equal(error, Error(line));
    }

    [Theory]
    [InlineData("echo hello > /data/a.txt", "hello", "/data/a.txt", false)]
    [InlineData("echo again >> /data/a.txt", "again", "/data/a.txt", true)]
    [InlineData("echo a b >/data/f", "a b", "/data/f", false)]
    [InlineData("echo a b> /data/f", "a b", "/data/f", false)]
    [InlineData("echo a b>>/data/f", "a b", "/data/f", true)]
    [InlineData("echo a>/data/f ", "a", "/data/f", false)]
    [InlineData("echo > /data/empty", "", "/data/empty", false)]
    [InlineData("echo 'a > b' > '/data/my file'", "a > b", "/data/my file", false)]
    [InlineData("echo x > /data/t/", "x", "/data/t", false)]
    public void EchoWritesOrAppendsToAFile(string line, string text, string path, bool append)
    {
        ShellCommand c = Ok(line);
        Assert.Equal((ShellCommandKind.Echo, text), (c.Kind, c.Text));
        Assert.NotNull(c.Output);
        Assert.Equal((path, append), (c.Output!.Path, c.Output.Append));
        Assert.Equal(append ? ">>" : ">", c.Output.Operator);
    }

    [Theory]
    [InlineData("echo 'a > b'", "a > b")]
    [InlineData("echo \"x>>y\"", "x>>y")]
    [InlineData("echo a \\> b", "a > b")]
    [InlineData("echo a\\>\\>b", "a>>b")]
    public void AQuotedOrEscapedGreaterThanIsText(string line, string text)
    {
        ShellCommand c = Ok(line);
        Assert.Equal((ShellCommandKind.Echo, text), (c.Kind, c.Text));
        Assert.Null(c.Output);
    }

    [Fact]
    public void AnyBuiltinsOutputCanGoToAFile()
    {
        ShellCommand ls = Ok("ls /data > /data/list.txt");
        Assert.Equal((ShellCommandKind.Ls, "/data/list.txt"), (ls.Kind, ls.Output!.Path));
        Assert.Equal(["/data"], ls.Paths);
        Assert.Equal(ShellCommandKind.Cat, Ok("cat /data/a /data/b > /data/ab").Kind);
        Assert.True(Ok("ps >> /data/ps.txt").Output!.Append);
        Assert.Equal(ShellCommandKind.Df, Ok("df>/data/df.txt").Kind);
        Assert.Equal(ShellCommandKind.Help, Ok("help > /data/help.txt").Kind);

        // time: the output of the timed command goes to the file (the time line stays on the console).
        ShellCommand time = Ok("time ls /boot > /data/boot.txt");
        Assert.Equal((ShellCommandKind.Time, "/data/boot.txt"), (time.Kind, time.Output!.Path));
        Assert.Null(time.Timed!.Output);
    }

    [Theory]
    [InlineData("echo >", "syntax error: \">\" needs a file name after it")]
    [InlineData("echo a > ", "syntax error: \">\" needs a file name after it")]
    [InlineData("echo a >>", "syntax error: \">>\" needs a file name after it")]
    [InlineData("echo a > > /data/f", "syntax error: \">\" needs a file name after it")]
    [InlineData("echo a >>> /data/f", "syntax error: \">>\" needs a file name after it")]
    [InlineData("echo a > &", "syntax error: \">\" needs a file name after it")]
    [InlineData("> /data/f", "syntax error: \">\" needs a command before it")]
    [InlineData(" >> /data/f", "syntax error: \">>\" needs a command before it")]
    [InlineData("echo a > /data/f b", "syntax error: \"> FILE\" must end the line")]
    [InlineData("echo a > /data/f > /data/g", "syntax error: \"> FILE\" must end the line")]
    [InlineData("echo a >> /data/f >/data/g", "syntax error: \">> FILE\" must end the line")]
    [InlineData("echo a & > /data/f", "syntax error: \"&\" must end the line")]
    [InlineData("echo 'open > /data/f", "syntax error: missing closing '")]
    [InlineData("echo a > f", "echo: " + Absolute + " after \">\", got \"f\"")]
    [InlineData("echo a >> data/f", "echo: " + Absolute + " after \">>\", got \"data/f\"")]
    [InlineData("echo a > ''", "echo: " + Absolute + " after \">\", got \"\"")]
    [InlineData("time ls > f", "time: " + Absolute + " after \">\", got \"f\"")]
    [InlineData("echo a > /data/f &", "echo: only a program can run in the background (&)")]
    [InlineData("hello > /data/f", "hello: only a built-in command's output can go to a file (> FILE), not a program's")]
    [InlineData("run hello a >> /data/f", "hello: only a built-in command's output can go to a file (>> FILE), not a program's")]
    [InlineData("time hello > /data/f", "hello: only a built-in command's output can go to a file (> FILE), not a program's")]
    [InlineData("loop > /data/f &", "loop: only a built-in command's output can go to a file (> FILE), not a program's")]
    [InlineData("cat > /data/f", "cat: expected a file (usage: cat FILE...)")]
    public void RedirectionErrors(string line, string error)
    {
        Assert.Equal(error, Error(line));
    }

    [Fact]
    public void SplitTakesTheRedirectionOutOfTheWords()
    {
        var words = new System.Collections.Generic.List<string>();
        Assert.Null(ShellParser.Split("echo a b >> /data/f", words, out bool background, out ShellRedirect? output));
        Assert.Equal(["echo", "a", "b"], words);
        Assert.False(background);
        Assert.Equal(("/data/f", true), (output!.Path, output.Append));
    }

    [Fact]
    public void EveryKindHasTheNameOfItsBuiltin()
    {
        foreach (ShellCommandKind kind in Enum.GetValues<ShellCommandKind>())
        {
            string name = ShellCommands.NameOf(kind);
            Assert.True(kind == ShellCommandKind.Nothing ? name == "" : ShellCommands.IndexOf(name) >= 0, $"{kind}: \"{name}\"");
        }

        Assert.Equal(ShellCommands.Names.Length, Enum.GetValues<ShellCommandKind>().Length - 1);
        Assert.Equal("cp SRC DST", ShellCommands.UsageOf("cp"));
        Assert.Equal("", ShellCommands.UsageOf("fly"));
    }

    [Theory]
    [InlineData("a.txt", false, 12L, "        12  a.txt")]
    [InlineData("notes", true, 0L, "         -  notes/")]
    [InlineData("empty", false, 0L, "         0  empty")]
    [InlineData("big.bin", false, 4294967295L, "4294967295  big.bin")]
    [InlineData("/data/t/a.txt", false, 5L, "         5  /data/t/a.txt")]
    public void LsShowsTheSizeThenTheName(string name, bool directory, long length, string line)
    {
        Assert.Equal(line, ShellFormat.Entry(name, directory, length));
    }

    [Fact]
    public void DfIsATableInKiB()
    {
        Assert.Equal("VOLUME  FORMAT    TOTAL KiB    USED KiB    FREE KiB", ShellFormat.DfHeader);
        Assert.Equal("/data   FAT32         65536         536       65000", ShellFormat.DfLine("/data", "FAT32", 65536L * 1024, 65000L * 1024));
        Assert.Equal("/boot   bootfs         4321        4321           0", ShellFormat.DfLine("/boot", "bootfs", 4321L * 1024 + 1000, 0));
        Assert.Equal("/data   not mounted: no disk", ShellFormat.DfNotReady("/data", "no disk"));
        Assert.Equal("open files: 3", ShellFormat.DfOpenFiles(3));
        Assert.Equal(ShellFormat.DfHeader.Length, ShellFormat.DfLine("/data", "FAT32", 1L << 40, 1L << 39).Length);
    }

    [Theory]
    [InlineData(new byte[0], 0)]
    [InlineData(new byte[] { (byte)'a', (byte)'b' }, 2)]
    [InlineData(new byte[] { (byte)'a', 0xC3 }, 1)] // é cut after its first byte
    [InlineData(new byte[] { (byte)'a', 0xC3, 0xA9 }, 3)]
    [InlineData(new byte[] { 0xE2, 0x82 }, 0)] // € cut after two of three
    [InlineData(new byte[] { (byte)'x', 0xE2, 0x82, 0xAC }, 4)]
    [InlineData(new byte[] { (byte)'x', 0xF0, 0x9F, 0x98 }, 1)] // 😀 cut after three of four
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, 4)]
    [InlineData(new byte[] { (byte)'a', 0x80, 0x80, 0x80, 0x80 }, 5)] // not UTF-8: printed as it is
    [InlineData(new byte[] { (byte)'a', 0xFF }, 2)]
    public void CatCutsTextOnlyBetweenCharacters(byte[] bytes, int complete)
    {
        Assert.Equal(complete, ShellFormat.Utf8Complete(bytes));
    }
}
