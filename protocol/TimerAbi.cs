// The timer server's protocol (services/timer, libsmos Clock): its name, requests, errors and per-client quota.
using System;

namespace Smos.Protocol;

/// <summary>
/// The timer server (services/timer) publishes <see cref="Name"/>; a client opens it and calls with a
/// <see cref="TimerRequest"/> label, at most two words, on the register path. The reply label is a
/// <see cref="TimerError"/>. Times are ticks of the ARM generic timer's physical counter (CNTPCT_EL0, which any process
/// reads itself: libsmos <c>Clock.Ticks</c>); its frequency is CNTFRQ_EL0 (62.5 MHz on QEMU virt).
/// </summary>
public static class TimerAbi
{
    /// <summary>The name the timer server publishes.</summary>
    public static ReadOnlySpan<byte> Name => "timer"u8;

    /// <summary>
    /// Timers one connection may have pending at once (its sleep and its armed timers): one more is
    /// <see cref="TimerError.QuotaTimers"/> and changes nothing, so a client flooding the server is held to it while the
    /// others are served.
    /// </summary>
    public const int MaxPendingPerClient = 16;

    /// <summary>The longest sleep or first delay in ticks: 2^48 (about 52 days at 62.5 MHz).</summary>
    public const ulong MaxTicks = 1UL << 48;

    /// <summary>The shortest period of a periodic timer: the counter's frequency / this (100 us).</summary>
    public const ulong MinPeriodDivisor = 10_000;

    /// <summary>A sentence for <paramref name="error"/>.</summary>
    public static string Describe(TimerError error) => error switch
    {
        TimerError.Ok => "ok",
        TimerError.UnknownRequest => "unknown request: the timer server does not know this label",
        TimerError.BadLength => "bad length: the message length does not match the request's arguments",
        TimerError.BadArgument => "bad argument: a time of 0 or past 2^48 ticks, or a period shorter than 100 us",
        TimerError.QuotaTimers => "the timer quota is used up: this connection has 16 timers pending",
        TimerError.NoSlot => "the timer server has no capability slot left for the reply",
        TimerError.NoSuchTimer => "no such timer: not armed by this connection, or already cancelled or fired",
        TimerError.NoTimerServer => "no timer server: nothing publishes \"timer\" (the init list starts services/timer with irq:30)",
        _ => "unknown timer error",
    };
}

/// <summary>Requests to the timer server (the label); MR0-1 as each says.</summary>
public enum TimerRequest : ulong
{
    /// <summary>Length 0. Reply MR0 = the counter, MR1 = its frequency, MR2 = timers pending in the server.</summary>
    Now = 1,

    /// <summary>
    /// MR0 = ticks (1 .. <see cref="TimerAbi.MaxTicks"/>); length 1. The reply comes once the counter has passed
    /// now + ticks (deferred: the caller blocks), MR0 = the counter when the server woke it.
    /// </summary>
    Sleep = 2,

    /// <summary>MR0 = a counter value (a past one answers at once); length 1. Otherwise as <see cref="Sleep"/>.</summary>
    SleepUntil = 3,

    /// <summary>
    /// MR0 = first expiry in ticks from now (1 .. <see cref="TimerAbi.MaxTicks"/>), MR1 = period in ticks (0: once); length 2.
    /// Reply at once, MR0 = the timer's id. At each expiry the server rings the client's doorbell (its notification's
    /// <see cref="ConnectionAbi.DoorbellBadge"/> bit) and counts it for <see cref="Fired"/>.
    /// </summary>
    Arm = 4,

    /// <summary>Length 0. Reply MR0 = expiries since the last Fired (the count restarts), MR1 = this connection's pending timers.</summary>
    Fired = 5,

    /// <summary>MR0 = a timer id from <see cref="Arm"/>; length 1. Stops it.</summary>
    Cancel = 6,
}

/// <summary>
/// The timer server's reply labels. The errors start at 16, clear of seL4's own errors (1-10), which a call on a
/// connection whose server is gone returns: libsmos's Clock tells them apart.
/// </summary>
public enum TimerError : ulong
{
    /// <summary>Done (a sleep: the deadline has passed).</summary>
    Ok = 0,

    /// <summary>The label is no <see cref="TimerRequest"/>.</summary>
    UnknownRequest = 16,

    /// <summary>The length is not the request's words, or a capability came with it.</summary>
    BadLength = 17,

    /// <summary>A time of 0 or past <see cref="TimerAbi.MaxTicks"/>, or a period shorter than the frequency / 10,000.</summary>
    BadArgument = 18,

    /// <summary>The connection has <see cref="TimerAbi.MaxPendingPerClient"/> timers pending: nothing was added.</summary>
    QuotaTimers = 19,

    /// <summary>The server could not take a capability slot (for a sleep's reply, or the client's doorbell).</summary>
    NoSlot = 20,

    /// <summary>Cancel of an id this connection has not armed, or one already fired or cancelled.</summary>
    NoSuchTimer = 21,

    /// <summary>Not from the server: libsmos's Clock could not open "timer", or the server it had is gone.</summary>
    NoTimerServer = 22,
}
