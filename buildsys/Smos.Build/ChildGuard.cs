// Kills a child process tree (QEMU) when buildsys itself is interrupted or terminated, so no QEMU is orphaned.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Smos.Build;

/// <summary>
/// While alive, SIGINT, SIGTERM, SIGHUP and SIGQUIT kill <see cref="Process"/> with its whole tree and set
/// <see cref="Interrupted"/>. With <c>swallow</c> the signal does not end buildsys (so it can still report).
/// </summary>
internal sealed class ChildGuard : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Process _process;

    public ChildGuard(Process process, bool swallow, Action? onSignal = null)
    {
        _process = process;
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                Interrupted = true;
                Kill();
                onSignal?.Invoke();
                context.Cancel = swallow;
            }));
        }
    }

    /// <summary>True once a signal arrived.</summary>
    public bool Interrupted { get; private set; }

    /// <summary>Kills the child tree if it still runs.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Not started or already gone.
        }
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
