// Null references: a null dereference faults in hardware; the root task resumes the thread in the runtime, which throws NullReferenceException.
using System;

namespace Smos.Apps.RuntimeDemo;

internal static class NullReferences
{
    private sealed class Box
    {
        public int Value;
        public Box? Next;
    }

    private interface ISized
    {
        int Size();
    }

    // Null at run time; the compiler cannot know (nothing stops another method from writing them).
    private static Box? s_box;
    private static string? s_string;
    private static int[]? s_array;
    private static object? s_object;
    private static ISized? s_sized;

    private static int Leaf(string? s) => s!.Length; // a method without a frame of its own: the unwinder uses lr

    private static int Deep(Box? b, int depth) => depth == 0 ? b!.Value : Deep(b, depth - 1) + 1;

    public static void Run()
    {
        int caught = 0;
        try
        {
            Box? b = s_box;
            caught = b!.Value;
        }
        catch (NullReferenceException)
        {
            caught = 1;
        }

        Check.Equal(1, caught, "reading a field of null throws NullReferenceException in the same method");

        bool store = false;
        int finallyRan = 0;
        try
        {
            try
            {
                s_box!.Next = new Box();
            }
            finally
            {
                finallyRan++;
            }
        }
        catch (NullReferenceException)
        {
            store = true;
        }

        Check.True(store && finallyRan == 1, "a store through null: the finally ran, the outer catch caught it");

        Check.True(Catches(() => Deep(s_box, 20)), "a null field read 21 frames down is caught at the top");
        Check.True(Catches(() => Leaf(s_string)), "a null string's Length in a frameless method");
        Check.True(Catches(() => s_array!.Length), "a null array's Length");
        Check.True(Catches(() => s_object!.GetHashCode()), "a virtual call on null");
        Check.True(Catches(() => s_sized!.Size()), "an interface call on null (the fault is in the dispatch stub)");

        string? message = null;
        try
        {
            _ = s_box!.Value;
        }
        catch (NullReferenceException e)
        {
            message = e.Message;
        }

        Check.True(message == "null reference", "the exception is a NullReferenceException with the runtime's message");

        int loops = 0;
        for (int i = 0; i < 1000; i++)
        {
            try
            {
                loops += s_box!.Value;
            }
            catch (NullReferenceException)
            {
                loops++;
            }
        }

        Check.Equal(1000, loops, "1,000 null dereferences in a loop, each caught");
    }

    private static bool Catches(Func<int> action)
    {
        try
        {
            action();
            return false;
        }
        catch (NullReferenceException)
        {
            return true;
        }
    }
}
