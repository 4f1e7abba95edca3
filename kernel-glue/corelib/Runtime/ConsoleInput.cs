// Where System.Console's input comes from: the program's reader hook (libsmos asks the console server), or nothing.
namespace Internal.Runtime;

/// <summary>
/// The byte source under <see cref="System.Console.ReadLine"/> and <see cref="System.Console.ReadKey()"/>. libsmos installs
/// a reader that asks the console server; without one there is no input (ReadLine returns null, ReadKey throws).
/// </summary>
public static unsafe class ConsoleInput
{
    /// <summary>What the reader returns for Ctrl-D on an empty line (end of input).</summary>
    public const int EndOfInput = -1;

    /// <summary>What the reader returns for Ctrl-C while waiting, or when there is no console.</summary>
    public const int Interrupted = -2;

    /// <summary>The longest line a reader returns, in bytes.</summary>
    public const int MaxLineBytes = 256;

    /// <summary>
    /// Installs the reader: <c>read(buffer, capacity, key)</c> fills <c>buffer</c> with one line's UTF-8 bytes (key 0)
    /// or one key's byte (key 1) and returns how many, or <see cref="EndOfInput"/> / <see cref="Interrupted"/>.
    /// </summary>
    internal static void SetHook(delegate*<byte*, int, int, int> read) => Platform.RuntimeHooks()->ConsoleRead = (nint)read;

    /// <summary>One line (without its end), or a negative code; <see cref="Interrupted"/> without a reader.</summary>
    public static int ReadLine(byte* buffer, int capacity)
    {
        nint hook = Platform.RuntimeHooks()->ConsoleRead;
        return hook == 0 ? Interrupted : ((delegate*<byte*, int, int, int>)hook)(buffer, capacity, 0);
    }

    /// <summary>One key's byte (0-255), or a negative code; <see cref="Interrupted"/> without a reader.</summary>
    public static int ReadKey()
    {
        nint hook = Platform.RuntimeHooks()->ConsoleRead;
        if (hook == 0)
        {
            return Interrupted;
        }

        byte key;
        int n = ((delegate*<byte*, int, int, int>)hook)(&key, 1, 1);
        return n == 1 ? key : n < 0 ? n : Interrupted;
    }
}
