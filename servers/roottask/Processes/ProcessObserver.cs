// What a boot script sees of the process server: every end of a process and every message handled.
namespace Smos.RootTask.Processes;

/// <summary>Told when a process ends, so boot-time scripts can react (see BootScript).</summary>
internal abstract class ProcessObserver
{
    public abstract void Ended(Process p, EndReason reason, long code);

    /// <summary>Called after every message the server has handled.</summary>
    public abstract void Step();
}

/// <summary>What runs once the process server is up: starts processes and is told of every step and every end.</summary>
internal abstract class ProcessScript : ProcessObserver
{
    /// <summary>Starts the script's first processes (called once, before the server takes its first message).</summary>
    public abstract void Start();
}
