// `buildsys bench` results: the guest's SMOS-BENCH lines parsed, planned rows a run did not print, goals, table and JSON.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smos.Build;

/// <summary>
/// One row as the guest printed it: <c>SMOS-BENCH &lt;name&gt; total=&lt;n&gt; el0=&lt;n&gt; floor=&lt;n&gt; ratio=&lt;r&gt;</c>. Figures are
/// instructions per operation; "-" (null here) means not measured (EL0 instructions before the PMU runs, no floor).
/// </summary>
internal sealed record BenchRow(string Name, ulong Total, ulong? El0, ulong? Floor, ulong? RatioMilli)
{
    /// <summary>"floor" (raw svc in bench.S), "api" (kernel-glue's typed API) or "boot".</summary>
    public string Layer => Name.Split('-')[0];

    /// <summary>The ratio as the guest printed it, e.g. "1.096", or "-".</summary>
    public string RatioText => RatioMilli is ulong m ? BenchMath.FormatMilli(m) : "-";
}

/// <summary>An expected row a run did not print, and what prints it (shown so nobody reads a missing row as a zero).</summary>
internal sealed record MissingRow(string Name, string Reason);

/// <summary>A target from the benchmark issue; never asserted by tests, only reported.</summary>
internal sealed record BenchGoal(string Name, string Limit, string Value, bool? Met, string Note);

/// <summary>The integer math the guest uses (servers/roottask/Bench/BenchLine.cs): the host recomputes and checks it.</summary>
internal static class BenchMath
{
    /// <summary>total / floor in thousandths, rounded to nearest with halves up; 0 when floor is 0.</summary>
    public static ulong RatioMilli(ulong total, ulong floor) => floor == 0 ? 0 : ((total * 1000) + (floor / 2)) / floor;

    /// <summary>Thousandths as a decimal with three places: 1096 -> "1.096".</summary>
    public static string FormatMilli(ulong milli) =>
        string.Create(CultureInfo.InvariantCulture, $"{milli / 1000}.{milli % 1000:000}");

    /// <summary>Parses "1.096" (exactly three decimals) into 1096.</summary>
    public static bool TryParseMilli(string text, out ulong milli)
    {
        milli = 0;
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || text.Length - dot - 1 != 3)
        {
            return false;
        }

        if (!ulong.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out ulong whole)
            || !ulong.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong fraction))
        {
            return false;
        }

        milli = (whole * 1000) + fraction;
        return true;
    }
}

/// <summary>Everything one bench boot reported.</summary>
internal sealed partial class BenchResults
{
    public const string RowPrefix = "SMOS-BENCH ";
    public const string BeginPrefix = "SMOS-BENCH-BEGIN";
    public const string ErrorPrefix = "SMOS-BENCH-ERROR";

    /// <summary>
    /// Rows every run prints besides the floor and api rows, each with the code that prints it (servers/selftest/Bench,
    /// apps/bench). One shows up in <see cref="Missing"/> only when a run ended early or its printer broke; the table
    /// and out/bench.json list it with a reason beginning "MISSING:".
    /// </summary>
    public static readonly IReadOnlyList<MissingRow> Expected =
    [
        new("boot-init-apps", "MISSING: reset to all init apps started: printed by servers/selftest/Bench/BenchScript.cs"),
        new("libsmos-call-4mr", "MISSING: apps/bench: request/reply with 4 words through an open libsmos connection"),
        new("libsmos-call-10mr", "MISSING: apps/bench: the same with 10 words (kernel slowpath)"),
        new("proto-call-4w", "MISSING: apps/bench: a typed call of 4 words each way through the generated client and server"),
        new("proto-call-10w", "MISSING: apps/bench: a typed call of 10 words each way (a struct) through the generated client and server"),
        new("proto-call-string-32", "MISSING: apps/bench: a typed call of a 32-character string each way"),
        new("proto-call-bytes-4k", "MISSING: apps/bench: a typed call of 4,096 bytes each way through the connection's shared page"),
        new("conn-open", "MISSING: apps/bench: ConnOpen through libsmos"),
        new("libsmos-topic-pingpong", "MISSING: apps/bench: notification ping-pong through libsmos topics"),
        new("libsmos-topic-pingpong-handle", "MISSING: apps/bench: the same, publishing by handle (Topics.Open, Topic.Publish)"),
        new("libsmos-doorbell-pingpong", "MISSING: apps/bench: notification ping-pong through libsmos doorbells (ConnNotify)"),
        new("timer-now-roundtrip", "MISSING: apps/bench: a request to the timer server and back (Clock.ServerNow)"),
        new("timer-sleep-1ms-ticks", "MISSING: apps/bench: Clock.Sleep(1), counter ticks observed (total: slowest, el0: fastest) against asked (floor)"),
        new("topic-publish-1", "MISSING: apps/bench: PublishTopic with 1 subscriber"),
        new("topic-publish-8", "MISSING: apps/bench: PublishTopic with 8 subscribers"),
        new("topic-publish-1-handle", "MISSING: apps/bench: PublishHandle (Topic.Publish) with 1 subscriber"),
        new("topic-publish-8-handle", "MISSING: apps/bench: PublishHandle (Topic.Publish) with 8 subscribers"),
        new("blk-read-4k", "MISSING: apps/bench/FileRows.cs: a 4 KiB read (8 sectors) from drivers/virtio-blk through a shared page"),
        new("blk-read-64k", "MISSING: apps/bench/FileRows.cs: 64 KiB read from the block driver, 16 requests of 4 KiB"),
        new("blk-write-4k", "MISSING: apps/bench/FileRows.cs: a 4 KiB write to the block driver"),
        new("blk-write-64k", "MISSING: apps/bench/FileRows.cs: 64 KiB written to the block driver, 16 requests of 4 KiB"),
        new("fs-seq-write-4k", "MISSING: apps/bench/FileRows.cs: FileStream.Write of 4 KiB at the end of a file (the file server, journal, driver)"),
        new("fs-seq-read-4k", "MISSING: apps/bench/FileRows.cs: FileStream.Read of 4 KiB, sequentially"),
        new("fs-seq-write-64k", "MISSING: apps/bench/FileRows.cs: FileStream.Write of 64 KiB at the end of a file"),
        new("fs-seq-read-64k", "MISSING: apps/bench/FileRows.cs: FileStream.Read of 64 KiB, sequentially"),
        new("fs-small-file-create", "MISSING: apps/bench/FileRows.cs: create, write 100 bytes, close (File.Create, Write, Dispose)"),
        new("runtime-alloc-32b", "MISSING: apps/bench: new of a 32-byte object (amortized over contexts and collections)"),
        new("runtime-interpolate-3", "MISSING: apps/bench: an interpolation of three ints"),
        new("runtime-throw-catch-1", "MISSING: apps/bench: throw and catch across one call"),
        new("runtime-throw-catch-10", "MISSING: apps/bench: throw and catch across ten calls"),
        new("runtime-list-add", "MISSING: apps/bench: List<int>.Add, amortized over a list of 1,000"),
        new("runtime-dictionary-hit", "MISSING: apps/bench: Dictionary<int, int>.TryGetValue of a present key"),
        new("runtime-dictionary-miss", "MISSING: apps/bench: Dictionary<int, int>.TryGetValue of an absent key"),
        new("runtime-gc-empty", "MISSING: apps/bench: GC.Collect with almost nothing live"),
        new("runtime-gc-256k-live", "MISSING: apps/bench: GC.Collect with 256 KiB of small objects live"),
        new("roottask-gc-baseline", "MISSING: servers/selftest/Bench/GcRows.cs: a root-task collection with only its own state live"),
        new("roottask-gc-1m-live", "MISSING: servers/selftest/Bench/GcRows.cs: a root-task collection with 1 MiB of small objects live"),
        new("spawn-first-instruction", "MISSING: apps/bench: Spawn to the child's first line of Main"),
        new("spawn-exit", "MISSING: apps/bench: Spawn and Wait until the child has exited"),
        new("flat-conn-open-min", "MISSING: apps/bench/FlatRows.cs: ConnOpen with the minimum population"),
        new("flat-topic-publish-1-min", "MISSING: apps/bench/FlatRows.cs: PublishTopic to 1 subscriber with the minimum population"),
        new("flat-spawn-exit-min", "MISSING: apps/bench/FlatRows.cs: Spawn and Wait with the minimum population"),
        new("flat-conn-open-scale", "MISSING: apps/bench/FlatRows.cs: ConnOpen with the scale population (apps/scale hold) present"),
        new("flat-conn-open-among-1000-scale", "MISSING: apps/bench/FlatRows.cs: ConnOpen of one of the population's 1,000 names"),
        new("flat-topic-publish-1-scale", "MISSING: apps/bench/FlatRows.cs: PublishTopic to 1 subscriber with the scale population present"),
        new("flat-spawn-exit-scale", "MISSING: apps/bench/FlatRows.cs: Spawn and Wait with the scale population present"),
    ];

    private readonly List<BenchRow> _rows = [];
    private readonly List<string> _errors = [];

    public IReadOnlyList<BenchRow> Rows => _rows;

    /// <summary>SMOS-BENCH-ERROR texts from the guest, malformed lines and explained kernel faults.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The BEGIN line's settings (iterations, batches, warmup), when seen.</summary>
    public IReadOnlyDictionary<string, ulong> Settings { get; private set; } = new Dictionary<string, ulong>();

    /// <summary>Feeds one guest line; returns true when it was a bench line (row, begin or error).</summary>
    public bool Feed(string rawLine)
    {
        string line = AnsiRegex().Replace(rawLine, "").Trim();

        // apps/bench prints through the root task, which prefixes each line with "name[pid]: ".
        line = AppPrefixRegex().Replace(line, "");
        if (line.StartsWith(BeginPrefix, StringComparison.Ordinal))
        {
            Settings = ParseFields(line[BeginPrefix.Length..])
                .Where(kv => ulong.TryParse(kv.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .ToDictionary(kv => kv.Key, kv => ulong.Parse(kv.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
            return true;
        }

        if (line.StartsWith(ErrorPrefix, StringComparison.Ordinal))
        {
            _errors.Add(line[ErrorPrefix.Length..].Trim());
            return true;
        }

        if (line.StartsWith(CostPrefix, StringComparison.Ordinal))
        {
            FeedCost(line);
            return true;
        }

        if (line.StartsWith(SpawnPrefix, StringComparison.Ordinal))
        {
            FeedSpawn(line);
            return true;
        }

        if (!line.StartsWith(RowPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (TryParseRow(line, out BenchRow? row, out string? problem))
        {
            if (_rows.Any(r => r.Name == row.Name))
            {
                _errors.Add($"row {row.Name} printed twice");
            }
            else
            {
                _rows.Add(row);
            }
        }
        else
        {
            _errors.Add($"malformed line \"{line}\": {problem}");
        }

        return true;
    }

    /// <summary>Records a problem found outside the bench lines (kernel fault, timeout, panic).</summary>
    public void AddError(string error) => _errors.Add(error);

    public BenchRow? Find(string name) => _rows.FirstOrDefault(r => r.Name == name);

    /// <summary>Expected rows the guest did not print.</summary>
    public IReadOnlyList<MissingRow> Missing => Expected.Where(t => Find(t.Name) is null).ToList();

    /// <summary>
    /// Parses a SMOS-BENCH line: name, then total, el0, floor and ratio in that order; total is a number, the
    /// others a number or "-". The ratio must be what <see cref="BenchMath.RatioMilli"/> gives for total and floor.
    /// </summary>
    public static bool TryParseRow(string line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BenchRow? row, out string? problem)
    {
        row = null;
        Match m = RowRegex().Match(line.Trim());
        if (!m.Success)
        {
            problem = "expected SMOS-BENCH <name> total=<n> el0=<n|-> floor=<n|-> ratio=<r.rrr|->";
            return false;
        }

        if (!ulong.TryParse(m.Groups["total"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong total))
        {
            problem = "total out of range";
            return false;
        }

        if (!TryOptional(m.Groups["el0"].Value, out ulong? el0) || !TryOptional(m.Groups["floor"].Value, out ulong? floor))
        {
            problem = "el0 or floor out of range";
            return false;
        }

        string ratioText = m.Groups["ratio"].Value;
        ulong? ratio = null;
        if (ratioText != "-")
        {
            if (!BenchMath.TryParseMilli(ratioText, out ulong milli))
            {
                problem = $"ratio {ratioText} is not a number with three decimals";
                return false;
            }

            ratio = milli;
        }

        if (floor is ulong f && f != 0)
        {
            ulong expected = BenchMath.RatioMilli(total, f);
            if (ratio != expected)
            {
                problem = $"ratio {ratioText} is not total/floor = {BenchMath.FormatMilli(expected)}";
                return false;
            }
        }
        else if (ratio is not null)
        {
            problem = "a ratio without a floor";
            return false;
        }

        problem = null;
        row = new BenchRow(m.Groups["name"].Value, total, el0, floor, ratio);
        return true;
    }

    /// <summary>The issue's goals, judged on these rows and <paramref name="sizes"/> (null when there are none).</summary>
    public IReadOnlyList<BenchGoal> Goals(BenchSizes? sizes)
    {
        var goals = new List<BenchGoal>
        {
            // Issue 18 ("safe IPC at the price of raw IPC"), ratios to the floor rows of the same run.
            RatioGoal("api-call-4mr", 1100, "kernel-glue round trip, 4 MRs through IPC-buffer scopes, vs the assembly floor (issue 18)"),
            RatioGoal("api-call-4mr-regs", 1030, "kernel-glue round trip, 4 MRs on the register path (FastMessage), vs the floor"),
            CostGoal("api-write-scope-4mr", 20, "one write scope setting MR0-3, no system call (issue 18)"),
            CostGoal("api-read-scope-4mr", 20, "one read scope reading MR0-3, no system call (issue 18)"),
            RatioGoal("api-signal-wait", 1050, "notification ping-pong through the API vs the floor"),
            RatioGoal("libsmos-call-4mr", 1050, "libsmos request/reply, 4 words, vs the Call/ReplyRecv 4-MR floor (issue 18; the floor's threads share an address space)"),
            RatioGoal("libsmos-call-10mr", 1100, "libsmos request/reply, 10 words, vs the 10-MR floor (issue 18)"),
            RatioGoal("libsmos-doorbell-pingpong", 1050, "notification ping-pong through libsmos doorbells vs the Signal/Wait floor"),
            RatioGoal("libsmos-topic-pingpong", 2000, "notification ping-pong through libsmos topics (the broker) vs the Signal/Wait floor (issue 18)"),
            RatioGoal("libsmos-topic-pingpong-handle", 2000, "the same publishing by handle (Topics.Open): not the issue's row, which publishes by name"),
            CostGoal("conn-open", 2500, "Connections.Open of a published name (issue 18)"),
            CostGoal("spawn-exit", 232_000, "Process.Spawn + Wait of a child whose Main returns at once (issue 18)"),

            // Issue 14: generated stubs cost no more than hand-written ones.
            RelativeGoal("proto-call-4w", "libsmos-call-4mr", 1020, "generated client and server, 4 words each way, vs the hand-written libsmos row (issue 14)"),
            RelativeGoal("proto-call-10w", "libsmos-call-10mr", 1020, "generated client and server, a 10-word struct each way, vs the hand-written libsmos row (issue 14)"),
            FlatGoal("flat-spawn-exit-scale", "Spawn and Wait with 626 processes, 10,000 connections and subscriptions present vs the minimum"),
            FlatGoal("flat-conn-open-scale", "ConnOpen with the scale population present vs the minimum"),
            FlatGoal("flat-conn-open-among-1000-scale", "ConnOpen of a name among 1,000 published vs ConnOpen with one name published"),
            FlatGoal("flat-topic-publish-1-scale", "PublishTopic to 1 subscriber with 1,000 topics and 10,000 subscriptions present vs the minimum"),
        };
        if (sizes is not null)
        {
            goals.Add(SizeGoal("root task loaded", sizes.RootTask.Loaded, 128 * 1024, sizes.RootTask.Describe()));
            foreach (ElfSize app in sizes.Apps)
            {
                goals.Add(SizeGoal($"app {app.Name} loaded", app.Loaded, 32 * 1024, app.Describe()));
            }

            goals.Add(SizeGoal("whole boot image", sizes.ImageFileBytes, 1024 * 1024, "smos-image.elf file: loader, kernel, DTB, root task with every app"));
        }

        BenchRow? first = Find("boot-first-line");
        BenchRow? all = Find("boot-init-apps");
        goals.Add(first is not null && all is not null
            ? new BenchGoal("reset to all init apps", "<= 1.500 x reset to first line", BenchMath.FormatMilli(BenchMath.RatioMilli(all.Total, first.Total)),
                BenchMath.RatioMilli(all.Total, first.Total) <= 1500, "")
            : new BenchGoal("reset to all init apps", "<= 1.500 x reset to first line", "-", null, "see the boot-init-apps MISSING row"));
        return goals;
    }

    private BenchGoal RatioGoal(string name, ulong limitMilli, string note)
    {
        string limit = $"<= {BenchMath.FormatMilli(limitMilli)} x floor";
        BenchRow? row = Find(name);
        return row?.RatioMilli is ulong milli
            ? new BenchGoal(name, limit, BenchMath.FormatMilli(milli), milli <= limitMilli, note)
            : new BenchGoal(name, limit, "-", null, note);
    }

    // A row's instructions per operation against a fixed number.
    private BenchGoal CostGoal(string name, ulong limit, string note)
    {
        string limitText = string.Create(CultureInfo.InvariantCulture, $"<= {limit:N0} instructions");
        BenchRow? row = Find(name);
        return row is not null
            ? new BenchGoal(name, limitText, row.Total.ToString("N0", CultureInfo.InvariantCulture), row.Total <= limit, note)
            : new BenchGoal(name, limitText, "-", null, note);
    }

    // A row against another row of the same run (the ratio of their totals, in thousandths).
    private BenchGoal RelativeGoal(string name, string baseline, ulong limitMilli, string note)
    {
        string limit = $"<= {BenchMath.FormatMilli(limitMilli)} x {baseline}";
        BenchRow? row = Find(name);
        BenchRow? other = Find(baseline);
        if (row is null || other is null || other.Total == 0)
        {
            return new BenchGoal(name, limit, "-", null, note);
        }

        ulong milli = BenchMath.RatioMilli(row.Total, other.Total);
        return new BenchGoal(name, limit, BenchMath.FormatMilli(milli), milli <= limitMilli, note);
    }

    // A flat-cost row (issue 15): its floor is the same operation with the minimum population, so its ratio is large/small.
    private BenchGoal FlatGoal(string name, string note)
    {
        const ulong LimitMilli = 1100;
        string limit = $"<= {BenchMath.FormatMilli(LimitMilli)} x minimum";
        BenchRow? row = Find(name);
        return row?.RatioMilli is ulong milli
            ? new BenchGoal(name, limit, BenchMath.FormatMilli(milli), milli <= LimitMilli, note)
            : new BenchGoal(name, limit, "-", null, note);
    }

    private static BenchGoal SizeGoal(string name, ulong bytes, ulong limit, string note) =>
        new(name, $"<= {limit / 1024} KiB", string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} B"), bytes <= limit, note);

    /// <summary>The table printed after a run: one line per row, then the missing rows.</summary>
    public IEnumerable<string> Table()
    {
        yield return string.Format(CultureInfo.InvariantCulture, "  {0,-26}{1,12}{2,8}{3,10}{4,8}", "name", "total", "el0", "floor", "ratio");
        foreach (BenchRow row in _rows)
        {
            yield return string.Format(
                CultureInfo.InvariantCulture,
                "  {0,-26}{1,12}{2,8}{3,10}{4,8}",
                row.Name,
                row.Total,
                row.El0?.ToString(CultureInfo.InvariantCulture) ?? "-",
                row.Floor?.ToString(CultureInfo.InvariantCulture) ?? "-",
                row.RatioText);
        }

        foreach (MissingRow missing in Missing)
        {
            yield return $"  {missing.Name,-26}{"-",12}{"-",8}{"-",10}{"-",8}  {missing.Reason}";
        }
    }

    /// <summary>
    /// The storage rows that move a known number of bytes per request (<c>blk-*</c> and <c>fs-seq-*</c>, ending in
    /// <c>-4k</c> or <c>-64k</c>) as MiB per 10^9 instructions: bytes / 2^20 / (total / 10^9).
    /// </summary>
    public IEnumerable<string> ThroughputTable()
    {
        foreach (BenchRow row in _rows)
        {
            if (Throughput(row) is double mib)
            {
                yield return string.Format(CultureInfo.InvariantCulture, "  {0,-26}{1,10:F1} MiB per 10^9 instructions", row.Name, mib);
            }
        }
    }

    /// <summary>A storage row's MiB per 10^9 instructions, or null for a row that is not one (or has no instructions).</summary>
    public static double? Throughput(BenchRow row)
    {
        bool storage = row.Name.StartsWith("blk-", StringComparison.Ordinal) || row.Name.StartsWith("fs-seq-", StringComparison.Ordinal);
        long bytes = row.Name.EndsWith("-64k", StringComparison.Ordinal) ? 65536 : row.Name.EndsWith("-4k", StringComparison.Ordinal) ? 4096 : 0;
        return storage && bytes > 0 && row.Total > 0 ? bytes * 1e9 / ((double)row.Total * 1048576) : null;
    }

    /// <summary>The rows' figures as one comparable string (name and numbers), to check that two runs agree.</summary>
    public string Fingerprint() =>
        string.Join(';', _rows.Select(r => $"{r.Name}={r.Total}/{r.El0?.ToString(CultureInfo.InvariantCulture) ?? "-"}/{r.Floor?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));

    /// <summary>Rows whose figures differ between two runs, as "name: a vs b".</summary>
    public static IReadOnlyList<string> Differences(BenchResults a, BenchResults b)
    {
        var diffs = new List<string>();
        foreach (string name in a._rows.Select(r => r.Name).Union(b._rows.Select(r => r.Name)))
        {
            BenchRow? x = a.Find(name);
            BenchRow? y = b.Find(name);
            if (x is null || y is null || (IsDeviceRow(name) ? !DeviceRowsAgree(x, y) : x.Total != y.Total || x.El0 != y.El0 || x.Floor != y.Floor))
            {
                diffs.Add($"{name}: {Show(x)} vs {Show(y)}");
            }
        }

        return diffs;
    }

    /// <summary>
    /// A storage row (<c>blk-*</c>, <c>fs-*</c>): the virtio disk's completions interrupt at instruction counts that vary
    /// from run to run (QEMU does the I/O on host threads), so the kernel's share of these rows varies by a few
    /// instructions in 10^3. Their EL0 counts must agree exactly; their totals and floors within
    /// <see cref="DeviceTolerancePerMille"/> per mille.
    /// </summary>
    public static bool IsDeviceRow(string name) => name.StartsWith("blk-", StringComparison.Ordinal) || name.StartsWith("fs-", StringComparison.Ordinal);

    /// <summary>How far (per mille) two runs' totals of a storage row may differ.</summary>
    public const int DeviceTolerancePerMille = 5;

    private static bool DeviceRowsAgree(BenchRow x, BenchRow y) =>
        x.El0 == y.El0 && Near(x.Total, y.Total) && (x.Floor is null ? y.Floor is null : y.Floor is ulong f && Near(x.Floor.Value, f));

    private static bool Near(ulong a, ulong b) => (a > b ? a - b : b - a) * 1000 <= Math.Max(a, b) * (ulong)DeviceTolerancePerMille;

    private static string Show(BenchRow? r) =>
        r is null ? "missing" : string.Create(CultureInfo.InvariantCulture, $"total={r.Total} el0={r.El0?.ToString(CultureInfo.InvariantCulture) ?? "-"}");

    /// <summary>
    /// out/bench.json: settings, rows (with layer), missing rows, goals, sizes, how many runs and whether they agreed.
    /// Numbers are instructions per operation; ratios are numbers with three decimals; "-" figures are null.
    /// </summary>
    public string ToJson(BenchContext context, BenchSizes? sizes, int runs, bool? identical)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("kernel", context.KernelPath);
            w.WriteStartArray("qemu");
            foreach (string arg in context.QemuArgs)
            {
                w.WriteStringValue(arg);
            }

            w.WriteEndArray();
            w.WriteString("unit", "instructions per operation");
            w.WriteStartObject("settings");
            foreach (KeyValuePair<string, ulong> kv in Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(kv.Key, kv.Value);
            }

            w.WriteEndObject();
            w.WriteNumber("runs", runs);
            if (identical is bool same)
            {
                w.WriteBoolean("identical", same);
            }
            else
            {
                w.WriteNull("identical");
            }

            w.WriteStartArray("rows");
            foreach (BenchRow row in _rows)
            {
                w.WriteStartObject();
                w.WriteString("name", row.Name);
                w.WriteString("layer", row.Layer);
                w.WriteNumber("total", row.Total);
                WriteOptional(w, "el0", row.El0);
                WriteOptional(w, "floor", row.Floor);
                if (row.RatioMilli is ulong milli)
                {
                    w.WriteNumber("ratio", decimal.Divide(milli, 1000m));
                }
                else
                {
                    w.WriteNull("ratio");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteCosts(w);
            WriteSpawnParts(w);
            w.WriteStartArray("missing");
            foreach (MissingRow missing in Missing)
            {
                w.WriteStartObject();
                w.WriteString("name", missing.Name);
                w.WriteString("reason", missing.Reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("goals");
            foreach (BenchGoal goal in Goals(sizes))
            {
                w.WriteStartObject();
                w.WriteString("name", goal.Name);
                w.WriteString("limit", goal.Limit);
                w.WriteString("value", goal.Value);
                if (goal.Met is bool met)
                {
                    w.WriteBoolean("met", met);
                }
                else
                {
                    w.WriteNull("met");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (sizes is not null)
            {
                sizes.WriteJson(w);
            }

            w.WriteStartArray("errors");
            foreach (string error in _errors)
            {
                w.WriteStringValue(error);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, ulong? value)
    {
        if (value is ulong v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static bool TryOptional(string text, out ulong? value)
    {
        value = null;
        if (text == "-")
        {
            return true;
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v))
        {
            return false;
        }

        value = v;
        return true;
    }

    private static Dictionary<string, string> ParseFields(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields[part[..eq]] = part[(eq + 1)..];
            }
        }

        return fields;
    }

    [GeneratedRegex(@"^SMOS-BENCH (?<name>[a-z0-9][a-z0-9_.-]*) total=(?<total>[0-9]{1,20}) el0=(?<el0>[0-9]{1,20}|-) floor=(?<floor>[0-9]{1,20}|-) ratio=(?<ratio>[0-9]+\.[0-9]+|-)$")]
    private static partial Regex RowRegex();

    [GeneratedRegex(@"^[a-z0-9_-]{1,32}\[[0-9]{1,20}\]: (?=SMOS-(BENCH|COST))")]
    private static partial Regex AppPrefixRegex();

    [GeneratedRegex(@"\x1b\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiRegex();
}

/// <summary>What a run used, for the JSON file.</summary>
internal sealed record BenchContext(string KernelPath, IReadOnlyList<string> QemuArgs);
