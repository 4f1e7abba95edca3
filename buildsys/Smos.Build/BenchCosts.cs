// The SMOS-COST lines of `buildsys bench`: what one process, connection and subscription take (apps/bench/CostRows.cs).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smos.Build;

/// <summary>
/// One object's cost: bytes of untyped memory the system retyped for it (everything: kernel objects, frames, page
/// tables, root-task heap growth), bytes charged to the processes' quotas for it, root-task CSpace slots, and live
/// root-task heap bytes (after a collection).
/// </summary>
internal sealed record CostRow(string Name, long Untyped, long Charged, long Slots, long Heap);

internal sealed partial class BenchResults
{
    public const string CostPrefix = "SMOS-COST ";

    /// <summary>The objects apps/bench prices, in its order.</summary>
    public static readonly IReadOnlyList<string> ExpectedCosts = ["process", "connection", "subscription"];

    private readonly List<CostRow> _costs = [];

    public IReadOnlyList<CostRow> Costs => _costs;

    /// <summary>Parses "SMOS-COST name untyped=N charged=N slots=N heap=N" (values may be negative).</summary>
    public static bool TryParseCost(string line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CostRow? cost)
    {
        cost = null;
        Match m = CostRegex().Match(line.Trim());
        if (!m.Success)
        {
            return false;
        }

        long Get(string group) => long.Parse(m.Groups[group].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        cost = new CostRow(m.Groups["name"].Value, Get("untyped"), Get("charged"), Get("slots"), Get("heap"));
        return true;
    }

    /// <summary>The cost table printed after the instruction table, with a line for each object not priced.</summary>
    public IEnumerable<string> CostTable()
    {
        yield return string.Format(CultureInfo.InvariantCulture, "  {0,-14}{1,16}{2,18}{3,12}{4,16}", "object", "untyped bytes", "charged to quota", "root slots", "root heap bytes");
        foreach (CostRow c in _costs)
        {
            yield return string.Format(CultureInfo.InvariantCulture, "  {0,-14}{1,16:N0}{2,18:N0}{3,12:N0}{4,16:N0}", c.Name, c.Untyped, c.Charged, c.Slots, c.Heap);
        }

        foreach (string name in ExpectedCosts.Where(n => _costs.All(c => c.Name != n)))
        {
            yield return $"  {name,-14}MISSING: printed by apps/bench/CostRows.cs after the flat rows";
        }
    }

    private void FeedCost(string line)
    {
        if (!TryParseCost(line, out CostRow? cost))
        {
            _errors.Add($"malformed line \"{line}\": expected {CostPrefix}NAME untyped=N charged=N slots=N heap=N");
        }
        else if (_costs.Any(c => c.Name == cost.Name))
        {
            _errors.Add($"cost {cost.Name} printed twice");
        }
        else
        {
            _costs.Add(cost);
        }
    }

    private void WriteCosts(Utf8JsonWriter w)
    {
        w.WriteStartArray("costs");
        foreach (CostRow c in _costs)
        {
            w.WriteStartObject();
            w.WriteString("object", c.Name);
            w.WriteNumber("untypedBytes", c.Untyped);
            w.WriteNumber("chargedBytes", c.Charged);
            w.WriteNumber("rootSlots", c.Slots);
            w.WriteNumber("rootHeapBytes", c.Heap);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    [GeneratedRegex(@"^SMOS-COST (?<name>[a-z][a-z0-9-]*) untyped=(?<untyped>-?[0-9]{1,19}) charged=(?<charged>-?[0-9]{1,19}) slots=(?<slots>-?[0-9]{1,19}) heap=(?<heap>-?[0-9]{1,19})$")]
    private static partial Regex CostRegex();
}
