// Issue 15's flat-cost rows: spawn-exit, conn-open and topic-publish-1 with the minimum population, then again with the
// scale population (apps/scale hold) present; each *-scale row's floor is its *-min row, so its ratio is large/small.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

public static partial class Bench
{
    /// <summary>Spawn/exit rounds of each flat row (the rows average over them; icount makes them repeatable).</summary>
    private const ulong FlatSpawnIterations = 200;

    /// <summary>The last of the 1,000 names the scale population publishes (apps/scale: sc.p{n / 4}.{n % 4}).</summary>
    private static ReadOnlySpan<byte> ScaleLastName => "sc.p249.3"u8;

    private struct FlatFigures
    {
        public ulong SpawnExit;
        public ulong ConnOpen;
        public ulong Publish1;
    }

    // Both sets: the minimum population (bench, its peers), then the scale population held by apps/scale.
    private static bool FlatRows()
    {
        if (!FlatSet(null, out FlatFigures min))
        {
            return false;
        }

        // Both topics are bench's (a topic counts against its creator's publications quota, and apps/scale's is exact).
        if (Topics.Subscribe("scale-ready"u8, out _) != RootError.Ok || Topics.Publish("scale-go"u8, 0, out _) != RootError.Ok)
        {
            return Fail("could not create the topics \"scale-ready\" and \"scale-go\"") == 0;
        }

        RootError e = Process.Spawn("scale", ["hold"], ProcessQuota.ScalePopulation, out ulong scale);
        if (e != RootError.Ok)
        {
            return Fail($"could not start apps/scale hold: {Process.Describe(e)}") == 0;
        }

        // apps/scale publishes "scale-ready" = 1 when it holds everything (2: it failed, and says why above).
        ulong ready = 0;
        while (ready == 0)
        {
            Notifications.Wait();
            _ = Topics.Read("scale-ready"u8, out ready);
        }

        bool measured = ready == 1 && FlatSet(min, out _);
        if (ready != 1)
        {
            _ = Fail("apps/scale hold did not build its population (its SMOS-SCALE line says why)");
        }

        // "scale-go": it tears the population down, checks its counts and exits 0.
        if (Topics.Publish("scale-go"u8, 1, out _) != RootError.Ok || Process.Wait(scale, out long code) != RootError.Ok || code != 0)
        {
            return Fail("apps/scale hold did not tear its population down and exit 0") == 0;
        }

        return measured && Topics.Unsubscribe("scale-ready"u8) == RootError.Ok;
    }

    // One set of flat rows; floors null: the minimum-population set (printed *-min, its figures returned), else the
    // scale set (printed *-scale against those floors), with the ConnOpen of one of the 1,000 names the population published.
    private static bool FlatSet(FlatFigures? floors, out FlatFigures figures)
    {
        figures = default;
        string suffix = floors is null ? "-min" : "-scale";
        FlatFigures f = floors ?? default;
        if (Process.Spawn("bench-peer"u8, "server\0"u8, out ulong server) != RootError.Ok ||
            Connections.OpenWhenPublished("bench"u8, out Connection c) != RootError.Ok || Connections.Close(c) != RootError.Ok)
        {
            return Fail("flat rows: could not start bench-peer server") == 0;
        }

        figures.ConnOpen = Row("flat-conn-open" + suffix, Kind.Open, f.ConnOpen);
        if (floors is not null)
        {
            _ = Row("flat-conn-open-among-1000-scale", Kind.OpenAmong1000, f.ConnOpen);
        }

        if (s_wrong != 0 || Process.Kill(server) != RootError.Ok || Process.Wait(server, out _) != RootError.Ok)
        {
            return Fail("flat rows: a ConnOpen failed, or bench-peer server did not end") == 0;
        }

        if (Process.Spawn("bench-peer"u8, "sub\0bench-t1\0"u8, out ulong subscriber) != RootError.Ok)
        {
            return Fail("flat rows: could not start a bench-peer subscriber") == 0;
        }

        ulong one = 0;
        for (int attempt = 0; attempt < 1000 && one != 1; attempt++)
        {
            Scheduler.Yield();
            _ = Topics.Publish("bench-t1"u8, 0, out one);
        }

        if (one != 1)
        {
            return Fail("flat rows: the subscriber did not subscribe") == 0;
        }

        figures.Publish1 = Row("flat-topic-publish-1" + suffix, Kind.Publish1, f.Publish1);
        if (Process.Kill(subscriber) != RootError.Ok || Process.Wait(subscriber, out _) != RootError.Ok)
        {
            return Fail("flat rows: could not end the subscriber") == 0;
        }

        if (!SpawnExit(FlatSpawnIterations, out _, out figures.SpawnExit, out ulong el0))
        {
            return false;
        }

        Print("flat-spawn-exit" + suffix, figures.SpawnExit, el0, f.SpawnExit);
        return true;
    }
}
