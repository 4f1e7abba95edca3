// The grant words of the init list (irq:, mmio:, dma:): what parses, and the precise error for what does not.
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

    [Fact]
    public void DeviceAndDmaWordsParse()
    {
        Assert.Equal(InitGrantError.Ok, InitGrant.ParseMmio("mmio:0x09000000"u8, out ulong paddr, out int pages));
        Assert.Equal(0x0900_0000UL, paddr);
        Assert.Equal(1, pages);
        Assert.Equal(InitGrantError.Ok, InitGrant.ParseMmio("mmio:0xA003000/16"u8, out paddr, out pages));
        Assert.Equal(0x0A00_3000UL, paddr);
        Assert.Equal(16, pages);
        Assert.Equal(InitGrantError.Unaligned, InitGrant.ParseMmio("mmio:0xA003E00"u8, out _, out _));
        Assert.Equal(InitGrantError.Ok, InitGrant.ParseMmio("mmio:0xFfff0000/3"u8, out paddr, out pages));
        Assert.Equal(0xFFFF_0000UL, paddr);
        Assert.Equal(3, pages);
        Assert.Equal(InitGrantError.BadAddress, InitGrant.ParseMmio("mmio:9000000"u8, out _, out _));
        Assert.Equal(InitGrantError.BadAddress, InitGrant.ParseMmio("mmio:0x"u8, out _, out _));
        Assert.Equal(InitGrantError.BadAddress, InitGrant.ParseMmio("mmio:0x90g0000"u8, out _, out _));
        Assert.Equal(InitGrantError.BadAddress, InitGrant.ParseMmio("mmio:0x1000000000000"u8, out _, out _)); // 13 digits
        Assert.Equal(InitGrantError.BadPages, InitGrant.ParseMmio("mmio:0x9000000/0"u8, out _, out _));
        Assert.Equal(InitGrantError.BadPages, InitGrant.ParseMmio("mmio:0x9000000/17"u8, out _, out _));
        Assert.Equal(InitGrantError.BadPages, InitGrant.ParseMmio("mmio:0x9000000/"u8, out _, out _));
        Assert.Equal(InitGrantError.NotAGrantWord, InitGrant.ParseMmio("irq:30"u8, out _, out _));

        Assert.Equal(InitGrantError.Ok, InitGrant.ParseDma("dma:2"u8, out pages));
        Assert.Equal(2, pages);
        Assert.Equal(InitGrantError.Ok, InitGrant.ParseDma("dma:256"u8, out pages));
        Assert.Equal(InitGrantError.BadPages, InitGrant.ParseDma("dma:257"u8, out _));
        Assert.Equal(InitGrantError.BadPages, InitGrant.ParseDma("dma:x"u8, out _));
        Assert.True(InitGrant.IsGrantWord("mmio:0x1000"u8));
        Assert.True(InitGrant.IsGrantWord("dma:1"u8));
        Assert.Equal(InitGrantError.NotAGrantWord, InitGrant.Parse("mmio:0x1000"u8, out _)); // Parse is the irq word's
    }

    [Fact]
    public void ALineGathersItsGrantsInOrderAndRefusesRepeatsAndOverlaps()
    {
        InitGrantSet set = InitGrantSet.None;
        Assert.True(set.IsEmpty);
        Assert.Equal(InitGrantError.Ok, set.AddAll("irq:33 quota:memory=1M mmio:0x9000000 mmio:0x9010000/2 dma:4"u8));
        Assert.Equal(33, set.Irq);
        Assert.Equal(4, set.DmaPages);
        Assert.Equal(2, set.MmioCount);
        Assert.Equal(3, set.MmioPages);
        set.Mmio(1, out ulong paddr, out int pages);
        Assert.Equal(0x0901_0000UL, paddr);
        Assert.Equal(2, pages);

        InitGrantSet before = set;
        Assert.Equal(InitGrantError.Repeated, set.Add("irq:34"u8));
        Assert.Equal(InitGrantError.Repeated, set.Add("dma:1"u8));
        Assert.Equal(InitGrantError.Overlap, set.Add("mmio:0x9011000"u8));
        Assert.Equal(InitGrantError.Overlap, set.Add("mmio:0x8fff000/2"u8));
        Assert.Equal(before, set);
        Assert.Equal(InitGrantError.Ok, set.Add("mmio:0x9012000"u8));
        Assert.Equal(InitGrantError.Ok, set.Add("mmio:0x9020000"u8));
        Assert.Equal(InitGrantError.TooManyRegions, set.Add("mmio:0x9030000"u8));
        InitGrantSet other = InitGrantSet.None;
        Assert.Equal(InitGrantError.NotAGrantWord, other.AddAll("irq:30 timer"u8));
        Assert.Equal("two mmio words of the line name the same device page", InitGrant.Describe(InitGrantError.Overlap));
    }
}
