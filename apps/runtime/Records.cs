// Records (class and struct): value equality, ToString, with-expressions, deconstruction; typeof/GetType; identity hashes.
using System;
using System.Collections.Generic;

namespace Smos.Apps.RuntimeDemo;

internal record Spot(int X, int Y);

internal record NamedPoint(int X, int Y, string Name) : Spot(X, Y);

internal readonly record struct Size(int Width, int Height)
{
    public int Area => Width * Height;
}

internal static class Records
{
    public static void Run()
    {
        var a = new Spot(1, 2);
        var b = new Spot(1, 2);
        Check.True(a == b && a.Equals(b) && !ReferenceEquals(a, b) && a.GetHashCode() == b.GetHashCode(), "records compare by value");
        Check.True(a with { Y = 3 } == new Spot(1, 3) && a.Y == 2, "a with-expression copies and changes one member");
        Check.True(a.ToString() == "Spot { X = 1, Y = 2 }", "a record prints its members");
        var (x, y) = a;
        Check.Equal(3, x + y, "a record deconstructs");

        var named = new NamedPoint(1, 2, "n");
        Check.True(named != (Spot)new NamedPoint(1, 2, "m") && (Spot)named != a, "a derived record is not equal to its base with the same members");
        Check.True(named.ToString() == "NamedPoint { X = 1, Y = 2, Name = n }", "a derived record prints every member");

        var s = new Size(3, 4);
        Check.True(s == new Size(3, 4) && s != new Size(4, 3) && s.Area == 12 && s.ToString() == "Size { Width = 3, Height = 4, Area = 12 }", "a record struct");
        var sizes = new HashSet<Size> { new(1, 1), new(1, 1), new(2, 1) };
        Check.Equal(2, sizes.Count, "record structs as HashSet keys");

        object boxed = named;
        Check.True(boxed.GetType() == typeof(NamedPoint) && boxed.GetType() != typeof(Spot) && typeof(Spot) == typeof(Spot), "GetType() and typeof compare as types");

        var hashes = new HashSet<int>();
        var objects = new List<object>();
        for (int i = 0; i < 1000; i++)
        {
            var o = new object();
            objects.Add(o);
            hashes.Add(o.GetHashCode());
        }

        Check.True(hashes.Count > 990 && objects[0].GetHashCode() == objects[0].GetHashCode(), "identity hashes differ between objects and stay the same for one");
    }
}
