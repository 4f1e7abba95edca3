// bench: the timer server's rows (issue 16): a request's round trip, and `sleep 1 ms` requested against observed ticks.
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

public static partial class Bench
{
    private const int SleepRounds = 20;

    // timer-now-roundtrip: Clock.ServerNow (a Now request through libsmos to services/timer and back), instructions per
    // call as every libsmos row. timer-sleep-1ms-ticks: Clock.Sleep(1) SleepRounds times; total = the counter ticks the
    // slowest took, floor = the ticks asked for (ratio: how much later than asked it returned), el0 = the fastest.
    // Ticks, not instructions: under -icount shift=0 one tick of the 62.5 MHz counter is 16 instructions' time.
    private static bool TimerRows()
    {
        if (Clock.ServerNow(out _, out _) != TimerError.Ok)
        {
            return Fail("no timer server: the bench image's init list starts services/timer (&irq:30 timer)") == 0;
        }

        Row("timer-now-roundtrip", Kind.TimerNow, 0);
        if (s_wrong != 0)
        {
            return Fail("a timer server request failed") == 0;
        }

        ulong asked = Clock.MillisecondsToTicks(1);
        ulong slowest = 0;
        ulong fastest = ulong.MaxValue;
        for (int i = 0; i < SleepRounds; i++)
        {
            ulong t0 = Clock.Ticks;
            if (Clock.Sleep(1) != TimerError.Ok)
            {
                return Fail("Clock.Sleep(1) failed") == 0;
            }

            ulong took = Clock.Ticks - t0;
            if (took < asked)
            {
                return Fail($"Clock.Sleep(1) returned after {took} ticks, before the {asked} asked for") == 0;
            }

            slowest = took > slowest ? took : slowest;
            fastest = took < fastest ? took : fastest;
        }

        Print("timer-sleep-1ms-ticks", slowest, fastest, asked);
        return true;
    }
}
