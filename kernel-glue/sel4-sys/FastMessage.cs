// The register path of IPC: the four message registers seL4 carries in CPU registers, held in a private struct.
using System.Runtime.InteropServices;

namespace Smos.Sel4;

/// <summary>
/// Message registers 0-3 of a message sent or received with the register-path operations
/// (<see cref="Endpoint.Call(MessageInfo, ref FastMessage)"/>, <see cref="Endpoint.ReplyRecv(MessageInfo, ref FastMessage, out ulong)"/>,
/// <see cref="Endpoint.Recv(out ulong, out FastMessage)"/>). seL4 always passes MR0-3 in x2-x5; these operations move
/// them between those registers and this struct, which lives on the caller's stack, and never touch the IPC buffer.
/// So a message of at most four words needs no IPC-buffer scope at all, and nothing the kernel writes can be cached
/// wrongly: the struct is written by the system-call stub after the kernel returns. Words 4 and up (and capabilities)
/// are still in the IPC buffer and are read and written with scopes as usual.
/// </summary>
/// <example><code>
/// var m = new FastMessage(1, 2, 3, 4);
/// MessageInfo reply = endpoint.Call(new MessageInfo(label, 0, 0, 4), ref m); // m now holds the reply's MR0-3
/// </code></example>
[StructLayout(LayoutKind.Sequential)]
public struct FastMessage
{
    /// <summary>Message register 0 (x2).</summary>
    public ulong Mr0;

    /// <summary>Message register 1 (x3).</summary>
    public ulong Mr1;

    /// <summary>Message register 2 (x4).</summary>
    public ulong Mr2;

    /// <summary>Message register 3 (x5).</summary>
    public ulong Mr3;

    /// <summary>A message with these four words.</summary>
    public FastMessage(ulong mr0, ulong mr1, ulong mr2, ulong mr3)
    {
        Mr0 = mr0;
        Mr1 = mr1;
        Mr2 = mr2;
        Mr3 = mr3;
    }

    /// <summary>Word <paramref name="index"/> (0-3); other indexes give 0.</summary>
    public readonly ulong Get(int index) => index switch
    {
        0 => Mr0,
        1 => Mr1,
        2 => Mr2,
        3 => Mr3,
        _ => 0,
    };

    /// <summary>Sets word <paramref name="index"/> (0-3); other indexes are ignored.</summary>
    public void Set(int index, ulong value)
    {
        switch (index)
        {
            case 0: Mr0 = value; break;
            case 1: Mr1 = value; break;
            case 2: Mr2 = value; break;
            case 3: Mr3 = value; break;
        }
    }
}
