// The block driver's handler: Info at once; Read, Write and Flush queued to the device and answered from its interrupt.
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.VirtioBlkDriver;

/// <summary>
/// Serves <see cref="BlockRequest"/>. A Read, Write or Flush is validated (length, count, range, the connection's shared
/// page), then the caller's reply capability is kept (CNode_SaveCaller) and the request goes to the device in a free slot
/// (a Write's sectors copied from the shared page into the slot's bounce page first); a request that finds every slot
/// taken waits in a queue. The interrupt completes slots: a Read's sectors go from the bounce page to the shared page,
/// then the kept reply answers. A client that closes its connection while its request is in the device is not answered,
/// and its page (which the root task keeps mapped until this server has seen the close) is not touched after that.
/// </summary>
internal sealed unsafe class BlockService : RequestHandler
{
    private readonly BlockDevice _device;
    private readonly IrqHandler _irq = new(CapSlots.IrqHandler);
    private readonly Dictionary<ulong, ulong> _pages = new();    // badge -> the shared page's address here
    private readonly Pending?[] _slots = new Pending?[BlockDevice.Slots];
    private readonly Queue<Pending> _waiting = new();
    private readonly HashSet<ulong> _busy = new();               // badges with a request in progress

    public BlockService(BlockDevice device)
    {
        _device = device;
    }

    /// <summary>Requests answered, and of them the ones the device failed.</summary>
    public long Served { get; private set; }

    public long Failed { get; private set; }

    public override MessageInfo Handle(ulong badge, MessageInfo request)
    {
        var kind = (BlockRequest)request.Label;
        ulong sector = 0;
        ulong count = 0;
        using (var r = Ipc.Read())
        {
            if (request.Length == 2)
            {
                sector = r.GetMr(0);
                count = r.GetMr(1);
            }
        }

        BlockError e = Validate(kind, request.Length, badge, sector, count);
        if (e != BlockError.Ok)
        {
            return Reply(e, 0, 0, 0);
        }

        if (kind == BlockRequest.Info)
        {
            return Reply(BlockError.Ok, _device.Capacity, BlockAbi.SectorSize, _device.ReadOnly ? 1UL : 0);
        }

        if (!CapSpace.TryAlloc(out ulong replySlot))
        {
            return Reply(BlockError.NoSlot, 0, 0, 0);
        }

        if (!new CNode(CapSlots.SelfCNode, 64).SaveCaller(replySlot).IsOk)
        {
            CapSpace.Free(replySlot);
            return Reply(BlockError.NoSlot, 0, 0, 0);
        }

        _busy.Add(badge);
        var p = new Pending { Badge = badge, Kind = kind, Sector = sector, Count = (int)count, ReplySlot = replySlot };
        if (!Start(p))
        {
            _waiting.Enqueue(p);
        }

        return new MessageInfo(0, 0, 0, 0); // the loop's ReplyRecv answers nobody: the caller waits for the device
    }

    // Every check before the device is asked: a request the device then fails is an I/O error, nothing else.
    private BlockError Validate(BlockRequest kind, int length, ulong badge, ulong sector, ulong count)
    {
        switch (kind)
        {
            case BlockRequest.Info:
            case BlockRequest.Flush:
                if (length != 0)
                {
                    return BlockError.BadLength;
                }

                if (kind == BlockRequest.Flush && !_device.CanFlush)
                {
                    return BlockError.Unsupported;
                }

                break;
            case BlockRequest.Read:
            case BlockRequest.Write:
                if (length != 2)
                {
                    return BlockError.BadLength;
                }

                if (count == 0 || count > BlockAbi.MaxSectorsPerRequest)
                {
                    return BlockError.BadArgument;
                }

                if (sector >= _device.Capacity || count > _device.Capacity - sector)
                {
                    return BlockError.OutOfRange;
                }

                if (!_pages.ContainsKey(badge))
                {
                    return BlockError.NoSharedPage;
                }

                if (kind == BlockRequest.Write && _device.ReadOnly)
                {
                    return BlockError.ReadOnly;
                }

                break;
            default:
                return BlockError.UnknownRequest;
        }

        return kind != BlockRequest.Info && _busy.Contains(badge) ? BlockError.Busy : BlockError.Ok;
    }

    // Into a free slot and the device; false when every slot is taken (the request waits).
    private bool Start(Pending p)
    {
        if (p.Orphaned)
        {
            Finish(p, BlockError.Ok); // its client is gone: nothing to do, nobody to answer
            return true;
        }

        for (int slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is not null)
            {
                continue;
            }

            if (p.Kind == BlockRequest.Write)
            {
                Copy(Shared(p.Badge), new VolatileSpan<ulong>((ulong*)_device.Bounce(slot), 512), p.Count * 64);
            }

            uint type = p.Kind == BlockRequest.Read ? BlockDevice.TypeIn : p.Kind == BlockRequest.Write ? BlockDevice.TypeOut : BlockDevice.TypeFlush;
            if (!_device.Submit(slot, type, p.Sector, p.Count))
            {
                return false;
            }

            _slots[slot] = p;
            return true;
        }

        return false;
    }

    /// <summary>The device finished requests: answer each, then start waiting ones in the freed slots.</summary>
    public override void OnInterrupt(ulong bits)
    {
        _device.AcknowledgeInterrupt();
        while (_device.TryComplete(out int slot, out byte status))
        {
            Pending? p = _slots[slot];
            _slots[slot] = null;
            if (p is null)
            {
                continue;
            }

            BlockError e = status == 0 ? BlockError.Ok : status == 2 ? BlockError.Unsupported : BlockError.IOError;
            if (e == BlockError.Ok && p.Kind == BlockRequest.Read && !p.Orphaned)
            {
                Copy(new VolatileSpan<ulong>((ulong*)_device.Bounce(slot), 512), Shared(p.Badge), p.Count * 64);
            }

            Finish(p, e);
        }

        _irq.Ack();
        while (_waiting.Count > 0 && Start(_waiting.Peek()))
        {
            _waiting.Dequeue();
        }
    }

    private void Finish(Pending p, BlockError e)
    {
        Served++;
        Failed += e == BlockError.Ok ? 0 : 1;
        _busy.Remove(p.Badge);
        if (!p.Orphaned)
        {
            new Endpoint(p.ReplySlot).Send(new MessageInfo((ulong)e, 0, 0, 0)); // the reply capability is used up
        }

        CapSpace.Delete(p.ReplySlot);
    }

    public override void OnShared(ulong badge, ulong pid, SharedBuffer buffer) => _pages[badge] = buffer.Address;

    public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
    {
        if (kind != ConnectionEvent.Closed)
        {
            return;
        }

        // Its page may go once this returns: requests of it in the device are finished without touching it.
        _pages.Remove(badge);
        foreach (Pending? p in _slots)
        {
            if (p is not null && p.Badge == badge)
            {
                p.Orphaned = true;
            }
        }

        foreach (Pending p in _waiting)
        {
            p.Orphaned |= p.Badge == badge;
        }
    }

    private VolatileSpan<ulong> Shared(ulong badge) =>
        _pages.TryGetValue(badge, out ulong address) ? SharedBuffer.At(address).Words : default;

    private static void Copy(VolatileSpan<ulong> from, VolatileSpan<ulong> to, int words)
    {
        for (int i = 0; i < words; i++)
        {
            to.Set(i, from.Get(i));
        }
    }

    private static MessageInfo Reply(BlockError e, ulong mr0, ulong mr1, ulong mr2)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, mr0);
            w.SetMr(1, mr1);
            w.SetMr(2, mr2);
        }

        return new MessageInfo((ulong)e, 0, 0, 3);
    }

    // One request between its arrival and its answer.
    private sealed class Pending
    {
        public ulong Badge;
        public BlockRequest Kind;
        public ulong Sector;
        public int Count;
        public ulong ReplySlot;
        public bool Orphaned;
    }
}
