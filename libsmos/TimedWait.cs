// A wait on this process's notification with a timeout: a one-shot timer of the timer server rings the doorbell bit at the deadline.
using System;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

public static partial class Notifications
{
    /// <summary>
    /// Blocks until some bit of this process's notification is signalled or <paramref name="timeout"/> of counter time
    /// has passed; true when signalled before the timeout (<paramref name="bits"/>: what was signalled, cleared), false on
    /// the timeout. <see cref="TimeSpan.Zero"/> polls; a negative timeout waits without limit (as .NET's
    /// <c>Timeout.InfiniteTimeSpan</c>). It arms a one-shot timer (<see cref="Clock.Arm"/>) that rings this process's
    /// doorbell bit at the deadline and cancels it when something else came first. A timer that fired anyway never
    /// reaches a later wait: its ring is taken here, and its expiry is not counted by <see cref="Clock.Fired"/>.
    /// A doorbell rung in the same instant as the timer fires may be reported as the timeout, so check the state a
    /// doorbell guards after a timeout too. Without a timer server (or with its quota used up) it polls, yielding, until the deadline.
    /// </summary>
    /// <example><code>
    /// if (Notifications.Wait(TimeSpan.FromMilliseconds(50), out ulong bits)) { /* bits came within 50 ms */ }
    /// else { /* timed out */ }
    /// </code></example>
    public static bool Wait(TimeSpan timeout, out ulong bits)
    {
        if (timeout < TimeSpan.Zero)
        {
            bits = Wait();
            return true;
        }

        ulong ticks = Clock.ToTicks(timeout);
        ulong start = Clock.Ticks;
        ulong deadline = ulong.MaxValue - start < ticks ? ulong.MaxValue : start + ticks;
        while (true)
        {
            ulong now = Clock.Ticks;
            if (now >= deadline)
            {
                bits = Poll();
                return bits != 0;
            }

            ulong left = deadline - now;
            if (Clock.Arm(left < TimerAbi.MaxTicks ? left : TimerAbi.MaxTicks, 0, out ulong id) != TimerError.Ok)
            {
                return PollUntil(deadline, out bits);
            }

            bits = Wait();
            if (Clock.Cancel(id) == TimerError.Ok)
            {
                return true; // something else came first; the timer never rang
            }

            // The timer fired (the server rang the doorbell before it answered the cancel): its ring is in bits or pending.
            AppState.TimedWaitExpiries++;
            if ((bits & ConnectionAbi.DoorbellBadge) == 0)
            {
                bits |= Poll(); // take the timer's ring now; a real doorbell that came with it stays reported
                return true;
            }

            bits &= ~ConnectionAbi.DoorbellBadge;
            if (bits != 0)
            {
                return true;
            }

            // Timed out, unless the timeout was longer than one timer can be (TimerAbi.MaxTicks): then wait on.
        }
    }

    // The fallback without a timer: poll and yield until the deadline.
    private static bool PollUntil(ulong deadline, out ulong bits)
    {
        while (true)
        {
            bits = Poll();
            if (bits != 0)
            {
                return true;
            }

            if (Clock.Ticks >= deadline)
            {
                return false;
            }

            Scheduler.Yield();
        }
    }
}
