// The time demo: the counter, TimeSpan, timed waits, a 1 s sleep, sleepers woken in deadline order, a flooding client held to its quota.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps.Time;

/// <summary>
/// <c>time check</c> (the deciding app of apps/demos/time) checks libsmos's Clock and the timer server on seL4:
/// the counter is monotonic; <c>Clock.Sleep(1000)</c> takes at least 1 s of counter ticks; four <c>time sleeper</c>
/// children started latest-deadline first wake in deadline order, none before its deadline; while <c>time flood</c>
/// holds its 16 timers and is refused the 17th, this process is still served. <c>time flood</c> also runs a periodic
/// timer through its doorbell. Exit code 0 when every check held; each failure prints one line.
/// </summary>
public static class TimeDemo
{
    private const int Sleepers = 4;

    public static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "check";
        return mode switch
        {
            "check" => Check(),
            "sleeper" when args.Length > 2 && ulong.TryParse(args[1], out ulong d) && ulong.TryParse(args[2], out ulong b) => Sleeper(d, b),
            "flood" => Flood(),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.WriteLine("usage: time check | time sleeper DEADLINE BASE | time flood");
        return 2;
    }

    private static int Check()
    {
        int failures = 0;
        ulong f = Clock.Frequency;
        ulong a = Clock.Ticks;
        ulong b = Clock.Ticks;
        failures += Expect(f > 0 && b >= a, $"counter: frequency {f} Hz, {a} then {b}");

        // The first request (libsmos opens "timer" for it): the server's reading lies between two of ours.
        ulong before = Clock.Ticks;
        TimerError e = Clock.ServerNow(out ulong server, out ulong pending);
        ulong after = Clock.Ticks;
        failures += Expect(e == TimerError.Ok && before <= server && server <= after, $"server now: {TimerAbi.Describe(e)}, {before} <= {server} <= {after}");
        Console.WriteLine($"time: first request (it opens the connection) took {after - before} ticks, {pending} timers pending in the server");

        // sleep 1 s: at least 1 s of counter time.
        ulong t0 = Clock.Ticks;
        e = Clock.Sleep(1000);
        ulong t1 = Clock.Ticks;
        failures += Expect(e == TimerError.Ok && t1 - t0 >= f, $"sleep 1000 ms: {TimerAbi.Describe(e)} after {t1 - t0} ticks (frequency {f})");
        Console.WriteLine($"time: sleep 1000 ms took {t1 - t0} ticks = {Clock.TicksToMicroseconds(t1 - t0)} us of counter time");

        // Bad arguments, each with its error and nothing pending after.
        failures += Expect(Clock.Sleep(-1) == TimerError.BadArgument, "sleep -1 ms is a bad argument");
        failures += Expect(Clock.SleepTicks(0, out _) == TimerError.BadArgument, "sleep 0 ticks is a bad argument");
        failures += Expect(Clock.Arm(1000, 1, out _) == TimerError.BadArgument, "a period of 1 tick is a bad argument");
        failures += Expect(Clock.Cancel(999_999) == TimerError.NoSuchTimer, "cancel of a timer never armed");

        failures += TimeSpans();
        failures += TimedWaits(f);
        failures += Sleepers_(f);
        failures += FloodWhileServed(f);
        return failures == 0 ? 0 : 1;
    }

    // TimeSpan on the target: arithmetic, components and the "c" format, as .NET gives them.
    private static int TimeSpans()
    {
        int failures = 0;
        TimeSpan a = TimeSpan.FromMilliseconds(1500) + TimeSpan.FromMinutes(2) - TimeSpan.FromTicks(1);
        failures += Expect(a.Ticks == 1_214_999_999 && a.ToString() == "00:02:01.4999999", $"TimeSpan sum: {a.Ticks} ticks, {a}");
        TimeSpan d = new(1, 2, 3, 4, 5);
        failures += Expect(d.Days == 1 && d.Hours == 2 && d.Minutes == 3 && d.Seconds == 4 && d.Milliseconds == 5 && d.ToString() == "1.02:03:04.0050000",
            $"TimeSpan components: {d}");
        failures += Expect((-d).ToString() == "-1.02:03:04.0050000" && (-d).Duration() == d && -d < TimeSpan.Zero, $"TimeSpan negated: {-d}");
        failures += Expect(TimeSpan.FromSeconds(90).TotalMinutes == 1.5 && TimeSpan.MinValue.ToString() == "-10675199.02:48:05.4775808",
            $"TimeSpan totals: {TimeSpan.FromSeconds(90).TotalMinutes} min, {TimeSpan.MinValue}");
        bool overflow = false;
        try
        {
            _ = TimeSpan.MaxValue + TimeSpan.FromTicks(1);
        }
        catch (OverflowException)
        {
            overflow = true;
        }

        failures += Expect(overflow, "TimeSpan.MaxValue + 1 tick throws OverflowException");
        Console.WriteLine($"time: TimeSpan {a} and {d} as expected; MaxValue + 1 tick overflowed: {overflow}");
        return failures;
    }

    // Notifications.Wait with a timeout: 50 ms with nothing signalled times out after >= 50 ms; a doorbell ends a 10 s
    // wait at once and its timer is cancelled; Clock.Now and Clock.Sleep(TimeSpan) agree with the counter.
    private static int TimedWaits(ulong f)
    {
        int failures = 0;
        Notifications.Poll();
        TimeSpan n0 = Clock.Now;
        ulong t0 = Clock.Ticks;
        TimerError e = Clock.Sleep(TimeSpan.FromMilliseconds(100));
        TimeSpan slept = Clock.Now - n0;
        failures += Expect(e == TimerError.Ok && Clock.Ticks - t0 >= Clock.MillisecondsToTicks(100) && slept >= TimeSpan.FromMilliseconds(100),
            $"Clock.Sleep(100 ms): {TimerAbi.Describe(e)}, Clock.Now moved {slept}");

        t0 = Clock.Ticks;
        bool signalled = Notifications.Wait(TimeSpan.FromMilliseconds(50), out ulong bits);
        ulong took = Clock.Ticks - t0;
        Clock.Fired(out ulong fired, out ulong pending);
        failures += Expect(!signalled && bits == 0 && took >= Clock.MillisecondsToTicks(50) && fired == 0 && pending == 0,
            $"wait 50 ms, nothing signalled: signalled {signalled}, bits {bits}, {took} ticks, fired {fired}, pending {pending}");
        Console.WriteLine($"time: a 50 ms wait with nothing signalled timed out after {Clock.ToTimeSpan(took)}");

        // The timer's ring was taken by the wait: a poll now finds nothing.
        ulong late = Notifications.Poll();
        failures += Expect(late == 0, $"no late timer ring after the timeout: {late}");

        if (!Notifications.Mint(ConnectionAbi.DoorbellBadge, out Notification self))
        {
            return failures + Expect(false, "mint a doorbell to ourselves");
        }

        self.Signal();
        t0 = Clock.Ticks;
        signalled = Notifications.Wait(TimeSpan.FromSeconds(10), out bits);
        took = Clock.Ticks - t0;
        Clock.Fired(out fired, out pending);
        failures += Expect(signalled && (bits & ConnectionAbi.DoorbellBadge) != 0 && took < f && fired == 0 && pending == 0,
            $"wait 10 s with a doorbell: signalled {signalled}, bits {bits}, {took} ticks, fired {fired}, pending {pending}");
        Console.WriteLine($"time: a 10 s wait ended by a doorbell after {Clock.ToTimeSpan(took)}, its timer cancelled ({pending} pending)");
        CapSpace.Delete(self.Cptr);

        signalled = Notifications.Wait(TimeSpan.Zero, out bits);
        failures += Expect(!signalled && bits == 0, $"a zero timeout polls: {signalled}, {bits}");
        return failures;
    }

    // Four children sleep until deadlines 60 ms apart, started latest first: the server answers them in deadline order.
    private static int Sleepers_(ulong f)
    {
        ulong step = Clock.MillisecondsToTicks(60);
        ulong baseTicks = Clock.Ticks;
        ulong first = baseTicks + Clock.MillisecondsToTicks(300);
        var pids = new ulong[Sleepers];
        var deadlines = new ulong[Sleepers];
        for (int k = 0; k < Sleepers; k++)
        {
            deadlines[k] = first + ((ulong)(Sleepers - 1 - k) * step);
            RootError s = Process.Spawn("time", ["sleeper", deadlines[k].ToString(), baseTicks.ToString()], out pids[k]);
            if (s != RootError.Ok)
            {
                Console.WriteLine($"time: FAIL spawn sleeper: {Process.Describe(s)}");
                return 1;
            }
        }

        int failures = 0;
        var woke = new ulong[Sleepers];
        for (int k = 0; k < Sleepers; k++)
        {
            RootError w = Process.Wait(pids[k], out long code);
            woke[k] = code >= 0 ? baseTicks + (ulong)code : 0;
            failures += Expect(w == RootError.Ok && code >= 0 && woke[k] >= deadlines[k],
                $"sleeper {k}: deadline {deadlines[k] - baseTicks}, woken at {(code >= 0 ? (ulong)code : 0)} (exit {code})");
        }

        // Deadlines fall with k: so must the wake times.
        for (int k = 1; k < Sleepers; k++)
        {
            failures += Expect(woke[k] < woke[k - 1], $"sleeper {k} (deadline {deadlines[k] - baseTicks}) woke before sleeper {k - 1} (deadline {deadlines[k - 1] - baseTicks})");
        }

        Console.WriteLine($"time: {Sleepers} sleepers woke in deadline order, each late by {Late(woke, deadlines, 3)}, {Late(woke, deadlines, 2)}, {Late(woke, deadlines, 1)}, {Late(woke, deadlines, 0)} ticks");
        return failures;
    }

    private static ulong Late(ulong[] woke, ulong[] deadlines, int k) => woke[k] >= deadlines[k] ? woke[k] - deadlines[k] : 0;

    private static int Sleeper(ulong deadline, ulong baseTicks)
    {
        TimerError e = Clock.SleepUntil(deadline, out ulong wokeAt);
        ulong now = Clock.Ticks;
        if (e != TimerError.Ok || now < deadline || wokeAt < deadline)
        {
            Console.WriteLine($"time sleeper: FAIL {TimerAbi.Describe(e)}: deadline {deadline}, server woke us at {wokeAt}, now {now}");
            return -2;
        }

        return (long)(wokeAt - baseTicks) > int.MaxValue ? -3 : (int)(wokeAt - baseTicks);
    }

    // A flooding client holds its 16 timers and is refused more; this process is served meanwhile.
    private static int FloodWhileServed(ulong f)
    {
        if (Process.Spawn("time", ["flood"], out ulong flood) != RootError.Ok)
        {
            Console.WriteLine("time: FAIL spawn flood");
            return 1;
        }

        int failures = 0;
        ulong pending = 0;
        ulong give = Clock.Ticks + (3 * f);
        while (pending < TimerAbi.MaxPendingPerClient && Clock.Ticks < give)
        {
            Scheduler.Yield();
            Clock.ServerNow(out _, out pending);
        }

        failures += Expect(pending >= TimerAbi.MaxPendingPerClient, $"the flood's timers are pending: {pending}");
        ulong t0 = Clock.Ticks;
        TimerError e = Clock.Sleep(100);
        ulong t1 = Clock.Ticks;
        failures += Expect(e == TimerError.Ok && t1 - t0 >= Clock.MillisecondsToTicks(100), $"served beside the flood: {TimerAbi.Describe(e)} after {t1 - t0} ticks");
        Console.WriteLine($"time: served beside a flood holding {pending} timers: sleep 100 ms took {Clock.TicksToMicroseconds(t1 - t0)} us");

        RootError w = Process.Wait(flood, out long code);
        failures += Expect(w == RootError.Ok && code == 0, $"the flood client exited with {code}");

        // Its timers went with it: nothing pending in the server (its Closed event may come a moment later).
        for (int i = 0; i < 100 && Clock.ServerNow(out _, out pending) == TimerError.Ok && pending != 0; i++)
        {
            Scheduler.Yield();
        }

        failures += Expect(pending == 0, $"timers pending after the flood ended: {pending}");
        return failures;
    }

    private static int Flood()
    {
        int failures = 0;
        ulong f = Clock.Frequency;
        var ids = new ulong[TimerAbi.MaxPendingPerClient];
        for (int i = 0; i < ids.Length; i++)
        {
            TimerError e = Clock.Arm(10 * f, 0, out ids[i]);
            failures += Expect(e == TimerError.Ok, $"flood: timer {i}: {TimerAbi.Describe(e)}");
        }

        TimerError more = Clock.Arm(10 * f, 0, out _);
        TimerError sleep = Clock.SleepTicks(f / 1000, out _);
        failures += Expect(more == TimerError.QuotaTimers, $"flood: timer 17: {TimerAbi.Describe(more)}");
        failures += Expect(sleep == TimerError.QuotaTimers, $"flood: a sleep with 16 pending: {TimerAbi.Describe(sleep)}");
        Console.WriteLine($"time flood: 16 timers armed, the 17th refused: {TimerAbi.Describe(more)}");

        // Hold them for 400 ms of counter time (the checker is served meanwhile), then make room for a periodic timer.
        ulong until = Clock.Ticks + Clock.MillisecondsToTicks(400);
        while (Clock.Ticks < until)
        {
            Scheduler.Yield();
        }

        failures += Expect(Clock.Cancel(ids[0]) == TimerError.Ok, "flood: cancel a timer");
        failures += Expect(Clock.Cancel(ids[0]) == TimerError.NoSuchTimer, "flood: cancel it twice");
        ulong period = Clock.MillisecondsToTicks(20);
        ulong start = Clock.Ticks;
        TimerError armed = Clock.Arm(period, period, out ids[0]);
        failures += Expect(armed == TimerError.Ok, $"flood: a periodic timer: {TimerAbi.Describe(armed)}");
        ulong expiries = 0;
        while (armed == TimerError.Ok && expiries < 5)
        {
            ulong bits = Notifications.Wait();
            if ((bits & ConnectionAbi.DoorbellBadge) != 0 && Clock.Fired(out ulong n, out _) == TimerError.Ok)
            {
                expiries += n;
            }
        }

        ulong took = Clock.Ticks - start;
        failures += Expect(took >= 5 * period, $"flood: 5 expiries of a 20 ms timer after {took} ticks");
        Console.WriteLine($"time flood: periodic 20 ms timer: {expiries} expiries in {Clock.TicksToMicroseconds(took)} us");
        foreach (ulong id in ids)
        {
            failures += Expect(Clock.Cancel(id) == TimerError.Ok, $"flood: cancel timer {id}");
        }

        failures += Expect(Clock.Fired(out _, out ulong left) == TimerError.Ok && left == 0, "flood: nothing pending after cancelling");
        return failures == 0 ? 0 : 1;
    }

    private static int Expect(bool ok, string what)
    {
        if (!ok)
        {
            Console.WriteLine($"time: FAIL {what}");
        }

        return ok ? 0 : 1;
    }
}
