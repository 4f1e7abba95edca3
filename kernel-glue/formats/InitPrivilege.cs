// The privilege words of an init-list line ("may:console", "may:shell", "may:grant=irq:48,mmio:0xa000000"): parsed without allocating, for the root task and buildsys.
using System;

namespace Smos.Formats;

/// <summary>What an init-list line's privilege words give the process the root task starts for it.</summary>
[Flags]
public enum InitPrivileges
{
    None = 0,

    /// <summary><c>may:console</c>: may attach as the console server (the root task's output ring) and end the foreground job.</summary>
    Console = 1,

    /// <summary><c>may:shell</c>: its output is not marked with its name (the shell's prompt), and it may power off.</summary>
    Shell = 2,

    /// <summary>
    /// <c>may:grant=GRANTS</c>: may spawn children with device grants (libsmos Process.Spawn with SpawnGrants), each within
    /// GRANTS: grant words joined by commas, "may:grant=irq:48,mmio:0xa000000/2,dma:4" (<see cref="InitGrantSet.Uncovered"/>).
    /// The process itself gets none of them; one owner per device still holds.
    /// </summary>
    Grant = 4,
}

/// <summary>
/// An init-list line may start (after its '&amp;') with privilege words, <c>may:NAME</c>, before any quota or grant word:
/// <c>may:console</c>, <c>may:shell</c> and <c>may:grant=GRANTS</c> (<see cref="InitPrivileges"/>). Only the init list gives
/// privileges; a Spawn request cannot ask for one.
/// </summary>
public static class InitPrivilege
{
    /// <summary>What starts a privilege word.</summary>
    public static ReadOnlySpan<byte> Prefix => "may:"u8;

    /// <summary>True when <paramref name="word"/> starts with <see cref="Prefix"/>.</summary>
    public static bool IsPrivilegeWord(ReadOnlySpan<byte> word) => word.StartsWith(Prefix);

    /// <summary>What starts the privilege word that lets a process grant devices to its children.</summary>
    public static ReadOnlySpan<byte> GrantPrefix => "may:grant="u8;

    /// <summary>The privilege <paramref name="word"/> names, or <see cref="InitPrivileges.None"/> for an unknown one (or a <c>may:grant=</c> whose grants do not parse).</summary>
    public static InitPrivileges Parse(ReadOnlySpan<byte> word) => Parse(word, out _, out _);

    /// <summary>
    /// As <see cref="Parse(ReadOnlySpan{byte})"/>, with what a <c>may:grant=GRANTS</c> word lets the process grant in
    /// <paramref name="grantable"/> (<see cref="InitGrantSet.None"/> for the other words) and, when its grants do not
    /// parse, why in <paramref name="grantError"/> (<see cref="InitGrantError.NotAGrantWord"/> for an empty list).
    /// </summary>
    public static InitPrivileges Parse(ReadOnlySpan<byte> word, out InitGrantSet grantable, out InitGrantError grantError)
    {
        grantable = InitGrantSet.None;
        grantError = InitGrantError.Ok;
        if (!IsPrivilegeWord(word))
        {
            return InitPrivileges.None;
        }

        if (word.StartsWith(GrantPrefix))
        {
            grantError = ParseGrantable(word.Slice(GrantPrefix.Length), out grantable);
            return grantError == InitGrantError.Ok ? InitPrivileges.Grant : InitPrivileges.None;
        }

        ReadOnlySpan<byte> name = word.Slice(Prefix.Length);
        if (name.SequenceEqual("console"u8))
        {
            return InitPrivileges.Console;
        }

        return name.SequenceEqual("shell"u8) ? InitPrivileges.Shell : InitPrivileges.None;
    }

    /// <summary>Why a privilege word was refused, as the end of a sentence that starts with the word (<paramref name="grantError"/> from <see cref="Take(ref ReadOnlySpan{byte}, out InitPrivileges, out InitGrantSet, out ReadOnlySpan{byte}, out InitGrantError)"/>).</summary>
    public static string DescribeRefusal(InitGrantError grantError) => grantError switch
    {
        InitGrantError.Ok => "names no privilege (may:console, may:shell, may:grant=GRANTS)",
        InitGrantError.Repeated => "repeats a grant (one may:grant= word per line, with at most one irq: and one dma: in it)",
        _ => "names grants that do not parse (may:grant=irq:N,mmio:0xPADDR[/PAGES],dma:PAGES): " + InitGrant.Describe(grantError),
    };

    // "irq:48,mmio:0xa000000/2,dma:4": grant words joined by commas, at least one.
    private static InitGrantError ParseGrantable(ReadOnlySpan<byte> list, out InitGrantSet grantable)
    {
        grantable = InitGrantSet.None;
        if (list.IsEmpty)
        {
            return InitGrantError.NotAGrantWord;
        }

        while (true)
        {
            int comma = list.IndexOf((byte)',');
            ReadOnlySpan<byte> word = comma < 0 ? list : list.Slice(0, comma);
            InitGrantError e = InitGrant.IsGrantWord(word) ? grantable.Add(word) : InitGrantError.NotAGrantWord;
            if (e != InitGrantError.Ok)
            {
                grantable = InitGrantSet.None;
                return e;
            }

            if (comma < 0)
            {
                return InitGrantError.Ok;
            }

            list = list.Slice(comma + 1);
        }
    }

    /// <summary>
    /// Takes the privilege words off the start of <paramref name="line"/> (after spaces). False when one names no
    /// privilege (<paramref name="bad"/> is that word); the line is then left at it.
    /// </summary>
    public static bool Take(ref ReadOnlySpan<byte> line, out InitPrivileges privileges, out ReadOnlySpan<byte> bad) =>
        Take(ref line, out privileges, out _, out bad, out _);

    /// <summary>
    /// As <see cref="Take(ref ReadOnlySpan{byte}, out InitPrivileges, out ReadOnlySpan{byte})"/>, with what a
    /// <c>may:grant=</c> word lets the process grant (<paramref name="grantable"/>) and, when such a word is refused, why
    /// (<paramref name="grantError"/>; Ok when the word names no privilege at all). A second <c>may:grant=</c> is refused
    /// as <see cref="InitGrantError.Repeated"/>.
    /// </summary>
    public static bool Take(ref ReadOnlySpan<byte> line, out InitPrivileges privileges, out InitGrantSet grantable, out ReadOnlySpan<byte> bad, out InitGrantError grantError)
    {
        privileges = InitPrivileges.None;
        grantable = InitGrantSet.None;
        grantError = InitGrantError.Ok;
        bad = default;
        while (true)
        {
            int i = 0;
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
            {
                i++;
            }

            int end = i;
            while (end < line.Length && line[end] != ' ' && line[end] != '\t' && line[end] != '\r')
            {
                end++;
            }

            ReadOnlySpan<byte> word = line.Slice(i, end - i);
            if (!IsPrivilegeWord(word))
            {
                return true;
            }

            InitPrivileges p = Parse(word, out InitGrantSet set, out grantError);
            if (p == InitPrivileges.Grant && (privileges & InitPrivileges.Grant) != 0)
            {
                grantError = InitGrantError.Repeated;
                p = InitPrivileges.None;
            }

            if (p == InitPrivileges.None)
            {
                bad = word;
                grantable = InitGrantSet.None;
                return false;
            }

            if (p == InitPrivileges.Grant)
            {
                grantable = set;
            }

            privileges |= p;
            line = line.Slice(end);
        }
    }
}
