// A bounded FIFO of bytes (the serial driver's transmit and receive buffers, the console's pending output): no allocation after construction.
using System;

namespace Smos.Services.Console;

/// <summary>
/// A first-in first-out queue of at most <see cref="Capacity"/> bytes in one array allocated by the constructor.
/// <see cref="Write"/> takes what fits and says how much; <see cref="Read"/> and <see cref="Peek"/> hand bytes out in
/// order; <see cref="Skip"/> drops what was peeked and sent. Bytes that did not fit are counted in <see cref="Dropped"/>
/// only by <see cref="TryPut"/> (a receiver that must not block).
/// </summary>
public sealed class ByteRing
{
    private readonly byte[] _bytes;
    private int _head; // next byte to read
    private int _count;

    /// <summary>An empty ring of <paramref name="capacity"/> bytes (at least 1).</summary>
    public ByteRing(int capacity)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "a ring holds at least one byte");
        }

        _bytes = new byte[capacity];
    }

    /// <summary>The most bytes the ring holds.</summary>
    public int Capacity => _bytes.Length;

    /// <summary>Bytes held.</summary>
    public int Count => _count;

    /// <summary>Room left.</summary>
    public int Free => _bytes.Length - _count;

    /// <summary>True when nothing is held.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>Bytes <see cref="TryPut"/> refused because the ring was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Appends what fits of <paramref name="data"/>; returns how many bytes were taken (from its start).</summary>
    public int Write(ReadOnlySpan<byte> data)
    {
        int n = data.Length < Free ? data.Length : Free;
        for (int i = 0; i < n; i++)
        {
            _bytes[(_head + _count + i) % _bytes.Length] = data[i];
        }

        _count += n;
        return n;
    }

    /// <summary>Appends one byte, or counts it in <see cref="Dropped"/> when the ring is full.</summary>
    public bool TryPut(byte b)
    {
        if (_count == _bytes.Length)
        {
            Dropped++;
            return false;
        }

        _bytes[(_head + _count) % _bytes.Length] = b;
        _count++;
        return true;
    }

    /// <summary>Copies the oldest bytes into <paramref name="destination"/> without taking them; returns how many.</summary>
    public int Peek(Span<byte> destination)
    {
        int n = destination.Length < _count ? destination.Length : _count;
        for (int i = 0; i < n; i++)
        {
            destination[i] = _bytes[(_head + i) % _bytes.Length];
        }

        return n;
    }

    /// <summary>Drops the <paramref name="count"/> oldest bytes (at most <see cref="Count"/>).</summary>
    public void Skip(int count)
    {
        int n = count < 0 ? 0 : count > _count ? _count : count;
        _head = (_head + n) % _bytes.Length;
        _count -= n;
    }

    /// <summary>Takes the oldest bytes into <paramref name="destination"/>; returns how many.</summary>
    public int Read(Span<byte> destination)
    {
        int n = Peek(destination);
        Skip(n);
        return n;
    }

    /// <summary>Takes the oldest byte; false when empty.</summary>
    public bool TryTake(out byte b)
    {
        if (_count == 0)
        {
            b = 0;
            return false;
        }

        b = _bytes[_head];
        Skip(1);
        return true;
    }
}
