// memobj: shared memory objects on seL4: a creator and its peer map the same pages through handles sent over IPC, rights are enforced, a stale handle is refused, and a flood stops at its quota.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// The `memobj` demo (issue 15, item 4). <c>memobj peer</c> serves <see cref="IMemoryPeer"/>; <c>memobj</c> (the creator)
/// makes a 4-page object, writes a pattern through a read-write mapping, sends a read-only handle to the peer (which
/// reads the pattern and is refused a writable mapping), sends the read-write handle (the peer writes, the creator reads
/// it), closes the object while both still map it, unmaps, and after the peer's last unmap checks that its own stale
/// handle and the peer's are refused with NoMemoryObject. Then a child with an 8 MiB memory quota (<c>memobj flood</c>)
/// creates 1 MiB objects until its quota stops it, and the creator, whose own quota is untouched, can still create one.
/// </summary>
public static class MemObj
{
    private const int Pages = 4;
    private const ulong Seed = 0x5eed_0000_0000;

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "peer")
        {
            return Peer();
        }

        return args.Length > 0 && args[0] == "flood" ? Flood() : Creator();
    }

    private static int Creator()
    {
        if (MemoryObject.Create(Pages, out MemoryObject obj) != RootError.Ok || obj.Pages != Pages ||
            obj.Map(writable: true, out MemoryMapping mine) != RootError.Ok)
        {
            return Fail("create and map a 4-page object");
        }

        VolatileSpan<byte> bytes = mine.Bytes;
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes.Set(i, Pattern(i));
        }

        OpenResult opened = MemoryPeerClient.OpenWhenPublished(out MemoryPeerClient peer);
        if (!opened.IsOk)
        {
            return Fail("open memobj-peer");
        }

        // A read-only handle: it cannot map writable nor make a read-write handle, here or in the peer.
        if (obj.NewHandle(readOnly: true, out MemoryObject ro) != RootError.Ok ||
            ro.Map(writable: true, out _) != RootError.ReadOnlyHandle || ro.NewHandle(readOnly: false, out _) != RootError.ReadOnlyHandle)
        {
            return Fail("a read-only handle refuses writable use");
        }

        if (peer.Inspect(new Endpoint(ro.Handle)) is not { IsOk: true, Value: 0 })
        {
            return Fail("the peer reads the pattern through a read-only mapping");
        }

        Console.WriteLine($"memobj: {Pages} pages shared read-only: the peer read the pattern, a writable mapping and a read-write handle were refused (ReadOnlyHandle)");

        if (peer.Fill(new Endpoint(obj.Handle), Seed) is not { IsOk: true, Value: 0 })
        {
            return Fail("the peer writes through a read-write handle");
        }

        VolatileSpan<ulong> words = mine.Words;
        for (int i = 0; i < words.Length; i++)
        {
            if (words.Get(i) != Seed + (ulong)i)
            {
                return Fail("we see the peer's words");
            }
        }

        Console.WriteLine($"memobj: the peer wrote {words.Length} words through a read-write handle and we read them all through our mapping");

        // Closed by its creator, the object lives while mapped: ours, then the peer's.
        if (obj.Close() != RootError.Ok || mine.Unmap() != RootError.Ok || ro.Map(writable: false, out MemoryMapping again) != RootError.Ok ||
            again.Words.Get(1) != Seed + 1 || again.Unmap() != RootError.Ok)
        {
            return Fail("after close the object lives while the peer maps it");
        }

        if (peer.Drop() is not { IsOk: true, Value: 0 })
        {
            return Fail("the peer unmaps");
        }

        // The last mapping went: the object is destroyed and every handle revoked.
        RootError stale = ro.Map(writable: false, out _);
        Result<ulong> peerStale = peer.MapStale();
        if (stale != RootError.NoMemoryObject || !peerStale.IsOk || peerStale.Value != (ulong)RootError.NoMemoryObject)
        {
            Console.WriteLine($"memobj: stale handles got {ProcessAbi.Describe(stale)} here, {(peerStale.IsOk ? ProcessAbi.Describe((RootError)peerStale.Value) : "a protocol error")} in the peer");
            return Fail("stale handles are refused");
        }

        ro.Release();
        Console.WriteLine("memobj: closed and unmapped everywhere: the stale handle is refused here and in the peer (NoMemoryObject)");
        if (peer.Close() != RootError.Ok)
        {
            return Fail("close the connection");
        }

        return FloodInChild();
    }

    private static int FloodInChild()
    {
        var quota = new ProcessQuota(8UL << 20, 4096, 0, 0, 0, 0); // slots for 8 objects of 257 (frames and handle): memory stops it first
        if (Process.Spawn("memobj", ["flood"], quota, out ulong pid) != RootError.Ok || Process.Wait(pid, out long code) != RootError.Ok || code != 0)
        {
            return Fail("the flood child stops at its quota");
        }

        // Another process's flood took nothing of ours.
        if (MemoryObject.Create(MemoryObjectAbi.MaxPages, out MemoryObject after) != RootError.Ok || after.Close() != RootError.Ok)
        {
            return Fail("create after the flood");
        }

        Console.WriteLine("memobj: after the flood child ended, a 256-page object is created and closed here");
        return 0;
    }

    private static int Flood()
    {
        int made = 0;
        RootError e;
        while ((e = MemoryObject.Create(MemoryObjectAbi.MaxPages, out _)) == RootError.Ok)
        {
            made++;
        }

        Console.WriteLine($"memobj flood: {made} objects of 256 pages, then {Process.Describe(e)}");
        return e == RootError.QuotaMemory && made > 0 ? 0 : 1; // its end destroys them all
    }

    private static int Peer()
    {
        if (!ServerApp.TryPublish(MemoryPeerProtocol.Name, out Publication pub))
        {
            return 1;
        }

        var service = new PeerService();
        Server.Run(pub, service);
        Console.WriteLine($"memobj peer: {service.Calls} calls served");
        return ServerApp.Unpublish(pub) != 0 ? 1 : service.Failures;
    }

    private static byte Pattern(int i) => (byte)((i * 7) + 1);

    private static int Fail(string what)
    {
        Console.WriteLine($"memobj: FAIL {what}");
        return 1;
    }

    private sealed class PeerService : MemoryPeerServer
    {
        private MemoryObject _kept;
        private MemoryMapping _readOnly;

        public PeerService()
            : base(1)
        {
        }

        public int Calls { get; private set; }

        public int Failures { get; private set; }

        public override ulong Inspect(Endpoint handle)
        {
            Calls++;
            _kept = MemoryObject.FromHandle(handle.Cptr);
            if (_kept.Map(writable: true, out _) != RootError.ReadOnlyHandle)
            {
                return Failed(1);
            }

            if (_kept.Map(writable: false, out _readOnly) != RootError.Ok || _readOnly.Pages != Pages)
            {
                return Failed(2);
            }

            VolatileSpan<byte> bytes = _readOnly.Bytes;
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes.Get(i) != Pattern(i))
                {
                    return Failed(3);
                }
            }

            return 0;
        }

        public override ulong Fill(Endpoint handle, ulong seed)
        {
            Calls++;
            MemoryObject rw = MemoryObject.FromHandle(handle.Cptr);
            if (rw.Map(writable: true, out MemoryMapping m) != RootError.Ok)
            {
                rw.Release();
                return Failed(4);
            }

            VolatileSpan<ulong> words = m.Words;
            for (int i = 0; i < words.Length; i++)
            {
                words.Set(i, seed + (ulong)i);
            }

            // Our read-only mapping of the same pages sees the words at once.
            ulong seen = _readOnly.Words.Get(words.Length - 1);
            RootError e = m.Unmap();
            rw.Release();
            return seen == seed + (ulong)(words.Length - 1) && e == RootError.Ok ? 0 : Failed(5);
        }

        public override ulong Drop()
        {
            Calls++;
            return _readOnly.Unmap() == RootError.Ok ? 0 : Failed(6);
        }

        public override ulong MapStale()
        {
            Calls++;
            RootError e = _kept.Map(writable: false, out _);
            _kept.Release();
            return (ulong)e;
        }

        private ulong Failed(ulong check)
        {
            Failures++;
            Console.WriteLine($"memobj peer: FAIL check {check}");
            return check;
        }
    }
}
