// KeySpans: a key's span from its arrival to the last byte sent before the next key; the fastest printable, the fastest and slowest Enter.
using Smos.Services.Console;
using Xunit;

namespace Smos.Services.Tests;

public class KeySpansTests
{
    [Fact]
    public void AKeysSpanEndsAtTheLastByteSentBeforeTheNextKey()
    {
        var spans = new KeySpans(ulong.MaxValue);
        spans.KeyIn((byte)'a', 1000);
        spans.Sent(1300);
        spans.KeyIn((byte)'b', 5000);
        spans.Sent(5200);
        spans.Sent(5250);
        spans.KeyIn((byte)'\r', 9000);
        spans.Sent(9100);
        spans.Sent(19000);
        spans.Close();
        Assert.Equal(3, spans.Keys);
        Assert.Equal(2, spans.PrintableAnswered);
        Assert.Equal(250UL, spans.FastestPrintable);
        Assert.Equal(10000UL, spans.FastestEnter);
        Assert.Equal(10000UL, spans.SlowestEnter);
        Assert.Equal(1, spans.EntersAnswered);
    }

    [Fact]
    public void OfSeveralEntersTheFastestAndSlowestAreKept()
    {
        var spans = new KeySpans(ulong.MaxValue);
        ulong[] answers = [5000, 900_000, 4000]; // the second one, say, with a collection in it
        ulong now = 0;
        foreach (ulong a in answers)
        {
            spans.KeyIn((byte)'\r', now);
            spans.Sent(now + a);
            now += 1_000_000;
        }

        spans.Close();
        Assert.Equal((4000UL, 900_000UL, 3), (spans.FastestEnter!.Value, spans.SlowestEnter!.Value, spans.EntersAnswered));
    }

    [Fact]
    public void AKeyWithNothingSentHasNoSpanAndBytesBeforeAnyKeyCountForNone()
    {
        var spans = new KeySpans(ulong.MaxValue);
        spans.Sent(10);
        spans.KeyIn(3, 100); // Ctrl-C: neither printable nor Enter
        spans.Sent(150);
        spans.KeyIn((byte)'x', 200);
        spans.KeyIn((byte)'\r', 300);
        spans.Close();
        Assert.Null(spans.FastestPrintable);
        Assert.Null(spans.FastestEnter);
        Assert.Equal(0, spans.EntersAnswered);
        Assert.Equal(0, spans.PrintableAnswered);
    }

    [Fact]
    public void ASpanAcrossTheCountersWrapIsTakenModuloIt()
    {
        var spans = new KeySpans(0xFFFF_FFFF);
        spans.KeyIn((byte)'q', 0xFFFF_FF00);
        spans.Sent(0x100);
        spans.Close();
        spans.Close(); // twice: nothing more
        Assert.Equal(0x200UL, spans.FastestPrintable);
        Assert.Equal(1, spans.PrintableAnswered);
    }
}
