// string.Format with composite format strings ("{0}", "{1,-8}", "{2:X4}"), for 1-3 arguments, params arrays and spans.
using System.Text;

namespace System;

public sealed partial class String
{
    /// <summary>Replaces the format items of <paramref name="format"/> with <paramref name="arg0"/>'s text.</summary>
    /// <example><code>string.Format("{0,5}|{0:X}", 255) // "  255|FF"</code></example>
    public static string Format(string format, object? arg0) => FormatCore(format, new ReadOnlySpan<object?>(ref arg0, 1));

    /// <summary>Replaces the format items with the two arguments' texts.</summary>
    public static string Format(string format, object? arg0, object? arg1) => FormatCore(format, [arg0, arg1]);

    /// <summary>Replaces the format items with the three arguments' texts.</summary>
    public static string Format(string format, object? arg0, object? arg1, object? arg2) => FormatCore(format, [arg0, arg1, arg2]);

    /// <summary>Replaces the format items with the arguments' texts.</summary>
    public static string Format(string format, params object?[] args)
    {
        if (args is null)
        {
            throw new ArgumentNullException(nameof(args));
        }

        return FormatCore(format, args);
    }

    /// <summary>Replaces the format items with the arguments' texts.</summary>
    public static string Format(string format, params ReadOnlySpan<object?> args) => FormatCore(format, args);

    /// <summary>As Format without a provider (SmosSharp formats with the invariant culture).</summary>
    public static string Format(IFormatProvider? provider, string format, object? arg0) => FormatCore(format, new ReadOnlySpan<object?>(ref arg0, 1));

    /// <summary>As Format without a provider.</summary>
    public static string Format(IFormatProvider? provider, string format, object? arg0, object? arg1) => FormatCore(format, [arg0, arg1]);

    /// <summary>As Format without a provider.</summary>
    public static string Format(IFormatProvider? provider, string format, object? arg0, object? arg1, object? arg2) => FormatCore(format, [arg0, arg1, arg2]);

    /// <summary>As Format without a provider.</summary>
    public static string Format(IFormatProvider? provider, string format, params object?[] args) => Format(format, args);

    /// <summary>As Format without a provider.</summary>
    public static string Format(IFormatProvider? provider, string format, params ReadOnlySpan<object?> args) => FormatCore(format, args);

    private static string FormatCore(string format, ReadOnlySpan<object?> args)
    {
        if (format is null)
        {
            throw new ArgumentNullException(nameof(format));
        }

        var builder = new ValueStringBuilder(format.Length + (args.Length * 8));
        builder.AppendComposite(format, args);
        return builder.ToString();
    }
}
