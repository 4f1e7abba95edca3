// Boxing and unboxing: structs, enums, Nullable<T>, and generic code that boxes and unboxes T.
namespace Smos.Apps.RuntimeDemo;

internal enum Color : byte
{
    Red = 1,
    Green = 2,
}

internal struct Trio
{
    public byte A;
    public byte B;
    public byte C;
}

internal static class Boxing
{
    private static object Box<T>(T value) => value!;

    private static T Unbox<T>(object value) => (T)value;

    public static void Run()
    {
        object boxed = new Trio { A = 1, B = 2, C = 3 };
        Trio back = (Trio)boxed;
        Check.Equal(123, (back.A * 100) + (back.B * 10) + back.C, "box and unbox a 3-byte struct");

        Trio viaGeneric = Unbox<Trio>(Box(new Trio { A = 7, B = 8, C = 9 }));
        Check.Equal(789, (viaGeneric.A * 100) + (viaGeneric.B * 10) + viaGeneric.C, "box and unbox through generic code");

        object color = Color.Green;
        Check.Equal(2, (int)(Color)color, "box and unbox an enum");
        Check.True(color is Color, "a boxed enum is its enum type");

        int? some = 41;
        object boxedSome = some;
        Check.Equal(41, (int)boxedSome, "a boxed Nullable<int> with a value is a boxed int");
        int? none = null;
        object? boxedNone = none;
        Check.True(boxedNone is null, "a boxed empty Nullable<int> is null");
        int? unboxed = (int?)boxedSome;
        Check.Equal(41, unboxed.GetValueOrDefault(), "unbox to Nullable<int>");
        long? viaGenericNullable = Unbox<long?>(Box<long?>(5L));
        Check.Equal(5, viaGenericNullable.GetValueOrDefault(), "Nullable<long> through generic code");

        object number = 12345;
        Check.True(number.Equals(12345), "Equals on a boxed int");
        Check.Equal(12345, number.GetHashCode(), "GetHashCode on a boxed int");
    }
}
