// The outcome of a kernel invocation: the seL4 error and, where the kernel gives one, its detail.
namespace Smos.Sel4;

/// <summary>Result of an invocation. <see cref="Detail"/> is MR0 of an error reply (e.g. the bad argument's index).</summary>
public readonly struct Sel4Result
{
    public readonly Sel4Error Error;
    public readonly ulong Detail;

    public Sel4Result(Sel4Error error, ulong detail)
    {
        Error = error;
        Detail = detail;
    }

    public static Sel4Result Ok => default;

    public bool IsOk => Error == Sel4Error.NoError;

    public static string Describe(Sel4Error error) => error switch
    {
        Sel4Error.NoError => "no error",
        Sel4Error.InvalidArgument => "invalid argument",
        Sel4Error.InvalidCapability => "invalid capability",
        Sel4Error.IllegalOperation => "illegal operation",
        Sel4Error.RangeError => "range error",
        Sel4Error.AlignmentError => "alignment error",
        Sel4Error.FailedLookup => "failed lookup",
        Sel4Error.TruncatedMessage => "truncated message",
        Sel4Error.DeleteFirst => "delete first",
        Sel4Error.RevokeFirst => "revoke first",
        Sel4Error.NotEnoughMemory => "not enough memory",
        _ => "unknown seL4 error",
    };
}
