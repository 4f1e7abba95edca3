// Source lines for code addresses: the DWARF line tables ILC -g writes, read with aarch64-linux-gnu-addr2line.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace Smos.Build;

/// <summary>
/// Appends " (file:line)" to the root task's app fault reports (<c>FAULT pid=N name=app ... pc=0x...</c>, looked up in
/// out/apps/&lt;name&gt;.elf) and to panic locations. The ELFs in out/ keep their .debug_line (the archives get stripped
/// copies). Without the tool, an ELF or line information, lines stay as they are.
/// </summary>
internal sealed partial class SourceLines(Repo repo, string? addr2line)
{
    private readonly ConcurrentDictionary<(string Elf, ulong Pc), string?> _cache = new();

    /// <summary>A lookup that uses aarch64-linux-gnu-addr2line if it is on PATH (else it finds nothing).</summary>
    public static SourceLines ForRepo(Repo repo) => new(repo, Toolchain.FindOnPath(Toolchain.Addr2Line, Environment.GetEnvironmentVariable("PATH")));

    /// <summary>
    /// The line with " (file:line)" appended when it is an app fault report whose pc has a source line. Code ILC
    /// generates (<c>..._StartupCodeMain</c>, which calls Main) has no source of its own: its line table points at
    /// unrelated files, so it keeps just the symbol.
    /// </summary>
    public string Annotate(string line)
    {
        if (ParseFault(line) is not (string name, ulong pc) || Programs.NameProblem(name) is not null ||
            line.Contains("__Module___StartupCodeMain+", StringComparison.Ordinal))
        {
            return line;
        }

        string elf = Path.Combine(repo.Out, Programs.AppsFolder, name + ".elf");
        return Lookup(elf, pc) is string source ? $"{line} ({source})" : line;
    }

    /// <summary>"file:line" for <paramref name="pc"/> in <paramref name="elf"/> (repository-relative when inside it), or null.</summary>
    public string? Lookup(string elf, ulong pc)
    {
        if (addr2line is null || !File.Exists(elf))
        {
            return null;
        }

        return _cache.GetOrAdd((elf, pc), key =>
        {
            ProcessResult result = new ProcessRunner(verbose: false).Run(addr2line, ["-e", key.Elf, $"0x{key.Pc:x}"]);
            return result.ExitCode == 0 && result.Output.Count > 0 ? Describe(result.Output[0]) : null;
        });
    }

    /// <summary>addr2line's "path:line [(discriminator n)]" as "path:line" (path repository-relative), or null for "??:0", "x:?".</summary>
    public string? Describe(string output) => ParseLocation(output) is (string file, int line) ? $"{repo.Show(file)}:{line}" : null;

    /// <summary>The file and line of one addr2line output line, or null when it has none.</summary>
    public static (string File, int Line)? ParseLocation(string output)
    {
        Match m = LocationRegex().Match(output.Trim());
        if (!m.Success || m.Groups[1].Value.StartsWith("??", StringComparison.Ordinal))
        {
            return null;
        }

        int line = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        return line > 0 ? (m.Groups[1].Value, line) : null;
    }

    /// <summary>The app name and pc of a <c>FAULT pid=N name=NAME ... pc=0xHEX ...</c> line, or null.</summary>
    public static (string Name, ulong Pc)? ParseFault(string line)
    {
        Match m = FaultRegex().Match(line);
        if (!m.Success)
        {
            return null;
        }

        return (m.Groups[1].Value, ulong.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(.+):(\d+)(?: \(discriminator \d+\))?$")]
    private static partial Regex LocationRegex();

    [GeneratedRegex(@"^(?:FAULT|  from) pid=\d+ name=(\S+) .*?\bpc=0x([0-9a-fA-F]{1,16})\b")]
    private static partial Regex FaultRegex();
}
