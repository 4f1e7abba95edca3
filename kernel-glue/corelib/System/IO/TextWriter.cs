// System.IO.TextWriter: the writer behind Console.Out, with the Write/WriteLine overloads .NET code calls on it.
using System.Text;

namespace System.IO;

/// <summary>
/// A sequential character writer. Derived classes override <see cref="Write(char)"/> (and may override the string
/// and span forms to write faster); lines end with "\n".
/// </summary>
public abstract class TextWriter : IDisposable
{
    /// <summary>The encoding the writer produces.</summary>
    public abstract Encoding Encoding { get; }

    /// <summary>The line terminator ("\n").</summary>
    public virtual string NewLine => "\n";

    /// <summary>Writes one character.</summary>
    public virtual void Write(char value)
    {
    }

    /// <summary>Writes a string (nothing for null).</summary>
    public virtual void Write(string? value) => Write((ReadOnlySpan<char>)value);

    /// <summary>Writes characters.</summary>
    public virtual void Write(ReadOnlySpan<char> buffer)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            Write(buffer[i]);
        }
    }

    /// <summary>Writes the characters of an array.</summary>
    public virtual void Write(char[]? buffer) => Write(new ReadOnlySpan<char>(buffer));

    /// <summary>Writes "True" or "False".</summary>
    public virtual void Write(bool value) => Write(value ? "True" : "False");

    /// <summary>Writes an integer in decimal.</summary>
    public virtual void Write(int value) => Write(value.ToString());

    /// <summary>Writes an integer in decimal.</summary>
    public virtual void Write(long value) => Write(value.ToString());

    /// <summary>Writes an object's text.</summary>
    public virtual void Write(object? value) => Write(Internal.Runtime.Formatting.ToText(value));

    /// <summary>Writes a composite format.</summary>
    public virtual void Write(string format, params object?[] arg) => Write(string.Format(format, arg));

    /// <summary>Ends the line.</summary>
    public virtual void WriteLine() => Write(NewLine);

    /// <summary>Writes a string and ends the line.</summary>
    public virtual void WriteLine(string? value)
    {
        Write(value);
        WriteLine();
    }

    /// <summary>Writes characters and ends the line.</summary>
    public virtual void WriteLine(ReadOnlySpan<char> buffer)
    {
        Write(buffer);
        WriteLine();
    }

    /// <summary>Writes an integer and ends the line.</summary>
    public virtual void WriteLine(int value)
    {
        Write(value);
        WriteLine();
    }

    /// <summary>Writes an integer and ends the line.</summary>
    public virtual void WriteLine(long value)
    {
        Write(value);
        WriteLine();
    }

    /// <summary>Writes an object's text and ends the line.</summary>
    public virtual void WriteLine(object? value)
    {
        Write(value);
        WriteLine();
    }

    /// <summary>Writes a composite format and ends the line.</summary>
    public virtual void WriteLine(string format, params object?[] arg) => WriteLine(string.Format(format, arg));

    /// <summary>Sends anything buffered to the underlying device.</summary>
    public virtual void Flush()
    {
    }

    /// <summary>Flushes the writer.</summary>
    public void Dispose() => Flush();
}
