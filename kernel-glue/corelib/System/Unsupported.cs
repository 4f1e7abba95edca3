// Names of .NET types the runtime does not provide, kept so that using them is a build error that says why (SMOS006).

// The C# compiler runs no analyzers on code with errors, so code using a missing type would only get "type not found".
// These declarations let the compiler bind the name and report CS0619 with the reason and the alternative instead; they
// have no members and can never be instantiated, so nothing here runs.
namespace System.Threading.Tasks
{
    [Obsolete(Unsupported.Async, error: true)]
    public sealed class Task
    {
        private Task() { }
    }

    [Obsolete(Unsupported.Async, error: true)]
    public sealed class Task<TResult>
    {
        private Task() { }
    }

    [Obsolete(Unsupported.Async, error: true)]
    public readonly struct ValueTask
    {
    }

    [Obsolete(Unsupported.Async, error: true)]
    public readonly struct ValueTask<TResult>
    {
    }
}

namespace System
{
    [Obsolete(Unsupported.Reflection, error: true)]
    public static class Activator
    {
    }

    /// <summary>The texts of the stubs, the same as analyzer SMOS006's (docs/analyzers.md).</summary>
    internal static class Unsupported
    {
        public const string Async = "SMOS006: 'async'/'await' and Task are not supported by the SmosSharp runtime: there is no Task machinery; block on IPC (Endpoint.Call, Notifications.Wait) or serve requests with Server.Run (docs/analyzers.md#smos006)";
        public const string Reflection = "SMOS006: reflection is not supported by the SmosSharp runtime: types have no metadata at run time; use virtual methods, an interface or a switch over the cases (docs/analyzers.md#smos006)";
        public const string TypeName = "SMOS006: reflection ('Type.Name') is not supported by the SmosSharp runtime: a Type only compares (==, Equals, GetHashCode); name things with a virtual method or a constant (docs/analyzers.md#smos006)";
        public const string Lock = "SMOS006: 'lock' is not supported by the SmosSharp runtime: the runtime has no Monitor; an app has one thread, and state shared between threads is updated with Interlocked or Volatile (docs/analyzers.md#smos006)";
    }
}

namespace System.Threading
{
    [Obsolete(Unsupported.Lock, error: true)]
    public static class Monitor
    {
    }
}
