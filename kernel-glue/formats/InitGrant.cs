// The interrupt-grant word of an init-list line ("irq:30 timer"): parsed without allocating, for the root task and buildsys.
using System;

namespace Smos.Formats;

/// <summary>Why an interrupt-grant word was refused (<see cref="InitGrant.Parse"/>); <see cref="InitGrant.Describe"/> says it in words.</summary>
public enum InitGrantError
{
    Ok,
    NotAGrantWord,
    BadNumber,
    TooLarge,
}

/// <summary>
/// An init-list line may start with an interrupt-grant word, <c>irq:N</c> (N decimal, at most <see cref="MaxIrq"/>),
/// before or after its quota word: the process the root task starts for the line gets an IRQHandler capability for
/// interrupt N, delivered to its notification (docs/architecture.md, "Interrupt grants"). Only the init list grants
/// interrupts; a Spawn request cannot ask for one. Shared by the root task, which reads the lines at boot, and buildsys,
/// which checks them at build time.
/// </summary>
public static class InitGrant
{
    /// <summary>What starts an interrupt-grant word.</summary>
    public static ReadOnlySpan<byte> Prefix => "irq:"u8;

    /// <summary>The largest interrupt number a word may name (the GIC's last shared interrupt, 1019); the kernel refuses those its platform lacks.</summary>
    public const ulong MaxIrq = 1019;

    /// <summary>True when <paramref name="word"/> starts with <see cref="Prefix"/>.</summary>
    public static bool IsGrantWord(ReadOnlySpan<byte> word)
    {
        ReadOnlySpan<byte> prefix = Prefix;
        if (word.Length < prefix.Length)
        {
            return false;
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            if (word[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses <paramref name="word"/> ("irq:30") into the interrupt number <paramref name="irq"/>.</summary>
    public static InitGrantError Parse(ReadOnlySpan<byte> word, out ulong irq)
    {
        irq = 0;
        if (!IsGrantWord(word))
        {
            return InitGrantError.NotAGrantWord;
        }

        ReadOnlySpan<byte> digits = word.Slice(Prefix.Length);
        if (digits.Length == 0)
        {
            return InitGrantError.BadNumber;
        }

        foreach (byte c in digits)
        {
            if (c < '0' || c > '9')
            {
                return InitGrantError.BadNumber;
            }

            irq = (irq * 10) + (ulong)(c - '0');
            if (irq > MaxIrq)
            {
                return InitGrantError.TooLarge;
            }
        }

        return InitGrantError.Ok;
    }

    /// <summary>A sentence for <paramref name="error"/>.</summary>
    public static string Describe(InitGrantError error) => error switch
    {
        InitGrantError.Ok => "ok",
        InitGrantError.NotAGrantWord => "not an interrupt-grant word (it starts with \"irq:\")",
        InitGrantError.BadNumber => "the interrupt is not a decimal number (irq:N)",
        InitGrantError.TooLarge => "the interrupt number is larger than 1019, the GIC's last",
        _ => "unknown error",
    };
}
