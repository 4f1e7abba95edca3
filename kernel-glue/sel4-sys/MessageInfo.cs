// seL4_MessageInfo: label, capsUnwrapped, extraCaps and length packed into one word.
namespace Smos.Sel4;

/// <summary>The message tag of every IPC: label (52 bits), caps unwrapped (3), extra caps (2), length (7).</summary>
public readonly struct MessageInfo
{
    public const int MaxLength = 120;
    public const int MaxExtraCaps = 3;

    public readonly ulong Word;

    public MessageInfo(ulong word) { Word = word; }

    public MessageInfo(ulong label, int capsUnwrapped, int extraCaps, int length)
    {
        Word = (label << 12) | (((ulong)capsUnwrapped & 0x7) << 9) | (((ulong)extraCaps & 0x3) << 7) | ((ulong)length & 0x7F);
    }

    public ulong Label => Word >> 12;

    public int CapsUnwrapped => (int)((Word >> 9) & 0x7);

    public int ExtraCaps => (int)((Word >> 7) & 0x3);

    public int Length => (int)(Word & 0x7F);

    /// <summary>For an invocation reply: the label is the seL4 error code.</summary>
    public Sel4Error Error => (Sel4Error)Label;
}
