// What a generated protocol fuzzer uses: a seeded random source of words, strings and bytes, and the report it returns.
using System;

namespace Smos.Protocol;

/// <summary>
/// The outcome of a generated <c>XProtocol.Fuzz(seed, iterations)</c> (docs/protocols.md, "Fuzzers"): how many messages the
/// dispatch accepted and refused, and every way it misbehaved (an exception, a call for a refused message, arguments that
/// do not encode back to the words sent, an unknown error, a reply the client's decoder refuses).
/// </summary>
public sealed class ProtocolFuzzReport
{
    /// <summary>Messages sent to the dispatch.</summary>
    public long Messages { get; internal set; }

    /// <summary>Messages that reached the implementation (its result may still be an error it chose).</summary>
    public long Accepted { get; internal set; }

    /// <summary>Messages refused with a protocol error before the implementation ran.</summary>
    public long Refused { get; internal set; }

    /// <summary>Misbehaviours found (0 when the dispatch held).</summary>
    public long Failures { get; internal set; }

    /// <summary>The first misbehaviour, described with the message that caused it (null when none).</summary>
    public string? FirstFailure { get; private set; }

    /// <summary>Counts one message and its outcome.</summary>
    public void Count(bool accepted)
    {
        Messages++;
        if (accepted)
        {
            Accepted++;
        }
        else
        {
            Refused++;
        }
    }

    /// <summary>Records a misbehaviour: <paramref name="what"/> for the message with <paramref name="label"/> and <paramref name="words"/>.</summary>
    public void Fail(string what, ulong label, ReadOnlySpan<ulong> words)
    {
        Failures++;
        if (FirstFailure is null)
        {
            var text = new System.Text.StringBuilder();
            text.Append(what).Append(": label 0x").Append(label.ToString("X")).Append(", ").Append(words.Length).Append(" words");
            for (int i = 0; i < words.Length && i < 16; i++)
            {
                text.Append(i == 0 ? " [" : ", ").Append("0x").Append(words[i].ToString("X"));
            }

            FirstFailure = text.Append(words.Length > 0 ? "]" : "").ToString();
        }
    }

    /// <summary>A one-line summary.</summary>
    public override string ToString() =>
        $"{Messages} messages: {Accepted} accepted, {Refused} refused, {Failures} failures{(FirstFailure is null ? "" : "; first: " + FirstFailure)}";
}

/// <summary>The fuzzers' random source (xorshift64*, seeded): words biased toward edge values, strings and byte arrays.</summary>
public sealed class ProtocolFuzzRandom
{
    private const string Pool = "aZ09 ~é\u00df\u4e16\u754c\ud83d\ude00";
    private ulong _state;

    /// <summary>A source seeded with <paramref name="seed"/> (the same seed, the same sequence).</summary>
    public ProtocolFuzzRandom(int seed)
    {
        _state = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) | 1;
    }

    /// <summary>64 random bits.</summary>
    public ulong Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>A number in [0, <paramref name="bound"/>) (0 when bound is 0 or less).</summary>
    public int Below(int bound) => bound <= 0 ? 0 : (int)(Next() % (ulong)bound);

    /// <summary>A word: often an edge value (0, 1, all ones, a sign bit, a type's limit), else random bits of a random width.</summary>
    public ulong Word()
    {
        switch (Below(8))
        {
            case 0:
                return 0;
            case 1:
                return 1;
            case 2:
                return ulong.MaxValue;
            case 3:
                return 1UL << Below(64);
            case 4:
                return (1UL << Below(64)) - 1;
            default:
                int bits = 1 + Below(64);
                return bits == 64 ? Next() : Next() & ((1UL << bits) - 1);
        }
    }

    /// <summary>A string of up to <paramref name="maxChars"/> characters, with 2-, 3- and 4-byte UTF-8 ones (surrogates only in pairs).</summary>
    public string Text(int maxChars)
    {
        int count = Below(maxChars + 1);
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < count; i++)
        {
            int k = Below(Pool.Length - 1);
            if (k == Pool.Length - 2)
            {
                text.Append(Pool[k]).Append(Pool[k + 1]);
            }
            else
            {
                text.Append(Pool[k]);
            }
        }

        return text.ToString();
    }

    /// <summary>Up to <paramref name="maxBytes"/> random bytes.</summary>
    public byte[] Bytes(int maxBytes)
    {
        var bytes = new byte[Below(maxBytes + 1)];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Next();
        }

        return bytes;
    }
}
