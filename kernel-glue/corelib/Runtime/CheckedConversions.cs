// The range tests of overflow-checked conversions from double to the integer types; pure code, also built for host tests.
namespace Internal.Runtime;

/// <summary>
/// Whether a double, truncated toward zero, fits an integer type: the test behind <c>checked((int)d)</c> and the other
/// <c>conv.ovf</c> conversions from floating point, as .NET's Math.ConvertToInt32Checked and its siblings make it. NaN
/// fits nothing; a fraction is dropped first, so -0.5 fits an unsigned type and 2147483647.9 fits int.
/// </summary>
public static class CheckedConversions
{
    /// <summary>-2^31 - 1 &lt; value &lt; 2^31.</summary>
    public static bool FitsInt32(double value) => value > -2147483649.0 && value < 2147483648.0;

    /// <summary>-1 &lt; value &lt; 2^32.</summary>
    public static bool FitsUInt32(double value) => value > -1.0 && value < 4294967296.0;

    /// <summary>-2^63 &lt;= value &lt; 2^63 (no double lies strictly between -2^63 - 2048 and -2^63).</summary>
    public static bool FitsInt64(double value) => value >= -9223372036854775808.0 && value < 9223372036854775808.0;

    /// <summary>-1 &lt; value &lt; 2^64.</summary>
    public static bool FitsUInt64(double value) => value > -1.0 && value < 18446744073709551616.0;
}
