// The validate step of the process requests (Spawn, Wait, Kill, Alloc): who may do what. Pure: host-tested.
using System;
using Smos.Protocol;

namespace Smos.RootTask.Requests;

public static class ProcessRules
{
    /// <summary>Pages one Alloc request may ask for.</summary>
    public const int MaxPagesPerAlloc = 64;

    /// <summary>App names: 1-31 bytes of a-z, 0-9, '-' and '_'.</summary>
    public static bool ValidAppName(ReadOnlySpan<byte> name)
    {
        if (name.Length == 0 || name.Length > ProcessAbi.MaxAppNameBytes)
        {
            return false;
        }

        for (int i = 0; i < name.Length; i++)
        {
            byte c = name[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Number of NUL-terminated strings in <paramref name="args"/>, or -1 if the last one is not terminated.</summary>
    public static int CountArgs(ReadOnlySpan<byte> args)
    {
        int count = 0;
        for (int i = 0; i < args.Length; i++)
        {
            count += args[i] == 0 ? 1 : 0;
        }

        return args.Length == 0 || args[args.Length - 1] == 0 ? count : -1;
    }

    /// <summary>Spawn: a valid name, NUL-terminated args, and name + args within the start-info page's args area.</summary>
    public static RootError CheckSpawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, out int argCount)
    {
        argCount = CountArgs(args);
        if (!ValidAppName(name) || argCount < 0 || name.Length + 1 + args.Length > ProcessAbi.MaxArgBytes)
        {
            return RootError.BadArgument;
        }

        return RootError.Ok;
    }

    /// <summary>
    /// Wait: the target exists (live or a zombie), is not the caller, is the caller's child (only a parent may wait), and
    /// the caller is not already waiting on it.
    /// </summary>
    public static RootError CheckWait(bool targetExists, bool targetIsCaller, bool callerIsParent, bool alreadyWaitedOn)
    {
        if (!targetExists)
        {
            return RootError.NoSuchProcess;
        }

        if (targetIsCaller)
        {
            return RootError.BadArgument;
        }

        return !callerIsParent || alreadyWaitedOn ? RootError.NotPermitted : RootError.Ok;
    }

    /// <summary>Kill: the target exists, and is the caller itself or one of its descendants (children, their children...).</summary>
    public static RootError CheckKill(bool targetExists, bool targetInCallersSubtree)
    {
        if (!targetExists)
        {
            return RootError.NoSuchProcess;
        }

        return targetInCallersSubtree ? RootError.Ok : RootError.NotPermitted;
    }

    /// <summary>Alloc: 1 to 64 pages, within the process's page quota.</summary>
    public static RootError CheckAlloc(ulong pages, int used, int quota)
    {
        if (pages == 0 || pages > MaxPagesPerAlloc)
        {
            return RootError.BadArgument;
        }

        return (ulong)used + pages > (ulong)quota ? RootError.NoMemory : RootError.Ok;
    }
}
