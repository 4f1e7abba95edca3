// string.Join over any sequence (IEnumerable<T>, IEnumerable<string>), as in .NET.
using System.Collections.Generic;
using System.Text;

namespace System;

public sealed partial class String
{
    /// <summary>The values' text, separated by <paramref name="separator"/>.</summary>
    public static string Join<T>(string? separator, IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder();
        bool first = true;
        foreach (T value in values)
        {
            if (!first)
            {
                builder.Append(separator);
            }

            first = false;
            builder.Append(value?.ToString());
        }

        return builder.ToString();
    }

    public static string Join(string? separator, IEnumerable<string?> values) => Join<string?>(separator, values);

    public static string Join<T>(char separator, IEnumerable<T> values) => Join(new string(separator, 1), values);
}
