// apps/init (and apps/init-selftest), the lists of apps the root task starts at boot: parsing and checking against the apps that exist.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Smos.Formats;

namespace Smos.Build;

/// <summary>One line of the init list: an app and its arguments (arg 0, the name, is added by the root task).</summary>
internal sealed record InitEntry(int Line, string Name, IReadOnlyList<string> Args)
{
    /// <summary>The line's quota word ("quota:memory=600M,..."), or null for the root task's default quota.</summary>
    public string? Quota { get; init; }

    /// <summary>The line's grant words ("irq:30", "irq:33 mmio:0x9000000 dma:2"), space separated, or null when the process gets no grant.</summary>
    public string? Grant { get; init; }

    /// <summary>What the line's privilege words ("may:console", "may:shell", "may:grant=...") give the process.</summary>
    public InitPrivileges Privileges { get; init; }

    /// <summary>What its "may:grant=GRANTS" word lets the process grant its children (none without one).</summary>
    public InitGrantSet Grantable { get; init; } = InitGrantSet.None;

    /// <summary>Bytes of the args blob the app gets: every argument including the name, each with its NUL.</summary>
    public int ArgBytes => Encoding.ASCII.GetByteCount(Name) + 1 + Args.Sum(a => Encoding.ASCII.GetByteCount(a) + 1);
}

/// <summary>
/// The init list format (apps/README.md): one app per line, <c>[quota:KIND=VALUE,...] [irq:N] name arg1 arg2 ...</c>, words separated by spaces or
/// tabs, no quoting; <c>#</c> starts a comment that runs to the end of the line; blank lines are ignored. ASCII only.
/// buildsys checks it at build time so that a typo fails the build, not the boot.
/// </summary>
internal static class InitList
{
    /// <summary>Largest args blob of one app: ProcessAbi.MaxArgBytes (protocol/ProcessAbi.cs), repeated because buildsys may not reference protocol; a test checks they agree.</summary>
    public const int MaxArgBytes = 3000;

    /// <summary>Parses <paramref name="text"/>; <paramref name="path"/> names the file in error messages.</summary>
    public static IReadOnlyList<InitEntry> Parse(string text, string path)
    {
        var entries = new List<InitEntry>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            foreach (char c in line)
            {
                if (c > 126 || (c < 32 && c != '\t'))
                {
                    throw new BuildsysException($"{path}:{i + 1}: only printable ASCII is allowed (found U+{(int)c:X4})");
                }
            }

            string trimmed = line.TrimStart(' ', '\t');
            if (trimmed.StartsWith('&'))
            {
                line = trimmed[1..]; // a service (started, not waited for): the root task's InitLine.IsService
            }

            string[] words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var privileges = InitPrivileges.None;
            InitGrantSet grantable = InitGrantSet.None;
            while (words.Length > 0 && InitPrivilege.IsPrivilegeWord(Encoding.ASCII.GetBytes(words[0])))
            {
                InitPrivileges p = InitPrivilege.Parse(Encoding.ASCII.GetBytes(words[0]), out InitGrantSet set, out InitGrantError grantError);
                if (p == InitPrivileges.Grant && (privileges & InitPrivileges.Grant) != 0)
                {
                    (p, grantError) = (InitPrivileges.None, InitGrantError.Repeated);
                }

                if (p == InitPrivileges.None)
                {
                    throw new BuildsysException($"{path}:{i + 1}: privilege word \"{words[0]}\" {InitPrivilege.DescribeRefusal(grantError)}");
                }

                if (p == InitPrivileges.Grant)
                {
                    grantable = set;
                }

                privileges |= p;
                words = words[1..];
            }

            string? quota = null;
            string? grant = null;
            InitGrantSet grants = InitGrantSet.None;
            while (words.Length > 0)
            {
                byte[] first = Encoding.ASCII.GetBytes(words[0]);
                if (quota is null && InitQuota.IsQuotaWord(first))
                {
                    quota = words[0];
                    CheckQuota(quota, path, i + 1);
                }
                else if (InitGrant.IsGrantWord(first))
                {
                    // Several grant words (irq:, mmio:, dma:) may start a line; the root task's InitGrantSet checks them.
                    grant = grant is null ? words[0] : $"{grant} {words[0]}";
                    InitGrantError e = grants.Add(first);
                    if (e != InitGrantError.Ok)
                    {
                        throw new BuildsysException($"{path}:{i + 1}: grant word \"{words[0]}\": {InitGrant.Describe(e)}");
                    }
                }
                else
                {
                    break;
                }

                words = words[1..];
                if (words.Length == 0)
                {
                    throw new BuildsysException($"{path}:{i + 1}: a quota or grant word must be followed by the app's name");
                }
            }

            if (words.Length > 0)
            {
                entries.Add(new InitEntry(i + 1, words[0], words[1..]) { Quota = quota, Grant = grant, Privileges = privileges, Grantable = grantable });
            }
        }

        return entries;
    }

    // The quota word (kernel-glue/formats/InitQuota.cs, the same parser the root task uses): a precise error at build time.
    private static void CheckQuota(string word, string path, int line)
    {
        var values = new ulong[6];
        InitQuotaError e = InitQuota.Parse(Encoding.ASCII.GetBytes(word), values, out _, out int at);
        if (e != InitQuotaError.Ok)
        {
            throw new BuildsysException($"{path}:{line}: quota word \"{word}\" at \"{word[at..]}\": {InitQuota.Describe(e)}");
        }
    }

    /// <summary>Checks every entry names an app of <paramref name="appNames"/> and that its args fit the start-info page.</summary>
    public static void Validate(IReadOnlyList<InitEntry> entries, IReadOnlyCollection<string> appNames, string path)
    {
        foreach (InitEntry entry in entries)
        {
            if (!appNames.Contains(entry.Name))
            {
                string known = appNames.Count == 0 ? "there are none" : string.Join(", ", appNames.Order(StringComparer.Ordinal));
                throw new BuildsysException(
                    $"{path}:{entry.Line}: no app named \"{entry.Name}\" (apps are the folders apps/<name> with a .csproj: {known})");
            }

            if (entry.ArgBytes > MaxArgBytes)
            {
                throw new BuildsysException($"{path}:{entry.Line}: the arguments take {entry.ArgBytes} bytes, more than {MaxArgBytes}");
            }
        }
    }

    /// <summary>Reads, parses and checks an init list (apps/init, apps/init-selftest); returns its bytes, ending with a newline. A missing file is an empty list.</summary>
    public static byte[] Load(Repo repo, string file, IReadOnlyCollection<string> appNames)
    {
        if (!File.Exists(file))
        {
            Serilog.Log.Warning("{Path} does not exist: the root task will start no apps from it", repo.Show(file));
            return [];
        }

        byte[] bytes = File.ReadAllBytes(file);
        Validate(Parse(Encoding.Latin1.GetString(bytes), repo.Show(file)), appNames, repo.Show(file));
        return bytes.Length == 0 || bytes[^1] == (byte)'\n' ? bytes : [.. bytes, (byte)'\n'];
    }
}
