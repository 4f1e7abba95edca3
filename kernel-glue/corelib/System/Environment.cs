// System.Environment: what compiler-generated code asks for (the thread id of iterators).
namespace System;

public static class Environment
{
    /// <summary>An id of the calling thread. Iterators compare it; SmosSharp apps have one thread, so it is 1.</summary>
    public static int CurrentManagedThreadId => 1;
}
