// The privilege words of an init-list line ("may:console", "may:shell"): parsed without allocating, for the root task and buildsys.
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
}

/// <summary>
/// An init-list line may start (after its '&amp;') with privilege words, <c>may:NAME</c>, before any quota or grant word:
/// <c>may:console</c> and <c>may:shell</c> (<see cref="InitPrivileges"/>). Only the init list gives privileges; a Spawn
/// request cannot ask for one.
/// </summary>
public static class InitPrivilege
{
    /// <summary>What starts a privilege word.</summary>
    public static ReadOnlySpan<byte> Prefix => "may:"u8;

    /// <summary>True when <paramref name="word"/> starts with <see cref="Prefix"/>.</summary>
    public static bool IsPrivilegeWord(ReadOnlySpan<byte> word) => word.StartsWith(Prefix);

    /// <summary>The privilege <paramref name="word"/> names, or <see cref="InitPrivileges.None"/> for an unknown one.</summary>
    public static InitPrivileges Parse(ReadOnlySpan<byte> word)
    {
        if (!IsPrivilegeWord(word))
        {
            return InitPrivileges.None;
        }

        ReadOnlySpan<byte> name = word.Slice(Prefix.Length);
        if (name.SequenceEqual("console"u8))
        {
            return InitPrivileges.Console;
        }

        return name.SequenceEqual("shell"u8) ? InitPrivileges.Shell : InitPrivileges.None;
    }

    /// <summary>
    /// Takes the privilege words off the start of <paramref name="line"/> (after spaces). False when one names no
    /// privilege (<paramref name="bad"/> is that word); the line is then left at it.
    /// </summary>
    public static bool Take(ref ReadOnlySpan<byte> line, out InitPrivileges privileges, out ReadOnlySpan<byte> bad)
    {
        privileges = InitPrivileges.None;
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

            InitPrivileges p = Parse(word);
            if (p == InitPrivileges.None)
            {
                bad = word;
                return false;
            }

            privileges |= p;
            line = line.Slice(end);
        }
    }
}
