// The SMOS-SPAWN lines of `smos bench`: where the root task's instructions go in a spawn and an exit (servers/roottask SpawnProfile).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smos.Build;

/// <summary>One part of a spawn or exit in the root task: instructions per process at every level and at EL0.</summary>
internal sealed record SpawnPartRow(string Name, long Total, long El0);

internal sealed partial class BenchResults
{
    public const string SpawnPrefix = "SMOS-SPAWN ";

    /// <summary>The parts the root task prints (SpawnPart), in the table's order: each part's steps under it.</summary>
    public static readonly IReadOnlyList<string> ExpectedSpawnParts =
        ["spawn", "records", "rec-check", "rec-table", "rec-room", "objects", "elf-frames", "elf-copy", "elf-map",
        "map-shared", "map-frames", "setup", "set-stack", "set-grants", "set-ipc", "set-code", "set-cspace", "thread",
        "end", "reclaim", "r-copies", "r-frames", "r-tables", "r-cnodes", "r-vspace", "r-other", "r-records"];

    // Names of the parts of a part (reclaim's, records', elf-map's and setup's), indented one more step.
    private static readonly string[] SubPartPrefixes = ["r-", "rec-", "map-", "set-"];

    private readonly List<SpawnPartRow> _spawnParts = [];

    public IReadOnlyList<SpawnPartRow> SpawnParts => _spawnParts;

    /// <summary>How many spawns the parts are averaged over (the root task's "SMOS-SPAWN spawns=N exits=N" line), when seen.</summary>
    public long? ProfiledSpawns { get; private set; }

    /// <summary>Parses "SMOS-SPAWN part=NAME total=N el0=N".</summary>
    public static bool TryParseSpawnPart(string line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SpawnPartRow? part)
    {
        part = null;
        Match m = SpawnPartRegex().Match(line.Trim());
        if (!m.Success)
        {
            return false;
        }

        part = new SpawnPartRow(
            m.Groups["name"].Value,
            long.Parse(m.Groups["total"].Value, NumberStyles.None, CultureInfo.InvariantCulture),
            long.Parse(m.Groups["el0"].Value, NumberStyles.None, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>
    /// The table of a spawn's and an exit's parts in the root task (per process; the parts of a spawn add up to a little
    /// less than "spawn", which also holds the marks' own reads), with a line for each part not printed.
    /// </summary>
    public IEnumerable<string> SpawnPartTable()
    {
        yield return string.Format(CultureInfo.InvariantCulture, "  {0,-14}{1,12}{2,12}", "part", "total", "EL0");
        foreach (SpawnPartRow p in _spawnParts.OrderBy(p => Order(p.Name)))
        {
            string indent = p.Name is "spawn" or "end" ? "" : SubPartPrefixes.Any(s => p.Name.StartsWith(s, StringComparison.Ordinal)) ? "    " : "  ";
            yield return string.Format(CultureInfo.InvariantCulture, "  {0,-14}{1,12:N0}{2,12:N0}", indent + p.Name, p.Total, p.El0);
        }

        foreach (string name in ExpectedSpawnParts.Where(n => _spawnParts.All(p => p.Name != n)))
        {
            yield return $"  {name,-14}MISSING: printed by servers/selftest/Bench/BenchScript.cs when apps/bench ends";
        }
    }

    // A part's place in the table: ExpectedSpawnParts' order, any other name after them in the order printed.
    private static int Order(string name)
    {
        int i = ExpectedSpawnParts.ToList().IndexOf(name);
        return i >= 0 ? i : ExpectedSpawnParts.Count;
    }

    private void FeedSpawn(string line)
    {
        Match header = SpawnHeaderRegex().Match(line.Trim());
        if (header.Success)
        {
            ProfiledSpawns = long.Parse(header.Groups["spawns"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        else if (!TryParseSpawnPart(line, out SpawnPartRow? part))
        {
            _errors.Add($"malformed line \"{line}\": expected {SpawnPrefix}part=NAME total=N el0=N");
        }
        else if (_spawnParts.Any(p => p.Name == part.Name))
        {
            _errors.Add($"spawn part {part.Name} printed twice");
        }
        else
        {
            _spawnParts.Add(part);
        }
    }

    private void WriteSpawnParts(Utf8JsonWriter w)
    {
        w.WriteStartArray("spawnParts");
        foreach (SpawnPartRow p in _spawnParts)
        {
            w.WriteStartObject();
            w.WriteString("part", p.Name);
            w.WriteNumber("total", p.Total);
            w.WriteNumber("el0", p.El0);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    [GeneratedRegex(@"^SMOS-SPAWN part=(?<name>[a-z][a-z0-9-]*) total=(?<total>[0-9]{1,19}) el0=(?<el0>[0-9]{1,19})$")]
    private static partial Regex SpawnPartRegex();

    [GeneratedRegex(@"^SMOS-SPAWN spawns=(?<spawns>[0-9]{1,19}) exits=(?<exits>[0-9]{1,19})$")]
    private static partial Regex SpawnHeaderRegex();
}
