// The exit codes Wait returns for a process that did not choose its own (killed, faulted).
namespace Smos.Protocol;

/// <summary>
/// What <see cref="RootRequest.Wait"/> returns for a child that did not end with <see cref="RootRequest.Exit"/>. An app
/// may exit with these values too; the root task's console line says how a process really ended.
/// </summary>
public static class ExitCodes
{
    /// <summary>Ended by Kill (its own, an ancestor's, or a boot script's at the end of a demo).</summary>
    public const long Killed = -9;

    /// <summary>Ended by a fault the root task could not resolve (printed as a FAULT line).</summary>
    public const long Faulted = -1;

    /// <summary>Ended by a panic (a failed check of the runtime or libsmos, reported with <see cref="RootRequest.Panic"/>).</summary>
    public const long Panicked = -6;

    /// <summary>Ended by an exception nobody caught (reported with <see cref="RootRequest.Panic"/> and its type).</summary>
    public const long UncaughtException = -7;
}
