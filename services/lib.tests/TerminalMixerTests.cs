// TerminalMixer: CR LF for output's line ends, and output lines never continue typed text.
using System;
using System.Text;
using Smos.Services.Console;
using Xunit;

namespace Smos.Services.Tests;

public class TerminalMixerTests
{
    private static string Drain(ByteRing ring)
    {
        var bytes = new byte[ring.Count];
        ring.Read(bytes);
        return Encoding.ASCII.GetString(bytes);
    }

    [Fact]
    public void OutputLineEndsBecomeCrLf()
    {
        var mixer = new TerminalMixer();
        var ring = new ByteRing(64);
        Assert.Equal(6, mixer.AddOutput("a\nbc\nd"u8, ring));
        Assert.Equal("a\r\nbc\r\nd", Drain(ring));
        Assert.False(mixer.AtColumnZero);
    }

    [Fact]
    public void APromptAnsweredByTypingThenOutputStartsOnItsOwnLine()
    {
        var mixer = new TerminalMixer();
        var ring = new ByteRing(64);
        mixer.AddOutput("smos> "u8, ring);
        mixer.AddEcho("ps\r\n"u8, ring);
        mixer.AddOutput("PID\n"u8, ring);
        Assert.Equal("smos> ps\r\nPID\r\n", Drain(ring));
    }

    [Fact]
    public void NewOutputLineAfterHalfTypedTextStartsAtColumnZero()
    {
        var mixer = new TerminalMixer();
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
        var mixer = new TerminalMixer();
        var ring = new ByteRing(6);
        Assert.Equal(3, mixer.AddOutput("abcdef"u8, ring));
        Assert.Equal("abc", Drain(ring));
    }

    [Fact]
    public void TheLineEndThatClosesAnAnsweredPromptIsNotShownTwice()
    {
        var mixer = new TerminalMixer();
        var ring = new ByteRing(64);
        mixer.AddOutput("smos> "u8, ring);
        mixer.AddEcho("ps\r\n"u8, ring);
        mixer.AddOutput("\nhello\n\n"u8, ring); // the root task ends the prompt's line before another writer's
        Assert.Equal("smos> ps\r\nhello\r\n\r\n", Drain(ring));
    }
}
