// System.Console's input: ReadLine and ReadKey over the runtime's reader hook (libsmos: the console server).
using Internal.Runtime;

namespace System;

/// <summary>
/// Input: in an app, libsmos asks the console server (services/console), which edits the line as it is typed (echo,
/// backspace, Ctrl-U, history with the arrow keys). One process reads at a time.
/// </summary>
public static partial class Console
{
    /// <summary>
    /// The next line typed, without its end; null at the end of input (Ctrl-D on an empty line), when Ctrl-C interrupts
    /// the wait, or when there is no console. Lines are at most 256 bytes of UTF-8.
    /// </summary>
    public static unsafe string? ReadLine()
    {
        Out.Flush(); // a prompt written without a newline shows before the wait
        byte* line = stackalloc byte[ConsoleInput.MaxLineBytes];
        int n = ConsoleInput.ReadLine(line, ConsoleInput.MaxLineBytes);
        return n < 0 ? null : Text.Encoding.UTF8.GetString(new ReadOnlySpan<byte>(line, n));
    }

    /// <summary>The next key pressed, shown on the console (as .NET does without <c>intercept</c>).</summary>
    public static ConsoleKeyInfo ReadKey() => ReadKey(false);

    /// <summary>
    /// The next key pressed (one byte: a control key, an ASCII character, or one byte of a longer UTF-8 character); with
    /// <paramref name="intercept"/> false it is also written to the console. InvalidOperationException when there is no
    /// console or Ctrl-C interrupted the wait.
    /// </summary>
    public static ConsoleKeyInfo ReadKey(bool intercept)
    {
        Out.Flush();
        int key = ConsoleInput.ReadKey();
        if (key < 0)
        {
            throw new InvalidOperationException(key == ConsoleInput.Interrupted ? "Console.ReadKey: interrupted (Ctrl-C) or no console" : "Console.ReadKey: end of input");
        }

        var info = ConsoleKeyInfo.FromByte((byte)key);
        if (!intercept && key >= 32 && key < 127)
        {
            Write(info.KeyChar);
        }

        return info;
    }
}

/// <summary>The keys <see cref="ConsoleKeyInfo.Key"/> names (the values are .NET's).</summary>
public enum ConsoleKey
{
    /// <summary>No key this enumeration names (see <see cref="ConsoleKeyInfo.KeyChar"/>).</summary>
    None = 0,
    Backspace = 8,
    Tab = 9,
    Enter = 13,
    Escape = 27,
    Spacebar = 32,
    D0 = 48, D1, D2, D3, D4, D5, D6, D7, D8, D9,
    A = 65, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z,
    Delete = 46,
}

/// <summary>Modifier keys of a <see cref="ConsoleKeyInfo"/> (the values are .NET's).</summary>
[Flags]
public enum ConsoleModifiers
{
    None = 0,
    Alt = 1,
    Shift = 2,
    Control = 4,
}

/// <summary>One key press: its character, its key and its modifiers, as .NET's ConsoleKeyInfo.</summary>
public readonly struct ConsoleKeyInfo
{
    public ConsoleKeyInfo(char keyChar, ConsoleKey key, bool shift, bool alt, bool control)
    {
        KeyChar = keyChar;
        Key = key;
        Modifiers = (shift ? ConsoleModifiers.Shift : 0) | (alt ? ConsoleModifiers.Alt : 0) | (control ? ConsoleModifiers.Control : 0);
    }

    /// <summary>The character (a control character for Enter, Backspace, Ctrl-letters).</summary>
    public char KeyChar { get; }

    /// <summary>The key.</summary>
    public ConsoleKey Key { get; }

    /// <summary>Shift, Control (for Ctrl-letters).</summary>
    public ConsoleModifiers Modifiers { get; }

    /// <summary>What a terminal's byte means: Enter for CR or LF, Backspace for 0x08 or DEL, Ctrl-A..Z for 1-26, letters and digits.</summary>
    public static ConsoleKeyInfo FromByte(byte b)
    {
        char c = (char)b;
        if (b == 13 || b == 10)
        {
            return new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false);
        }

        if (b == 8 || b == 127)
        {
            return new ConsoleKeyInfo('\b', ConsoleKey.Backspace, false, false, false);
        }

        if (b == 9 || b == 27 || b == 32)
        {
            return new ConsoleKeyInfo(c, (ConsoleKey)b, false, false, false);
        }

        if (b >= 1 && b <= 26)
        {
            return new ConsoleKeyInfo(c, (ConsoleKey)('A' + b - 1), false, false, true);
        }

        if (b >= 'a' && b <= 'z')
        {
            return new ConsoleKeyInfo(c, (ConsoleKey)(b - 32), false, false, false);
        }

        if (b >= 'A' && b <= 'Z')
        {
            return new ConsoleKeyInfo(c, (ConsoleKey)b, true, false, false);
        }

        return new ConsoleKeyInfo(c, b >= '0' && b <= '9' ? (ConsoleKey)b : ConsoleKey.None, false, false, false);
    }
}
