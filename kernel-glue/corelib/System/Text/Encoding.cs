// System.Text.Encoding with its one encoding, UTF-8 (Encoding.UTF8): counts, GetBytes and GetString with .NET's replacement of invalid input.
using Internal.Runtime.Text;

namespace System.Text;

/// <summary>A character encoding. SmosSharp has UTF-8 only (<see cref="UTF8"/>).</summary>
public abstract class Encoding
{
    private static UTF8Encoding? s_utf8;

    /// <summary>UTF-8 (no byte-order mark; invalid input becomes U+FFFD).</summary>
    public static Encoding UTF8 => s_utf8 ??= new UTF8Encoding();

    /// <summary>The number of bytes <paramref name="s"/> encodes to.</summary>
    public virtual int GetByteCount(string s) => GetByteCount((ReadOnlySpan<char>)NotNull(s, nameof(s)));

    /// <summary>The number of bytes the characters encode to.</summary>
    public abstract int GetByteCount(ReadOnlySpan<char> chars);

    /// <summary>The number of bytes the characters encode to.</summary>
    public virtual int GetByteCount(char[] chars) => GetByteCount(new ReadOnlySpan<char>(NotNull(chars, nameof(chars))));

    /// <summary>The encoded bytes of <paramref name="s"/>.</summary>
    public virtual byte[] GetBytes(string s) => GetBytes((ReadOnlySpan<char>)NotNull(s, nameof(s)));

    /// <summary>The encoded bytes of the characters.</summary>
    public virtual byte[] GetBytes(char[] chars) => GetBytes(new ReadOnlySpan<char>(NotNull(chars, nameof(chars))));

    /// <summary>Encodes into <paramref name="bytes"/> and returns the count; ArgumentException if it is too small.</summary>
    public abstract int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes);

    /// <summary>The number of characters the bytes decode to.</summary>
    public abstract int GetCharCount(ReadOnlySpan<byte> bytes);

    /// <summary>The number of characters the bytes decode to.</summary>
    public virtual int GetCharCount(byte[] bytes) => GetCharCount(new ReadOnlySpan<byte>(NotNull(bytes, nameof(bytes))));

    /// <summary>Decodes into <paramref name="chars"/> and returns the count; ArgumentException if it is too small.</summary>
    public abstract int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars);

    /// <summary>The decoded text of the bytes.</summary>
    public abstract string GetString(ReadOnlySpan<byte> bytes);

    /// <summary>The decoded text of the bytes.</summary>
    public virtual string GetString(byte[] bytes) => GetString(new ReadOnlySpan<byte>(NotNull(bytes, nameof(bytes))));

    /// <summary>The decoded text of <paramref name="count"/> bytes from <paramref name="index"/>.</summary>
    public virtual string GetString(byte[] bytes, int index, int count) => GetString(new ReadOnlySpan<byte>(NotNull(bytes, nameof(bytes)), index, count));

    /// <summary>The most bytes <paramref name="charCount"/> characters can encode to.</summary>
    public abstract int GetMaxByteCount(int charCount);

    /// <summary>The most characters <paramref name="byteCount"/> bytes can decode to.</summary>
    public abstract int GetMaxCharCount(int byteCount);

    private byte[] GetBytes(ReadOnlySpan<char> chars)
    {
        var bytes = new byte[GetByteCount(chars)];
        GetBytes(chars, bytes);
        return bytes;
    }

    private protected static T NotNull<T>(T? value, string name) where T : class =>
        value ?? throw new ArgumentNullException(name);
}

/// <summary>UTF-8, as <see cref="Encoding.UTF8"/> returns it.</summary>
public class UTF8Encoding : Encoding
{
    /// <inheritdoc/>
    public override int GetByteCount(ReadOnlySpan<char> chars)
    {
        int n = Utf8Transcoder.GetByteCount(chars);
        return n >= 0 ? n : throw new ArgumentOutOfRangeException(nameof(chars), "Too many characters. The resulting number of bytes is larger than what can be returned as an int.");
    }

    /// <inheritdoc/>
    public override int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes)
    {
        int n = Utf8Transcoder.Encode(chars, bytes, out int read);
        if (read != chars.Length)
        {
            throw new ArgumentException("The output byte buffer is too small to contain the encoded data.", nameof(bytes));
        }

        return n;
    }

    /// <inheritdoc/>
    public override int GetCharCount(ReadOnlySpan<byte> bytes) => Utf8Transcoder.GetCharCount(bytes);

    /// <inheritdoc/>
    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        int n = Utf8Transcoder.Decode(bytes, chars);
        return n >= 0 ? n : throw new ArgumentException("The output char buffer is too small to contain the decoded characters.", nameof(chars));
    }

    /// <inheritdoc/>
    public override string GetString(ReadOnlySpan<byte> bytes)
    {
        int count = Utf8Transcoder.GetCharCount(bytes);
        if (count == 0)
        {
            return string.Empty;
        }

        string result = string.FastAllocateString(count);
        Utf8Transcoder.Decode(bytes, result.WritableChars());
        return result;
    }

    /// <inheritdoc/>
    public override int GetMaxByteCount(int charCount) => (charCount + 1) * 3;

    /// <inheritdoc/>
    public override int GetMaxCharCount(int byteCount) => byteCount + 1;
}
