// SpawnGranted: a spawn whose child gets device grants, from a process whose init line gave it may:grant=..., within that word.
using System;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Requests;

namespace Smos.RootTask.Front;

internal sealed partial class RequestDispatcher
{
    // Decode, check the caller's right to give these grants (GrantRules), then spawn as an init line with them would
    // (Spawner.Spawn with an InitGrantSet: one owner per device page and interrupt). A refusal to a process that holds
    // may:grant is said in a line naming the grant (it is a system component, and its mistake is worth a line); others
    // only hear NotPermitted, so a hostile app cannot flood the console with them.
    private RootError SpawnGranted(Process caller, ReadOnlySpan<ulong> mrs, ref ulong value)
    {
        RootError e = RootReplies.ErrorOf(RootTaskProtocol.DecodeSpawnGranted(mrs, _spawn, out SpawnGrantedArgs spawn));
        if (e != RootError.Ok || (e = SpawnRequest.Check(spawn.Name, spawn.Args)) != RootError.Ok ||
            (e = SpawnRequest.DecodeQuota(spawn.Quota, out ProcessQuota quota, out bool hasQuota)) != RootError.Ok)
        {
            return e;
        }

        // The grants' words (SpawnGrants.Words of them), then their ranges.
        SpawnGrants wanted = SpawnGrants.None;
        if (spawn.Grants.Length != SpawnGrants.Words || (e = SpawnGrants.Decode(spawn.Grants, out wanted)) != RootError.Ok)
        {
            return RootError.BadArgument;
        }

        e = GrantRules.Check(caller.Privileges, caller.Grantable, wanted, out InitGrantSet grants, out GrantKind refused, out ulong what,
            out InitGrantError malformed);
        if (e != RootError.Ok)
        {
            if ((caller.Privileges & InitPrivileges.Grant) != 0)
            {
                SayRefusedGrant(caller, refused, what, malformed);
            }

            return e;
        }

        CountUsage(caller); // as Spawn: its connections, publications and subscriptions, before it gives part of its quota
        e = _spawner.Spawn(spawn.Name, spawn.Args, caller.Pid, hasQuota ? quota : null, grants, out Process? child);
        value = child is null ? 0 : child.Pid;
        return e;
    }

    private void SayRefusedGrant(Process caller, GrantKind refused, ulong what, InitGrantError malformed)
    {
        _kernel.Write("spawn: ");
        WriteTag(caller);
        if (malformed != InitGrantError.Ok)
        {
            _kernel.Write(": bad grant: ");
            _kernel.Write(InitGrant.Describe(malformed));
            _kernel.Write("\n");
            return;
        }

        _kernel.Write(" may not grant ");
        if (refused == GrantKind.Interrupt)
        {
            _kernel.Write("interrupt ");
            _kernel.WriteDecimal(what);
        }
        else if (refused == GrantKind.DeviceMemory)
        {
            _kernel.Write("device page ");
            _kernel.WriteHex(what);
        }
        else
        {
            _kernel.WriteDecimal(what);
            _kernel.Write(" DMA pages");
        }

        _kernel.Write(" (outside its may:grant= word)\n");
    }
}
