// string.Concat (what C# turns `+` on strings into) and string.Join, for strings, objects and spans.
namespace System;

public sealed partial class String
{
    /// <summary><paramref name="str0"/> followed by <paramref name="str1"/> (null counts as empty).</summary>
    public static string Concat(string? str0, string? str1)
    {
        if (IsNullOrEmpty(str0))
        {
            return str1 ?? Empty;
        }

        if (IsNullOrEmpty(str1))
        {
            return str0;
        }

        return Concat((ReadOnlySpan<char>)str0, (ReadOnlySpan<char>)str1);
    }

    /// <summary>The three strings in order (null counts as empty).</summary>
    public static string Concat(string? str0, string? str1, string? str2) =>
        Concat((ReadOnlySpan<char>)str0, (ReadOnlySpan<char>)str1, (ReadOnlySpan<char>)str2);

    /// <summary>The four strings in order (null counts as empty).</summary>
    public static string Concat(string? str0, string? str1, string? str2, string? str3) =>
        Concat((ReadOnlySpan<char>)str0, (ReadOnlySpan<char>)str1, (ReadOnlySpan<char>)str2, (ReadOnlySpan<char>)str3);

    /// <summary>All the strings in order (null entries count as empty).</summary>
    public static string Concat(params string?[] values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        return Concat(new ReadOnlySpan<string?>(values));
    }

    /// <summary>All the strings in order (null entries count as empty).</summary>
    public static string Concat(params ReadOnlySpan<string?> values)
    {
        long total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            total += values[i]?.Length ?? 0;
        }

        string result = FastAllocateString(CheckedLength(total));
        Span<char> to = result.WritableChars();
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<char> s = values[i];
            s.CopyTo(to);
            to = to.Slice(s.Length);
        }

        return result;
    }

    /// <summary>The text of <paramref name="arg0"/> (its ToString; empty for null).</summary>
    public static string Concat(object? arg0) => Internal.Runtime.Formatting.ToText(arg0);

    /// <summary>The texts of the two objects in order.</summary>
    public static string Concat(object? arg0, object? arg1) =>
        Concat(Internal.Runtime.Formatting.ToText(arg0), Internal.Runtime.Formatting.ToText(arg1));

    /// <summary>The texts of the three objects in order.</summary>
    public static string Concat(object? arg0, object? arg1, object? arg2) =>
        Concat(Internal.Runtime.Formatting.ToText(arg0), Internal.Runtime.Formatting.ToText(arg1), Internal.Runtime.Formatting.ToText(arg2));

    /// <summary>The texts of all the objects in order.</summary>
    public static string Concat(params object?[] args)
    {
        if (args is null)
        {
            throw new ArgumentNullException(nameof(args));
        }

        return Concat(new ReadOnlySpan<object?>(args));
    }

    /// <summary>The texts of all the objects in order.</summary>
    public static string Concat(params ReadOnlySpan<object?> args)
    {
        var texts = new string?[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            texts[i] = Internal.Runtime.Formatting.ToText(args[i]);
        }

        return Concat(new ReadOnlySpan<string?>(texts));
    }

    /// <summary>The two spans' characters in order.</summary>
    public static string Concat(ReadOnlySpan<char> str0, ReadOnlySpan<char> str1) => Concat(str0, str1, default, default);

    /// <summary>The three spans' characters in order.</summary>
    public static string Concat(ReadOnlySpan<char> str0, ReadOnlySpan<char> str1, ReadOnlySpan<char> str2) => Concat(str0, str1, str2, default);

    /// <summary>The four spans' characters in order.</summary>
    public static string Concat(ReadOnlySpan<char> str0, ReadOnlySpan<char> str1, ReadOnlySpan<char> str2, ReadOnlySpan<char> str3)
    {
        int length = CheckedLength((long)str0.Length + str1.Length + str2.Length + str3.Length);
        if (length == 0)
        {
            return Empty;
        }

        string result = FastAllocateString(length);
        Span<char> to = result.WritableChars();
        str0.CopyTo(to);
        str1.CopyTo(to.Slice(str0.Length));
        str2.CopyTo(to.Slice(str0.Length + str1.Length));
        str3.CopyTo(to.Slice(str0.Length + str1.Length + str2.Length));
        return result;
    }

    /// <summary>The strings with <paramref name="separator"/> between them.</summary>
    public static string Join(string? separator, params string?[] value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        return JoinCore(separator, new ReadOnlySpan<string?>(value));
    }

    /// <summary>The strings with <paramref name="separator"/> between them.</summary>
    public static string Join(string? separator, params ReadOnlySpan<string?> value) => JoinCore(separator, value);

    /// <summary><paramref name="count"/> strings from <paramref name="startIndex"/> with <paramref name="separator"/> between them.</summary>
    public static string Join(string? separator, string?[] value, int startIndex, int count)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        if (startIndex < 0 || count < 0 || startIndex > value.Length - count)
        {
            throw new ArgumentOutOfRangeException(startIndex < 0 ? nameof(startIndex) : nameof(count), "Index and count must refer to a location within the buffer.");
        }

        return JoinCore(separator, new ReadOnlySpan<string?>(value, startIndex, count));
    }

    /// <summary>The strings with the character <paramref name="separator"/> between them.</summary>
    public static string Join(char separator, params string?[] value) => Join(CreateFromSpan(new ReadOnlySpan<char>(ref separator, 1)), value);

    /// <summary>The strings with the character <paramref name="separator"/> between them.</summary>
    public static string Join(char separator, params ReadOnlySpan<string?> value) => JoinCore(CreateFromSpan(new ReadOnlySpan<char>(ref separator, 1)), value);

    /// <summary>The objects' texts with <paramref name="separator"/> between them.</summary>
    public static string Join(string? separator, params object?[] values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        return Join(separator, new ReadOnlySpan<object?>(values));
    }

    /// <summary>The objects' texts with <paramref name="separator"/> between them.</summary>
    public static string Join(string? separator, params ReadOnlySpan<object?> values)
    {
        var texts = new string?[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            texts[i] = Internal.Runtime.Formatting.ToText(values[i]);
        }

        return JoinCore(separator, texts);
    }

    private static string JoinCore(ReadOnlySpan<char> separator, ReadOnlySpan<string?> values)
    {
        if (values.IsEmpty)
        {
            return Empty;
        }

        long total = (long)separator.Length * (values.Length - 1);
        for (int i = 0; i < values.Length; i++)
        {
            total += values[i]?.Length ?? 0;
        }

        int length = CheckedLength(total);
        if (length == 0)
        {
            return Empty;
        }

        string result = FastAllocateString(length);
        Span<char> to = result.WritableChars();
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                separator.CopyTo(to);
                to = to.Slice(separator.Length);
            }

            ReadOnlySpan<char> s = values[i];
            s.CopyTo(to);
            to = to.Slice(s.Length);
        }

        return result;
    }

    private static int CheckedLength(long length)
    {
        if (length > 0x3FFFFFDF)
        {
            throw new OutOfMemoryException();
        }

        return (int)length;
    }
}
