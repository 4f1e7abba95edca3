// CheckedConversions against .NET's own checked conversions from double: boundaries, fractions, NaN and infinities.
using System;
using System.Collections.Generic;
using Internal.Runtime;
using Xunit;

namespace Smos.CoreLib.Tests;

public class CheckedConversionsTests
{
    private static IEnumerable<double> Values()
    {
        double[] edges =
        [
            0.0, -0.0, 0.5, -0.5, 0.999, -0.999, 1.0, -1.0, -1.0000001, double.Epsilon, -double.Epsilon,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue, 1e300, -1e300,
            2147483647.0, 2147483647.9, 2147483648.0, -2147483648.0, -2147483648.9, -2147483649.0,
            4294967295.0, 4294967295.5, 4294967296.0,
            9223372036854775807.0, 9223372036854775808.0, -9223372036854775808.0, -9223372036854777856.0,
            18446744073709549568.0, 18446744073709551616.0,
        ];
        foreach (double d in edges)
        {
            yield return d;
            yield return Math.BitIncrement(d);
            yield return Math.BitDecrement(d);
        }
    }

    [Fact]
    public void Each_range_test_agrees_with_the_checked_conversion_of_dotnet()
    {
        int checkedValues = 0;
        foreach (double d in Values())
        {
            Assert.True(Fits(() => checked((int)d)) == CheckedConversions.FitsInt32(d), $"int {d:R}");
            Assert.True(Fits(() => checked((uint)d)) == CheckedConversions.FitsUInt32(d), $"uint {d:R}");
            Assert.True(Fits(() => checked((long)d)) == CheckedConversions.FitsInt64(d), $"long {d:R}");
            Assert.True(Fits(() => checked((ulong)d)) == CheckedConversions.FitsUInt64(d), $"ulong {d:R}");
            checkedValues++;
        }

        Assert.Equal(99, checkedValues);
    }

    private static bool Fits<T>(Func<T> convert)
    {
        try
        {
            convert();
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
