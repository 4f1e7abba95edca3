// The simulator's model of the operations the root task's servers perform: CNode copies, reply caps, signals, threads.
using System;
using System.Collections.Generic;
using System.Text;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Tests;

/// <summary>One reply sent on a saved reply capability: to whom, and MR0.</summary>
public sealed record SentReply(ulong To, ulong Mr0);

public sealed partial class SimulatedKernel
{
    private readonly HashSet<ulong> _usedReplySlots = new();

    /// <summary>Everything the root task wrote to the console.</summary>
    public StringBuilder Console { get; } = new();

    public List<SentReply> Replies { get; } = new();

    /// <summary>Who the message being handled came from (what SaveCaller saves); tests set it per message.</summary>
    public ulong CurrentCaller { get; set; }

    /// <summary>Puts the root task's own TCB, VSpace (with an ASID) and ASID pool into their initial slots.</summary>
    public void AddRootTaskCaps()
    {
        Place(new SimCap { Slot = InitialCaps.InitThreadTcb, Type = ObjectType.Tcb, Object = new SimObject(ObjectType.Tcb, 0) { Priority = 255, Running = true } });
        Place(new SimCap { Slot = InitialCaps.InitThreadVSpace, Type = ObjectType.VSpace, Object = new SimObject(ObjectType.VSpace, 0) { HasAsid = true } });
        Place(new SimCap { Slot = InitialCaps.InitThreadAsidPool, Type = ObjectType.Untyped, Object = new SimObject(ObjectType.Untyped, 0) });
    }

    /// <summary>The capability in slot <paramref name="index"/> of the CNode whose capability is in root slot <paramref name="cnode"/>.</summary>
    public SimCap? CapIn(RootSlot cnode, ProcessSlot index) => CapIn(cnode.Index, index.Index);

    public SimCap? CapIn(ulong cnode, ulong index) =>
        CapAt(cnode) is { Type: ObjectType.CNode } c && c.Object.Contents.TryGetValue(index, out SimCap? cap) ? cap : null;

    public override Sel4Error Mint(RootSlot dest, RootSlot src, CapRights rights, ulong badge) =>
        Record("Mint", src.Index, 0, 0, dest.Index, 1, Derive(null, 64, dest.Index, src.Index, rights, true, badge));

    public override Sel4Error Copy(RootSlot dest, RootSlot src, CapRights rights) =>
        Record("Copy", src.Index, 0, 0, dest.Index, 1, Derive(null, 64, dest.Index, src.Index, rights, false, 0));

    public override Sel4Error CopyInto(RootSlot cnode, int cnodeBits, ProcessSlot index, RootSlot src, CapRights rights, bool mint, ulong badge)
    {
        if (Injected(out Sel4Error injected))
        {
            return Record("CopyInto", src.Index, 0, 0, index.Index, 1, injected);
        }

        SimCap? node = CapAt(cnode.Index);
        Sel4Error e = node is null ? Sel4Error.InvalidCapability :
            node.Type != ObjectType.CNode ? Sel4Error.IllegalOperation :
            cnodeBits != node.Object.SlotBits ? Sel4Error.FailedLookup :
            Derive(node.Object, cnodeBits, index.Index, src.Index, rights, mint, badge);
        return Record("CopyInto", src.Index, 0, 0, index.Index, 1, e);
    }

    public override Sel4Error DeleteIn(RootSlot cnode, int cnodeBits, ProcessSlot index)
    {
        SimCap? node = CapAt(cnode.Index);
        Sel4Error e = node is null ? Sel4Error.InvalidCapability :
            node.Type != ObjectType.CNode ? Sel4Error.IllegalOperation :
            cnodeBits != node.Object.SlotBits || index.Index >= 1UL << cnodeBits ? Sel4Error.FailedLookup : Sel4Error.NoError;
        if (e == Sel4Error.NoError && node!.Object.Contents.TryGetValue(index.Index, out SimCap? cap))
        {
            DeleteOne(cap);
        }

        return Record("DeleteIn", cnode.Index, 0, 0, index.Index, 1, e);
    }

    // CNode_Copy / CNode_Mint in the kernel's order: source lookup, destination empty, rights masked, badge set once.
    private Sel4Error Derive(SimObject? container, int bits, ulong dest, ulong src, CapRights rights, bool mint, ulong badge)
    {
        if (container is null && Injected(out Sel4Error injected))
        {
            return injected;
        }

        if (!InRoot(src) || (container is not null && dest >= 1UL << bits) || (container is null && !InRoot(dest)))
        {
            return Sel4Error.FailedLookup;
        }

        if (!_slots.TryGetValue(src, out SimCap? source))
        {
            return Sel4Error.FailedLookup;
        }

        if ((container is null ? _slots.ContainsKey(dest) : container.Contents.ContainsKey(dest)) || source.IsReply)
        {
            return source.IsReply ? Sel4Error.IllegalOperation : Sel4Error.DeleteFirst;
        }

        bool badgeable = source.Type == ObjectType.Endpoint || source.Type == ObjectType.Notification;
        if (mint && badgeable && badge != 0 && source.Badge != 0)
        {
            return Sel4Error.IllegalOperation; // seL4 gives a null cap when re-badging a badged cap
        }

        var copy = new SimCap
        {
            Slot = dest,
            Type = source.Type,
            PAddr = source.PAddr,
            SizeBits = source.SizeBits,
            IsDevice = source.IsDevice,
            Parent = source,
            Object = source.Object,
            Container = container,
            Badge = mint && badgeable && badge != 0 ? badge : source.Badge,
            Guard = mint && source.Type == ObjectType.CNode ? badge : source.Guard,
            Rights = source.Rights & rights,
            Irq = source.Irq,
        };
        source.Children.Add(copy);
        Place(copy);
        return Sel4Error.NoError;
    }

    public override Sel4Error SaveCaller(RootSlot dest)
    {
        if (!InRoot(dest.Index))
        {
            return Record("SaveCaller", dest.Index, 0, 0, 0, 0, Sel4Error.FailedLookup);
        }

        if (_slots.ContainsKey(dest.Index))
        {
            return Record("SaveCaller", dest.Index, 0, 0, 0, 0, Sel4Error.DeleteFirst);
        }

        if (CurrentCaller != 0)
        {
            Place(new SimCap { Slot = dest.Index, Type = ObjectType.Endpoint, IsReply = true, ReplyTo = CurrentCaller, Object = new SimObject(ObjectType.Endpoint, 0) });
        }

        return Record("SaveCaller", dest.Index, 0, 0, 0, 0, Sel4Error.NoError);
    }

    public override void Signal(RootSlot notification)
    {
        Record("Signal", notification.Index, 0, 0, 0, 0, Sel4Error.NoError);
        if (!_slots.TryGetValue(notification.Index, out SimCap? cap) || cap.Type != ObjectType.Notification)
        {
            Misuse.Add($"signal on slot {notification.Index}, which holds no notification.Index");
            return;
        }

        cap.Object.Word |= cap.Badge;
        cap.Object.Signals++;
    }

    public override void SendReply(RootSlot reply, ulong mr0)
    {
        Record("SendReply", reply.Index, 0, 0, 0, 0, Sel4Error.NoError);
        if (!_slots.TryGetValue(reply.Index, out SimCap? cap) || !cap.IsReply)
        {
            Misuse.Add($"send on slot {reply.Index}, which holds no reply.Index capability");
            return;
        }

        // A reply.Index capability is used once: the kernel deletes it.
        Replies.Add(new SentReply(cap.ReplyTo, mr0));
        DeleteOne(cap);
        _usedReplySlots.Add(reply.Index);
    }

    public override void Write(ReadOnlySpan<byte> text) => Emit(Encoding.ASCII.GetString(text));

    public override void Write(string text) => Emit(text);

    public override void WriteDecimal(ulong value) => Emit(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override void WriteHex(ulong value) => Emit("0x" + value.ToString("x", System.Globalization.CultureInfo.InvariantCulture));

    // The console as the root task's RootOutput keeps it: a line of one writer is ended before another writes.
    private ulong _lineOwner;

    public override ulong OutputWriter { get; set; }

    public override ulong OutputLineOwner => _lineOwner;

    public override bool OutputAtLineStart => Console.Length == 0 || Console[^1] == '\n';

    /// <summary>A console ring to model (its capacity; null: none, the console takes everything at once).</summary>
    public int? RingCapacity { get; set; }

    /// <summary>Wake-ups asked for by refused Prints (<see cref="WakeOutput"/>).</summary>
    public int OutputWakes { get; private set; }

    public override void WakeOutput() => OutputWakes++;

    /// <summary>Bytes the modelled console has taken from the ring (a test advances it).</summary>
    public ulong RingTaken { get; set; }

    private ulong _ringWritten;

    public override int OutputRoom => RingCapacity is int c ? c - (int)(_ringWritten - RingTaken) : int.MaxValue;

    public override ulong OutputWritten => RingCapacity is null ? 0 : _ringWritten;

    public override ulong OutputTaken => RingCapacity is null ? 0 : RingTaken;

    private void Emit(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (RingCapacity is not null)
        {
            _ringWritten += (ulong)text.Length + (OutputWriter != _lineOwner && !OutputAtLineStart ? 1UL : 0);
        }

        if (OutputWriter != _lineOwner)
        {
            if (!OutputAtLineStart)
            {
                Console.Append('\n');
            }

            _lineOwner = OutputWriter;
        }

        Console.Append(text);
    }

    // Destroys an object when its last capability goes; unmaps a mapped frame or page-table capability.
    private void CapGone(SimCap cap)
    {
        Unmapped(cap);
        SimObject o = cap.Object;
        if (--o.Caps > 0 || o.Destroyed)
        {
            return;
        }

        o.Destroyed = true;
        if (cap.Irq >= 0)
        {
            IrqHandlerGone(cap.Irq);
        }

        if (o.Type == ObjectType.CNode)
        {
            foreach (SimCap inside in new List<SimCap>(o.Contents.Values))
            {
                DeleteOne(inside);
            }
        }

        if (o.Bound is not null)
        {
            o.Bound.Bound = null;
            o.Bound = null;
        }

        o.Running = false;
    }
}
