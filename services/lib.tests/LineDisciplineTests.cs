// Host tests of the console's line discipline: each editing rule, its echo, the line-length limit, UTF-8, raw mode and history.
using System;
using System.Collections.Generic;
using System.Text;
using Smos.Services.Console;
using Xunit;

namespace Smos.Services.Tests;

public class LineDisciplineTests
{
    private const string Up = "\u001b[A";
    private const string Down = "\u001b[B";

    // Feeds every byte of `input` (as UTF-8) and gathers the echo, the delivered lines and the other events.
    private sealed class Terminal
    {
        public Terminal(LineDiscipline discipline) => Discipline = discipline;

        public LineDiscipline Discipline { get; }

        public List<byte> Echo { get; } = [];

        public List<string> Lines { get; } = [];

        public List<LineEvent> Events { get; } = [];

        public List<byte> Keys { get; } = [];

        public string EchoText => Encoding.UTF8.GetString(Echo.ToArray());

        public Terminal Type(string input) => TypeBytes(Encoding.UTF8.GetBytes(input));

        public Terminal TypeBytes(params byte[] input)
        {
            foreach (byte b in input)
            {
                LineEvent e = Discipline.Feed(b);
                Echo.AddRange(Discipline.Echo.ToArray());
                switch (e)
                {
                    case LineEvent.Line:
                        Lines.Add(Encoding.UTF8.GetString(Discipline.Line));
                        Events.Add(e);
                        break;
                    case LineEvent.Key:
                        Keys.Add(Discipline.Key);
                        break;
                    case LineEvent.None:
                        Assert.True(Discipline.Line.IsEmpty);
                        break;
                    default:
                        Events.Add(e);
                        break;
                }
            }

            return this;
        }

        public string PendingText => Encoding.UTF8.GetString(Discipline.Pending);
    }

    private static Terminal New(int max = 256, int history = 16) => new(new LineDiscipline(max, history));

    [Fact]
    public void PrintableBytesAreEchoedAndEnterDeliversTheLine()
    {
        Terminal t = New().Type("ls -l\r");
        Assert.Equal("ls -l\r\n", t.EchoText);
        Assert.Equal(["ls -l"], t.Lines);
        Assert.Equal("", t.PendingText);
    }

    [Fact]
    public void EachFeedReportsOnlyItsOwnEcho()
    {
        var d = new LineDiscipline();
        Assert.Equal(LineEvent.None, d.Feed((byte)'a'));
        Assert.Equal("a"u8.ToArray(), d.Echo.ToArray());
        Assert.Equal(LineEvent.None, d.Feed(0x01)); // Ctrl-A: ignored, no echo
        Assert.True(d.Echo.IsEmpty);
        Assert.Equal(LineEvent.Line, d.Feed((byte)'\r'));
        Assert.Equal("\r\n"u8.ToArray(), d.Echo.ToArray());
        Assert.Equal("a"u8.ToArray(), d.Line.ToArray());
        Assert.Equal(LineEvent.None, d.Feed((byte)'b'));
        Assert.True(d.Line.IsEmpty); // the delivered line is gone once the next byte comes
        Assert.Equal("b"u8.ToArray(), d.Pending.ToArray());
    }

    [Fact]
    public void LineFeedAloneEndsALineAndCrLfEndsOnlyOne()
    {
        Terminal t = New().Type("one\ntwo\r\nthree\n\n");
        Assert.Equal(["one", "two", "three", ""], t.Lines);
        Assert.Equal("one\r\ntwo\r\nthree\r\n\r\n", t.EchoText);
    }

    [Fact]
    public void CrCrGivesTwoLinesAndLfAfterOtherInputIsALineEnd()
    {
        Terminal t = New().Type("a\r\rb\r").TypeBytes(0x01).Type("\n");
        Assert.Equal(["a", "", "b", ""], t.Lines);
    }

    [Fact]
    public void BackspaceAndDeleteEraseOneCharacterEach()
    {
        Terminal t = New().Type("cat\b\u007fr\r");
        Assert.Equal(["cr"], t.Lines);
        Assert.Equal("cat\b \b\b \br\r\n", t.EchoText);
    }

    [Fact]
    public void BackspaceOnAnEmptyLineDoesNothing()
    {
        Terminal t = New().Type("\b\u007f\bx\r");
        Assert.Equal(["x"], t.Lines);
        Assert.Equal("x\r\n", t.EchoText);
    }

    [Fact]
    public void CtrlUErasesTheWholeLine()
    {
        Terminal t = New().Type("héllo\u0015ok\r");
        Assert.Equal(["ok"], t.Lines);
        Assert.Equal("héllo" + string.Concat(System.Linq.Enumerable.Repeat("\b \b", 5)) + "ok\r\n", t.EchoText);
    }

    [Fact]
    public void CtrlCDiscardsTheLineAndInterrupts()
    {
        Terminal t = New().Type("sleep 10\u0003ps\r");
        Assert.Equal([LineEvent.Interrupt, LineEvent.Line], t.Events);
        Assert.Equal(["ps"], t.Lines);
        Assert.Equal("sleep 10^C\r\nps\r\n", t.EchoText);
    }

    [Fact]
    public void CtrlDOnAnEmptyLineIsEndOfInputWithoutEcho()
    {
        var d = new LineDiscipline();
        Assert.Equal(LineEvent.EndOfInput, d.Feed(0x04));
        Assert.True(d.Echo.IsEmpty);
        Assert.Equal(LineEvent.EndOfInput, d.Feed(0x04)); // and again: each Ctrl-D on an empty line is one
    }

    [Fact]
    public void CtrlDAfterTextDeliversThePendingLineThenEndsInput()
    {
        Terminal t = New().Type("partial\u0004\u0004");
        Assert.Equal([LineEvent.Line, LineEvent.EndOfInput], t.Events);
        Assert.Equal(["partial"], t.Lines);
        Assert.Equal("partial\r\n", t.EchoText);
    }

    [Fact]
    public void CtrlDAfterTextErasedToNothingIsEndOfInput()
    {
        Terminal t = New().Type("x\b\u0004");
        Assert.Equal([LineEvent.EndOfInput], t.Events);
    }

    [Fact]
    public void OtherControlBytesAreIgnoredAndTabIsASpace()
    {
        Terminal t = New().Type("a\u0001\u0002\u0007\u000b\u000c\u000e\u001fb\tc\r");
        Assert.Equal(["ab c"], t.Lines);
        Assert.Equal("ab c\r\n", t.EchoText);
    }

    [Fact]
    public void AFullLineRingsTheBellForEachCharacterThatDoesNotFitAndDropsIt()
    {
        Terminal t = New(max: 8).Type("12345678").Type("9x");
        Assert.Equal("12345678\a\a", t.EchoText);
        Assert.Equal("12345678", t.PendingText);
        t.Type("\b9\r");
        Assert.Equal(["12345679"], t.Lines);
        Assert.Equal("12345678\a\a\b \b9\r\n", t.EchoText);
    }

    [Fact]
    public void AMultiByteCharacterThatDoesNotFitIsDroppedWholeWithOneBell()
    {
        // 6 of 8 bytes used: a 3-byte character does not fit, all three of its bytes are dropped; a 2-byte one fits.
        Terminal t = New(max: 8).Type("123456").Type("€").Type("é").Type("z");
        Assert.Equal("123456\aé\a", t.EchoText);
        Assert.Equal("123456é", t.PendingText);
    }

    [Fact]
    public void AMultiByteCharacterIsErasedAsOne()
    {
        Terminal t = New().Type("aé€😀\b\r").Type("aé€😀\b\b\b\r");
        Assert.Equal(["aé€", "a"], t.Lines);
    }

    [Fact]
    public void MultiByteCharactersAreDeliveredAndEchoedIntact()
    {
        Terminal t = New().Type("echo grüße 😀\r");
        Assert.Equal(["echo grüße 😀"], t.Lines);
        Assert.Equal("echo grüße 😀\r\n", t.EchoText);
    }

    [Fact]
    public void StrayContinuationAndInvalidBytesAreIgnored()
    {
        Terminal t = New().TypeBytes(0x80, (byte)'a', 0xBF, 0xF8, 0xFF, (byte)'b', 0x0D);
        Assert.Equal(["ab"], t.Lines);
        Assert.Equal("ab\r\n", t.EchoText);
    }

    [Fact]
    public void ACharacterCutShortKeepsWhatArrivedAndErasesAsOne()
    {
        var t = New();
        t.TypeBytes((byte)'a', 0xE2, 0x82, (byte)'b'); // "€" is E2 82 AC: cut short by 'b'
        Assert.Equal(new byte[] { (byte)'a', 0xE2, 0x82, (byte)'b' }, t.Discipline.Pending.ToArray());
        t.Type("\b\b");
        Assert.Equal("a"u8.ToArray(), t.Discipline.Pending.ToArray());
    }

    [Fact]
    public void EscapeSequencesAreSwallowed()
    {
        // Right and left arrows, Home, F5 (ESC [ 1 5 ~), SS3 F1 (ESC O P): none reaches the line or the echo.
        Terminal t = New().Type("a\u001b[C\u001b[D\u001b[H\u001b[15~\u001bOPb\r");
        Assert.Equal(["ab"], t.Lines);
        Assert.Equal("ab\r\n", t.EchoText);
    }

    [Fact]
    public void ALoneEscapeBeforeAnOrdinaryByteLetsTheByteThrough()
    {
        Terminal t = New().Type("a\u001bb\u001b\r");
        Assert.Equal(["ab"], t.Lines);
    }

    [Fact]
    public void AControlByteInsideASequenceEndsItAndActs()
    {
        Terminal t = New().Type("ab\u001b[\r" + "c\u001bO\b" + "\u001b[1;\u0003");
        Assert.Equal(["ab"], t.Lines);
        Assert.Equal([LineEvent.Line, LineEvent.Interrupt], t.Events);
        Assert.Equal("ab\r\nc\b \b^C\r\n", t.EchoText);
    }

    [Fact]
    public void RawModeDeliversEveryByteWithoutEchoButCtrlCStillInterrupts()
    {
        Terminal t = New();
        t.Discipline.Raw = true;
        t.Type("q\r\b\u0004\u001b[A");
        Assert.Equal("q\r\b\u0004\u001b[A"u8.ToArray(), t.Keys.ToArray());
        Assert.Empty(t.Echo);
        Assert.Empty(t.Lines);
        t.Type("\u0003");
        Assert.Equal([LineEvent.Interrupt], t.Events);
        Assert.Equal("^C\r\n", t.EchoText);
    }

    [Fact]
    public void SwitchingToRawAndBackKeepsThePendingLine()
    {
        Terminal t = New().Type("ab");
        t.Discipline.Raw = true;
        t.Type("k");
        t.Discipline.Raw = false;
        t.Type("c\r");
        Assert.Equal(["k"u8[0]], t.Keys);
        Assert.Equal(["abc"], t.Lines);
    }

    [Fact]
    public void ResetDropsThePendingLineAndAHalfSequence()
    {
        Terminal t = New().Type("junk\u001b[");
        t.Discipline.Reset();
        Assert.Equal("", t.PendingText);
        t.Type("A\r");
        Assert.Equal(["A"], t.Lines);
    }

    [Fact]
    public void UpAndDownWalkTheHistoryAndRedrawTheLine()
    {
        Terminal t = New().Type("one\rtwo\r");
        t.Echo.Clear();
        t.Type("dr" + Up); // the draft "dr" is kept
        Assert.Equal("two", t.PendingText);
        Assert.Equal("dr\b \b\b \btwo", t.EchoText);
        t.Type(Up);
        Assert.Equal("one", t.PendingText);
        t.Type(Up); // no older entry: nothing changes
        Assert.Equal("one", t.PendingText);
        t.Type(Down);
        Assert.Equal("two", t.PendingText);
        t.Type(Down);
        Assert.Equal("dr", t.PendingText);
        t.Type(Down); // already at the draft
        Assert.Equal("dr", t.PendingText);
        t.Type(Up + Up + "!\r");
        Assert.Equal(["one", "two", "one!"], t.Lines);
    }

    [Fact]
    public void SS3ArrowsWalkTheHistoryToo()
    {
        Terminal t = New().Type("first\r\u001bOA\r");
        Assert.Equal(["first", "first"], t.Lines);
        Assert.Equal(1, t.Discipline.HistoryCount); // a repeat of the newest entry is not added again
    }

    [Fact]
    public void EmptyLinesDoNotEnterTheHistoryAndItKeepsTheNewestLines()
    {
        Terminal t = New(history: 3).Type("a\r\rb\rc\rd\r");
        Assert.Equal(3, t.Discipline.HistoryCount);
        t.Type(Up + Up + Up + Up + "\r");
        Assert.Equal("b", t.Lines[^1]);
    }

    [Fact]
    public void WithoutHistoryArrowsDoNothing()
    {
        Terminal t = New(history: 0).Type("a\r" + Up + "\r");
        Assert.Equal(["a", ""], t.Lines);
        Assert.Equal(0, t.Discipline.HistoryCount);
    }

    [Fact]
    public void AMultiByteHistoryEntryIsErasedCharacterByCharacter()
    {
        Terminal t = New().Type("é€\r");
        t.Echo.Clear();
        t.Type(Up + "\u0015");
        Assert.Equal("é€\b \b\b \b", t.EchoText);
    }

    [Fact]
    public void TheLongestEditsFitTheEchoBuffer()
    {
        // A full line of 2-byte characters recalled over a full line of ASCII: the largest echo of one byte.
        Terminal t = New(max: 64).Type(new string('é', 32) + "\r" + new string('x', 64));
        t.Echo.Clear();
        t.Type(Up);
        Assert.Equal(string.Concat(System.Linq.Enumerable.Repeat("\b \b", 64)) + new string('é', 32), t.EchoText);
    }

    [Fact]
    public void FeedingDoesNotAllocate()
    {
        var d = new LineDiscipline();
        byte[] input = Encoding.UTF8.GetBytes("hello wörld\b\u001b[A\u001b[B\r\u0003x\u0004\u0004" + Up + "\r");
        foreach (byte b in input)
        {
            d.Feed(b); // warm up
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 100; round++)
        {
            foreach (byte b in input)
            {
                d.Feed(b);
                _ = d.Echo.Length + d.Line.Length;
            }
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void ConstructorRejectsLimitsThatCannotWork()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineDiscipline(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineDiscipline(16, -1));
    }
}
