// Time for apps: the physical counter read directly (no request), and sleeps and timers through the timer server.
using System;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// The clock: <see cref="Ticks"/> is the ARM generic timer's physical counter (CNTPCT_EL0, monotonic, 62.5 MHz on QEMU
/// virt), read by the app itself without a request (the kernel exports it: docs/kernel.md). Sleeps and timers go to the
/// timer server (services/timer, started by the init list with its interrupt), whose connection libsmos opens on first
/// use; without a timer server they answer <see cref="TimerError.NoTimerServer"/>. Each connection may have
/// <see cref="TimerAbi.MaxPendingPerClient"/> timers pending; past that the server answers
/// <see cref="TimerError.QuotaTimers"/>. <see cref="TimerAbi.Describe"/> says any error in words.
/// </summary>
/// <example><code>
/// TimeSpan t0 = Clock.Now;
/// Clock.Sleep(TimeSpan.FromMilliseconds(250));
/// Console.WriteLine($"slept {(Clock.Now - t0).TotalMilliseconds} ms");
/// ulong start = Clock.Ticks;
/// TimerError e = Clock.Sleep(250);                              // blocks 250 ms of counter time
/// if (e != TimerError.Ok) { Console.WriteLine(TimerAbi.Describe(e)); }
/// Console.WriteLine($"slept {Clock.TicksToMilliseconds(Clock.Ticks - start)} ms");
/// </code></example>
public static class Clock
{
    /// <summary>The physical counter now: ticks since the machine started (CNTPCT_EL0).</summary>
    public static ulong Ticks => GenericTimer.Counter;

    /// <summary>The counter's frequency in Hz (CNTFRQ_EL0).</summary>
    public static ulong Frequency => GenericTimer.Frequency;

    /// <summary>The time since the counter started (boot), from <see cref="Ticks"/>.</summary>
    public static TimeSpan Now => ToTimeSpan(Ticks);

    /// <summary>The time since the counter read <paramref name="fromTicks"/> (an earlier <see cref="Ticks"/>).</summary>
    public static TimeSpan Elapsed(ulong fromTicks) => ToTimeSpan(Ticks - fromTicks);

    /// <summary><paramref name="ticks"/> of the counter as a <see cref="TimeSpan"/> (rounded down to 100 ns).</summary>
    public static TimeSpan ToTimeSpan(ulong ticks) => new((long)Scale(ticks, (ulong)TimeSpan.TicksPerSecond, Frequency));

    /// <summary>Counter ticks in <paramref name="duration"/> (rounded up; a negative one is 0; past 2^64 ticks ulong.MaxValue).</summary>
    public static ulong ToTicks(TimeSpan duration)
    {
        if (duration.Ticks <= 0)
        {
            return 0;
        }

        ulong t = (ulong)duration.Ticks;
        ulong f = Frequency;
        return f != 0 && t / (ulong)TimeSpan.TicksPerSecond > ulong.MaxValue / f ? ulong.MaxValue : ScaleUp(t, f, (ulong)TimeSpan.TicksPerSecond);
    }

    /// <summary>Milliseconds since the machine started, from <see cref="Ticks"/>.</summary>
    public static ulong Milliseconds => TicksToMilliseconds(Ticks);

    /// <summary>Microseconds since the machine started, from <see cref="Ticks"/>.</summary>
    public static ulong Microseconds => TicksToMicroseconds(Ticks);

    /// <summary><paramref name="ticks"/> of the counter in whole milliseconds (rounded down).</summary>
    public static ulong TicksToMilliseconds(ulong ticks) => Scale(ticks, 1000, Frequency);

    /// <summary><paramref name="ticks"/> of the counter in whole microseconds (rounded down).</summary>
    public static ulong TicksToMicroseconds(ulong ticks) => Scale(ticks, 1_000_000, Frequency);

    /// <summary>Counter ticks in <paramref name="milliseconds"/> (rounded up, so a sleep is never shorter).</summary>
    public static ulong MillisecondsToTicks(ulong milliseconds) => ScaleUp(milliseconds, Frequency, 1000);

    /// <summary>Counter ticks in <paramref name="microseconds"/> (rounded up).</summary>
    public static ulong MicrosecondsToTicks(ulong microseconds) => ScaleUp(microseconds, Frequency, 1_000_000);

    /// <summary>
    /// Blocks for at least <paramref name="milliseconds"/> of counter time (0: returns at once; negative:
    /// <see cref="TimerError.BadArgument"/>). Other processes run meanwhile; the timer server answers at the deadline.
    /// </summary>
    public static TimerError Sleep(int milliseconds)
    {
        if (milliseconds < 0)
        {
            return TimerError.BadArgument;
        }

        return milliseconds == 0 ? TimerError.Ok : SleepTicks(MillisecondsToTicks((ulong)milliseconds), out _);
    }

    /// <summary>
    /// Blocks for at least <paramref name="duration"/> of counter time (<see cref="TimeSpan.Zero"/>: returns at once;
    /// negative or past <see cref="TimerAbi.MaxTicks"/> ticks: <see cref="TimerError.BadArgument"/>).
    /// </summary>
    public static TimerError Sleep(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            return TimerError.BadArgument;
        }

        ulong ticks = ToTicks(duration);
        return ticks == 0 ? TimerError.Ok : ticks > TimerAbi.MaxTicks ? TimerError.BadArgument : SleepTicks(ticks, out _);
    }

    /// <summary>Blocks for at least <paramref name="ticks"/> counter ticks; <paramref name="wokeAt"/> is the counter when the server answered.</summary>
    public static TimerError SleepTicks(ulong ticks, out ulong wokeAt) => Request(TimerRequest.Sleep, ticks, 0, 1, out wokeAt, out _);

    /// <summary>Blocks until the counter has reached <paramref name="deadline"/> (a past one returns at once).</summary>
    public static TimerError SleepUntil(ulong deadline, out ulong wokeAt) => Request(TimerRequest.SleepUntil, deadline, 0, 1, out wokeAt, out _);

    /// <summary>
    /// Arms a timer that expires <paramref name="firstTicks"/> from now, then every <paramref name="periodTicks"/> (0:
    /// once, else at least the frequency / 10,000). Each expiry rings this process's doorbell bit
    /// (<see cref="ConnectionAbi.DoorbellBadge"/> in <see cref="Notifications.Wait()"/>'s word); <see cref="Fired"/> counts them.
    /// </summary>
    public static TimerError Arm(ulong firstTicks, ulong periodTicks, out ulong id) =>
        Request(TimerRequest.Arm, firstTicks, periodTicks, 2, out id, out _);

    /// <summary>Expiries of this process's armed timers since the last call, and how many of its timers are pending.</summary>
    /// <remarks>The timers of <see cref="Notifications.Wait(TimeSpan, out ulong)"/> that fired are not counted here.</remarks>
    public static TimerError Fired(out ulong expiries, out ulong pending)
    {
        TimerError e = Request(TimerRequest.Fired, 0, 0, 0, out expiries, out pending);
        ulong owed = AppState.TimedWaitExpiries < expiries ? AppState.TimedWaitExpiries : expiries;
        expiries -= owed;
        AppState.TimedWaitExpiries -= owed;
        return e;
    }

    /// <summary>Stops timer <paramref name="id"/> (from <see cref="Arm"/>).</summary>
    public static TimerError Cancel(ulong id) => Request(TimerRequest.Cancel, id, 0, 1, out _, out _);

    /// <summary>A round trip to the timer server: its counter reading and how many timers it holds for everyone.</summary>
    public static TimerError ServerNow(out ulong ticks, out ulong pending) => Request(TimerRequest.Now, 0, 0, 0, out ticks, out pending, third: true);

    // One request on the register path: MR0-1 out, MR0 (MR1, or MR2 for Now) back. A server that is gone (ServerGone,
    // or the kernel's error, 1-10, on the connection's capability) is NoTimerServer, and the next request opens it again.
    private static TimerError Request(TimerRequest label, ulong a, ulong b, int length, out ulong r0, out ulong r1, bool third = false)
    {
        r0 = 0;
        r1 = 0;
        if (AppState.TimerEndpoint == 0)
        {
            if (Connections.OpenWhenPublished(TimerAbi.Name, out Connection c, attempts: 100) != RootError.Ok)
            {
                return TimerError.NoTimerServer;
            }

            AppState.TimerEndpoint = c.Endpoint.Cptr;
        }

        var m = new FastMessage(a, b, 0, 0);
        MessageInfo reply = new Endpoint(AppState.TimerEndpoint).Call(new MessageInfo((ulong)label, 0, 0, length), ref m);
        if (reply.Label > (ulong)TimerError.NoTimerServer || (reply.Label != 0 && reply.Label < (ulong)TimerError.UnknownRequest))
        {
            AppState.TimerEndpoint = 0;
            return TimerError.NoTimerServer;
        }

        r0 = m.Mr0;
        r1 = third ? m.Mr2 : m.Mr1;
        return (TimerError)reply.Label;
    }

    // value * mul / div without overflow for value below 2^64 / mul's worth of whole units.
    private static ulong Scale(ulong value, ulong mul, ulong div) => div == 0 ? 0 : ((value / div) * mul) + ((value % div) * mul / div);

    private static ulong ScaleUp(ulong value, ulong mul, ulong div) => div == 0 ? 0 : ((value / div) * mul) + ((((value % div) * mul) + div - 1) / div);
}
