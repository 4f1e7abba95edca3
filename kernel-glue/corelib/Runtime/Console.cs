// Minimal formatted output to the debug console: strings, ASCII bytes, decimal and hexadecimal numbers.
namespace Internal.Runtime;

/// <summary>Debug-console writer used by the runtime and by early boot code. No allocation.</summary>
public static class DebugConsole
{
    public static void Write(string? s)
    {
        if (s is null)
        {
            return;
        }

        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            Platform.PutChar(c < 128 ? (byte)c : (byte)'?');
        }
    }

    public static void Write(System.ReadOnlySpan<byte> ascii)
    {
        for (int i = 0; i < ascii.Length; i++)
        {
            Platform.PutChar(ascii[i]);
        }
    }

    public static void WriteLine(string? s)
    {
        Write(s);
        Platform.PutChar((byte)'\n');
    }

    public static void WriteChar(char c) => Platform.PutChar((byte)c);

    public static void WriteDecimal(ulong value)
    {
        System.Span<byte> digits = stackalloc byte[20];
        int n = 0;
        do
        {
            digits[n++] = (byte)('0' + (value % 10));
            value /= 10;
        }
        while (value != 0);

        while (n > 0)
        {
            Platform.PutChar(digits[--n]);
        }
    }

    public static void WriteSigned(long value)
    {
        if (value < 0)
        {
            Platform.PutChar((byte)'-');
            WriteDecimal((ulong)(-value));
        }
        else
        {
            WriteDecimal((ulong)value);
        }
    }

    public static void WriteHex(ulong value)
    {
        Platform.PutChar((byte)'0');
        Platform.PutChar((byte)'x');
        bool started = false;
        for (int shift = 60; shift >= 0; shift -= 4)
        {
            int nibble = (int)((value >> shift) & 0xF);
            if (nibble != 0 || started || shift == 0)
            {
                started = true;
                Platform.PutChar((byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10));
            }
        }
    }
}
