// The product's boot script: start every app of the init list (apps/init) in order, then only serve.
using System;
using Internal.Runtime;
using Smos.Protocol;

namespace Smos.RootTask.Processes;

/// <summary>
/// Starts the init list: lines "name arg1 arg2 ..." with '#' comments, each spawned as a child of the root task and
/// announced as "init: start NAME as pid N". Subclasses (the self-test's BootScript) are told of each start.
/// </summary>
internal class InitScript : ProcessScript
{
    public InitScript(Spawner spawner) { Spawner = spawner; }

    protected Spawner Spawner { get; }

    public override void Start() => StartInitList();

    /// <summary>Spawns every app of the init list; returns false if one could not be started.</summary>
    protected bool StartInitList()
    {
        bool allStarted = true;
        ReadOnlySpan<byte> list = Spawner.Apps.InitList;
        Span<byte> args = stackalloc byte[256];
        int position = 0;
        while (InitLine.NextLine(list, ref position, out ReadOnlySpan<byte> line))
        {
            if (!InitLine.Parse(line, args, out ReadOnlySpan<byte> name, out int argBytes))
            {
                continue;
            }

            if (!MayStartMore())
            {
                break;
            }

            RootError e = Spawner.Spawn(name, args.Slice(0, argBytes), 0, out Process? p);
            DebugConsole.Write("init: start ");
            DebugConsole.Write(name);
            if (p is null)
            {
                DebugConsole.Write(" failed: ");
                DebugConsole.WriteLine(ProcessAbi.Describe(e));
                allStarted = false;
                continue;
            }

            DebugConsole.Write(" as pid ");
            DebugConsole.WriteDecimal(p.Pid);
            DebugConsole.WriteChar('\n');
            Started(name, p);
        }

        return allStarted;
    }

    /// <summary>Asked before each app of the list is started; false stops the list there.</summary>
    protected virtual bool MayStartMore() => true;

    /// <summary>Called for each app started.</summary>
    protected virtual void Started(ReadOnlySpan<byte> name, Process p)
    {
    }

    public override void Ended(Process p, EndReason reason, long code)
    {
    }

    public override void Step()
    {
    }
}
