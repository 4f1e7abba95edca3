// System.TimeSpan: a time interval in 100 ns ticks, .NET's shape (factories, components, totals, operators, the "c" format).
#if SMOS_TIMESPAN_MODEL
namespace Smos.CoreLib.Tests.Model;

using System;
#else
namespace System;
#endif

/// <summary>
/// A time interval: a signed count of 100-nanosecond <see cref="Ticks"/>, as .NET's <c>System.TimeSpan</c>. The From*
/// factories, the component and total properties, the operators and <see cref="ToString()"/> (the constant format "c":
/// <c>[-][d.]hh:mm:ss[.fffffff]</c>) behave as .NET's, overflow included (host tests compare them). Not here: parsing,
/// custom formats, multiplication and division.
/// </summary>
public readonly struct TimeSpan : IEquatable<TimeSpan>, IComparable<TimeSpan>, IComparable
{
    /// <summary>Ticks in a microsecond (10).</summary>
    public const long TicksPerMicrosecond = 10;

    /// <summary>Ticks in a millisecond (10,000).</summary>
    public const long TicksPerMillisecond = 10_000;

    /// <summary>Ticks in a second (10,000,000).</summary>
    public const long TicksPerSecond = 10_000_000;

    /// <summary>Ticks in a minute.</summary>
    public const long TicksPerMinute = 600_000_000;

    /// <summary>Ticks in an hour.</summary>
    public const long TicksPerHour = 36_000_000_000;

    /// <summary>Ticks in a day.</summary>
    public const long TicksPerDay = 864_000_000_000;

    /// <summary>The empty interval.</summary>
    public static readonly TimeSpan Zero = new(0);

    /// <summary>The longest interval (<see cref="long.MaxValue"/> ticks).</summary>
    public static readonly TimeSpan MaxValue = new(long.MaxValue);

    /// <summary>The most negative interval (<see cref="long.MinValue"/> ticks).</summary>
    public static readonly TimeSpan MinValue = new(long.MinValue);

    private readonly long _ticks;

    /// <summary>An interval of <paramref name="ticks"/> 100 ns ticks.</summary>
    public TimeSpan(long ticks) { _ticks = ticks; }

    /// <summary><paramref name="hours"/>, <paramref name="minutes"/> and <paramref name="seconds"/>; ArgumentOutOfRangeException past the range.</summary>
    public TimeSpan(int hours, int minutes, int seconds) : this(0, hours, minutes, seconds, 0) { }

    /// <summary>Days, hours, minutes and seconds; ArgumentOutOfRangeException past the range.</summary>
    public TimeSpan(int days, int hours, int minutes, int seconds) : this(days, hours, minutes, seconds, 0) { }

    /// <summary>Days down to milliseconds; ArgumentOutOfRangeException past the range.</summary>
    public TimeSpan(int days, int hours, int minutes, int seconds, int milliseconds)
    {
        long ms = (((((long)days * 24) + hours) * 3600) + ((long)minutes * 60) + seconds) * 1000 + milliseconds;
        if (ms > long.MaxValue / TicksPerMillisecond || ms < long.MinValue / TicksPerMillisecond)
        {
            throw new ArgumentOutOfRangeException(null, "TimeSpan overflowed because the duration is too long.");
        }

        _ticks = ms * TicksPerMillisecond;
    }

    /// <summary>The interval in 100 ns ticks.</summary>
    public long Ticks => _ticks;

    /// <summary>Whole days.</summary>
    public int Days => (int)(_ticks / TicksPerDay);

    /// <summary>Hours of the day (-23 .. 23).</summary>
    public int Hours => (int)(_ticks / TicksPerHour % 24);

    /// <summary>Minutes of the hour (-59 .. 59).</summary>
    public int Minutes => (int)(_ticks / TicksPerMinute % 60);

    /// <summary>Seconds of the minute (-59 .. 59).</summary>
    public int Seconds => (int)(_ticks / TicksPerSecond % 60);

    /// <summary>Milliseconds of the second (-999 .. 999).</summary>
    public int Milliseconds => (int)(_ticks / TicksPerMillisecond % 1000);

    /// <summary>Microseconds of the millisecond (-999 .. 999).</summary>
    public int Microseconds => (int)(_ticks / TicksPerMicrosecond % 1000);

    /// <summary>Nanoseconds of the microsecond (-900 .. 900, in steps of 100).</summary>
    public int Nanoseconds => (int)(_ticks % TicksPerMicrosecond * 100);

    /// <summary>The interval in days.</summary>
    public double TotalDays => (double)_ticks / TicksPerDay;

    /// <summary>The interval in hours.</summary>
    public double TotalHours => (double)_ticks / TicksPerHour;

    /// <summary>The interval in minutes.</summary>
    public double TotalMinutes => (double)_ticks / TicksPerMinute;

    /// <summary>The interval in seconds.</summary>
    public double TotalSeconds => (double)_ticks / TicksPerSecond;

    /// <summary>The interval in milliseconds (clamped to ±<see cref="long.MaxValue"/> / 10,000, as .NET does).</summary>
    public double TotalMilliseconds
    {
        get
        {
            double ms = (double)_ticks / TicksPerMillisecond;
            const double max = (double)(long.MaxValue / TicksPerMillisecond);
            const double min = (double)(long.MinValue / TicksPerMillisecond);
            return ms > max ? max : ms < min ? min : ms;
        }
    }

    /// <summary>The interval in microseconds.</summary>
    public double TotalMicroseconds => (double)_ticks / TicksPerMicrosecond;

    /// <summary>The interval in nanoseconds.</summary>
    public double TotalNanoseconds => (double)_ticks * 100.0;

    /// <summary>An interval of <paramref name="value"/> ticks.</summary>
    public static TimeSpan FromTicks(long value) => new(value);

    /// <summary><paramref name="days"/> days; ArgumentOutOfRangeException past the range.</summary>
    public static TimeSpan FromDays(int days) => FromUnits(days, TicksPerDay);

    /// <summary><paramref name="hours"/> hours; ArgumentOutOfRangeException past the range.</summary>
    public static TimeSpan FromHours(int hours) => FromUnits(hours, TicksPerHour);

    /// <summary><paramref name="minutes"/> minutes; ArgumentOutOfRangeException past the range.</summary>
    public static TimeSpan FromMinutes(long minutes) => FromUnits(minutes, TicksPerMinute);

    /// <summary><paramref name="seconds"/> seconds; ArgumentOutOfRangeException past the range.</summary>
    public static TimeSpan FromSeconds(long seconds) => FromUnits(seconds, TicksPerSecond);

    /// <summary><paramref name="milliseconds"/> milliseconds; ArgumentOutOfRangeException past the range.</summary>
    public static TimeSpan FromMilliseconds(long milliseconds) => FromUnits(milliseconds, TicksPerMillisecond);

    /// <summary><paramref name="microseconds"/> microseconds; ArgumentOutOfRangeException past the range.</summary>
    public static TimeSpan FromMicroseconds(long microseconds) => FromUnits(microseconds, TicksPerMicrosecond);

    /// <summary><paramref name="value"/> days (fractions to the tick, truncated); OverflowException past the range, ArgumentException for NaN.</summary>
    public static TimeSpan FromDays(double value) => Interval(value, TicksPerDay);

    /// <summary><paramref name="value"/> hours (fractions to the tick).</summary>
    public static TimeSpan FromHours(double value) => Interval(value, TicksPerHour);

    /// <summary><paramref name="value"/> minutes (fractions to the tick).</summary>
    public static TimeSpan FromMinutes(double value) => Interval(value, TicksPerMinute);

    /// <summary><paramref name="value"/> seconds (fractions to the tick).</summary>
    public static TimeSpan FromSeconds(double value) => Interval(value, TicksPerSecond);

    /// <summary><paramref name="value"/> milliseconds (fractions to the tick).</summary>
    public static TimeSpan FromMilliseconds(double value) => Interval(value, TicksPerMillisecond);

    /// <summary><paramref name="value"/> microseconds (fractions to the tick).</summary>
    public static TimeSpan FromMicroseconds(double value) => Interval(value, TicksPerMicrosecond);

    /// <summary>The sum; OverflowException past the range.</summary>
    public TimeSpan Add(TimeSpan ts) => this + ts;

    /// <summary>The difference; OverflowException past the range.</summary>
    public TimeSpan Subtract(TimeSpan ts) => this - ts;

    /// <summary>The interval negated; OverflowException for <see cref="MinValue"/>.</summary>
    public TimeSpan Negate() => -this;

    /// <summary>The absolute value; OverflowException for <see cref="MinValue"/>.</summary>
    public TimeSpan Duration()
    {
        if (_ticks == long.MinValue)
        {
            throw TooLong();
        }

        return new TimeSpan(_ticks >= 0 ? _ticks : -_ticks);
    }

    public static TimeSpan operator +(TimeSpan t) => t;

    public static TimeSpan operator -(TimeSpan t)
    {
        if (t._ticks == long.MinValue)
        {
            throw TooLong();
        }

        return new TimeSpan(-t._ticks);
    }

    public static TimeSpan operator +(TimeSpan t1, TimeSpan t2)
    {
        long result = unchecked(t1._ticks + t2._ticks);
        if ((t1._ticks >> 63) == (t2._ticks >> 63) && (t1._ticks >> 63) != (result >> 63))
        {
            throw TooLong();
        }

        return new TimeSpan(result);
    }

    public static TimeSpan operator -(TimeSpan t1, TimeSpan t2)
    {
        long result = unchecked(t1._ticks - t2._ticks);
        if ((t1._ticks >> 63) != (t2._ticks >> 63) && (t1._ticks >> 63) != (result >> 63))
        {
            throw TooLong();
        }

        return new TimeSpan(result);
    }

    public static bool operator ==(TimeSpan t1, TimeSpan t2) => t1._ticks == t2._ticks;

    public static bool operator !=(TimeSpan t1, TimeSpan t2) => t1._ticks != t2._ticks;

    public static bool operator <(TimeSpan t1, TimeSpan t2) => t1._ticks < t2._ticks;

    public static bool operator <=(TimeSpan t1, TimeSpan t2) => t1._ticks <= t2._ticks;

    public static bool operator >(TimeSpan t1, TimeSpan t2) => t1._ticks > t2._ticks;

    public static bool operator >=(TimeSpan t1, TimeSpan t2) => t1._ticks >= t2._ticks;

    /// <summary>-1, 0 or 1 as <paramref name="t1"/> is shorter than, equal to or longer than <paramref name="t2"/>.</summary>
    public static int Compare(TimeSpan t1, TimeSpan t2) => t1._ticks < t2._ticks ? -1 : t1._ticks > t2._ticks ? 1 : 0;

    /// <summary>True when both are the same number of ticks.</summary>
    public static bool Equals(TimeSpan t1, TimeSpan t2) => t1._ticks == t2._ticks;

    public int CompareTo(TimeSpan value) => Compare(this, value);

    /// <summary>As <see cref="CompareTo(TimeSpan)"/>; null is smaller than any interval; ArgumentException for another type.</summary>
    public int CompareTo(object? value)
    {
        if (value is null)
        {
            return 1;
        }

        if (value is not TimeSpan other)
        {
            throw new ArgumentException("Object must be of type TimeSpan.");
        }

        return Compare(this, other);
    }

    public bool Equals(TimeSpan obj) => _ticks == obj._ticks;

    public override bool Equals(object? obj) => obj is TimeSpan other && _ticks == other._ticks;

    public override int GetHashCode() => unchecked((int)_ticks ^ (int)(_ticks >> 32));

    /// <summary>The constant format "c": <c>[-][d.]hh:mm:ss[.fffffff]</c> (days only when not 0, the fraction only when not 0).</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[26];
        int n = 0;
        ulong t = unchecked((ulong)_ticks);
        if (_ticks < 0)
        {
            text[n++] = '-';
            t = unchecked(0UL - t);
        }

        ulong days = t / TicksPerDay;
        ulong rest = t % TicksPerDay;
        if (days != 0)
        {
            n = Digits(text, n, days, 0);
            text[n++] = '.';
        }

        n = Digits(text, n, rest / TicksPerHour, 2);
        text[n++] = ':';
        n = Digits(text, n, rest / TicksPerMinute % 60, 2);
        text[n++] = ':';
        n = Digits(text, n, rest / TicksPerSecond % 60, 2);
        ulong fraction = rest % TicksPerSecond;
        if (fraction != 0)
        {
            text[n++] = '.';
            n = Digits(text, n, fraction, 7);
        }

        return new string(text.Slice(0, n));
    }

    // value in decimal at text[n], at least width digits (leading zeros); returns the new end.
    private static int Digits(Span<char> text, int n, ulong value, int width)
    {
        int count = 1;
        for (ulong v = value / 10; v != 0; v /= 10)
        {
            count++;
        }

        count = count < width ? width : count;
        for (int i = n + count - 1; i >= n; i--)
        {
            text[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }

        return n + count;
    }

    private static TimeSpan FromUnits(long units, long ticksPerUnit)
    {
        if (units > long.MaxValue / ticksPerUnit || units < long.MinValue / ticksPerUnit)
        {
            throw new ArgumentOutOfRangeException(null, "TimeSpan overflowed because the duration is too long.");
        }

        return new TimeSpan(units * ticksPerUnit);
    }

    // .NET's Interval: value * scale ticks, truncated; NaN is an ArgumentException, past the range an OverflowException.
    private static TimeSpan Interval(double value, double scale)
    {
        if (!(value < 0) && !(value >= 0))
        {
            throw new ArgumentException("TimeSpan does not accept floating point Not-a-Number values.");
        }

        double ticks = value * scale;
        if (ticks > long.MaxValue || ticks < long.MinValue)
        {
            throw TooLong();
        }

        return ticks == long.MaxValue ? MaxValue : new TimeSpan((long)ticks);
    }

    private static OverflowException TooLong() => new("TimeSpan overflowed because the duration is too long.");
}
