// One test per error of docs/protocol.md, each reached through the whole request path, with the exact reply label.
using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Smos.Protocol;
using Smos.RootTask.Front;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Xunit;

namespace Smos.RootTask.Tests;

public class ProtocolErrorTests
{
    private const ulong Buffer = 0x2000_0000;

    private static void Expect(ulong label, Outcome o)
    {
        Assert.True(o.Replied);
        Assert.Equal(label, (ulong)o.Error);
        if (label != 0)
        {
            Assert.Equal(0UL, o.CapSlot); // an error never carries a capability
        }
    }

    [Fact]
    public void TheErrorTableInTheProtocolDocIsTheEnum()
    {
        string? doc = ElfFixtures.RepoFile("docs/protocol.md");
        Assert.NotNull(doc);
        var rows = Regex.Matches(File.ReadAllText(doc), @"^\| (\d+) \| (\w+) \|", RegexOptions.Multiline)
            .Select(m => (Value: ulong.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Name: m.Groups[2].Value))
            .TakeWhile((row, i) => row.Value == (ulong)i)
            .ToList();
        Assert.Equal(Enum.GetValues<RootError>().Select(e => ((ulong)e, e.ToString())), rows.Select(r => (r.Value, r.Name)));
    }

    [Fact]
    public void Error0Ok()
    {
        var w = new ServerWorld();
        Expect(0, w.Call(w.Start("hello"), RootRequest.GetPid));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(16UL)]
    [InlineData(17UL)]
    [InlineData(26UL)]
    [InlineData(0xFFFFFUL)]
    public void Error1UnknownRequest(ulong label)
    {
        var w = new ServerWorld();
        Expect(1, w.Send(w.Start("hello").Pid, label, 0, 0, Array.Empty<ulong>()));
    }

    [Fact]
    public void Error2BadLength()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        Expect(2, w.Call(p, RootRequest.Kill)); // needs one word
        Expect(2, w.Send(p.Pid, (ulong)RootRequest.Exit, 0, 1, Array.Empty<ulong>())); // says 1 word, has none
        Expect(2, w.Call(p, RootRequest.ConnOpen, 20, 0)); // 20 name bytes need 3 words
        Expect(2, w.Call(p, RootRequest.Free, ProcessAbi.HeapRegionBase)); // vaddr and page count
    }

    [Fact]
    public void Error3NoSuchApp()
    {
        var w = new ServerWorld();
        Expect(3, w.Call(w.Start("hello"), RootRequest.Spawn, ServerWorld.SpawnWords("missing", "")));
    }

    [Fact]
    public void Error4NoMemory()
    {
        // The root task's own memory, not the caller's quota: every free untyped block taken (as if other processes
        // held it), a grant its quota holds finds no frames. Nothing is left of the attempt.
        var w = new ServerWorld();
        Process p = w.Start("hello");
        Expect(0, w.Call(p, RootRequest.Alloc, 16)); // the heap region's tables are made
        for (int bits = ObjectSizes.MaxUntypedBits; bits >= 12; bits--)
        {
            while (w.Boot.Manager.Allocate(Smos.Sel4.ObjectType.Untyped, bits, out _) == Smos.Sel4.Sel4Error.NoError)
            {
            }
        }

        int allocations = p.AllocationCount;
        ulong used = p.Account.UsedOf(QuotaKind.Memory);
        Expect(4, w.Call(p, RootRequest.Alloc, 1));
        Assert.Equal(16, p.HeapPages);
        Assert.Equal((allocations, used), (p.AllocationCount, p.Account.UsedOf(QuotaKind.Memory)));
    }

    [Fact]
    public void Error5NoSuchProcess()
    {
        var w = new ServerWorld();
        Expect(5, w.Call(w.Start("hello"), RootRequest.Wait, 999));
    }

    [Fact]
    public void Error6NotPermitted()
    {
        var w = new ServerWorld();
        Process a = w.Start("hello");
        Expect(6, w.Call(a, RootRequest.Kill, w.Start("hello").Pid)); // not its child
    }

    [Fact]
    public void Error7BadArgument()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        Expect(7, w.Call(p, RootRequest.Alloc, (ulong)ProcessAbi.HeapRegionPages + 1)); // more than the whole heap region
        Expect(7, w.Call(p, RootRequest.Free, ProcessAbi.HeapRegionBase, 16)); // not one of its grants
        Expect(7, w.Send(p.Pid, (ulong)RootRequest.GetPid, 1, 0, Array.Empty<ulong>())); // a capability attached
    }

    [Fact]
    public void Error8TooManyProcesses()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        w.Server.Table.SkipPidsTo(ProcessTable.MaxPid); // the last pid there is
        Expect(0, w.Call(p, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "")));
        Expect(8, w.Call(p, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "")));
    }

    [Fact]
    public void Error9NameTaken()
    {
        var w = new ServerWorld();
        Expect(0, w.Call(w.Start("server"), RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer)));
        Expect(9, w.Call(w.Start("server"), RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer)));
    }

    [Fact]
    public void Error10NoSuchName()
    {
        var w = new ServerWorld();
        Expect(10, w.Call(w.Start("client"), RootRequest.ConnOpen, ServerWorld.Named("echo")));
    }

    [Fact]
    public void Error11BadAddress()
    {
        var w = new ServerWorld();
        Expect(11, w.Call(w.Start("server"), RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer + 1)));
    }

    [Fact]
    public void Error12TooManyConnections()
    {
        // The tables grow; a limit every process shares is the root task's capability slots.
        var w = new ServerWorld();
        Expect(0, w.Call(w.Start("server"), RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer)));
        Process client = w.Start("client");
        while (w.Resources.Slots.EmptyNew(out _) == Smos.Sel4.Sel4Error.NoError)
        {
        }

        Expect(12, w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("echo"))); // no slot for the badged endpoint
    }

    [Fact]
    public void Error13BadHandle()
    {
        var w = new ServerWorld();
        Expect(13, w.Call(w.Start("client"), RootRequest.ConnClose, 0x100000001));
    }

    [Fact]
    public void Error14BadName()
    {
        var w = new ServerWorld();
        Expect(14, w.Call(w.Start("client"), RootRequest.ConnOpen, ServerWorld.Named("no spaces")));
    }

    [Fact]
    public void Error15ProcessLimit()
    {
        var w = new ServerWorld();
        Process s = w.Start("server");
        for (int i = 0; i < BrokerAbi.MaxSubscriptionsPerProcess; i++)
        {
            Expect(0, w.Call(s, RootRequest.Subscribe, ServerWorld.Named("t" + i)));
        }

        Expect(15, w.Call(s, RootRequest.Subscribe, ServerWorld.Named("last"))); // its notification's 16 bits are used
    }

    [Fact]
    public void Error16ServerLimit()
    {
        var w = new ServerWorld();
        Expect(0, w.Call(w.Start("server"), RootRequest.ConnPublish, ServerWorld.Named("bulk", Buffer)));
        Process client = w.Start("client");
        for (int i = 0; i < ConnectionAbi.MaxSharedPagesPerServer; i++)
        {
            Outcome open = w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("bulk"));
            Expect(0, w.Call(client, RootRequest.ConnShare, open.Value, 0x4800_0000 + ((ulong)i * 4096)));
        }

        Process other = w.Start("client");
        Outcome last = w.Call(other, RootRequest.ConnOpen, ServerWorld.Named("bulk"));
        Expect(16, w.Call(other, RootRequest.ConnShare, last.Value, 0x4800_0000)); // the server holds its maximum
    }
}
