// The timer server's requests decoded and validated into plain values before anything is done with them.
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.TimerServer;

/// <summary>One request as the server acts on it: what it asks and its two words, checked.</summary>
internal readonly struct TimerArgs
{
    public readonly TimerRequest Kind;

    /// <summary>Sleep: the absolute deadline (now + ticks); SleepUntil: the deadline; Arm: the first deadline; Cancel: the id.</summary>
    public readonly ulong Value;

    /// <summary>Arm: the period in ticks (0: once).</summary>
    public readonly ulong Period;

    private TimerArgs(TimerRequest kind, ulong value, ulong period)
    {
        Kind = kind;
        Value = value;
        Period = period;
    }

    /// <summary>
    /// Decodes <paramref name="info"/> and <paramref name="m"/> with the counter at <paramref name="now"/> and its
    /// frequency <paramref name="frequency"/>: the label must be a <see cref="TimerRequest"/>, the length exactly its
    /// words, no capability; times 1 .. <see cref="TimerAbi.MaxTicks"/>, a period 0 or at least frequency / 10,000.
    /// </summary>
    public static TimerError Decode(MessageInfo info, in FastMessage m, ulong now, ulong frequency, out TimerArgs args)
    {
        args = default;
        int words;
        switch ((TimerRequest)info.Label)
        {
            case TimerRequest.Now:
            case TimerRequest.Fired:
                words = 0;
                break;
            case TimerRequest.Sleep:
            case TimerRequest.SleepUntil:
            case TimerRequest.Cancel:
                words = 1;
                break;
            case TimerRequest.Arm:
                words = 2;
                break;
            default:
                return TimerError.UnknownRequest;
        }

        if (info.Length != words || info.ExtraCaps != 0)
        {
            return TimerError.BadLength;
        }

        var kind = (TimerRequest)info.Label;
        switch (kind)
        {
            case TimerRequest.Sleep:
            case TimerRequest.Arm:
                if (m.Mr0 == 0 || m.Mr0 > TimerAbi.MaxTicks)
                {
                    return TimerError.BadArgument;
                }

                ulong period = kind == TimerRequest.Arm ? m.Mr1 : 0;
                if (period != 0 && (period < frequency / TimerAbi.MinPeriodDivisor || period > TimerAbi.MaxTicks))
                {
                    return TimerError.BadArgument;
                }

                args = new TimerArgs(kind, now + m.Mr0, period);
                return TimerError.Ok;
            case TimerRequest.SleepUntil:
                if (m.Mr0 > now + TimerAbi.MaxTicks)
                {
                    return TimerError.BadArgument;
                }

                args = new TimerArgs(kind, m.Mr0, 0);
                return TimerError.Ok;
            default:
                args = new TimerArgs(kind, m.Mr0, 0);
                return TimerError.Ok;
        }
    }
}
