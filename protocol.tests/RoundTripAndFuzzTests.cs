// Every request's encoder and decoder agree (round trips), and random or mutated messages never break a decoder.
using System;
using System.Text;
using Xunit;

namespace Smos.Protocol.Tests;

public class RoundTripAndFuzzTests
{
    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("exactly8")]
    [InlineData("hello from a long line of text that spans several words\n")]
    public void PrintRoundTrips(string text)
    {
        var mrs = new ulong[120];
        int length = RootTaskProtocol.EncodePrint(Ascii(text), mrs);
        var back = new byte[ProcessAbi.MaxPrintBytes];
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodePrint(mrs.AsSpan(0, length), back, out PrintArgs p));
        Assert.Equal(text, Encoding.ASCII.GetString(p.Text));
    }

    private static ulong[] QuotaWords(ProcessQuota? quota)
    {
        var q = new ulong[ProcessQuota.Words];
        return q[..SpawnRequest.EncodeQuota(quota, q)];
    }

    [Fact]
    public void SpawnRoundTripsAndRefusesWhatDoesNotFit()
    {
        var mrs = new ulong[120];
        byte[] blob = Ascii("3\0x\0");
        int length = RootTaskProtocol.EncodeSpawn(Ascii("counter"), blob, [], mrs);
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeSpawn(mrs.AsSpan(0, length), new byte[960], out SpawnArgs spawn));
        Assert.Equal("counter", Encoding.ASCII.GetString(spawn.Name));
        Assert.Equal(blob, spawn.Args.ToArray());
        Assert.Equal(-1, RootTaskProtocol.EncodeSpawn(Ascii("hello"), new byte[ProcessAbi.MaxSpawnBytes], [], mrs));
        Assert.True(RootTaskProtocol.EncodeSpawn(Ascii("hello"), new byte[ProcessAbi.MaxSpawnBytes - 8], [], mrs) > 0);
    }

    [Fact]
    public void SpawnWithAQuotaRoundTripsAndWithoutOneHasNone()
    {
        var mrs = new ulong[120];
        byte[] blob = Ascii("3\0x\0");
        var quota = new ProcessQuota(1 << 20, 256, 3, 4, 1, 2);
        int length = RootTaskProtocol.EncodeSpawn(Ascii("counter"), blob, QuotaWords(quota), mrs);
        Assert.Equal(RootTaskProtocol.EncodeSpawn(Ascii("counter"), blob, [], new ulong[120]) + ProcessQuota.Words, length);
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeSpawn(mrs.AsSpan(0, length), new byte[960], out SpawnArgs spawn));
        Assert.Equal(RootError.Ok, SpawnRequest.DecodeQuota(spawn.Quota, out ProcessQuota back, out bool has));
        Assert.True(has);
        Assert.Equal(quota, back);
        Assert.Equal("counter", Encoding.ASCII.GetString(spawn.Name));

        // A word more or fewer: the counts no longer match.
        Assert.Equal(ProtocolError.WrongLength, RootTaskProtocol.DecodeSpawn(mrs.AsSpan(0, length - 1), new byte[960], out _));
        Assert.Equal(ProtocolError.WrongLength, RootTaskProtocol.DecodeSpawn([.. mrs.AsSpan(0, length), 0], new byte[960], out _));

        // A quota that does not fit one message with its name and args is refused by the encoder.
        Assert.Equal(-1, RootTaskProtocol.EncodeSpawn(Ascii("hello"), new byte[ProcessAbi.MaxSpawnBytes - 32], QuotaWords(quota), mrs));
    }

    [Fact]
    public void SpawnGrantedRoundTripsWithAndWithoutAQuota()
    {
        var mrs = new ulong[120];
        byte[] blob = Ascii("virtio\0");
        SpawnGrants grants = SpawnGrants.None.WithInterrupt(48).WithDeviceMemory(0xa000000, 2).WithDeviceMemory(0x9010000).WithDma(3);
        var g = new ulong[SpawnGrants.Words];
        grants.Encode(g);
        var quota = new ProcessQuota(1 << 20, 256, 0, 4, 1, 2);
        foreach (ProcessQuota? q in new ProcessQuota?[] { null, quota })
        {
            int length = RootTaskProtocol.EncodeSpawnGranted(Ascii("devices"), blob, g, QuotaWords(q), mrs);
            Assert.Equal(RootTaskProtocol.EncodeSpawn(Ascii("devices"), blob, [], new ulong[120]) + 1 + SpawnGrants.Words + (q is null ? 0 : ProcessQuota.Words), length);
            Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeSpawnGranted(mrs.AsSpan(0, length), new byte[960], out SpawnGrantedArgs spawn));
            Assert.Equal("devices", Encoding.ASCII.GetString(spawn.Name));
            Assert.Equal(blob, spawn.Args.ToArray());
            Assert.Equal(RootError.Ok, SpawnRequest.DecodeQuota(spawn.Quota, out ProcessQuota backQuota, out bool has));
            Assert.Equal(q is not null, has);
            Assert.Equal(q ?? default, backQuota);
            Assert.Equal(RootError.Ok, SpawnGrants.Decode(spawn.Grants, out SpawnGrants back));
            Assert.Equal(48, back.Interrupt);
            Assert.Equal(3, back.DmaPages);
            Assert.Equal(2, back.RegionCount);
            back.Region(0, out ulong paddr, out int pages);
            Assert.Equal((0xa000000UL, 2), (paddr, pages));
            back.Region(1, out paddr, out pages);
            Assert.Equal((0x9010000UL, 1), (paddr, pages));
            back.Region(2, out paddr, out pages);
            Assert.Equal((0UL, 0), (paddr, pages));
            Assert.Equal(ProtocolError.WrongLength, RootTaskProtocol.DecodeSpawnGranted(mrs.AsSpan(0, length - 1), new byte[960], out _));
        }

        Assert.Equal(-1L, SpawnGrants.None.Interrupt);
        Assert.Equal(-1, RootTaskProtocol.EncodeSpawnGranted(Ascii("hello"), new byte[ProcessAbi.MaxSpawnBytes - 32], g, [], mrs));
    }

    [Fact]
    public void AProcessListReplyRoundTripsItsEntries()
    {
        var reply = new ulong[ListProcessesRequest.MaxReplyWords];
        Assert.True(ListProcessesRequest.MaxReplyWords <= ProcessAbi.MaxMessageRegisters);
        var name = new ulong[4];
        WireBytes.Pack(Ascii("quotas"), name);
        var entry = new ProcessEntry
        {
            Pid = 7, ParentPid = 3, State = ListedState.Zombie, NameLength = 6, Name0 = name[0],
            Quota = new ProcessQuota(100, 10, 2, 3, 1, 4), Used = new ProcessQuota(40, 5, 1, 1, 0, 2), Given = new ProcessQuota(50, 4, 1, 1, 1, 1),
        };
        reply[0] = 9;
        reply[1] = 2;
        ListProcessesRequest.EncodeEntry(entry, 0, reply);
        ListProcessesRequest.EncodeEntry(entry, 1, reply);
        Assert.Equal(RootError.Ok, ListProcessesRequest.DecodeReply(reply.AsSpan(0, ListProcessesRequest.ReplyLength(2)), out ulong next, out int count));
        Assert.Equal((9UL, 2), (next, count));
        ProcessEntry back = ListProcessesRequest.DecodeEntry(reply, 1);
        Assert.Equal(entry, back);
        var bytes = new byte[32];
        Assert.Equal("quotas", Encoding.ASCII.GetString(bytes, 0, back.NameBytes(bytes)));
        Assert.Equal(10UL, back.Free(QuotaKind.Memory));
        Assert.Equal(0UL, back.Free(QuotaKind.Publications)); // 0 used + 1 given of 1
        Assert.Equal(RootError.BadLength, ListProcessesRequest.DecodeReply(reply.AsSpan(0, 10), out _, out _));
        reply[1] = 5;
        Assert.Equal(RootError.BadLength, ListProcessesRequest.DecodeReply(reply, out _, out _));
        Assert.Equal(ProtocolError.WrongLength, RootTaskProtocol.DecodeListProcesses([], out _));
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeListProcesses([12], out ListProcessesArgs list));
        Assert.Equal(12UL, list.First);
    }

    [Fact]
    public void ASystemStatusRoundTripsAndOnlyTheCollectFlagIsAccepted()
    {
        var s = new SystemStatus
        {
            UntypedBytes = 1, FreeUntypedBytes = 2, RootSlots = 3, FreeRootSlots = 4, HeapBytes = 5, HeapUsedBytes = 6, Processes = 7,
            Zombies = 8, Connections = 9, Publications = 10, Topics = 11, Subscriptions = 12, MemoryObjects = 13,
        };
        var reply = new ulong[ProcessAbi.MaxMessageRegisters];
        Assert.Equal(13, RootTaskProtocol.EncodeSystemStatusReply(s, reply));
        Assert.True(RootTaskProtocol.DecodeSystemStatusReply(reply.AsSpan(0, 13), out SystemStatus back));
        Assert.Equal(s, back);
        Assert.False(RootTaskProtocol.DecodeSystemStatusReply(reply.AsSpan(0, 12), out _));
        Assert.False(RootTaskProtocol.DecodeSystemStatusReply(reply.AsSpan(0, 14), out _));

        var mrs = new ulong[1];
        Assert.Equal(1, RootTaskProtocol.EncodeSystemStatus(StatusFlags.CollectFirst, mrs));
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeSystemStatus(mrs, out SystemStatusArgs status));
        Assert.Equal(StatusFlags.CollectFirst, status.Flags);
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeSystemStatus([0], out _));
        Assert.Equal(ProtocolError.BadArgument, RootTaskProtocol.DecodeSystemStatus([2], out _));
        Assert.Equal(ProtocolError.WrongLength, RootTaskProtocol.DecodeSystemStatus([], out _));
        Assert.Equal(ProtocolError.WrongLength, RootTaskProtocol.DecodeSystemStatus([1, 0], out _));
        Assert.True(RootReplies.IsRequest((ulong)RootRequest.SystemStatus));
    }

    [Fact]
    public void NameRequestsRoundTrip()
    {
        var mrs = new ulong[120];
        var name = new byte[ConnectionAbi.NameScratchBytes];
        int length = RootTaskProtocol.EncodeConnPublish(0x2000_0000, Ascii("echo.v1"), mrs);
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeConnPublish(mrs.AsSpan(0, length), name, out ConnPublishArgs publish));
        Assert.Equal(("echo.v1", 0x2000_0000UL), (Encoding.ASCII.GetString(publish.Name), publish.BufferAddress));

        length = RootTaskProtocol.EncodePublishTopic(21, Ascii("temperature"), mrs);
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodePublishTopic(mrs.AsSpan(0, length), name, out PublishTopicArgs topic));
        Assert.Equal(("temperature", 21UL), (Encoding.ASCII.GetString(topic.Name), topic.Value));

        length = RootTaskProtocol.EncodeConnOpen(Ascii("0123456789abcdef0123456789abcdef"), mrs);
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeConnOpen(mrs.AsSpan(0, length), name, out ConnOpenArgs open));
        Assert.Equal(32, open.Name.Length);
    }

    [Fact]
    public void WordRequestsRoundTrip()
    {
        var mrs = new ulong[4];
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeKill(mrs.AsSpan(0, RootTaskProtocol.EncodeKill(ulong.MaxValue, mrs)), out KillArgs kill));
        Assert.Equal(ulong.MaxValue, kill.Pid);
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeExit(mrs.AsSpan(0, RootTaskProtocol.EncodeExit(-9, mrs)), out ExitArgs exit));
        Assert.Equal(-9, exit.Code);
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeConnShare(mrs.AsSpan(0, RootTaskProtocol.EncodeConnShare(3, 0x4900_0000, mrs)), out ConnShareArgs share));
        (ulong h, ulong a) = (share.Handle, share.Vaddr);
        Assert.Equal((3UL, 0x4900_0000UL), (h, a));
        Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeFree(mrs.AsSpan(0, RootTaskProtocol.EncodeFree(0x1001_0000, 16, mrs)), out FreeArgs f));
        Assert.Equal((0x1001_0000UL, 16UL), (f.Vaddr, f.Pages));
    }

    /// <summary>
    /// Random and mutated words into the hand-written decoders of what the generated codec carries as counted runs
    /// (seeded; the generated decoders have their generated fuzzer, DecodeTests.TheRootProtocolsGeneratedFuzzerFindsNoFailure):
    /// a spawn's grants and quota and ReadApp's page. None throws, and grants it accepts encode back to the same words.
    /// </summary>
    [Fact]
    public void RandomAndMutatedMessagesNeverBreakADecoder()
    {
        var random = new Random(20261205);
        var text = new byte[ProcessAbi.MaxPrintBytes];
        var again = new ulong[120];
        int granted = 0;
        int pages = 0;
        for (int round = 0; round < 20000; round++)
        {
            ulong[] message = Message(random);
            ReadOnlySpan<ulong> m = message;
            if (SpawnGrants.Decode(m, out SpawnGrants grants) == RootError.Ok)
            {
                granted++;
                grants.Encode(again);
                Assert.Equal(message, again.AsSpan(0, SpawnGrants.Words).ToArray());
                Assert.True(grants.RegionCount <= SpawnGrants.MaxRegions && grants.Interrupt >= -1);
            }

            if (SpawnRequest.DecodeQuota(m, out _, out bool has) == RootError.Ok)
            {
                Assert.True(has == (message.Length == ProcessQuota.Words) && (has || message.Length == 0));
            }

            if (ReadAppRequest.DecodeReply(m, out ulong size, out int count) == RootError.Ok)
            {
                pages++;
                Assert.True(count <= ReadAppRequest.MaxBytes && (ulong)count <= size && message.Length == ReadAppRequest.ReplyLength(count));
                Assert.Equal(Math.Min(count, text.Length), ReadAppRequest.DecodeBytes(m, count, text));
            }
        }

        Assert.True(granted > 100, $"only {granted} grant words were accepted");
        Assert.True(pages > 100, $"only {pages} ReadApp pages were accepted");
    }

    // Most of the time valid words of some kind with one word changed, cut or extended; else random words.
    private static ulong[] Message(Random random)
    {
        var mrs = new ulong[120];
        int length;
        switch (random.Next(4))
        {
            case 0:
                length = ReadAppRequest.EncodeReply((ulong)random.NextInt64(0, 2000), RandomBytes(random, random.Next(0, 40), printable: false), mrs);
                break;
            case 1:
            case 2:
                SpawnGrants grants = SpawnGrants.None.WithDma(random.Next(0, 300));
                grants = random.Next(2) == 0 ? grants : grants.WithInterrupt((uint)random.Next(0, 1100));
                for (int r = random.Next(0, 6); r > 0; r--)
                {
                    grants = grants.WithDeviceMemory((ulong)random.NextInt64(0, 1L << 40) & ~0xFFFUL, random.Next(0, 20));
                }

                grants.Encode(mrs);
                length = SpawnGrants.Words;
                break;
            default:
                length = random.Next(0, 8);
                for (int i = 0; i < length; i++)
                {
                    mrs[i] = random.Next(3) == 0 ? (ulong)random.Next(0, 40) : (ulong)random.NextInt64();
                }

                return mrs.AsSpan(0, length).ToArray();
        }

        switch (random.Next(4))
        {
            case 0 when length > 0:
                mrs[random.Next(length)] ^= 1UL << random.Next(64);
                break;
            case 1 when length > 0:
                length--;
                break;
            case 2:
                length++;
                break;
        }

        return mrs.AsSpan(0, length).ToArray();
    }

    private static byte[] RandomBytes(Random random, int count, bool printable)
    {
        var bytes = new byte[count];
        const string Allowed = "abcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0; i < count; i++)
        {
            bytes[i] = printable && random.Next(20) != 0 ? (byte)Allowed[random.Next(Allowed.Length)] : (byte)random.Next(256);
        }

        return bytes;
    }
}
