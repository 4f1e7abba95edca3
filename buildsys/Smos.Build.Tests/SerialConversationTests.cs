// The serial conversation engine against a fake shell (bash reading CR-ended lines): prompts, lines, keys, timing, power-off, failure messages.
using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static Smos.Build.SerialSteps;

namespace Smos.Build.Tests;

public sealed class SerialConversationTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// A shell like smosh as the tests see it: a partial-line prompt, lines ended by CR (Enter) echoed with CR LF, colour
    /// codes, a command that takes a second, and SMOS-POWEROFF after which nothing happens.
    /// </summary>
    private const string FakeShell = """
        printf 'booting\nfake shell ready\n'
        printf 'smos> '
        while IFS= read -r -d $'\r' line; do
          printf '%s\r\n' "$line"
          case "$line" in
            ps) printf '  PID NAME\r\n    1 init\r\n    2 smosh\r\n' ;;
            "sleep 1") sleep 1 ;;
            colour) printf '\033[32mgreen\033[0m text\r\n' ;;
            many) for i in $(seq 1 30); do printf 'line %d\r\n' "$i"; done ;;
            poweroff) printf 'SMOS-POWEROFF\r\n'; sleep 100 ;;
            *) printf 'smosh: %s: no such command\r\n' "$line" ;;
          esac
          printf 'smos> '
        done
        """;

    private readonly List<QemuSession> _sessions = [];

    private SerialConversation Start(string script = FakeShell)
    {
        QemuSession session = QemuSession.Start("/bin/bash", ["-c", script], input: true);
        _sessions.Add(session);
        return new SerialConversation(session) { Prompt = "smos> ", Timeout = TimeSpan.FromSeconds(5) };
    }

    public void Dispose() => _sessions.ForEach(s => s.Dispose());

    [Fact]
    public void APromptWithoutALineEndIsSeen()
    {
        SerialConversation c = Start();
        StepResult r = c.ExpectPrompt();
        Assert.Equal("booting\nfake shell ready\nsmos> ", r.Text);
        Assert.Equal(["booting", "fake shell ready"], r.Lines);
    }

    [Fact]
    public void AScriptRunsInOrderAndTheLinesOfAPromptStepAreTheCommandsOutput()
    {
        SerialConversation c = Start();
        IReadOnlyList<StepResult> r = c.Run([ExpectPrompt(), SendLine("ps"), ExpectLine(@"^\s*(?<pid>\d+)\s+init$"), ExpectPrompt(), SendLine("nosuch"), ExpectPrompt()]);
        Assert.Equal("1", r[2].Group("pid"));
        Assert.Equal(["    2 smosh"], r[3].Lines);

        // The echo of the command is on the prompt's line: the one line after it is the error.
        Assert.Equal(["smosh: nosuch: no such command"], r[5].Lines);
        Assert.Equal(6, c.Steps);
    }

    [Fact]
    public void ALineMustComeBeforeThePromptReturns()
    {
        SerialConversation c = Start();
        var e = Assert.Throws<SerialScriptException>(() => c.Run([ExpectPrompt(), SendLine("ps"), ExpectLine("^no such line$")]));
        output.WriteLine(e.Message); // the example in docs/testing.md
        Assert.StartsWith("serial step 3 of 3, ExpectLine /^no such line$/ before the prompt \"smos> \", started at ", e.Message, StringComparison.Ordinal);
        Assert.Contains(": the prompt \"smos> \" came back first, with no such line (now ", e.Message, StringComparison.Ordinal);
        Assert.Contains("the other end: it still runs)", e.Message, StringComparison.Ordinal);
        Assert.Contains("\n  |     2 smosh\n  | smos>    <- no line end yet", e.Message, StringComparison.Ordinal);

        // Without the prompt rule the same line is waited for, up to the timeout.
        var late = Assert.Throws<SerialScriptException>(() => c.ExpectLine("^nothing$", TimeSpan.FromMilliseconds(300), beforePrompt: false));
        Assert.Contains("serial step 4, ExpectLine /^nothing$/, started at ", late.Message, StringComparison.Ordinal);
        Assert.Contains(": not seen within 0.3 s (now ", late.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATimeoutShowsTheLastTwentyLinesAndWhatWasNotConsumed()
    {
        SerialConversation c = Start();
        c.ExpectPrompt();
        c.SendLine("many");
        c.ExpectLine("^line 5$");
        var e = Assert.Throws<SerialScriptException>(() => c.Expect("never printed", TimeSpan.FromMilliseconds(300)));
        Assert.Contains("serial step 4, Expect \"never printed\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("not seen within 0.3 s", e.Message, StringComparison.Ordinal);
        Assert.Contains("output not consumed by a step yet: \"line 6\\nline 7\\n", e.Message, StringComparison.Ordinal);
        Assert.Contains("last 20 lines seen (of 34;", e.Message, StringComparison.Ordinal);
        Assert.Contains("\n  | line 12\n", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("| line 11\n", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("\n  | line 30\n  | smos>    <- no line end yet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheEndOfTheOutputFailsAWaitingStepAtOnce()
    {
        SerialConversation c = Start("printf 'only this\\n'; exit 3");
        var e = Assert.Throws<SerialScriptException>(() => c.Expect("more", TimeSpan.FromSeconds(30)));
        Assert.Contains("the output ended before it (it exited with code 3)", e.Message, StringComparison.Ordinal);
        Assert.Contains("\n  | only this", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostTimeBetweenStepsIsMeasured()
    {
        SerialConversation c = Start();
        c.ExpectPrompt();
        StepResult typed = c.SendLine("sleep 1");
        StepResult back = c.ExpectPrompt();
        // The typed step's time is taken after the line is written, when the shell may already be sleeping: on a loaded
        // machine the interval measured was 0.985 s. What matters is that the sleep shows, not its last few milliseconds.
        Assert.True(back.At - typed.At >= TimeSpan.FromSeconds(0.5), $"{(back.At - typed.At).TotalSeconds} s");
        Assert.True(back.At - typed.At < TimeSpan.FromSeconds(4), $"{(back.At - typed.At).TotalSeconds} s");
    }

    [Fact]
    public void KeysGoOneAtATimeWithThePauseBetweenThem()
    {
        SerialConversation c = Start();
        c.ExpectPrompt();
        StepResult typed = c.Send("abcdef");
        Assert.True(typed.Took >= TimeSpan.FromMilliseconds(5 * 20), $"{typed.Took.TotalMilliseconds} ms");
        StepResult burst = c.Send("ghijkl", TimeSpan.Zero);
        Assert.True(burst.Took < TimeSpan.FromMilliseconds(100), $"{burst.Took.TotalMilliseconds} ms");
        c.Send(SerialConversation.Enter);
        c.ExpectLine("^smosh: abcdefghijkl: no such command$");
    }

    [Fact]
    public void ControlKeysAndEnterArriveAsTheBytesATerminalSends()
    {
        SerialConversation c = Start("head -c 5 | od -An -tx1");
        c.Send(SerialConversation.CtrlC + SerialConversation.CtrlD + SerialConversation.Backspace + SerialConversation.Enter + "a");
        c.ExpectLine(@"^\s*03 04 7f 0d 61$");
        c.ExpectEnd();
    }

    [Fact]
    public void EscapeSequencesAndCarriageReturnsAreNotPartOfTheText()
    {
        SerialConversation c = Start();
        c.ExpectPrompt();
        c.SendLine("colour");
        c.ExpectLine("^green text$");
        Assert.DoesNotContain('\r', c.Transcript);
        Assert.DoesNotContain('\x1b', c.Transcript);
    }

    [Fact]
    public void ThePowerOffLineStopsTheOtherEnd()
    {
        SerialConversation c = Start();
        c.ExpectPrompt();
        c.SendLine("poweroff");
        StepResult end = c.ExpectEnd(TimeSpan.FromSeconds(10));
        Assert.NotNull(c.PoweredOffAt);
        Assert.True(end.Took < TimeSpan.FromSeconds(5), $"{end.Took.TotalSeconds} s (the fake shell sleeps 100 s after the line)");
        Assert.StartsWith("stopped after the SMOS-POWEROFF line at ", c.HowEnded(), StringComparison.Ordinal);
        var e = Assert.Throws<SerialScriptException>(() => c.SendLine("ps"));
        Assert.Contains("serial step 4, Send \"ps\\r\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("could not type: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowEscapesControlCharactersAndQuotes()
    {
        Assert.Equal("\"ps\\r\"", SerialConversation.Show("ps\r"));
        Assert.Equal("\"\\x03\\x7f \\\"q\\\"\\n\"", SerialConversation.Show("\x03\x7f \"q\"\n"));
        Assert.Contains(" ... ", SerialConversation.Show(new string('x', 1000)), StringComparison.Ordinal);
    }

    [Fact]
    public void TheSessionSplitsLinesAsReadLineDoes()
    {
        using QemuSession session = QemuSession.Start("/bin/bash", ["-c", "printf 'a\\r\\nb\\rc\\n'; sleep 0.2; printf '\\nd\\r'; sleep 0.2; printf '\\ne'"]);
        var lines = new List<string>();
        while (session.TryReadLine(session.Clock.Elapsed + TimeSpan.FromSeconds(5), out string line))
        {
            lines.Add(line);
        }

        Assert.True(session.Ended);
        Assert.Equal(["a", "b", "c", "", "d", "e"], lines);
        Assert.Equal(0, session.ExitCode);
    }
}
