// Interface calls the compiler cannot devirtualize: many implementers, inherited and default implementations, generics.
namespace Smos.Apps.RuntimeDemo;

internal interface IShape
{
    int Area();

    int Sides();

    int Describe() => Sides() * 100 + Area();
}

internal interface IScaled<T>
{
    T Scale(T factor);
}

internal class Square : IShape, IScaled<int>
{
    public int Side = 3;

    public int Area() => Side * Side;

    public virtual int Sides() => 4;

    public int Scale(int factor) => Side * factor;
}

internal sealed class Tile : Square
{
    public override int Sides() => 40;
}

internal class Triangle : IShape
{
    public int Area() => 6;

    public int Sides() => 3;

    int IShape.Describe() => -1;
}

internal sealed class Line : IShape, IScaled<long>
{
    public int Area() => 0;

    public int Sides() => 1;

    public long Scale(long factor) => factor * 1000;
}

internal struct Point : IShape
{
    public int X;

    public int Area() => X;

    public int Sides() => 0;
}

internal static class Dispatch
{
    private static IShape Make(int i) => (i % 5) switch
    {
        0 => new Square(),
        1 => new Tile(),
        2 => new Triangle(),
        3 => new Line(),
        _ => new Point { X = i },
    };

    public static void Run()
    {
        int sides = 0;
        int area = 0;
        int described = 0;
        for (int i = 0; i < 50; i++)
        {
            IShape shape = Make(i);
            sides += shape.Sides();
            area += shape.Area();
            described += shape.Describe();
        }

        // Per 5: sides 4+40+3+1+0 = 48; areas 9+9+6+0+X (X = 4, 9, ..., 49 → sum 265).
        Check.Equal(480, sides, "interface calls over five implementers (Sides)");
        Check.Equal(240 + 265, area, "interface calls over five implementers (Area)");
        Check.Equal((409 + 4009 - 1 + 100) * 10 + 265, described, "default interface method and explicit override");

        IScaled<int> scaledInt = new Tile();
        IScaled<long> scaledLong = new Line();
        Check.Equal(21, scaledInt.Scale(7), "generic interface, inherited implementation");
        Check.Equal(7000, scaledLong.Scale(7), "generic interface, other instantiation");
    }
}
