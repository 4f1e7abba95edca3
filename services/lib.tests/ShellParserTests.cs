// Host tests of smosh's parser: each command, quoting and &, and the one-line error of each wrong command or argument.
using System.Collections.Generic;
using Smos.Services.Shell;
using Xunit;

namespace Smos.Services.Tests;

public class ShellParserTests
{
    private static readonly string[] Archive = ["hello", "echo-server", "loop", "ps"];

    private static ShellCommand Ok(string line, IReadOnlyList<string>? programs = null)
    {
        ShellParseResult result = ShellParser.Parse(line, programs);
        Assert.False(result.IsError, result.Error);
        Assert.NotNull(result.Command);
        return result.Command!;
    }

    private static string Error(string line, IReadOnlyList<string>? programs = null)
    {
        ShellParseResult result = ShellParser.Parse(line, programs);
        Assert.True(result.IsError);
        Assert.Null(result.Command);
        Assert.DoesNotContain('\n', result.Error!);
        Assert.DoesNotContain('\r', result.Error!);
        return result.Error!;
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \t ")]
    public void AnEmptyLineIsNothing(string line)
    {
        Assert.Equal(ShellCommandKind.Nothing, Ok(line).Kind);
    }

    [Theory]
    [InlineData("ps", ShellCommandKind.Ps)]
    [InlineData("ls", ShellCommandKind.Ls)]
    [InlineData("uptime", ShellCommandKind.Uptime)]
    [InlineData("conns", ShellCommandKind.Conns)]
    [InlineData("topics", ShellCommandKind.Topics)]
    [InlineData("mem", ShellCommandKind.Mem)]
    [InlineData("poweroff", ShellCommandKind.Poweroff)]
    [InlineData("df", ShellCommandKind.Df)]
    [InlineData("sync", ShellCommandKind.Sync)]
    [InlineData("  ps  ", ShellCommandKind.Ps)]
    [InlineData("\tmem", ShellCommandKind.Mem)]
    public void CommandsWithoutArguments(string line, ShellCommandKind kind)
    {
        Assert.Equal(kind, Ok(line).Kind);
    }

    [Theory]
    [InlineData("ps x", "ps: takes no arguments, got \"x\"")]
    [InlineData("df -h", "df: takes no arguments, got \"-h\"")]
    [InlineData("sync now", "sync: takes no arguments, got \"now\"")]
    [InlineData("uptime now", "uptime: takes no arguments, got \"now\"")]
    [InlineData("conns a b", "conns: takes no arguments, got \"a\"")]
    [InlineData("topics ''", "topics: takes no arguments, got \"\"")]
    [InlineData("mem 1", "mem: takes no arguments, got \"1\"")]
    [InlineData("poweroff now", "poweroff: takes no arguments, got \"now\"")]
    public void CommandsWithoutArgumentsRejectOne(string line, string error)
    {
        Assert.Equal(error, Error(line));
    }

    [Fact]
    public void HelpAloneAndForOneCommand()
    {
        ShellCommand all = Ok("help");
        Assert.Equal((ShellCommandKind.Help, ""), (all.Kind, all.Name));
        ShellCommand one = Ok("help sleep");
        Assert.Equal((ShellCommandKind.Help, "sleep"), (one.Kind, one.Name));
    }

    [Fact]
    public void HelpErrors()
    {
        Assert.Equal("help: no command \"fly\"", Error("help fly"));
        Assert.Equal("help: expected at most one command name, got 2 arguments", Error("help ps ls"));
    }

    [Fact]
    public void RunTakesAProgramAndItsArguments()
    {
        ShellCommand c = Ok("run hello a 'b c'");
        Assert.Equal(ShellCommandKind.Run, c.Kind);
        Assert.Equal("hello", c.Name);
        Assert.Equal(["a", "b c"], c.Arguments);
        Assert.False(c.Background);
    }

    [Fact]
    public void ABareNameRunsThatProgramInTheForeground()
    {
        ShellCommand c = Ok("hello world");
        Assert.Equal((ShellCommandKind.Run, "hello", false), (c.Kind, c.Name, c.Background));
        Assert.Equal(["world"], c.Arguments);
        Assert.Empty(Ok("loop").Arguments);
    }

    [Theory]
    [InlineData("loop &")]
    [InlineData("loop&")]
    [InlineData("run loop &")]
    [InlineData("loop & ")]
    public void AFinalAmpersandRunsInTheBackground(string line)
    {
        ShellCommand c = Ok(line);
        Assert.Equal((ShellCommandKind.Run, "loop", true), (c.Kind, c.Name, c.Background));
        Assert.Empty(c.Arguments);
    }

    [Fact]
    public void BackgroundKeepsTheArguments()
    {
        ShellCommand c = Ok("echo-server 7 fast &");
        Assert.True(c.Background);
        Assert.Equal(["7", "fast"], c.Arguments);
    }

    [Fact]
    public void AQuotedOrEscapedAmpersandIsAnOrdinaryWord()
    {
        Assert.Equal(["&", "&", "a&b"], Ok("hello '&' \\& \"a&b\"").Arguments);
        Assert.False(Ok("hello '&'").Background);
    }

    [Theory]
    [InlineData("run", "run: expected a program name")]
    [InlineData("run &", "run: expected a program name")]
    [InlineData("\"\" x", "expected a program name, got \"\"")]
    [InlineData("run ''", "expected a program name, got \"\"")]
    [InlineData("&", "syntax error: \"&\" needs a program before it")]
    [InlineData("loop & x", "syntax error: \"&\" must end the line")]
    [InlineData("loop && ", "syntax error: \"&\" must end the line")]
    [InlineData("sleep 1 &", "sleep: only a program can run in the background (&)")]
    [InlineData("echo hi &", "echo: only a program can run in the background (&)")]
    [InlineData("ps &", "ps: only a program can run in the background (&)")]
    [InlineData("time loop &", "time: only a program can run in the background (&)")]
    public void RunAndBackgroundErrors(string line, string error)
    {
        Assert.Equal(error, Error(line));
    }

    [Fact]
    public void WithTheArchiveAnUnknownProgramIsAnError()
    {
        Assert.Equal("hello", Ok("hello", Archive).Name);
        Assert.Equal("loop", Ok("run loop &", Archive).Name);
        const string Hint = " (help lists the commands, ls the programs)";
        Assert.Equal("no command or program \"fly\"" + Hint, Error("fly away", Archive));
        Assert.Equal("no command or program \"fly\"" + Hint, Error("run fly", Archive));
        Assert.Equal("no command or program \"Hello\"" + Hint, Error("Hello", Archive)); // names are case-sensitive
        Assert.Equal("no command or program \"fly\"" + Hint, Error("time fly", Archive));
    }

    [Fact]
    public void ABuiltinNameRunsTheBuiltinAndRunReachesAProgramOfThatName()
    {
        Assert.Equal(ShellCommandKind.Ps, Ok("ps", Archive).Kind);
        ShellCommand c = Ok("run ps", Archive);
        Assert.Equal((ShellCommandKind.Run, "ps"), (c.Kind, c.Name));
    }

    [Theory]
    [InlineData("kill 7", 7L)]
    [InlineData("kill 0042", 42L)]
    [InlineData("kill 281474976710655", 281474976710655L)]
    [InlineData("kill 9223372036854775807", long.MaxValue)]
    [InlineData("kill '12'", 12L)]
    public void KillTakesAProcessId(string line, long pid)
    {
        ShellCommand c = Ok(line);
        Assert.Equal((ShellCommandKind.Kill, pid), (c.Kind, c.Pid));
    }

    [Theory]
    [InlineData("kill", "kill: expected a process id")]
    [InlineData("kill x", "kill: expected a process id, got \"x\"")]
    [InlineData("kill -9", "kill: expected a process id, got \"-9\"")]
    [InlineData("kill +9", "kill: expected a process id, got \"+9\"")]
    [InlineData("kill 1.5", "kill: expected a process id, got \"1.5\"")]
    [InlineData("kill ''", "kill: expected a process id, got \"\"")]
    [InlineData("kill 9223372036854775808", "kill: expected a process id, got \"9223372036854775808\"")]
    [InlineData("kill 99999999999999999999", "kill: expected a process id, got \"99999999999999999999\"")]
    [InlineData("kill 1 2", "kill: expected one process id, got 2 arguments")]
    public void KillErrors(string line, string error)
    {
        Assert.Equal(error, Error(line));
    }

    [Theory]
    [InlineData("echo", "")]
    [InlineData("echo hello", "hello")]
    [InlineData("echo  hello   world ", "hello world")]
    [InlineData("echo 'a  b'  c", "a  b c")]
    [InlineData("echo \"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("echo ''", "")]
    [InlineData("echo a '' b", "a  b")]
    [InlineData("echo grüße 😀", "grüße 😀")]
    [InlineData("echo ps kill", "ps kill")]
    public void EchoJoinsItsWordsWithOneSpace(string line, string text)
    {
        ShellCommand c = Ok(line);
        Assert.Equal((ShellCommandKind.Echo, text), (c.Kind, c.Text));
    }

    [Fact]
    public void TimeWrapsAnyCommand()
    {
        ShellCommand c = Ok("time run hello x");
        Assert.Equal(ShellCommandKind.Time, c.Kind);
        Assert.Equal((ShellCommandKind.Run, "hello", false), (c.Timed!.Kind, c.Timed.Name, c.Timed.Background));
        Assert.Equal(["x"], c.Timed.Arguments);
        Assert.Equal(ShellCommandKind.Sleep, Ok("time sleep 1").Timed!.Kind);
        Assert.Equal("hello", Ok("time hello").Timed!.Name);
        Assert.Equal(ShellCommandKind.Ps, Ok("time time ps").Timed!.Timed!.Kind);
    }

    [Theory]
    [InlineData("time", "time: expected a command")]
    [InlineData("time kill x", "kill: expected a process id, got \"x\"")]
    [InlineData("time sleep", "sleep: expected a number of seconds")]
    [InlineData("time time", "time: expected a command")]
    public void TimeErrorsNameTheInnerCommand(string line, string error)
    {
        Assert.Equal(error, Error(line));
    }

    [Theory]
    [InlineData("sleep 1", 1_000_000_000UL)]
    [InlineData("sleep 0.5", 500_000_000UL)]
    [InlineData("sleep .25", 250_000_000UL)]
    [InlineData("sleep 3.", 3_000_000_000UL)]
    [InlineData("sleep 0", 0UL)]
    [InlineData("sleep 0.000000001", 1UL)]
    [InlineData("sleep 2.123456789", 2_123_456_789UL)]
    [InlineData("sleep 007", 7_000_000_000UL)]
    [InlineData("sleep 1000000000", 1_000_000_000_000_000_000UL)]
    public void SleepTakesSecondsWithDecimals(string line, ulong nanoseconds)
    {
        ShellCommand c = Ok(line);
        Assert.Equal((ShellCommandKind.Sleep, nanoseconds), (c.Kind, c.Nanoseconds));
    }

    [Theory]
    [InlineData("sleep", "sleep: expected a number of seconds")]
    [InlineData("sleep 1 2", "sleep: expected one number of seconds, got 2 arguments")]
    [InlineData("sleep x", "sleep: expected a number of seconds (e.g. 2 or 0.5), got \"x\"")]
    [InlineData("sleep -1", "sleep: expected a number of seconds (e.g. 2 or 0.5), got \"-1\"")]
    [InlineData("sleep .", "sleep: expected a number of seconds (e.g. 2 or 0.5), got \".\"")]
    [InlineData("sleep 1.2.3", "sleep: expected a number of seconds (e.g. 2 or 0.5), got \"1.2.3\"")]
    [InlineData("sleep 1e3", "sleep: expected a number of seconds (e.g. 2 or 0.5), got \"1e3\"")]
    [InlineData("sleep 1s", "sleep: expected a number of seconds (e.g. 2 or 0.5), got \"1s\"")]
    [InlineData("sleep 0.0000000001", "sleep: expected a number of seconds (e.g. 2 or 0.5), got \"0.0000000001\"")]
    [InlineData("sleep ''", "sleep: expected a number of seconds (e.g. 2 or 0.5), got \"\"")]
    [InlineData("sleep 1000000000.5", "sleep: at most 1000000000 seconds, got \"1000000000.5\"")]
    [InlineData("sleep 1000000001", "sleep: at most 1000000000 seconds, got \"1000000001\"")]
    [InlineData("sleep 99999999999999999999999", "sleep: at most 1000000000 seconds, got \"99999999999999999999999\"")]
    public void SleepErrors(string line, string error)
    {
        Assert.Equal(error, Error(line));
    }

    [Theory]
    [InlineData("echo 'unclosed", "syntax error: missing closing '")]
    [InlineData("echo \"unclosed", "syntax error: missing closing \"")]
    [InlineData("echo \"ends in escape\\\"", "syntax error: missing closing \"")]
    public void UnclosedQuotesAreErrors(string line, string error)
    {
        Assert.Equal(error, Error(line));
    }

    [Theory]
    [InlineData("a'b c'd", new[] { "ab cd" })]
    [InlineData("'x'\"y\"z", new[] { "xyz" })]
    [InlineData("'' \"\"", new[] { "", "" })]
    [InlineData("'a \"b\" c'", new[] { "a \"b\" c" })]
    [InlineData("\"it's\"", new[] { "it's" })]
    [InlineData("'back\\slash'", new[] { "back\\slash" })]
    [InlineData("\"a\\b\\\\c\"", new[] { "a\\b\\c" })]
    [InlineData("a\\ b c", new[] { "a b", "c" })]
    [InlineData("end\\", new[] { "end\\" })]
    [InlineData("tab\tsplit", new[] { "tab", "split" })]
    public void QuotesAndEscapesMakeWords(string line, string[] expected)
    {
        var words = new List<string>();
        Assert.Null(ShellParser.Split(line, words, out bool background, out ShellRedirect? output));
        Assert.Null(output);
        Assert.False(background);
        Assert.Equal(expected, words);
    }

    [Fact]
    public void CommandNamesAreCaseSensitive()
    {
        ShellCommand c = Ok("PS");
        Assert.Equal((ShellCommandKind.Run, "PS"), (c.Kind, c.Name));
    }

    [Fact]
    public void EveryBuiltinHasAUsageAndAHelpLine()
    {
        Assert.Equal(ShellCommands.Names.Length, ShellCommands.Usages.Length);
        Assert.Equal(ShellCommands.Names.Length, ShellCommands.Summaries.Length);
        for (int i = 0; i < ShellCommands.Names.Length; i++)
        {
            string name = ShellCommands.Names[i];
            Assert.StartsWith(name, ShellCommands.Usages[i], System.StringComparison.Ordinal);
            Assert.Equal(i, ShellCommands.IndexOf(name));
            Assert.StartsWith(ShellCommands.Usages[i], ShellCommands.HelpLine(i), System.StringComparison.Ordinal);
            Assert.EndsWith(ShellCommands.Summaries[i], ShellCommands.HelpLine(i), System.StringComparison.Ordinal);
            Assert.Equal(ShellCommandKind.Help, Ok("help " + name).Kind);
        }

        Assert.Equal(-1, ShellCommands.IndexOf("fly"));
        Assert.Equal("sleep SECONDS         wait SECONDS (decimals allowed: sleep 0.5)", ShellCommands.HelpLine(ShellCommands.IndexOf("sleep")));
    }
}
