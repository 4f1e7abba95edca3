// Exceptions: throw and catch by type, filters, finally on both paths, rethrow, nesting, many frames, runtime checks, checked casts.
using System;

namespace Smos.Apps.RuntimeDemo;

internal sealed class AppException : Exception
{
    public AppException(string message, int code)
        : base(message)
    {
        Code = code;
    }

    public int Code { get; }
}

internal static class Exceptions
{
    private static int s_log;

    private static void Throw(int depth, int code)
    {
        if (depth == 0)
        {
            throw new AppException("deep", code);
        }

        try
        {
            Throw(depth - 1, code);
        }
        finally
        {
            s_log++;
        }
    }

    private static int Divide(int a, int b) => a / b;

    private static int Index(int[] values, int i) => values[i];

    private static bool Overflows(Func<int> convert)
    {
        try
        {
            s_log = convert();
            return false;
        }
        catch (OverflowException)
        {
            return true;
        }
    }

    public static void Run()
    {
        int caught = 0;
        try
        {
            throw new InvalidOperationException("once");
        }
        catch (InvalidOperationException e)
        {
            caught = e.Message == "once" ? 1 : -1;
        }

        Check.Equal(1, caught, "throw and catch in one method");

        s_log = 0;
        int code = 0;
        try
        {
            Throw(10, 42);
        }
        catch (AppException e)
        {
            code = e.Code;
        }

        Check.Equal(42, code, "an exception across 11 frames, caught by its own type");
        Check.Equal(10, s_log, "every finally on the way ran once");

        int which = 0;
        try
        {
            Throw(0, 7);
        }
        catch (AppException e) when (e.Code == 8)
        {
            which = 1;
        }
        catch (AppException e) when (e.Code == 7)
        {
            which = 2;
        }
        catch (Exception)
        {
            which = 3;
        }

        Check.Equal(2, which, "exception filters pick the clause");

        int order = 0;
        try
        {
            try
            {
                order = order * 10 + 1;
                throw new ArgumentException("inner");
            }
            catch (ArgumentException)
            {
                order = order * 10 + 2;
                throw;
            }
            finally
            {
                order = order * 10 + 3;
            }
        }
        catch (ArgumentException e)
        {
            order = order * 10 + (e.Message == "inner" ? 4 : 9);
        }

        Check.Equal(1234, order, "rethrow from a catch, inner finally, outer catch");

        int normal = 0;
        try
        {
            normal = 1;
        }
        finally
        {
            normal += 10;
        }

        Check.Equal(11, normal, "finally on normal exit");

        Exception? wrapped = null;
        try
        {
            try
            {
                throw new InvalidOperationException("first");
            }
            catch (InvalidOperationException e)
            {
                throw new AppException("second", 2) is var second && second.Code == 2
                    ? new InvalidCastException("wrapped", e)
                    : e;
            }
        }
        catch (InvalidCastException e)
        {
            wrapped = e;
        }

        Check.True(wrapped?.InnerException?.Message == "first", "a new exception thrown from a catch, with its inner exception");

        bool divide = false;
        try
        {
            Divide(1, Check.Failed);
        }
        catch (DivideByZeroException)
        {
            divide = true;
        }

        Check.True(divide, "division by zero throws DivideByZeroException");

        bool index = false;
        try
        {
            Index(new int[3], 3 + Check.Failed);
        }
        catch (IndexOutOfRangeException)
        {
            index = true;
        }

        Check.True(index, "an index out of range throws IndexOutOfRangeException");

        bool cast = false;
        try
        {
            object o = Check.Passed >= 0 ? "text" : new AppException("x", 0);
            s_log = ((AppException)o).Code;
        }
        catch (InvalidCastException)
        {
            cast = true;
        }

        Check.True(cast, "a bad cast throws InvalidCastException");

        // Overflow-checked conversions: an array sized and indexed by a long, checked casts from long and double (ILC's
        // conv.ovf helpers, System.Math.ConvertTo*Checked in the corelib); out of range they throw OverflowException.
        long size = 3 + Check.Failed;
        byte[] sized = new byte[size];
        sized[size - 1] = 7;
        Check.Equal(10, sized.Length + sized[size - 1], "an array sized and indexed by a long");
        Check.Equal(2, checked((int)(2.9 + Check.Failed)) + (long)checked((ulong)(-0.5 + Check.Failed)), "checked casts from double drop the fraction");
        Check.Equal(4_000_000_000, checked((uint)(4e9 + Check.Failed)) + checked((long)(0.0 + Check.Failed)), "checked casts from double in range");
        Check.True(Overflows(() => checked((int)(3_000_000_000L + Check.Failed))), "checked((int)3,000,000,000L) throws OverflowException");
        Check.True(Overflows(() => checked((int)(3e9 + Check.Failed))), "checked((int)3e9) throws OverflowException");
        Check.True(Overflows(() => (int)checked((ulong)(-1.0 + Check.Failed))), "checked((ulong)-1.0) throws OverflowException");

        int loops = 0;
        for (int i = 0; i < 1000; i++)
        {
            try
            {
                Throw(2, i);
            }
            catch (AppException e) when (e.Code == i)
            {
                loops++;
            }
        }

        Check.Equal(1000, loops, "1,000 throws in a loop");
    }
}
