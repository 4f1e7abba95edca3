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
