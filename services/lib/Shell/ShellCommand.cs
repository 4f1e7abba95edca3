// The commands of the shell smosh as data: what ShellParser makes of a line, and the table that help prints.
namespace Smos.Services.Shell;

/// <summary>Which command a line asks for.</summary>
public enum ShellCommandKind
{
    /// <summary>An empty line (or only white space): do nothing, prompt again.</summary>
    Nothing = 0,

    /// <summary><c>help [COMMAND]</c>: list the commands, or show one.</summary>
    Help,

    /// <summary><c>ps</c>: the processes (pid, name, state, memory).</summary>
    Ps,

    /// <summary><c>run NAME ARGS...</c> or <c>NAME ARGS...</c>, with <c>&amp;</c> at the end to run in the background.</summary>
    Run,

    /// <summary><c>kill PID</c>: end a process.</summary>
    Kill,

    /// <summary><c>ls [PATH]</c>: the programs in the boot archive, or a directory's entries, or one file.</summary>
    Ls,

    /// <summary><c>echo TEXT...</c>: print the words, one space apart.</summary>
    Echo,

    /// <summary><c>time COMMAND...</c>: run a command and print how long it took.</summary>
    Time,

    /// <summary><c>sleep SECONDS</c>: wait (decimals allowed).</summary>
    Sleep,

    /// <summary><c>uptime</c>: time since boot.</summary>
    Uptime,

    /// <summary><c>conns</c>: the open connections.</summary>
    Conns,

    /// <summary><c>topics</c>: the topics and their subscribers.</summary>
    Topics,

    /// <summary><c>mem</c>: memory in use and free.</summary>
    Mem,

    /// <summary><c>poweroff</c>: stop the machine (QEMU exits).</summary>
    Poweroff,

    /// <summary><c>cat FILE...</c>: print the files.</summary>
    Cat,

    /// <summary><c>rm [-r] PATH...</c>: delete files (with <c>-r</c> also directories and what they hold).</summary>
    Rm,

    /// <summary><c>mkdir DIR...</c>: create directories and their missing parents.</summary>
    Mkdir,

    /// <summary><c>cp SRC DST</c>: copy a file.</summary>
    Cp,

    /// <summary><c>mv SRC DST</c>: move or rename a file or directory.</summary>
    Mv,

    /// <summary><c>df</c>: size, used and free space of /data and /boot, and the open files.</summary>
    Df,

    /// <summary><c>sync</c>: make everything written durable on the disk.</summary>
    Sync,
}

/// <summary>Where a command's output goes instead of the console: <c>&gt; FILE</c> (replace) or <c>&gt;&gt; FILE</c> (append).</summary>
public sealed class ShellRedirect
{
    /// <summary>Output to <paramref name="path"/>, appended when <paramref name="append"/>.</summary>
    public ShellRedirect(string path, bool append)
    {
        Path = path;
        Append = append;
    }

    /// <summary>The file (an absolute path once the parser has accepted it).</summary>
    public string Path { get; }

    /// <summary>True for <c>&gt;&gt;</c>: add to the end of the file; false for <c>&gt;</c>: replace what it holds.</summary>
    public bool Append { get; }

    /// <summary>The operator as typed: <c>&gt;</c> or <c>&gt;&gt;</c>.</summary>
    public string Operator => Append ? ">>" : ">";
}

/// <summary>
/// One parsed command line. Only the members of its <see cref="Kind"/> are set; the others keep their empty values
/// (empty strings and arrays, 0, false, null).
/// </summary>
public sealed class ShellCommand
{
    private static readonly string[] NoArguments = new string[0];

    /// <summary>The command for an empty line.</summary>
    public static readonly ShellCommand Nothing = new(ShellCommandKind.Nothing);

    private ShellCommand(ShellCommandKind kind)
    {
        Kind = kind;
    }

    /// <summary>Which command.</summary>
    public ShellCommandKind Kind { get; }

    /// <summary><see cref="ShellCommandKind.Run"/>: the program's name. <see cref="ShellCommandKind.Help"/>: the command asked about, or "" for all.</summary>
    public string Name { get; private set; } = "";

    /// <summary><see cref="ShellCommandKind.Run"/>: the program's arguments (quotes removed), without the name.</summary>
    public string[] Arguments { get; private set; } = NoArguments;

    /// <summary><see cref="ShellCommandKind.Run"/>: the line ended with <c>&amp;</c> (the shell does not wait for it).</summary>
    public bool Background { get; private set; }

    /// <summary><see cref="ShellCommandKind.Kill"/>: the process id.</summary>
    public long Pid { get; private set; }

    /// <summary><see cref="ShellCommandKind.Sleep"/>: how long, in nanoseconds (exact for up to 9 decimals of a second).</summary>
    public ulong Nanoseconds { get; private set; }

    /// <summary><see cref="ShellCommandKind.Echo"/>: the text to print (the words joined by one space).</summary>
    public string Text { get; private set; } = "";

    /// <summary><see cref="ShellCommandKind.Time"/>: the command to run and time.</summary>
    public ShellCommand? Timed { get; private set; }

    /// <summary>
    /// The file commands' paths, absolute, one trailing <c>/</c> removed: <see cref="ShellCommandKind.Ls"/> none (the
    /// programs) or one; <see cref="ShellCommandKind.Cat"/>, <see cref="ShellCommandKind.Rm"/> and
    /// <see cref="ShellCommandKind.Mkdir"/> one or more; <see cref="ShellCommandKind.Cp"/> and
    /// <see cref="ShellCommandKind.Mv"/> the source and the destination.
    /// </summary>
    public string[] Paths { get; private set; } = NoArguments;

    /// <summary><see cref="ShellCommandKind.Rm"/>: <c>-r</c> was given (directories too, with everything in them).</summary>
    public bool Recursive { get; private set; }

    /// <summary>A built-in's output goes to this file (<c>&gt; FILE</c> or <c>&gt;&gt; FILE</c>); null: to the console.</summary>
    public ShellRedirect? Output { get; private set; }

    /// <summary>A command that takes no arguments (ps, ls, uptime, conns, topics, mem, poweroff, df, sync).</summary>
    public static ShellCommand Plain(ShellCommandKind kind) => new(kind);

    /// <summary><c>help</c> (topic "") or <c>help COMMAND</c>.</summary>
    public static ShellCommand Help(string topic) => new(ShellCommandKind.Help) { Name = topic };

    /// <summary>Run program <paramref name="name"/> with <paramref name="arguments"/>, in the background or not.</summary>
    public static ShellCommand Run(string name, string[] arguments, bool background) =>
        new(ShellCommandKind.Run) { Name = name, Arguments = arguments, Background = background };

    /// <summary><c>kill PID</c>.</summary>
    public static ShellCommand Kill(long pid) => new(ShellCommandKind.Kill) { Pid = pid };

    /// <summary><c>echo TEXT...</c>.</summary>
    public static ShellCommand Echo(string text) => new(ShellCommandKind.Echo) { Text = text };

    /// <summary><c>sleep SECONDS</c>, already in nanoseconds.</summary>
    public static ShellCommand Sleep(ulong nanoseconds) => new(ShellCommandKind.Sleep) { Nanoseconds = nanoseconds };

    /// <summary><c>time COMMAND...</c>.</summary>
    public static ShellCommand Time(ShellCommand timed) => new(ShellCommandKind.Time) { Timed = timed };

    /// <summary>A file command (ls, cat, rm, mkdir, cp, mv) on <paramref name="paths"/>.</summary>
    public static ShellCommand Files(ShellCommandKind kind, string[] paths, bool recursive = false) =>
        new(kind) { Paths = paths, Recursive = recursive };

    /// <summary>This command with its output going to <paramref name="output"/> (the parser's last step; never on <see cref="Nothing"/>).</summary>
    public ShellCommand WithOutput(ShellRedirect output)
    {
        Output = output;
        return this;
    }
}

/// <summary>The shell's built-in commands: name, usage and one line of help each, in the order <c>help</c> lists them.</summary>
public static class ShellCommands
{
    /// <summary>Built-in command names (a line's first word that is none of these names a program).</summary>
    public static readonly string[] Names =
    [
        "help", "ps", "run", "kill", "ls", "cat", "echo", "rm", "mkdir", "cp", "mv", "df", "sync", "time", "sleep",
        "uptime", "conns", "topics", "mem", "poweroff",
    ];

    /// <summary>The usage of each command, in the order of <see cref="Names"/>.</summary>
    public static readonly string[] Usages =
    [
        "help [COMMAND]",
        "ps",
        "run NAME ARGS... [&]",
        "kill PID",
        "ls [PATH]",
        "cat FILE...",
        "echo TEXT...",
        "rm [-r] PATH...",
        "mkdir DIR...",
        "cp SRC DST",
        "mv SRC DST",
        "df",
        "sync",
        "time COMMAND...",
        "sleep SECONDS",
        "uptime",
        "conns",
        "topics",
        "mem",
        "poweroff",
    ];

    /// <summary>What each command does, in the order of <see cref="Names"/>.</summary>
    public static readonly string[] Summaries =
    [
        "list the commands, or show one",
        "list the processes: pid, name, state, memory",
        "run a program (NAME ARGS... alone does too); & at the end runs it in the background; Ctrl-C ends it",
        "end the process PID",
        "the programs; or the entries of directory PATH (size, name), or file PATH",
        "print the files",
        "print TEXT (echo TEXT > FILE writes it to a file)",
        "delete files; -r also directories, with everything in them",
        "create directories, and any missing parents",
        "copy a file (DST: a new or replaced file, or a directory to copy into)",
        "move or rename a file or directory (into DST if DST is a directory)",
        "size, used and free space of /data and /boot, and the open files",
        "write everything to the disk now",
        "run COMMAND and print how long it took",
        "wait SECONDS (decimals allowed: sleep 0.5)",
        "time since boot",
        "list the open connections",
        "list the topics and their subscribers",
        "memory used and free",
        "stop the machine",
    ];

    /// <summary>The index of built-in command <paramref name="name"/> in <see cref="Names"/>, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], name, System.StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The name of the built-in that makes commands of <paramref name="kind"/> (<c>run</c> for a program, "" for <see cref="ShellCommandKind.Nothing"/>).</summary>
    public static string NameOf(ShellCommandKind kind) => kind switch
    {
        ShellCommandKind.Help => "help",
        ShellCommandKind.Ps => "ps",
        ShellCommandKind.Run => "run",
        ShellCommandKind.Kill => "kill",
        ShellCommandKind.Ls => "ls",
        ShellCommandKind.Echo => "echo",
        ShellCommandKind.Time => "time",
        ShellCommandKind.Sleep => "sleep",
        ShellCommandKind.Uptime => "uptime",
        ShellCommandKind.Conns => "conns",
        ShellCommandKind.Topics => "topics",
        ShellCommandKind.Mem => "mem",
        ShellCommandKind.Poweroff => "poweroff",
        ShellCommandKind.Cat => "cat",
        ShellCommandKind.Rm => "rm",
        ShellCommandKind.Mkdir => "mkdir",
        ShellCommandKind.Cp => "cp",
        ShellCommandKind.Mv => "mv",
        ShellCommandKind.Df => "df",
        ShellCommandKind.Sync => "sync",
        _ => "",
    };

    /// <summary>The usage of built-in <paramref name="name"/> (as <c>help</c> shows it), or "".</summary>
    public static string UsageOf(string name)
    {
        int i = IndexOf(name);
        return i < 0 ? "" : Usages[i];
    }

    /// <summary>The help line of built-in command <paramref name="index"/>: usage, padded to a column, and summary.</summary>
    public static string HelpLine(int index) => Usages[index].PadRight(22) + Summaries[index];
}
