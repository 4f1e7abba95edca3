// Parses one line of the init list ("[quota:...] [irq:N] [mmio:0x...] [dma:N] name arg1 arg2 ...", '#' comments) into a name and a NUL-separated args blob.
using System;
using Smos.Formats;
using Smos.Protocol;

namespace Smos.RootTask.Processes;

internal static class InitLine
{
    /// <summary>
    /// The line of <paramref name="list"/> that starts at <paramref name="position"/> (without its '\n'), and moves
    /// <paramref name="position"/> past it. False once the whole list has been read; a last line without '\n' counts.
    /// </summary>
    public static bool NextLine(ReadOnlySpan<byte> list, ref int position, out ReadOnlySpan<byte> line)
    {
        if (position < 0 || position > list.Length)
        {
            line = default;
            return false;
        }

        int end = position;
        while (end < list.Length && list[end] != '\n')
        {
            end++;
        }

        line = list.Slice(position, end - position);
        position = end + 1;
        return true;
    }

    /// <summary>
    /// True when <paramref name="line"/> starts (after spaces) with '&amp;', a service the init script does not wait for
    /// (the timer server); the '&amp;' is then taken off <paramref name="line"/>.
    /// </summary>
    public static bool IsService(ref ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length && IsSpace(line[i]))
        {
            i++;
        }

        if (i < line.Length && line[i] == '&')
        {
            line = line.Slice(i + 1);
            return true;
        }

        return false;
    }

    /// <summary>
    /// False for blank and comment lines. Otherwise <paramref name="name"/> is the first word and the other words are
    /// written to <paramref name="args"/> each followed by a NUL (<paramref name="argBytes"/> in all; extra words
    /// that do not fit are dropped).
    /// </summary>
    public static bool Parse(ReadOnlySpan<byte> line, Span<byte> args, out ReadOnlySpan<byte> name, out int argBytes) =>
        Parse(line, args, out name, out argBytes, out _);

    /// <summary>
    /// As <see cref="Parse(ReadOnlySpan{byte}, Span{byte}, out ReadOnlySpan{byte}, out int)"/>, for a line that may start
    /// with a quota word (<see cref="InitQuota"/>, "quota:memory=600M,... app args"): it is returned in
    /// <paramref name="quotaWord"/> (empty when there is none) and the app's name is the word after it.
    /// </summary>
    public static bool Parse(ReadOnlySpan<byte> line, Span<byte> args, out ReadOnlySpan<byte> name, out int argBytes, out ReadOnlySpan<byte> quotaWord) =>
        Parse(line, args, out name, out argBytes, out quotaWord, out _);

    /// <summary>
    /// As <see cref="Parse(ReadOnlySpan{byte}, Span{byte}, out ReadOnlySpan{byte}, out int, out ReadOnlySpan{byte})"/>, for a
    /// line that may also start with grant words (<see cref="InitGrant"/>: "irq:30", "mmio:0x9000000/2", "dma:4"), before or
    /// after the quota word: <paramref name="grantWord"/> is the part of the line from the first grant word to the end of the
    /// last (a quota word between them included; <see cref="GrantsOf"/> skips it), empty when there is none.
    /// </summary>
    public static bool Parse(ReadOnlySpan<byte> line, Span<byte> args, out ReadOnlySpan<byte> name, out int argBytes, out ReadOnlySpan<byte> quotaWord, out ReadOnlySpan<byte> grantWord)
    {
        quotaWord = default;
        grantWord = default;
        name = default;
        argBytes = 0;
        int hash = line.Length;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '#')
            {
                hash = i;
                break;
            }
        }

        line = line.Slice(0, hash);
        int grantStart = -1;
        int grantEnd = -1;
        int pos = 0;
        bool first = true;
        while (true)
        {
            while (pos < line.Length && IsSpace(line[pos]))
            {
                pos++;
            }

            if (pos >= line.Length)
            {
                break;
            }

            int start = pos;
            while (pos < line.Length && !IsSpace(line[pos]))
            {
                pos++;
            }

            ReadOnlySpan<byte> word = line.Slice(start, pos - start);
            if (first && quotaWord.IsEmpty && InitQuota.IsQuotaWord(word))
            {
                quotaWord = word;
            }
            else if (first && InitGrant.IsGrantWord(word))
            {
                grantStart = grantStart < 0 ? start : grantStart;
                grantEnd = pos;
            }
            else if (first)
            {
                name = word;
                first = false;
            }
            else if (argBytes + word.Length + 1 <= args.Length)
            {
                word.CopyTo(args.Slice(argBytes));
                argBytes += word.Length;
                args[argBytes++] = 0;
            }
        }

        grantWord = grantStart < 0 ? default : line.Slice(grantStart, grantEnd - grantStart);
        return !first;
    }

    /// <summary>
    /// The quota a line's quota word gives: <see cref="ProcessQuota.RootDefault"/> with the kinds it names replaced.
    /// An empty word is no quota (null: the default, clipped to the pool). A word that does not parse is
    /// <see cref="RootError.BadArgument"/> with the reason in <paramref name="error"/>.
    /// </summary>
    public static RootError QuotaOf(ReadOnlySpan<byte> quotaWord, out ProcessQuota? quota, out InitQuotaError error)
    {
        quota = null;
        error = InitQuotaError.Ok;
        if (quotaWord.IsEmpty)
        {
            return RootError.Ok;
        }

        Span<ulong> words = stackalloc ulong[ProcessQuota.Words];
        ProcessQuota.RootDefault.Encode(words);
        error = InitQuota.Parse(quotaWord, words, out _, out _);
        if (error != InitQuotaError.Ok)
        {
            return RootError.BadArgument;
        }

        quota = ProcessQuota.Decode(words);
        return RootError.Ok;
    }

    /// <summary>
    /// The interrupt a line's grant words name: -1 when they name none (or are empty). Words that do not parse are
    /// <see cref="RootError.BadArgument"/> with the reason in <paramref name="error"/>.
    /// </summary>
    public static RootError GrantOf(ReadOnlySpan<byte> grantWord, out long irq, out InitGrantError error)
    {
        RootError e = GrantsOf(grantWord, out InitGrantSet grants, out error);
        irq = grants.Irq;
        return e;
    }

    /// <summary>
    /// Every grant a line's grant words name (<see cref="InitGrantSet"/>; empty words: none). Words that do not parse, or
    /// do not go together, are <see cref="RootError.BadArgument"/> with the reason in <paramref name="error"/>.
    /// </summary>
    public static RootError GrantsOf(ReadOnlySpan<byte> grantWords, out InitGrantSet grants, out InitGrantError error)
    {
        grants = InitGrantSet.None;
        error = grants.AddAll(grantWords);
        if (error != InitGrantError.Ok)
        {
            grants = InitGrantSet.None;
            return RootError.BadArgument;
        }

        return RootError.Ok;
    }

    private static bool IsSpace(byte c) => c == ' ' || c == '\t' || c == '\r';
}
