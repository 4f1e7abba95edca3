// crashy: the supervisor demo. "crashy serve" publishes "crashy", answers label 1 with its pid and faults on label 2;
// "crashy check" makes it fault four times and checks the root task's supervisor restarts it three times, then gives up.
using System;
using System.Threading;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// A service that faults on request (docs/architecture.md, "The supervisor"), and its checker: each time the service
/// faults, the checker's call gets <see cref="ConnectionAbi.ServerGone"/>, and it opens the name again once the
/// supervisor's restart (a new pid) has published it; after <see cref="Restarts"/> restarts the next fault is the last:
/// the name stays unpublished.
/// </summary>
public static unsafe class Crashy
{
    /// <summary>The restarts the supervisor gives a service (RestartPolicy.DefaultLimit).</summary>
    public const int Restarts = 3;

    private const ulong AskPid = 1;
    private const ulong AskCrash = 2;

    public static int Main(string[] args)
    {
        ReadOnlySpan<byte> mode = Args.Count > 1 ? Args.Get(1) : default;
        if (Ascii.Equal(mode, "serve"u8))
        {
            return Serve();
        }

        if (Ascii.Equal(mode, "check"u8))
        {
            return Check();
        }

        Console.WriteLine("usage: crashy serve | crashy check");
        return 2;
    }

    private static int Serve()
    {
        if (Connections.Publish("crashy"u8, out Publication pub) != RootError.Ok)
        {
            return 1;
        }

        Console.WriteLine($"crashy serve: published \"crashy\" as pid {Process.Pid}");
        MessageInfo m = pub.Endpoint.Recv(out _);
        while (true)
        {
            if (m.Label == AskCrash)
            {
                Console.WriteLine("crashy serve: asked to crash: reading 0xdead0000");
                AppConsole.Flush();
                return Volatile.Read(ref *(int*)0xdead0000);
            }

            // A call asking for the pid is answered with it in the label; anything else (a bound notification's
            // signal: a client opened or closed) wants no answer.
            m = m.Label == AskPid ? pub.Endpoint.ReplyRecv(new MessageInfo(Process.Pid, 0, 0, 0), out _) : pub.Endpoint.Recv(out _);
        }
    }

    private static int Check()
    {
        ulong last = 0;
        for (int round = 0; round <= Restarts; round++)
        {
            RootError e = Connections.OpenWhenPublished("crashy"u8, out Connection c, 100_000);
            if (e != RootError.Ok)
            {
                Console.WriteLine($"crashy check: round {round}: open \"crashy\": {ProcessAbi.Describe(e)}");
                return 1;
            }

            ulong pid = c.Endpoint.Call(new MessageInfo(AskPid, 0, 0, 0)).Label;
            MessageInfo gone = c.Endpoint.Call(new MessageInfo(AskCrash, 0, 0, 0));
            Connections.Close(c);
            Console.WriteLine($"crashy check: round {round}: the service ran as pid {pid}, its crash answered {(gone.Label == ConnectionAbi.ServerGone ? "ServerGone" : gone.Label.ToString())}");
            if (pid == 0 || pid == last || gone.Label != ConnectionAbi.ServerGone)
            {
                Console.WriteLine("crashy check: expected a new pid each round and ServerGone for the crash");
                return 1;
            }

            last = pid;
        }

        // The fourth fault was one too many: the supervisor gave up, so nobody publishes the name again.
        TimerError slept = Clock.Sleep(300);
        RootError after = Connections.Open("crashy"u8, out _);
        Console.WriteLine($"crashy check: 300 ms after the last crash ({TimerAbi.Describe(slept)}), open \"crashy\": {ProcessAbi.Describe(after)}");
        return slept == TimerError.Ok && after == RootError.NoSuchName ? 0 : 1;
    }
}
