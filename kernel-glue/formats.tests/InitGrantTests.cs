// The interrupt-grant word of the init list: what parses, and the precise error for what does not.
using System.Text;
using Smos.Formats;
using Xunit;

namespace Smos.Formats.Tests;

public class InitGrantTests
{
    private static InitGrantError Parse(string word, out ulong irq) => InitGrant.Parse(Encoding.ASCII.GetBytes(word), out irq);

    [Fact]
    public void AnInterruptNumberParses()
    {
        Assert.Equal(InitGrantError.Ok, Parse("irq:30", out ulong irq));
        Assert.Equal(30UL, irq);
        Assert.Equal(InitGrantError.Ok, Parse("irq:0", out irq));
        Assert.Equal(0UL, irq);
        Assert.Equal(InitGrantError.Ok, Parse("irq:1019", out irq));
        Assert.Equal(1019UL, irq);
    }

    [Fact]
    public void EachBadWordGetsItsError()
    {
        Assert.Equal(InitGrantError.NotAGrantWord, Parse("timer", out _));
        Assert.Equal(InitGrantError.NotAGrantWord, Parse("irq", out _));
        Assert.Equal(InitGrantError.BadNumber, Parse("irq:", out _));
        Assert.Equal(InitGrantError.BadNumber, Parse("irq:3x", out _));
        Assert.Equal(InitGrantError.BadNumber, Parse("irq:-1", out _));
        Assert.Equal(InitGrantError.TooLarge, Parse("irq:1020", out _));
        Assert.Equal(InitGrantError.TooLarge, Parse("irq:99999999999999999999999", out _));
        Assert.Equal("the interrupt is not a decimal number (irq:N)", InitGrant.Describe(InitGrantError.BadNumber));
        Assert.True(InitGrant.IsGrantWord(Encoding.ASCII.GetBytes("irq:30")));
        Assert.False(InitGrant.IsGrantWord(Encoding.ASCII.GetBytes("quota:memory=1M")));
    }
}
