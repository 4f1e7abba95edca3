// InitPrivilege: the may:NAME words at the start of an init-list line.
using System;
using Smos.Formats;
using Xunit;

namespace Smos.Formats.Tests;

public class InitPrivilegeTests
{
    [Fact]
    public void LeadingPrivilegeWordsAreTakenOffTheLine()
    {
        ReadOnlySpan<byte> line = " may:shell may:console  irq:3 app arg"u8;
        Assert.True(InitPrivilege.Take(ref line, out InitPrivileges p, out _));
        Assert.Equal(InitPrivileges.Shell | InitPrivileges.Console, p);
        Assert.Equal("  irq:3 app arg", System.Text.Encoding.ASCII.GetString(line));
    }

    [Fact]
    public void ALineWithoutThemIsLeftAsItIs()
    {
        ReadOnlySpan<byte> line = "hello may:shell"u8;
        Assert.True(InitPrivilege.Take(ref line, out InitPrivileges p, out _));
        Assert.Equal(InitPrivileges.None, p);
        Assert.Equal("hello may:shell", System.Text.Encoding.ASCII.GetString(line)); // an argument, not a privilege
    }

    [Fact]
    public void AnUnknownPrivilegeIsRefusedWithTheWord()
    {
        ReadOnlySpan<byte> line = "may:root hello"u8;
        Assert.False(InitPrivilege.Take(ref line, out _, out ReadOnlySpan<byte> bad));
        Assert.Equal("may:root", System.Text.Encoding.ASCII.GetString(bad));
        Assert.Equal(InitPrivileges.None, InitPrivilege.Parse("may:"u8));
        Assert.Equal(InitPrivileges.Console, InitPrivilege.Parse("may:console"u8));
    }
}

public class GrantPrivilegeTests
{
    [Fact]
    public void MayGrantGivesTheGrantsItNames()
    {
        ReadOnlySpan<byte> line = "may:grant=irq:48,mmio:0xa000000/2,dma:4 may:shell devmgr"u8;
        Assert.True(InitPrivilege.Take(ref line, out InitPrivileges p, out InitGrantSet grantable, out _, out InitGrantError error));
        Assert.Equal(InitGrantError.Ok, error);
        Assert.Equal(InitPrivileges.Grant | InitPrivileges.Shell, p);
        Assert.Equal(48, grantable.Irq);
        Assert.Equal(4, grantable.DmaPages);
        Assert.Equal(1, grantable.MmioCount);
        grantable.Mmio(0, out ulong paddr, out int pages);
        Assert.Equal((0xa000000UL, 2), (paddr, pages));
        Assert.Equal(" devmgr", System.Text.Encoding.ASCII.GetString(line));
    }

    [Theory]
    [InlineData("may:grant= app", InitGrantError.NotAGrantWord)]
    [InlineData("may:grant app", InitGrantError.Ok)] // no '=': names no privilege
    [InlineData("may:grant=irq:48,,dma:1 app", InitGrantError.NotAGrantWord)]
    [InlineData("may:grant=irq:48,irq:49 app", InitGrantError.Repeated)]
    [InlineData("may:grant=mmio:0xa000010 app", InitGrantError.Unaligned)]
    [InlineData("may:grant=quota:memory=1M app", InitGrantError.NotAGrantWord)]
    [InlineData("may:grant=irq:1 may:grant=dma:1 app", InitGrantError.Repeated)]
    public void ABadGrantListIsRefusedWithItsReason(string text, InitGrantError expected)
    {
        ReadOnlySpan<byte> line = System.Text.Encoding.ASCII.GetBytes(text);
        Assert.False(InitPrivilege.Take(ref line, out _, out InitGrantSet grantable, out ReadOnlySpan<byte> bad, out InitGrantError error));
        Assert.Equal(expected, error);
        Assert.True(grantable.IsEmpty);
        Assert.StartsWith("may:grant", System.Text.Encoding.ASCII.GetString(bad));
        Assert.Contains(expected == InitGrantError.Ok ? "names no privilege" : expected == InitGrantError.Repeated ? "repeats" : "do not parse",
            InitPrivilege.DescribeRefusal(error));
    }

    [Fact]
    public void ASetCoversWhatLiesWithinIt()
    {
        var may = InitGrantSet.None;
        Assert.Equal(InitGrantError.Ok, may.AddAll("irq:48 mmio:0xa000000/2 mmio:0xa010000 dma:4"u8));

        Assert.Equal(GrantKind.None, may.Uncovered(Set("irq:48 mmio:0xa001000 mmio:0xa010000 dma:4"), out _));
        Assert.Equal(GrantKind.None, may.Uncovered(InitGrantSet.None, out _));
        Assert.Equal(GrantKind.Interrupt, may.Uncovered(Set("irq:33"), out ulong refused));
        Assert.Equal(33UL, refused);
        Assert.Equal(GrantKind.DeviceMemory, may.Uncovered(Set("mmio:0xa001000/2"), out refused)); // its second page is outside
        Assert.Equal(0xa002000UL, refused);
        Assert.Equal(GrantKind.DeviceMemory, may.Uncovered(Set("mmio:0x9000000"), out refused));
        Assert.Equal(0x9000000UL, refused);
        Assert.Equal(GrantKind.Dma, may.Uncovered(Set("dma:5"), out refused));
        Assert.Equal(5UL, refused);
        Assert.Equal(GrantKind.Interrupt, InitGrantSet.None.Uncovered(Set("irq:0"), out _));
    }

    [Fact]
    public void RegionsAddedByValueAreCheckedAsWordsAre()
    {
        var set = InitGrantSet.None;
        Assert.Equal(InitGrantError.Unaligned, set.AddMmio(0x9000010, 1));
        Assert.Equal(InitGrantError.BadAddress, set.AddMmio(1UL << 48, 1));
        Assert.Equal(InitGrantError.BadPages, set.AddMmio(0x9000000, 0));
        Assert.Equal(InitGrantError.BadPages, set.AddMmio(0x9000000, InitGrant.MaxMmioPages + 1));
        Assert.Equal(InitGrantError.Ok, set.AddMmio(0x9000000, 2));
        Assert.Equal(InitGrantError.Overlap, set.AddMmio(0x9001000, 1));
        Assert.Equal(InitGrantError.TooLarge, set.AddInterrupt(InitGrant.MaxIrq + 1));
        Assert.Equal(InitGrantError.Ok, set.AddInterrupt(33));
        Assert.Equal(InitGrantError.Repeated, set.AddInterrupt(34));
        Assert.Equal(InitGrantError.BadPages, set.AddDma(0));
        Assert.Equal(InitGrantError.Ok, set.AddDma(1));
        Assert.Equal(InitGrantError.Repeated, set.AddDma(1));
    }

    private static InitGrantSet Set(string words)
    {
        var set = InitGrantSet.None;
        Assert.Equal(InitGrantError.Ok, set.AddAll(System.Text.Encoding.ASCII.GetBytes(words)));
        return set;
    }
}
