// The guest's benchmark line: SMOS-BENCH <name> total=<n> el0=<n> floor=<n> ratio=<r>, integer math only
// (buildsys/Smos.Build/BenchResults.cs parses it and recomputes the ratio the same way).
using Internal.Runtime;

namespace Smos.RootTask.SelfTest.Bench;

internal static class BenchLine
{
    /// <summary><paramref name="sum"/> / <paramref name="count"/>, rounded to the nearest integer (halves up).</summary>
    public static ulong PerOperation(ulong sum, ulong count) => (sum + (count / 2)) / count;

    /// <summary>total / floor in thousandths, rounded to nearest (halves up); 0 when floor is 0.</summary>
    public static ulong RatioMilli(ulong total, ulong floor) => floor == 0 ? 0 : ((total * 1000) + (floor / 2)) / floor;

    /// <summary>Prints one row; a null figure prints as "-" (not measured: e.g. EL0 instructions before the PMU runs).</summary>
    public static void Row(string name, ulong total, ulong? el0, ulong? floor)
    {
        DebugConsole.Write("SMOS-BENCH ");
        DebugConsole.Write(name);
        DebugConsole.Write(" total=");
        DebugConsole.WriteDecimal(total);
        DebugConsole.Write(" el0=");
        WriteOptional(el0);
        DebugConsole.Write(" floor=");
        WriteOptional(floor);
        DebugConsole.Write(" ratio=");
        if (floor is ulong f && f != 0)
        {
            ulong milli = RatioMilli(total, f);
            DebugConsole.WriteDecimal(milli / 1000);
            DebugConsole.WriteChar('.');
            ulong fraction = milli % 1000;
            DebugConsole.WriteChar((char)('0' + (fraction / 100)));
            DebugConsole.WriteChar((char)('0' + (fraction / 10 % 10)));
            DebugConsole.WriteChar((char)('0' + (fraction % 10)));
        }
        else
        {
            DebugConsole.WriteChar('-');
        }

        DebugConsole.WriteLine("");
    }

    private static void WriteOptional(ulong? value)
    {
        if (value is ulong v)
        {
            DebugConsole.WriteDecimal(v);
        }
        else
        {
            DebugConsole.WriteChar('-');
        }
    }
}
