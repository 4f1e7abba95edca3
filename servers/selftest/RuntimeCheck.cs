// Exercises the runtime features ILC's output depends on (allocation, virtual calls, casts, statics, arrays).
using Internal.Runtime;
using Smos.RootTask.Processes;

namespace Smos.RootTask.SelfTest;

internal static class RuntimeCheck
{
    private static Shape? s_shape;

    public static void Run()
    {
        string? failure = Check();
        if (failure is null)
        {
            ResultLine.Pass("RUNTIME");
        }
        else
        {
            ResultLine.Fail("RUNTIME", failure);
        }
    }

    private static string? Check()
    {
        s_shape = new Square(7);
        if (s_shape.Area() != 49)
        {
            return "virtual call on a heap object";
        }

        Shape circle = new Circle(2);
        if (circle is Square || circle is not Circle || circle.Area() != 12)
        {
            return "type test or override";
        }

        int[] values = new int[5];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i * i;
        }

        if (values.Length != 5 || values[4] != 16)
        {
            return "array allocation and indexing";
        }

        IMeasured[] measured = new IMeasured[] { new Square(2), new Circle(1) };
        int total = 0;
        for (int i = 0; i < measured.Length; i++)
        {
            total += measured[i].Measure();
        }

        if (total != 7 || measured[1] is not IMeasured || (object)circle is IMeasured == false)
        {
            return "interface call or interface cast";
        }

        // Stored in a static so escape analysis cannot put it on the stack.
        ulong used = Heap.Used;
        s_shape = new Square(1);
        if (Heap.Used <= used || s_shape.Area() != 1)
        {
            return "allocation did not consume heap";
        }

        return null;
    }

    private interface IMeasured
    {
        int Measure();
    }

    private abstract class Shape : IMeasured
    {
        public int Measure() => Area();

        public abstract int Area();
    }

    private sealed class Square : Shape
    {
        private readonly int _side;

        public Square(int side) { _side = side; }

        public override int Area() => _side * _side;
    }

    private sealed class Circle : Shape
    {
        private readonly int _radius;

        public Circle(int radius) { _radius = radius; }

        public override int Area() => 3 * _radius * _radius;
    }
}
