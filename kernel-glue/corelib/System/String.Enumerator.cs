// foreach over a string: String implements IEnumerable<char> (LINQ over strings), with .NET's CharEnumerator.
using System.Collections;
using System.Collections.Generic;

namespace System;

public sealed partial class String : IEnumerable<char>
{
    public CharEnumerator GetEnumerator() => new CharEnumerator(this);

    IEnumerator<char> IEnumerable<char>.GetEnumerator() => new CharEnumerator(this);

    IEnumerator IEnumerable.GetEnumerator() => new CharEnumerator(this);
}

/// <summary>Walks a string's UTF-16 code units.</summary>
public sealed class CharEnumerator : IEnumerator<char>
{
    private readonly string _text;
    private int _index = -1;

    internal CharEnumerator(string text) => _text = text;

    public char Current => _text[_index];

    object IEnumerator.Current => Current;

    public bool MoveNext() => ++_index < _text.Length;

    public void Reset() => _index = -1;

    public void Dispose()
    {
    }
}
