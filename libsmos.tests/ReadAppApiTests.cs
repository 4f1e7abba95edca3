// libsmos's ReadApp and GetAppSize end to end on the host: an app read whole with buffers of any size, the end, and every refusal.
using System;
using System.Collections.Generic;
using Smos.Protocol;
using Xunit;
using ProcessRecord = Smos.RootTask.Processes.Process;

namespace Smos.Lib.Tests;

public class ReadAppApiTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(ReadAppRequest.MaxBytes)]
    [InlineData(ReadAppRequest.MaxBytes + 500)] // one request's worth at most
    public void AnAppReadWholeWithAnyBufferIsTheArchivesBytes(int buffer)
    {
        var h = new HostWorld();
        ProcessRecord p = h.Start("client");
        byte[] elf = h.World.Elf;
        (byte[] whole, long size, int requests) = h.As(p, () =>
        {
            var all = new List<byte>();
            var chunk = new byte[buffer];
            long total = -1;
            int calls = 0;
            while (true)
            {
                Assert.Equal(RootError.Ok, Process.ReadApp("hello", all.Count, chunk, out int read, out total));
                calls++;
                Assert.Equal(Math.Min(Math.Min(buffer, ReadAppRequest.MaxBytes), (int)total - all.Count), read);
                if (read == 0)
                {
                    break;
                }

                all.AddRange(chunk.AsSpan(0, read).ToArray());
            }

            return (all.ToArray(), total, calls);
        });
        Assert.Equal(elf.LongLength, size);
        Assert.Equal(elf, whole);
        int perCall = Math.Min(buffer, ReadAppRequest.MaxBytes);
        Assert.Equal(((elf.Length + perCall - 1) / perCall) + 1, requests);
    }

    [Fact]
    public void TheSizeComesAloneAndTheEndIsNoBytes()
    {
        var h = new HostWorld();
        ProcessRecord p = h.Start("hello");
        long elf = h.World.Elf.LongLength;
        h.As(p, () =>
        {
            Assert.Equal(RootError.Ok, Process.GetAppSize("server", out long size));
            Assert.Equal(elf, size);
            Assert.Equal(RootError.Ok, Process.ReadApp("server", size, new byte[16], out int read, out long again));
            Assert.Equal((0, elf), (read, again));
            Assert.Equal(RootError.Ok, Process.ReadApp("server", 3, default, out read, out again)); // no room: the size only
            Assert.Equal((0, elf), (read, again));
            Span<byte> tail = stackalloc byte[8];
            Assert.Equal(RootError.Ok, Process.ReadApp("server", size - 3, tail, out read, out _));
            Assert.Equal(3, read);
            return 0;
        });
    }

    [Fact]
    public void RefusalsAreTheRootTasksOrCheckedBeforeAndLeaveNothingRead()
    {
        var h = new HostWorld();
        ProcessRecord p = h.Start("hello");
        h.As(p, () =>
        {
            var into = new byte[64];
            Assert.Equal(RootError.NoSuchApp, Process.ReadApp("nothing", 0, into, out int read, out long size));
            Assert.Equal((0, 0L), (read, size));
            Assert.Equal(RootError.NoSuchApp, Process.GetAppSize("init", out size)); // the init list is no app
            Assert.Equal(0L, size);
            Assert.Equal(RootError.NoSuchApp, Process.GetAppSize("demos/pair", out _));
            Assert.Equal(RootError.BadArgument, Process.ReadApp("", 0, into, out _, out _));
            Assert.Equal(RootError.BadLength, Process.ReadApp(new string('a', ProcessAbi.MaxAppNameBytes + 1), 0, into, out _, out _));
            Assert.Equal(RootError.BadLength, Process.ReadApp(new string('\u00e9', 16), 0, into, out _, out _)); // 16 characters, 32 UTF-8 bytes
            Assert.Equal(RootError.BadLength, Process.GetAppSize(null!, out _));
            Assert.Equal(RootError.BadArgument, Process.ReadApp("hello", -1, into, out _, out _));
            Assert.Equal(RootError.Ok, Process.GetAppSize("hello", out size));
            Assert.Equal(RootError.BadArgument, Process.ReadApp("hello", size + 1, into, out read, out long after));
            Assert.Equal((0, 0L), (read, after));
            Assert.Equal(RootError.BadArgument, Process.ReadApp("hello", long.MaxValue, into, out _, out _));
            return 0;
        });
    }
}
