// TerminalMixer: CR LF for output's line ends, and output lines never continue typed text.
using System;
using System.Text;
using Smos.Services.Console;
using Xunit;

namespace Smos.Services.Tests;

public class TerminalMixerTests
{
    private static TerminalMixer NewMixer() => new(0x1e, 0x1f, 64);

    private static string Drain(ByteRing ring)
    {
        var bytes = new byte[ring.Count];
        ring.Read(bytes);
        return Encoding.ASCII.GetString(bytes);
    }

    [Fact]
    public void OutputLineEndsBecomeCrLf()
    {
        var mixer = NewMixer();
        var ring = new ByteRing(64);
        Assert.Equal(6, mixer.AddOutput("a\nbc\nd"u8, ring));
        Assert.Equal("a\r\nbc\r\nd", Drain(ring));
        Assert.False(mixer.AtColumnZero);
    }

    [Fact]
    public void APromptAnsweredByTypingThenOutputStartsOnItsOwnLine()
    {
        var mixer = NewMixer();
        var ring = new ByteRing(64);
        mixer.AddOutput("smos> "u8, ring);
        mixer.AddEcho("ps\r\n"u8, ring);
        mixer.AddOutput("PID\n"u8, ring);
        Assert.Equal("smos> ps\r\nPID\r\n", Drain(ring));
    }

    [Fact]
    public void NewOutputLineAfterHalfTypedTextStartsAtColumnZero()
    {
        var mixer = NewMixer();
        var ring = new ByteRing(64);
        mixer.AddOutput("ready\n"u8, ring);
        mixer.AddEcho("hel"u8, ring);
        mixer.AddOutput("SMOS-DONE\n"u8, ring);
        Assert.Equal("ready\r\nhel\r\nSMOS-DONE\r\n", Drain(ring));
        Assert.True(mixer.AtColumnZero);
    }

    [Fact]
    public void OutputStopsWhenTheTerminalRingIsFull()
    {
        var mixer = NewMixer();
        var ring = new ByteRing(6);
        Assert.Equal(3, mixer.AddOutput("abcdef"u8, ring));
        Assert.Equal("abc", Drain(ring));
    }

    [Fact]
    public void TheLineEndThatClosesAnAnsweredPromptIsNotShownTwice()
    {
        var mixer = NewMixer();
        var ring = new ByteRing(64);
        mixer.AddOutput("smos> "u8, ring);
        mixer.AddEcho("ps\r\n"u8, ring);
        mixer.AddOutput("\nhello\n\n"u8, ring); // the root task ends the prompt's line before another writer's
        Assert.Equal("smos> ps\r\nhello\r\n\r\n", Drain(ring));
    }

    [Fact]
    public void OutputContinuingALineThatTheEchoOfEnterEndedStartsWithItsMark()
    {
        var mixer = NewMixer();
        var ring = new ByteRing(128);
        mixer.AddOutput("hello[3]: name? "u8, ring);
        mixer.AddEcho("Ada\r\n"u8, ring);
        mixer.AddOutput("\u001ehello[3]: \u001fSMOS-DONE\n"u8, ring);
        Assert.Equal("hello[3]: name? Ada\r\nhello[3]: SMOS-DONE\r\n", Drain(ring));
    }

    [Fact]
    public void OutputContinuingALineThatHalfTypedTextBrokeStartsANewLineWithItsMark()
    {
        var mixer = NewMixer();
        var ring = new ByteRing(128);
        mixer.AddOutput("job[4]: 10%"u8, ring);
        mixer.AddEcho("ab"u8, ring);
        mixer.AddOutput("\u001ejob[4]: \u001f 20%\n"u8, ring);
        Assert.Equal("job[4]: 10%ab\r\njob[4]:  20%\r\n", Drain(ring));
    }

    [Fact]
    public void AMarkIsDroppedWhenNothingBrokeTheLineOrWhenTheContinuationOnlyEndsIt()
    {
        var mixer = NewMixer();
        var ring = new ByteRing(128);
        mixer.AddOutput("job[4]: 10%"u8, ring);
        mixer.AddOutput("\u001ejob[4]: \u001f 20%\n"u8, ring);
        mixer.AddOutput("hello[3]: name? "u8, ring);
        mixer.AddEcho("Ada\r\n"u8, ring);
        mixer.AddOutput("\u001ehello[3]: \u001f\n"u8, ring);
        mixer.AddOutput("x\n"u8, ring);
        Assert.Equal("job[4]: 10% 20%\r\nhello[3]: name? Ada\r\nx\r\n", Drain(ring));
    }

    [Fact]
    public void AMarkSplitAcrossTwoChunksOfTheRingIsKept()
    {
        var mixer = NewMixer();
        var ring = new ByteRing(128);
        mixer.AddOutput("hello[3]: name? "u8, ring);
        mixer.AddEcho("Ada\r\n"u8, ring);
        Assert.Equal(5, mixer.AddOutput("\u001ehell"u8, ring));
        mixer.AddOutput("o[3]: \u001fhi\n"u8, ring);
        Assert.Equal("hello[3]: name? Ada\r\nhello[3]: hi\r\n", Drain(ring));
    }
}
