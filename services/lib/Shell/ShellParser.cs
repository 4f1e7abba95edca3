// The parser of smosh: a command line into words (quotes, escapes, a final &) and then into a ShellCommand or one error line.
using System.Collections.Generic;
using System.Text;

namespace Smos.Services.Shell;

/// <summary>What <see cref="ShellParser.Parse"/> made of a line: a command, or one line of error.</summary>
public readonly struct ShellParseResult
{
    private ShellParseResult(ShellCommand? command, string? error)
    {
        Command = command;
        Error = error;
    }

    /// <summary>The command (null when <see cref="Error"/> is set).</summary>
    public ShellCommand? Command { get; }

    /// <summary>One line of error, without a line end, naming the command and the wrong word (null on success).</summary>
    public string? Error { get; }

    /// <summary>Whether the line was wrong.</summary>
    public bool IsError => Error is not null;

    /// <summary>A successful parse.</summary>
    public static ShellParseResult Of(ShellCommand command) => new(command, null);

    /// <summary>A failed parse.</summary>
    public static ShellParseResult Fail(string error) => new(null, error);
}

/// <summary>
/// Turns a line typed at <c>smos&gt; </c> into a <see cref="ShellCommand"/>. Words are separated by spaces and tabs.
/// <c>'...'</c> groups everything up to the next <c>'</c> as it is; <c>"..."</c> groups too, with <c>\"</c> and
/// <c>\\</c> standing for <c>"</c> and <c>\</c>; outside quotes, <c>\</c> takes the next character as it is (a
/// <c>\</c> at the end of the line stays). Quoted and unquoted parts next to each other make one word, and <c>""</c> is
/// an empty word. An unquoted <c>&amp;</c> may only end the line, and runs the program in the background. An unquoted
/// <c>&gt; FILE</c> or <c>&gt;&gt; FILE</c> (spaces around it optional: <c>echo a&gt;/data/f</c>) sends a built-in's output
/// to FILE, replacing or appending; it must end the line (before a final <c>&amp;</c>), once. The first word picks a
/// built-in command (<see cref="ShellCommands.Names"/>); any other names a program to run in the foreground, as
/// <c>run NAME ARGS...</c> does. The file commands take absolute paths (<c>/data/...</c>, <c>/boot/...</c>): there is
/// no working directory.
/// </summary>
public static partial class ShellParser
{
    /// <summary>The longest <c>sleep</c>, in seconds.</summary>
    public const ulong MaxSleepSeconds = 1_000_000_000;

    private const ulong NanosecondsPerSecond = 1_000_000_000;

    /// <summary>
    /// Parses <paramref name="line"/>. With <paramref name="programs"/> (the names in the boot archive) a program name
    /// outside it is an error; without, any name is taken as a program.
    /// </summary>
    public static ShellParseResult Parse(string line, IReadOnlyList<string>? programs = null)
    {
        var words = new List<string>();
        string? error = Split(line, words, out bool background, out ShellRedirect? output);
        if (error is not null)
        {
            return ShellParseResult.Fail(error);
        }

        if (words.Count == 0)
        {
            return ShellParseResult.Of(ShellCommand.Nothing);
        }

        ShellParseResult parsed = ParseWords(words, 0, background, programs);
        return parsed.IsError || output is null ? parsed : Redirect(parsed.Command!, output);
    }

    // The command in words[first..]; `background` when the line ended with an unquoted &.
    private static ShellParseResult ParseWords(List<string> words, int first, bool background, IReadOnlyList<string>? programs)
    {
        string name = words[first];
        int count = words.Count - first - 1; // arguments after the name
        int builtin = ShellCommands.IndexOf(name);
        if (builtin < 0)
        {
            return RunProgram(words, first, background, programs);
        }

        if (background && name != "run")
        {
            return ShellParseResult.Fail(name + ": only a program can run in the background (&)");
        }

        switch (name)
        {
            case "run":
                return count == 0
                    ? ShellParseResult.Fail("run: expected a program name")
                    : RunProgram(words, first + 1, background, programs);
            case "help":
                if (count > 1)
                {
                    return ShellParseResult.Fail("help: expected at most one command name, got " + count + " arguments");
                }

                if (count == 1 && ShellCommands.IndexOf(words[first + 1]) < 0)
                {
                    return ShellParseResult.Fail("help: no command " + Quote(words[first + 1]));
                }

                return ShellParseResult.Of(ShellCommand.Help(count == 1 ? words[first + 1] : ""));
            case "kill":
                if (count == 0)
                {
                    return ShellParseResult.Fail("kill: expected a process id");
                }

                if (count > 1)
                {
                    return ShellParseResult.Fail("kill: expected one process id, got " + count + " arguments");
                }

                return TryParsePid(words[first + 1], out long pid)
                    ? ShellParseResult.Of(ShellCommand.Kill(pid))
                    : ShellParseResult.Fail("kill: expected a process id, got " + Quote(words[first + 1]));
            case "echo":
                return ShellParseResult.Of(ShellCommand.Echo(string.Join(" ", words.GetRange(first + 1, count))));
            case "time":
                if (count == 0)
                {
                    return ShellParseResult.Fail("time: expected a command");
                }

                ShellParseResult timed = ParseWords(words, first + 1, false, programs);
                return timed.IsError ? timed : ShellParseResult.Of(ShellCommand.Time(timed.Command!));
            case "sleep":
                if (count == 0)
                {
                    return ShellParseResult.Fail("sleep: expected a number of seconds");
                }

                if (count > 1)
                {
                    return ShellParseResult.Fail("sleep: expected one number of seconds, got " + count + " arguments");
                }

                return ParseSleep(words[first + 1]);
            case "ls":
            case "cat":
            case "rm":
            case "mkdir":
            case "cp":
            case "mv":
                return ParseFiles(name, words, first + 1);
            default:
                // ps, uptime, conns, topics, mem, poweroff, df, sync
                return count == 0
                    ? ShellParseResult.Of(ShellCommand.Plain(PlainKind(name)))
                    : ShellParseResult.Fail(name + ": takes no arguments, got " + Quote(words[first + 1]));
        }
    }

    private static ShellParseResult RunProgram(List<string> words, int first, bool background, IReadOnlyList<string>? programs)
    {
        string name = words[first];
        if (name.Length == 0)
        {
            return ShellParseResult.Fail("expected a program name, got \"\"");
        }

        if (programs is not null && !Contains(programs, name))
        {
            return ShellParseResult.Fail("no command or program " + Quote(name) + " (help lists the commands, ls the programs)");
        }

        return ShellParseResult.Of(ShellCommand.Run(name, words.GetRange(first + 1, words.Count - first - 1).ToArray(), background));
    }

    private static ShellParseResult ParseSleep(string text)
    {
        if (!TryParseSeconds(text, out ulong nanoseconds, out bool tooLong))
        {
            return ShellParseResult.Fail(tooLong
                ? "sleep: at most " + MaxSleepSeconds + " seconds, got " + Quote(text)
                : "sleep: expected a number of seconds (e.g. 2 or 0.5), got " + Quote(text));
        }

        return ShellParseResult.Of(ShellCommand.Sleep(nanoseconds));
    }

    /// <summary>
    /// Reads seconds written as digits with at most one '.' and up to 9 decimals ("2", "0.5", ".25", "3."), at most
    /// <see cref="MaxSleepSeconds"/>, as nanoseconds. No sign, exponent or white space.
    /// </summary>
    public static bool TryParseSeconds(string text, out ulong nanoseconds, out bool tooLong)
    {
        nanoseconds = 0;
        tooLong = false;
        ulong whole = 0;
        ulong fraction = 0;
        ulong scale = NanosecondsPerSecond;
        int digits = 0;
        bool point = false;
        bool wholeTooBig = false;
        foreach (char c in text)
        {
            if (c == '.' && !point)
            {
                point = true;
            }
            else if (c >= '0' && c <= '9')
            {
                digits++;
                if (!point)
                {
                    whole = whole * 10 + (ulong)(c - '0');
                    if (whole > MaxSleepSeconds)
                    {
                        wholeTooBig = true;
                        whole = MaxSleepSeconds + 1; // keep it from overflowing; the answer is "too long" anyway
                    }
                }
                else if (scale > 1)
                {
                    scale /= 10;
                    fraction += (ulong)(c - '0') * scale;
                }
                else
                {
                    return false; // more than 9 decimals
                }
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (wholeTooBig || (whole == MaxSleepSeconds && fraction > 0))
        {
            tooLong = true;
            return false;
        }

        nanoseconds = whole * NanosecondsPerSecond + fraction;
        return true;
    }

    /// <summary>Reads a process id: decimal digits only, up to <see cref="long.MaxValue"/>.</summary>
    public static bool TryParsePid(string text, out long pid)
    {
        pid = 0;
        if (text.Length == 0)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (c < '0' || c > '9' || pid > (long.MaxValue - (c - '0')) / 10)
            {
                pid = 0;
                return false;
            }

            pid = pid * 10 + (c - '0');
        }

        return true;
    }

    /// <summary>
    /// Splits a line into words (quotes and escapes applied, rules in <see cref="ShellParser"/>); returns the error line
    /// for an unclosed quote, a misplaced <c>&amp;</c> or <c>&gt;</c>, else null. <paramref name="background"/>: the
    /// line ended with an unquoted <c>&amp;</c>, which is not among the words. <paramref name="output"/>: the line's
    /// <c>&gt; FILE</c> or <c>&gt;&gt; FILE</c> (not among the words either), or null.
    /// </summary>
    public static string? Split(string line, List<string> words, out bool background, out ShellRedirect? output)
    {
        background = false;
        output = null;
        var word = new StringBuilder();
        bool inWord = false;
        int redirectAt = -1; // the index in words of the file after > or >>
        bool append = false;
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i++];
            if (background)
            {
                if (c != ' ' && c != '\t')
                {
                    return "syntax error: \"&\" must end the line";
                }
            }
            else if (c == ' ' || c == '\t')
            {
                EndWord(words, word, ref inWord);
            }
            else if (c == '&')
            {
                EndWord(words, word, ref inWord);
                background = true;
            }
            else if (c == '>')
            {
                EndWord(words, word, ref inWord);
                if (redirectAt >= 0)
                {
                    return RedirectError(words.Count == redirectAt, append);
                }

                append = i < line.Length && line[i] == '>';
                i += append ? 1 : 0;
                redirectAt = words.Count;
            }
            else if (c == '\'')
            {
                inWord = true;
                int close = line.IndexOf('\'', i);
                if (close < 0)
                {
                    return "syntax error: missing closing '";
                }

                word.Append(line, i, close - i);
                i = close + 1;
            }
            else if (c == '"')
            {
                inWord = true;
                while (true)
                {
                    if (i == line.Length)
                    {
                        return "syntax error: missing closing \"";
                    }

                    char q = line[i++];
                    if (q == '"')
                    {
                        break;
                    }

                    if (q == '\\' && i < line.Length && (line[i] == '"' || line[i] == '\\'))
                    {
                        q = line[i++];
                    }

                    word.Append(q);
                }
            }
            else
            {
                inWord = true;
                word.Append(c == '\\' && i < line.Length ? line[i++] : c);
            }
        }

        EndWord(words, word, ref inWord);
        if (redirectAt >= 0)
        {
            if (redirectAt == 0)
            {
                return "syntax error: \"" + (append ? ">>" : ">") + "\" needs a command before it";
            }

            if (words.Count != redirectAt + 1)
            {
                return RedirectError(words.Count == redirectAt, append);
            }

            output = new ShellRedirect(words[redirectAt], append);
            words.RemoveAt(redirectAt);
        }

        if (background && words.Count == 0)
        {
            return "syntax error: \"&\" needs a program before it";
        }

        return null;
    }

    private static void EndWord(List<string> words, StringBuilder word, ref bool inWord)
    {
        if (inWord)
        {
            words.Add(word.ToString());
            word.Clear();
            inWord = false;
        }
    }

    // The built-in commands without arguments.
    private static ShellCommandKind PlainKind(string name) => name switch
    {
        "ps" => ShellCommandKind.Ps,
        "uptime" => ShellCommandKind.Uptime,
        "df" => ShellCommandKind.Df,
        "sync" => ShellCommandKind.Sync,
        "conns" => ShellCommandKind.Conns,
        "topics" => ShellCommandKind.Topics,
        "mem" => ShellCommandKind.Mem,
        _ => ShellCommandKind.Poweroff,
    };

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // A word as an error shows it: in double quotes.
    private static string Quote(string word) => "\"" + word + "\"";
}
