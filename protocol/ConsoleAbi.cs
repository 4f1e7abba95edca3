// The console server's protocol (services/console, libsmos Console input) and the root task's output ring it drains.
using System;

namespace Smos.Protocol;

/// <summary>
/// The console server (services/console) publishes <see cref="Name"/>. It owns the terminal: every byte the system
/// prints reaches the serial driver through it, and it runs the line discipline over what is typed. A client opens it
/// and calls with a <see cref="ConsoleRequest"/> label; the reply label is a <see cref="ConsoleError"/>.
/// Output does not use this protocol: apps print through the root task (<see cref="RootRequest.Print"/>), which puts
/// each line, marked with the app's name and pid, into the output ring below; only the root task writes that ring.
/// </summary>
public static class ConsoleAbi
{
    /// <summary>The name the console server publishes.</summary>
    public static ReadOnlySpan<byte> Name => "console"u8;

    /// <summary>The longest line <see cref="ConsoleRequest.ReadLine"/> returns, in bytes (the line discipline's limit).</summary>
    public const int MaxLineBytes = 256;

    /// <summary>
    /// Where the root task maps the output ring in the console server when it attaches (<see cref="RootRequest.ConsoleAttach"/>):
    /// <see cref="RingHeaderPages"/> page of indices, then <see cref="RingDataBytes"/> of data.
    /// </summary>
    public const ulong RingVaddr = 0x7e00_0000_0000;

    /// <summary>Pages of the ring's header: word <see cref="RingHeadWord"/> and word <see cref="RingTailWord"/>.</summary>
    public const int RingHeaderPages = 1;

    /// <summary>Bytes of the ring's data area (a power of two), from <see cref="RingVaddr"/> + one page.</summary>
    public const int RingDataBytes = 16384;

    /// <summary>All pages of the ring.</summary>
    public const int RingPages = RingHeaderPages + (RingDataBytes / 4096);

    /// <summary>Header word: bytes the root task has put in the ring so far (only the root task writes it).</summary>
    public const int RingHeadWord = 0;

    /// <summary>Header word, in its own cache line: bytes the console server has taken (only the console writes it).</summary>
    public const int RingTailWord = 8;

    /// <summary>
    /// Header word, in its own cache line: the console server sets it to 1 when a pump ends (it may wait) and to 0 when
    /// one starts; the root task signals the console after putting bytes only while it is 1, and sets it to 0 as it
    /// signals. So no signal is raised while the console pumps, and none waits at its next Recv: a bound notification's
    /// signal comes before any waiting caller in seL4, and signals raised during a flood of output would keep the
    /// console from ever taking the shell's next ReadLine.
    /// </summary>
    public const int RingWakeWord = 16;

    /// <summary>
    /// Starts a line's mark in the ring, sent when a process's Print continues its own open line: the bytes up to
    /// <see cref="MarkEnd"/> are its mark ("name[pid]: "), which the console shows only if something else (the echo of
    /// typing) broke that line on the terminal since, so the continuation starts its new line with its writer's name.
    /// The root task turns these bytes into '?' in what processes print, so only the root task can send a mark.
    /// </summary>
    public const byte MarkStart = 0x1e;

    /// <summary>Ends a line's mark (<see cref="MarkStart"/>).</summary>
    public const byte MarkEnd = 0x1f;

    /// <summary>The longest mark between <see cref="MarkStart"/> and <see cref="MarkEnd"/> the console keeps.</summary>
    public const int MaxMarkBytes = 64;

    /// <summary>A sentence for <paramref name="error"/>.</summary>
    public static string Describe(ConsoleError error) => error switch
    {
        ConsoleError.Ok => "ok",
        ConsoleError.UnknownRequest => "unknown request: the console server does not know this label",
        ConsoleError.BadLength => "bad length: the message length does not match the request's arguments",
        ConsoleError.EndOfInput => "end of input: Ctrl-D on an empty line",
        ConsoleError.Interrupted => "interrupted: Ctrl-C",
        ConsoleError.ReaderWaiting => "another process is already waiting for input",
        ConsoleError.NotYourChild => "the foreground process must be a child of the caller",
        ConsoleError.NoSlot => "the console server has no capability slot left for the reply",
        ConsoleError.NoConsole => "no console: nothing publishes \"console\" (the init list starts services/console)",
        _ => "unknown console error",
    };
}

/// <summary>Requests to the console server (the label).</summary>
public enum ConsoleRequest : ulong
{
    /// <summary>
    /// Length 0. The reply comes when a line is typed (deferred: the caller blocks): MR0 = its length n (at most
    /// <see cref="ConsoleAbi.MaxLineBytes"/>), its UTF-8 bytes packed from MR1 (without the line end); or EndOfInput
    /// (Ctrl-D on an empty line) or Interrupted (Ctrl-C).
    /// </summary>
    ReadLine = 1,

    /// <summary>Length 0. The reply comes when a key is pressed: MR0 = its byte (no echo, no editing); or Interrupted.</summary>
    ReadKey = 2,

    /// <summary>
    /// MR0 = a pid, a child of the caller (the shell's foreground job), or 0 for none; length 1. Ctrl-C then ends that
    /// process (the root task lets the console end it) instead of interrupting a reader.
    /// </summary>
    SetForeground = 3,
}

/// <summary>The reply label of every console request.</summary>
public enum ConsoleError : ulong
{
    /// <summary>Done.</summary>
    Ok = 0,
    /// <summary>The label is no console request.</summary>
    UnknownRequest = 1,
    /// <summary>The message length does not match the request.</summary>
    BadLength = 2,
    /// <summary>ReadLine: Ctrl-D on an empty line (System.Console.ReadLine returns null).</summary>
    EndOfInput = 3,
    /// <summary>ReadLine/ReadKey: Ctrl-C was typed while the caller waited.</summary>
    Interrupted = 4,
    /// <summary>ReadLine/ReadKey: another process is waiting for input; one reader at a time.</summary>
    ReaderWaiting = 5,
    /// <summary>SetForeground: the pid is not a live child of the caller.</summary>
    NotYourChild = 6,
    /// <summary>The server had no slot to keep the caller's reply capability.</summary>
    NoSlot = 7,
    /// <summary>Client side only: "console" is not published.</summary>
    NoConsole = 8,
}

/// <summary>
/// The serial driver's protocol (drivers/pl011 publishes <see cref="Name"/>; the console server is its client). Bytes
/// are packed little-endian 8 per word from MR1; MR0 is the count.
/// </summary>
public static class UartAbi
{
    /// <summary>The name the serial driver publishes.</summary>
    public static ReadOnlySpan<byte> Name => "uart"u8;

    /// <summary>The most bytes one Write or Read carries (118 words after the count).</summary>
    public const int MaxBytes = 118 * 8;
}

/// <summary>Requests to the serial driver (the label); the reply label is 0 or <see cref="ConsoleError.BadLength"/>/UnknownRequest.</summary>
public enum UartRequest : ulong
{
    /// <summary>MR0 = n (1 .. <see cref="UartAbi.MaxBytes"/>), bytes from MR1. Reply MR0 = bytes taken (the rest: try again after the doorbell).</summary>
    Write = 1,

    /// <summary>Length 0. Reply MR0 = n received bytes (0 .. MaxBytes) from MR1. The caller's doorbell rings when more arrive.</summary>
    Read = 2,
}
