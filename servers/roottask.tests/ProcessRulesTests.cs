// The validate step of the process requests, one test per error (docs/protocol.md).
using System;
using System.Text;
using Smos.Protocol;
using Smos.RootTask.Requests;
using Xunit;

namespace Smos.RootTask.Tests;

public class ProcessRulesTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Theory]
    [InlineData("hello", "", RootError.Ok)]
    [InlineData("counter", "3\0", RootError.Ok)]
    [InlineData("", "", RootError.BadArgument)]                       // empty name
    [InlineData("Hello", "", RootError.BadArgument)]                  // capital letter
    [InlineData("demos/echo", "", RootError.BadArgument)]             // not an app name
    [InlineData("0123456789012345678901234567890123", "", RootError.BadArgument)] // too long
    [InlineData("hello", "unterminated", RootError.BadArgument)]      // args not NUL-terminated
    public void SpawnArguments(string name, string args, RootError expected)
    {
        Assert.Equal(expected, ProcessRules.CheckSpawn(B(name), B(args), out _));
    }

    [Fact]
    public void SpawnArgumentsMustFitTheStartInfoPage()
    {
        byte[] args = new byte[ProcessAbi.MaxArgBytes];
        args[^1] = 0;
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckSpawn(B("hello"), args, out _));
        Assert.Equal(RootError.Ok, ProcessRules.CheckSpawn(B("hello"), args.AsSpan(0, ProcessAbi.MaxArgBytes - 6), out int count));
        Assert.Equal(ProcessAbi.MaxArgBytes - 6, count);
    }

    [Fact]
    public void WaitErrors()
    {
        Assert.Equal(RootError.NoSuchProcess, ProcessRules.CheckWait(targetExists: false, targetIsCaller: false, callerIsParent: true, alreadyWaitedOn: false));
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckWait(true, targetIsCaller: true, false, false));
        Assert.Equal(RootError.NotPermitted, ProcessRules.CheckWait(true, false, callerIsParent: true, alreadyWaitedOn: true));
        Assert.Equal(RootError.NotPermitted, ProcessRules.CheckWait(true, false, callerIsParent: false, alreadyWaitedOn: false));
        Assert.Equal(RootError.Ok, ProcessRules.CheckWait(true, false, true, false));
    }

    [Fact]
    public void KillErrors()
    {
        Assert.Equal(RootError.NoSuchProcess, ProcessRules.CheckKill(targetExists: false, targetInCallersSubtree: true));
        Assert.Equal(RootError.NotPermitted, ProcessRules.CheckKill(true, targetInCallersSubtree: false));
        Assert.Equal(RootError.Ok, ProcessRules.CheckKill(true, targetInCallersSubtree: true));
    }

    [Fact]
    public void AllocErrors()
    {
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckAlloc(0, 0, 256));
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckAlloc(65, 0, 256));
        Assert.Equal(RootError.NoMemory, ProcessRules.CheckAlloc(16, 248, 256));
        Assert.Equal(RootError.Ok, ProcessRules.CheckAlloc(16, 240, 256));
    }
}
