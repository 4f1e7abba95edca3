// The supervisor's rule for one init-list service: restart it when it faults or panics, at most Limit times over the system's life.
namespace Smos.RootTask.Processes;

/// <summary>What the supervisor does when a supervised service ends (<see cref="RestartPolicy.Decide"/>).</summary>
internal enum RestartDecision
{
    /// <summary>Nothing: it exited or was killed (it ended on purpose), or the supervisor gave up on it before.</summary>
    None,

    /// <summary>Start it again from the same init line, with the same grants.</summary>
    Restart,

    /// <summary>It faulted once more than the limit allows: it stays down.</summary>
    GiveUp,
}

/// <summary>
/// When a service of the init list (a line starting with '&amp;') is restarted (docs/architecture.md, "The supervisor"):
/// after a fault or a panic (an uncaught exception), and after the shell's <c>kill</c> (an operator ending a misbehaving
/// driver wants a fresh one); never after an exit or another kill (the service, its parent or the boot script ended it
/// on purpose); at most <see cref="Limit"/> restarts over the system's life, counted per init line
/// and never forgotten (a service that keeps faulting would otherwise take the machine with it forever); the fault after
/// the last restart gives up, and the service stays down. Pure: host-tested.
/// </summary>
internal sealed class RestartPolicy
{
    /// <summary>The restarts a service gets unless its line says otherwise: 3.</summary>
    public const int DefaultLimit = 3;

    public RestartPolicy(int limit = DefaultLimit)
    {
        Limit = limit < 0 ? 0 : limit;
    }

    /// <summary>The most restarts.</summary>
    public int Limit { get; }

    /// <summary>Restarts made so far.</summary>
    public int Restarts { get; private set; }

    /// <summary>True once the service was given up on (or ended on purpose): nothing more is decided for it.</summary>
    public bool Done { get; private set; }

    /// <summary>What to do now that the service ended with <paramref name="reason"/> (a Restart is counted at once).</summary>
    public RestartDecision Decide(EndReason reason)
    {
        if (Done)
        {
            return RestartDecision.None;
        }

        if (reason is EndReason.Exited or EndReason.Killed)
        {
            Done = true;
            return RestartDecision.None;
        }

        if (Restarts >= Limit)
        {
            Done = true;
            return RestartDecision.GiveUp;
        }

        Restarts++;
        return RestartDecision.Restart;
    }
}
