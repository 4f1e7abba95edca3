// The dispatcher's side of memory objects: the badge of a handle attached to a request, which ServerLoop reads from the IPC buffer.
using System;
using Smos.RootTask.Connections;
using Smos.Sel4;

namespace Smos.RootTask.Front;

/// <summary>
/// A memory-object request carries its handle as its one extra capability. The handle is a badged copy of the root
/// task's own endpoint, so the kernel does not transfer it but unwraps it into its badge (MessageInfo.CapsUnwrapped bit
/// 0, the badge in the IPC buffer's first caps-or-badges word): ServerLoop hands that badge to this overload, host tests
/// pass it directly.
/// </summary>
internal sealed partial class RequestDispatcher
{
    private readonly MemoryObjectServer _memory;

    // The unwrapped badge of the message being handled (0: none), read only by the memory-object requests.
    private ulong _unwrapped;

    /// <summary>The memory-object service (its counts).</summary>
    public MemoryObjectServer MemoryObjects => _memory;

    /// <summary>
    /// <see cref="Handle(MessageInfo, ulong, ReadOnlySpan{ulong}, out RootReply)"/> for a message whose first extra
    /// capability was unwrapped into <paramref name="unwrappedBadge"/> (meaningful only when
    /// <paramref name="info"/>.CapsUnwrapped has bit 0).
    /// </summary>
    public bool Handle(MessageInfo info, ulong badge, ReadOnlySpan<ulong> mrs, ulong unwrappedBadge, out RootReply reply)
    {
        _unwrapped = (info.CapsUnwrapped & 1) != 0 ? unwrappedBadge : 0;
        bool replies = Handle(info, badge, mrs, out reply);
        _unwrapped = 0;
        return replies;
    }
}
