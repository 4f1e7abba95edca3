// The parser of smosh, the file commands: ls, cat, rm, mkdir, cp, mv and their paths, and a built-in's "> FILE".
using System.Collections.Generic;

namespace Smos.Services.Shell;

public static partial class ShellParser
{
    /// <summary>What a path must look like, as the errors say it.</summary>
    public const string AbsolutePathHint = "an absolute path (/data/..., /boot/...)";

    /// <summary>
    /// <paramref name="path"/> as the file commands pass it on: trailing <c>/</c> removed (<c>/data/t/</c> is
    /// <c>/data/t</c>; <c>/</c> stays). Anything else is left to the file server, which names what is wrong.
    /// </summary>
    public static string NormalizePath(string path)
    {
        int end = path.Length;
        while (end > 1 && path[end - 1] == '/')
        {
            end--;
        }

        return end == path.Length ? path : path.Substring(0, end);
    }

    /// <summary>Whether <paramref name="path"/> is absolute (starts with <c>/</c>): there is no working directory.</summary>
    public static bool IsAbsolute(string path) => path.Length > 0 && path[0] == '/';

    // ls [PATH], cat FILE..., rm [-r] PATH..., mkdir DIR..., cp SRC DST, mv SRC DST: the words from `start` on.
    private static ShellParseResult ParseFiles(string name, List<string> words, int start)
    {
        int count = words.Count - start;
        bool recursive = false;
        if (name == "rm" && count > 0 && words[start].Length > 0 && words[start][0] == '-')
        {
            if (words[start] != "-r")
            {
                return Usage(name, "unknown option " + Quote(words[start]));
            }

            recursive = true;
            start++;
            count--;
        }

        string? wrong = name switch
        {
            "ls" => count > 1 ? "expected at most one path, got " + count : null,
            "cat" => count == 0 ? "expected a file" : null,
            "rm" => count == 0 ? "expected a path" : null,
            "mkdir" => count == 0 ? "expected a directory" : null,
            _ => count != 2 ? "expected 2 paths, got " + count : null, // cp, mv
        };
        if (wrong is not null)
        {
            return Usage(name, wrong);
        }

        var paths = new string[count];
        for (int i = 0; i < count; i++)
        {
            string path = words[start + i];
            if (!IsAbsolute(path))
            {
                return ShellParseResult.Fail(name + ": expected " + AbsolutePathHint + ", got " + Quote(path));
            }

            paths[i] = NormalizePath(path);
        }

        return ShellParseResult.Of(ShellCommand.Files(FilesKind(name), paths, recursive));
    }

    // `command` (parsed) with its output going to `output`: only a built-in's, to an absolute path.
    private static ShellParseResult Redirect(ShellCommand command, ShellRedirect output)
    {
        ShellCommand inner = command;
        while (inner.Kind == ShellCommandKind.Time)
        {
            inner = inner.Timed!;
        }

        if (inner.Kind == ShellCommandKind.Run)
        {
            return ShellParseResult.Fail(inner.Name + ": only a built-in command's output can go to a file (" + output.Operator + " FILE), not a program's");
        }

        if (!IsAbsolute(output.Path))
        {
            return ShellParseResult.Fail(ShellCommands.NameOf(command.Kind) + ": expected " + AbsolutePathHint + " after \"" +
                output.Operator + "\", got " + Quote(output.Path));
        }

        return ShellParseResult.Of(command.WithOutput(new ShellRedirect(NormalizePath(output.Path), output.Append)));
    }

    // A second > or >>: before the file name of the first (`> >`), or after it.
    private static string RedirectError(bool noFileYet, bool append)
    {
        string op = append ? ">>" : ">";
        return noFileYet
            ? "syntax error: \"" + op + "\" needs a file name after it"
            : "syntax error: \"" + op + " FILE\" must end the line";
    }

    // "NAME: PROBLEM (usage: USAGE)": a wrong number of arguments, or an unknown option.
    private static ShellParseResult Usage(string name, string problem) =>
        ShellParseResult.Fail(name + ": " + problem + " (usage: " + ShellCommands.UsageOf(name) + ")");

    private static ShellCommandKind FilesKind(string name) => name switch
    {
        "ls" => ShellCommandKind.Ls,
        "cat" => ShellCommandKind.Cat,
        "rm" => ShellCommandKind.Rm,
        "mkdir" => ShellCommandKind.Mkdir,
        "cp" => ShellCommandKind.Cp,
        _ => ShellCommandKind.Mv,
    };
}
