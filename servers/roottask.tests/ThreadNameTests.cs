// A process's thread name "name[pid]": the digits, the brackets, and the longest name with the largest pid.
using System;
using System.Text;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Xunit;

namespace Smos.RootTask.Tests;

public class ThreadNameTests
{
    [Theory]
    [InlineData("hello", 0UL, "hello[0]")]
    [InlineData("hello", 7UL, "hello[7]")]
    [InlineData("echo-client", 10UL, "echo-client[10]")]
    [InlineData("x", 1234567890UL, "x[1234567890]")]
    [InlineData("x", ulong.MaxValue, "x[18446744073709551615]")]
    public void FormatsNameThenPidInBrackets(string name, ulong pid, string expected)
    {
        Span<byte> buffer = stackalloc byte[ThreadName.MaxBytes];
        int n = ThreadName.Format(buffer, Encoding.ASCII.GetBytes(name), pid);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
    }

    [Fact]
    public void TheLongestNameWithTheLargestPidFits()
    {
        byte[] name = new byte[Process.MaxNameBytes - 1];
        name.AsSpan().Fill((byte)'a');
        Span<byte> buffer = stackalloc byte[ThreadName.MaxBytes];
        int n = ThreadName.Format(buffer, name, ulong.MaxValue);
        Assert.Equal(name.Length + 22, n);
        Assert.True(n <= ThreadName.MaxBytes);
    }
}
