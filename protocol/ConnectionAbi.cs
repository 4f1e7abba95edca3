// The connection server's contract: request layouts, the notification-buffer ring and its event records.
namespace Smos.Protocol;

/// <summary>
/// Connections by name (docs/protocol.md). A server publishes a name and gets an unbadged listening endpoint plus a
/// one-page notification buffer (an event ring) mapped where it asked; a client opens the name and gets a copy of
/// that endpoint badged with its connection id, so the server tells clients apart by the badge it receives.
/// </summary>
public static class ConnectionAbi
{
    /// <summary>Longest published name in bytes.</summary>
    public const int MaxNameBytes = 32;

    // Live connections one process may hold as a client have no fixed limit: its connection quota (QuotaConnections)
    // and its slot quota (a root slot for the badged endpoint, a slot of its growing CSpace to receive it) bound them.

    /// <summary>
    /// Shared pages the root task keeps mapped in one server, over all its publications: those of live connections, and
    /// those of closed connections whose Closed record the server has not yet consumed (see docs/protocol.md, "Shared
    /// pages"). One more ConnShare to that server is <see cref="RootError.ServerLimit"/>.
    /// </summary>
    public const int MaxSharedPagesPerServer = 16;

    /// <summary>
    /// Bit set in the badge a server receives when the root task signals its notification (events are waiting in
    /// the ring); connection badges never have it.
    /// </summary>
    public const ulong EventBadge = 1UL << 62;

    /// <summary>
    /// ConnNotify: the badge of the doorbell capabilities (a copy of a peer's notification): a signal through one sets
    /// this bit in the peer's notification word. Connection badges, topic bits (0-31) and <see cref="EventBadge"/> never
    /// use it.
    /// </summary>
    public const ulong DoorbellBadge = 1UL << 61;

    /// <summary>
    /// The badge of the notification an interrupt grant signals (<see cref="CapSlots.IrqHandler"/>): an interrupt sets this
    /// bit in the owner's notification word, so a server's Recv returns with it. Connection badges (below 2^60), topic
    /// bits, <see cref="DoorbellBadge"/> and <see cref="EventBadge"/> never use it.
    /// </summary>
    public const ulong InterruptBadge = 1UL << 60;

    /// <summary>
    /// The reply label a client's <c>Call</c> on a connection returns when the server is gone: it ended (exit, fault,
    /// panic, kill) while the client waited for its reply or was queued to call it, or the connection's capability no
    /// longer exists (the server ended, or the connection was closed or destroyed). The message registers carry
    /// nothing. The largest label seL4 can carry (2^52 - 1), so no server's own labels collide with it.
    /// </summary>
    public const ulong ServerGone = (1UL << 52) - 1;

    /// <summary>Size of the notification buffer: one page.</summary>
    public const int BufferBytes = 4096;

    /// <summary>Ring header (u64 words): 0 head (root task writes), 1 tail (server writes), 2 dropped events.</summary>
    public const int HeadWord = 0;

    /// <inheritdoc cref="HeadWord"/>
    public const int TailWord = 1;

    /// <inheritdoc cref="HeadWord"/>
    public const int DroppedWord = 2;

    /// <summary>Records start at word 8; each is <see cref="RecordWords"/> words.</summary>
    public const int FirstRecordWord = 8;

    /// <summary>Words per event record: type, connection badge, peer pid, value.</summary>
    public const int RecordWords = 4;

    /// <summary>Records in the ring.</summary>
    public const int RingRecords = ((BufferBytes / 8) - FirstRecordWord) / RecordWords;

    /// <summary>Word index of record <paramref name="sequence"/> (head and tail count records, they never wrap).</summary>
    public static int RecordWord(ulong sequence) => FirstRecordWord + ((int)(sequence % RingRecords) * RecordWords);

    /// <summary>
    /// ConnShare: where the root task maps a connection's shared page in the server, at the lowest page of the window
    /// (<see cref="SharedWindowPages"/> pages from here) the server has free. No process may map anything else in this window.
    /// </summary>
    public const ulong SharedWindowBase = 0x4000_0000;

    /// <summary>
    /// Pages in the shared window. A server's shared pages go at the lowest free ones; it holds at most
    /// <see cref="MaxSharedPagesPerServer"/>.
    /// </summary>
    public const int SharedWindowPages = 64;

    /// <summary>Size of a connection's shared buffer: one page.</summary>
    public const int SharedBytes = 4096;

    /// <summary>True when [<paramref name="vaddr"/>, +<paramref name="size"/>) overlaps the shared window.</summary>
    public static bool InSharedWindow(ulong vaddr, ulong size) =>
        vaddr < SharedWindowBase + ((ulong)SharedWindowPages * ProcessAbi.PageSize) && vaddr + size > SharedWindowBase;

    /// <summary>The root task's rule for a decoded name: <see cref="RootError.BadName"/> unless <see cref="ValidName"/>.</summary>
    public static RootError CheckName(System.ReadOnlySpan<byte> name) => ValidName(name) ? RootError.Ok : RootError.BadName;

    /// <summary>
    /// Bytes a decoder's scratch for a name needs so that any name that fits a message decodes, and a name that is too
    /// long is refused by <see cref="CheckName"/> as BadName rather than by the decoder.
    /// </summary>
    public const int NameScratchBytes = ProtocolWire.MaxWords * 8;

    /// <summary>Names: 1-32 bytes of a-z, 0-9, '-', '_', '.'.</summary>
    public static bool ValidName(System.ReadOnlySpan<byte> name)
    {
        if (name.Length == 0 || name.Length > MaxNameBytes)
        {
            return false;
        }

        for (int i = 0; i < name.Length; i++)
        {
            byte c = name[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Event records in a server's notification buffer.</summary>
public enum ConnectionEvent : ulong
{
    /// <summary>No event (an empty ring).</summary>
    None = 0,

    /// <summary>A client opened a connection: badge, client pid.</summary>
    Opened = 1,

    /// <summary>A client closed its connection (value 0) or ended (value 1): badge, client pid.</summary>
    Closed = 2,

    /// <summary>A client shared a page with the server (ConnShare): badge, client pid, value = where it is mapped in the server.</summary>
    Shared = 3,
}

/// <summary>
/// The notification broker: named topics. <c>Subscribe(name)</c> (MR0 = name length, name from MR1) gives the caller one
/// bit of its own notification (reply MR0 = that bit as a mask); <c>PublishTopic(name, value)</c> (MR0 = name length,
/// MR1 = value, name from MR2) records the value and signals every subscriber (reply MR0 = subscribers signalled);
/// <c>ReadTopic(name)</c> (reply MR0 = last value); <c>Unsubscribe(name)</c>. Topics are created on first use and
/// charged to their creator; a topic is kept while its holder lives or anyone subscribes to it (docs/protocol.md).
/// <c>OpenTopic(name)</c> (reply MR0 = a handle) and <c>PublishHandle(handle, value)</c> publish without sending the
/// name: the handle is the topic's record (low 32 bits) and that record's generation (high 32 bits, never 0), so a
/// handle of a topic that was forgotten (an orphan past the kept ones) is refused with BadHandle, never taken for the
/// topic that reuses its record.
/// </summary>
public static class BrokerAbi
{
    /// <summary>
    /// Subscriptions per process, on its notification bits 0-15 (bit 62 is the connection server's, bit 61 doorbells'):
    /// a protocol limit, the bits of one notification word; one more is <see cref="RootError.ProcessLimit"/>. Below it,
    /// the subscriptions quota. (Topics a process holds, created by its Subscribe or PublishTopic or adopted by its
    /// PublishTopic after their holder ended, count against its publications quota, as the names it publishes do.)
    /// </summary>
    public const int MaxSubscriptionsPerProcess = 16;
}
