// Interactive boot tests: a conversation with the guest over its serial line (wait for text, type keys, check lines, time the steps).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace Smos.Build;

/// <summary>The serial line a conversation talks over: <see cref="QemuSession"/> started with input, or any child process.</summary>
internal interface ISerialChannel
{
    /// <summary>Time since the other end was started.</summary>
    Stopwatch Clock { get; }

    /// <summary>True once its output ended and all of it was read.</summary>
    bool Ended { get; }

    /// <summary>Its exit code once it ended on its own, else null.</summary>
    int? ExitCode { get; }

    /// <summary>The next output as it came (any part of a line), before the deadline on <see cref="Clock"/>; false at the deadline or the end.</summary>
    bool TryRead(TimeSpan deadline, out string chunk);

    /// <summary>Bytes into its input, at once.</summary>
    void Write(ReadOnlySpan<byte> bytes);

    /// <summary>Ends it; what it wrote before can still be read.</summary>
    void Stop();
}

/// <summary>
/// What one step saw. <see cref="Text"/>: the output the step consumed (from where the previous step stopped to the end
/// of what it waited for). <see cref="Lines"/>: the complete lines in it that start where the step started or later (so
/// after a prompt, the echo of the typed command, which is on the prompt's line, is not one of them). Times are host
/// times on the channel's clock (since QEMU started).
/// </summary>
internal sealed record StepResult(int Number, string Step, TimeSpan Started, TimeSpan At, string Text, IReadOnlyList<string> Lines, Match? Match)
{
    /// <summary>Host time the step took (for a send: from its first key to its last).</summary>
    public TimeSpan Took => At - Started;

    /// <summary>A group of the step's regular expression (<see cref="SerialConversation.ExpectLine"/>), by number or name.</summary>
    public string Group(int number) => Match?.Groups[number].Value ?? throw new InvalidOperationException($"step {Number} ({Step}) matched no regular expression");

    /// <inheritdoc cref="Group(int)"/>
    public string Group(string name) => Match?.Groups[name].Value ?? throw new InvalidOperationException($"step {Number} ({Step}) matched no regular expression");
}

/// <summary>A step that did not happen: the message says which step, what it waited for, why it failed, and the last lines seen.</summary>
internal sealed class SerialScriptException(string message) : Exception(message);

/// <summary>
/// Talks to a guest over its serial line. Output is kept as text without ANSI escape sequences and without CR (a line
/// ends with LF); a cursor marks how far the steps have consumed it. Steps: <see cref="Expect"/> (text anywhere after
/// the cursor, also a partial line such as the prompt), <see cref="ExpectLine"/> (a complete line matching a regular
/// expression, before the prompt comes back), <see cref="ExpectPrompt"/>, <see cref="Send"/> (keys, one at a time,
/// <see cref="KeyDelay"/> apart), <see cref="ExpectEnd"/>. A line <see cref="PowerOffLine"/> stops the channel
/// (<see cref="StopOnPowerOff"/>), as `./smos run` stops QEMU. A step that fails throws <see cref="SerialScriptException"/>.
/// </summary>
internal sealed class SerialConversation(ISerialChannel channel)
{
    /// <summary>The Enter key as a terminal sends it in raw mode (QEMU puts stdin in raw mode): CR, not LF.</summary>
    public const string Enter = "\r";

    public const string CtrlC = "\x03";
    public const string CtrlD = "\x04";

    /// <summary>The Backspace key as terminals send it (DEL, 0x7f).</summary>
    public const string Backspace = "\x7f";

    /// <summary>The root task's line when the shell asked to power off; nothing runs after it (docs/testing.md).</summary>
    public const string PowerOffLine = "SMOS-POWEROFF";

    /// <summary>How many lines of output a failure message shows.</summary>
    public const int ContextLines = 20;

    private readonly StringBuilder _text = new();
    private string? _snapshot;
    private int _cursor;
    private int _scanned;
    private int _escape; // 0 outside an escape sequence, 1 after ESC, 2 inside ESC [ ...

    /// <summary>The prompt; <see cref="ExpectLine"/> fails when it comes back before the line. Null: no prompt.</summary>
    public string? Prompt { get; init; }

    /// <summary>
    /// The pause between two keys of a <see cref="Send"/>: a typist's pace. QEMU's PL011 takes bytes from its stdin only
    /// while its receive FIFO has room (hw/char/pl011.c), so a burst should wait in the pipe, not be lost, and reach the
    /// guest as fast as it reads; a test of the shell should not depend on how the driver copes with that (docs/testing.md).
    /// </summary>
    public TimeSpan KeyDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a step waits unless it is given its own timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop the channel when a line <see cref="PowerOffLine"/> appears.</summary>
    public bool StopOnPowerOff { get; init; } = true;

    /// <summary>Called with every piece of output as it arrives, unchanged (for a test's log).</summary>
    public Action<string>? Echo { get; init; }

    /// <summary>When the <see cref="PowerOffLine"/> line was seen (host time), or null.</summary>
    public TimeSpan? PoweredOffAt { get; private set; }

    /// <summary>Everything seen so far (no escape sequences, no CR).</summary>
    public string Transcript => Text;

    /// <summary>Steps run so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Set by <see cref="Run"/>: the length of the script, for "step N of M" in messages.</summary>
    private int? ScriptLength { get; set; }

    private string Text => _snapshot ??= _text.ToString();

    /// <summary>Runs <paramref name="steps"/> in order; the first that fails throws.</summary>
    public IReadOnlyList<StepResult> Run(IReadOnlyList<SerialStep> steps)
    {
        var results = new List<StepResult>();
        ScriptLength = Steps + steps.Count;
        try
        {
            foreach (SerialStep step in steps)
            {
                results.Add(step.RunOn(this));
            }
        }
        finally
        {
            ScriptLength = null;
        }

        return results;
    }

    /// <summary>Waits for <paramref name="text"/> anywhere after the cursor (a partial line is enough); the cursor moves past it.</summary>
    public StepResult Expect(string text, TimeSpan? timeout = null) =>
        Wait($"Expect {Show(text)}", timeout, () => Text.IndexOf(text, _cursor, StringComparison.Ordinal) is int i and >= 0 ? (i, i + text.Length, null, null) : null);

    /// <summary>Waits for <see cref="Prompt"/>; its <see cref="StepResult.Lines"/> are what the command printed.</summary>
    public StepResult ExpectPrompt(TimeSpan? timeout = null) =>
        Expect(Prompt ?? throw new InvalidOperationException("ExpectPrompt: this conversation has no Prompt"), timeout);

    /// <summary>
    /// Waits for a complete line (one that ends after the cursor, matched whole, from its start) that matches
    /// <paramref name="pattern"/>. Fails as soon as <see cref="Prompt"/> appears before such a line (unless
    /// <paramref name="beforePrompt"/> is false). The cursor moves to the end of the line.
    /// </summary>
    public StepResult ExpectLine(string pattern, TimeSpan? timeout = null, bool beforePrompt = true)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        string? prompt = beforePrompt ? Prompt : null;
        string what = $"ExpectLine /{pattern}/" + (prompt is null ? "" : $" before the prompt {Show(prompt)}");
        // Each look goes on from where the last one stopped (lines already checked, text already searched for the
        // prompt): a step that waits through a flood of output stays linear in it.
        int start = -1;
        int promptAt = -1;
        int promptFrom = _cursor;
        return Wait(what, timeout, () =>
        {
            string text = Text;
            if (start < 0)
            {
                start = _cursor == 0 ? 0 : text.LastIndexOf('\n', _cursor - 1) + 1;
            }

            if (prompt is not null && promptAt < 0)
            {
                promptAt = text.IndexOf(prompt, promptFrom, StringComparison.Ordinal);
                promptFrom = Math.Max(promptFrom, text.Length - prompt.Length + 1);
            }

            while (true)
            {
                int end = text.IndexOf('\n', start);
                if (promptAt >= 0 && (end < 0 || promptAt < start))
                {
                    return (-1, -1, null, $"the prompt {Show(prompt!)} came back first, with no such line");
                }

                if (end < 0)
                {
                    return null;
                }

                Match m = regex.Match(text[start..end]);
                if (m.Success)
                {
                    return (start, end + 1, m, null);
                }

                start = end + 1;
            }
        });
    }

    /// <summary>
    /// Types <paramref name="keys"/> one character at a time, <see cref="KeyDelay"/> (or <paramref name="keyDelay"/>) apart.
    /// "\r" is Enter; see <see cref="CtrlC"/>, <see cref="CtrlD"/>, <see cref="Backspace"/>.
    /// </summary>
    public StepResult Send(string keys, TimeSpan? keyDelay = null)
    {
        int number = ++Steps;
        string what = $"Send {Show(keys)}";
        TimeSpan started = channel.Clock.Elapsed;
        TimeSpan delay = keyDelay ?? KeyDelay;
        byte[] bytes = Encoding.UTF8.GetBytes(keys);
        try
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (i > 0 && delay > TimeSpan.Zero)
                {
                    Thread.Sleep(delay);
                }

                channel.Write(bytes.AsSpan(i, 1));
            }
        }
        catch (Exception e) when (e is System.IO.IOException or InvalidOperationException)
        {
            throw Failure(number, what, started, $"could not type: {e.Message}");
        }

        return new StepResult(number, what, started, channel.Clock.Elapsed, string.Empty, [], null);
    }

    /// <summary>Types <paramref name="line"/> and Enter.</summary>
    public StepResult SendLine(string line, TimeSpan? keyDelay = null) => Send(line + Enter, keyDelay);

    /// <summary>Waits until the other end's output ended (QEMU exited, or was stopped after <see cref="PowerOffLine"/>).</summary>
    public StepResult ExpectEnd(TimeSpan? timeout = null) =>
        Wait("ExpectEnd (QEMU's output ends)", timeout, () => channel.Ended ? (Text.Length, Text.Length, null, null) : null);

    /// <summary>How the other end ended, in words.</summary>
    public string HowEnded() => !channel.Ended ? "it still runs"
        : PoweredOffAt is TimeSpan at ? $"stopped after the {PowerOffLine} line at {Seconds(at)}"
        : channel.ExitCode is int code ? $"it exited with code {code}" : "it was stopped";

    private StepResult Wait(string what, TimeSpan? timeout, Func<(int Start, int End, Match? Match, string? Failure)?> find)
    {
        int number = ++Steps;
        TimeSpan started = channel.Clock.Elapsed;
        TimeSpan limit = timeout ?? Timeout;
        TimeSpan deadline = started + limit;
        while (true)
        {
            if (find() is var (start, end, match, failure))
            {
                if (failure is not null)
                {
                    throw Failure(number, what, started, failure);
                }

                string consumed = Text[_cursor..end];
                int from = _cursor;
                _cursor = end;
                return new StepResult(number, what, started, channel.Clock.Elapsed, consumed, LinesFrom(from, end), match);
            }

            if (channel.Ended)
            {
                throw Failure(number, what, started, $"the output ended before it ({HowEnded()})");
            }

            if (!Pump(deadline) && !channel.Ended)
            {
                throw Failure(number, what, started, $"not seen within {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            }
        }
    }

    /// <summary>Reads what arrives before <paramref name="deadline"/> into the transcript; false at the deadline or the end.</summary>
    private bool Pump(TimeSpan deadline)
    {
        if (!channel.TryRead(deadline, out string chunk))
        {
            return false;
        }

        Echo?.Invoke(chunk);
        foreach (char c in chunk)
        {
            Append(c);
        }

        _snapshot = null;
        CheckPowerOff();
        return true;
    }

    /// <summary>One character into the transcript: escape sequences (ESC x, ESC [ parameters final) and CR are left out.</summary>
    private void Append(char c)
    {
        switch (_escape)
        {
            case 1:
                _escape = c == '[' ? 2 : 0;
                return;
            case 2:
                if (c is >= '@' and <= '~')
                {
                    _escape = 0;
                }

                return;
        }

        if (c == '\x1b')
        {
            _escape = 1;
        }
        else if (c != '\r')
        {
            _text.Append(c);
        }
    }

    private void CheckPowerOff()
    {
        string text = Text;
        int end;
        while ((end = text.IndexOf('\n', _scanned)) >= 0)
        {
            if (PoweredOffAt is null && text.AsSpan(_scanned, end - _scanned).Trim().SequenceEqual(PowerOffLine))
            {
                PoweredOffAt = channel.Clock.Elapsed;
                if (StopOnPowerOff)
                {
                    channel.Stop();
                }
            }

            _scanned = end + 1;
        }
    }

    /// <summary>The complete lines between <paramref name="from"/> and <paramref name="to"/> that start at <paramref name="from"/> or later.</summary>
    private List<string> LinesFrom(int from, int to)
    {
        var lines = new List<string>();
        string text = Text;
        int start = from;
        if (from > 0 && text[from - 1] != '\n')
        {
            int lineEnd = text.IndexOf('\n', from);
            if (lineEnd < 0 || lineEnd >= to)
            {
                return lines;
            }

            start = lineEnd + 1;
        }

        int end;
        while ((end = text.IndexOf('\n', start)) >= 0 && end < to)
        {
            lines.Add(text[start..end]);
            start = end + 1;
        }

        return lines;
    }

    private SerialScriptException Failure(int number, string what, TimeSpan started, string reason)
    {
        string text = Text;
        string step = ScriptLength is int n ? $"step {number} of {n}" : $"step {number}";
        var lines = text.Split('\n').ToList();
        bool partial = lines[^1].Length > 0;
        if (!partial)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"serial {step}, {what}, started at {Seconds(started)}: {reason} (now {Seconds(channel.Clock.Elapsed)}; the other end: {HowEnded()})");
        message.Append('\n').Append(CultureInfo.InvariantCulture, $"output not consumed by a step yet: {Show(text[Math.Min(_cursor, text.Length)..])}");
        message.Append('\n').Append(CultureInfo.InvariantCulture, $"last {Math.Min(ContextLines, lines.Count)} lines seen (of {lines.Count}; escape sequences and CR removed):");
        for (int i = Math.Max(0, lines.Count - ContextLines); i < lines.Count; i++)
        {
            message.Append("\n  | ").Append(Visible(lines[i]));
            if (partial && i == lines.Count - 1)
            {
                message.Append("   <- no line end yet");
            }
        }

        return new SerialScriptException(message.ToString());
    }

    /// <summary>A text as a C# string literal, control characters escaped, long texts cut in the middle.</summary>
    public static string Show(string text)
    {
        string shown = text.Length <= 400 ? text : text[..200] + " ... " + text[^200..];
        return "\"" + Visible(shown).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static string Visible(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.000} s");
}
