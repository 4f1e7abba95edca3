// Names given as strings: their UTF-8 in a caller's buffer, for the overloads that take string names.
using System;
using System.Text;

namespace Smos.Lib;

/// <summary>The UTF-8 form of a name the caller gave as a string (connection, topic and app names are UTF-8 on the wire).</summary>
internal static class Utf8Names
{
    /// <summary>
    /// Writes <paramref name="name"/> as UTF-8 into <paramref name="buffer"/> and returns its length; -1 when it is null
    /// or does not fit (the callers answer BadName or BadLength, as for a byte name that is too long).
    /// </summary>
    public static int Encode(string? name, Span<byte> buffer)
    {
        if (name is null || Encoding.UTF8.GetByteCount(name) > buffer.Length)
        {
            return -1;
        }

        return Encoding.UTF8.GetBytes(name, buffer);
    }
}
