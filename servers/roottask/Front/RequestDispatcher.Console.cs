// The console requests: Print (each app's bytes marked as its own), ConsoleAttach (the console server's output ring), PowerOff.
using System;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Front;

internal sealed partial class RequestDispatcher
{
    /// <summary>Where the root task maps the console server's output ring (<see cref="ConsoleAbi.RingPages"/> pages).</summary>
    public const ulong RootRingWindow = 0x7001_0000;

    // The attached console server (0: none), the root task's copies of its ring's frames and the badged signal.
    private ulong _consolePid;
    private readonly RootSlot[] _ringCopies = new RootSlot[ConsoleAbi.RingPages];
    private RootSlot _consoleSignal;

    /// <summary>The pid of the attached console server, or 0.</summary>
    public ulong ConsolePid => _consolePid;

    // Each line starts with the process's name and pid ("hello[3]: "), except a shell's (may:shell: its prompt); bytes
    // other than printable ASCII and '\n' become '?'. A line of another writer open on the console is ended first, and
    // this process's own open line, if another writer ended it, starts again with its name. Text that continues its own
    // open line carries its mark between ConsoleAbi.MarkStart and MarkEnd when a console server is attached: the console
    // shows it if typing's echo broke the line on the terminal (a prompt answered), so no line starts unmarked. When the console server's
    // ring has no room for the whole text, nothing is written and the caller hears OutputBusy (libsmos waits and sends
    // it again): output is never lost or cut. Past half full, a process whose last text the console has not yet taken
    // waits too (its share of the ring is one text), so a flood from one process cannot hold up the others.
    private RootError Print(Process caller, ReadOnlySpan<byte> text)
    {
        bool marked = (caller.Privileges & InitPrivileges.Shell) == 0;
        int lines = 1;
        foreach (byte c in text)
        {
            lines += c == '\n' ? 1 : 0;
        }

        int worst = text.Length + 1 + (marked ? (lines + 1) * (caller.NameLength + 26) : 0);
        int room = _kernel.OutputRoom;
        if (room < worst || (room < ConsoleAbi.RingDataBytes / 2 && caller.OutputEnd > _kernel.OutputTaken))
        {
            // No room; or the ring is more than half full and this process's last text is still in it: a process that
            // floods the console waits for the console to take its own output, while the others still get through.
            // The console may be asleep with bytes still in the ring (it stops after 64 rounds so that waiting requests
            // are served, and this writer's next Print was to wake it): wake it, or the ring would never drain.
            _kernel.WakeOutput();
            return RootError.OutputBusy;
        }

        if (!caller.AtLineStart && (_kernel.OutputLineOwner != caller.Pid || _kernel.OutputAtLineStart))
        {
            caller.AtLineStart = true; // another writer ended its line: its next bytes start a new one
        }

        _kernel.OutputWriter = caller.Pid;
        if (marked && !caller.AtLineStart && _consolePid != 0 && text.Length > 0)
        {
            // It continues its own open line; the console shows this mark only if typing's echo broke that line.
            _kernel.WriteByte(ConsoleAbi.MarkStart);
            WriteTag(caller);
            _kernel.Write(": ");
            _kernel.WriteByte(ConsoleAbi.MarkEnd);
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (caller.AtLineStart && marked)
            {
                WriteTag(caller);
                _kernel.Write(": ");
            }

            caller.AtLineStart = false;
            byte c = text[i];
            _kernel.WriteByte(c == '\n' || (c >= 32 && c < 127) ? c : (byte)'?');
            if (c == '\n')
            {
                caller.AtLineStart = true;
            }
        }

        _kernel.OutputWriter = 0;
        caller.OutputEnd = _kernel.OutputWritten;
        return RootError.Ok;
    }

    // ConsoleAttach: only a process started with may:console, while no console is attached. The ring's pages are charged
    // to the console server (its allocation, freed with it); the root task maps copies, deleted when it ends.
    private RootError AttachConsole(Process caller)
    {
        if ((caller.Privileges & InitPrivileges.Console) == 0 || _consolePid != 0)
        {
            return RootError.NotPermitted;
        }

        const int pages = ConsoleAbi.RingPages;
        if (_res.Mapper.MakeRoom(caller, ConsoleAbi.RingVaddr, pages, 1) != Sel4Error.NoError)
        {
            return RootError.NoMemory;
        }

        if (_res.Mapper.Alloc(caller, ObjectType.SmallPage, 0, pages, out Allocation frames) != Sel4Error.NoError)
        {
            return RootError.NoMemory;
        }

        bool ok = true;
        for (int i = 0; i < pages && ok; i++)
        {
            ok = _res.Mapper.MapPage(caller, frames, i, ConsoleAbi.RingVaddr + ((ulong)i * ProcessAbi.PageSize), CapRights.ReadWrite, VmAttributes.Data) == Sel4Error.NoError &&
                _slots.CopyNew(frames.Slot(i), CapRights.ReadWrite, out _ringCopies[i]) == Sel4Error.NoError &&
                _res.MapInRoot(_ringCopies[i], RootRingWindow + ((ulong)i * ProcessAbi.PageSize)).IsOk;
        }

        ok = ok && _slots.MintNew(caller.NotificationSlot, CapRights.All, ConnectionAbi.DoorbellBadge, out _consoleSignal) == Sel4Error.NoError;
        if (!ok)
        {
            ReleaseRing();
            return RootError.NoMemory; // the pages mapped in the caller go with it
        }

        _consolePid = caller.Pid;
        for (int i = 0; i < _table.Capacity; i++)
        {
            _table.At(i).OutputEnd = 0; // positions in an earlier console's ring mean nothing in this one
        }

        _kernel.Write("console: output goes to ");
        WriteTag(caller);
        _kernel.Write(" from here on\n");
        _kernel.AttachConsoleRing(RootRingWindow, _consoleSignal);
        return RootError.Ok;
    }

    // The console server is ending: the root task writes the UART again, and its copies of the ring go first (the frames
    // go back to the untyped memory with the process).
    private void ConsoleEnded(Process p)
    {
        if (p.Pid != _consolePid || _consolePid == 0)
        {
            return;
        }

        _kernel.DetachConsoleRing();
        _consolePid = 0;
        ReleaseRing();
        _kernel.Write("console: ");
        _kernel.Write(p.NameBytes);
        _kernel.Write(" ended; the root task writes the UART again\n");
    }

    private void ReleaseRing()
    {
        for (int i = 0; i < _ringCopies.Length; i++)
        {
            if (_ringCopies[i].IsSome)
            {
                _kernel.UnmapFrame(_ringCopies[i]);
                _slots.Release(ref _ringCopies[i]);
            }
        }

        _slots.Release(ref _consoleSignal);
    }

    // The console server may end a process that no init-list or boot-script line started (the shell's foreground job,
    // which it checked is the shell's child), for Ctrl-C.
    private bool ConsoleMayEnd(Process caller, Process target) =>
        (caller.Privileges & InitPrivileges.Console) != 0 && caller.Pid == _consolePid && target.Group != target.Pid;

    // The shell (may:shell) may end a service of the init list (a process the root task started that is not the shell
    // itself or another privileged one): `kill PID` on a misbehaving driver; the supervisor starts it again.
    private static bool ShellMayStop(Process caller, Process target) =>
        (caller.Privileges & InitPrivileges.Shell) != 0 && target != caller && target.ParentPid == 0 && target.Group == target.Pid &&
        (target.Privileges & InitPrivileges.Shell) == 0;

    // PowerOff: only a process started with may:shell. The result line goes out (through the console if attached), and
    // the root task stops answering anyone: buildsys stops QEMU when it sees the line.
    private RootError PowerOff(Process caller, ref bool replies)
    {
        if ((caller.Privileges & InitPrivileges.Shell) == 0)
        {
            return RootError.NotPermitted;
        }

        replies = false;
        PoweringOff = true;
        _kernel.Write("poweroff: asked by ");
        WriteTag(caller);
        _kernel.Write("\nSMOS-POWEROFF\n");
        return RootError.Ok;
    }

    /// <summary>True once a shell asked to power off: the server loop stops taking requests.</summary>
    public bool PoweringOff { get; private set; }

    // "name[pid]": how a process is named on the console (its lines' mark, and the root task's lines about it).
    private void WriteTag(Process p)
    {
        _kernel.Write(p.NameBytes);
        _kernel.WriteByte((byte)'[');
        _kernel.WriteDecimal(p.Pid);
        _kernel.WriteByte((byte)']');
    }
}
