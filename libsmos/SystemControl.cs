// Requests only the init list's privileged processes may make: the console server's output ring, and powering off.
using Smos.Protocol;

namespace Smos.Lib;

/// <summary>
/// What system processes ask the root task for with the privileges their init-list line gives (<c>may:console</c>,
/// <c>may:shell</c>); any other process is refused with NotPermitted.
/// </summary>
public static class SystemControl
{
    /// <summary>
    /// The console server (may:console) takes the system's output: the root task maps its output ring at
    /// <see cref="ConsoleAbi.RingVaddr"/> and rings this process's doorbell bit as bytes arrive.
    /// </summary>
    /// <example><code>if (SystemControl.AttachConsole() != RootError.Ok) { return 1; }</code></example>
    public static RootError AttachConsole() => RootCall.ConsoleAttach();

    /// <summary>
    /// The shell (may:shell) stops the machine: the root task prints <c>SMOS-POWEROFF</c> (buildsys then ends QEMU)
    /// and serves nobody again. Returns only when refused.
    /// </summary>
    /// <example><code>RootError e = SystemControl.PowerOff(); // NotPermitted without may:shell</code></example>
    public static RootError PowerOff() => RootCall.PowerOff();
}
