// libsmos's Clock on the host: conversions, its requests as a timer server receives them, and no server or a gone one.
using System;
using Smos.Protocol;
using Smos.Sel4;
using Xunit;
using ProcessRecord = Smos.RootTask.Processes.Process;

namespace Smos.Lib.Tests;

public class ClockTests
{
    [Fact]
    public void TicksAndTimeConvertWithoutOverflowAndSleepsRoundUp()
    {
        ulong f = Clock.Frequency;
        Assert.True(f > 0);
        Assert.Equal(1000UL, Clock.TicksToMilliseconds(f));
        Assert.Equal(f, Clock.MillisecondsToTicks(1000));
        Assert.True(Clock.MillisecondsToTicks(1) * 1000 >= f, "a 1 ms sleep is never shorter than 1 ms");
        Assert.Equal(36_000_000_000UL, Clock.TicksToMilliseconds(f * 36_000_000)); // 10,000 hours
        ulong a = Clock.Ticks;
        Assert.True(Clock.Ticks >= a);
    }

    [Fact]
    public void WithoutATimerServerEveryRequestSaysSoAndABadSleepNeedsNone()
    {
        var h = new HostWorld();
        ProcessRecord app = h.Start("hello");
        h.As(app, () =>
        {
            Assert.Equal(TimerError.BadArgument, Clock.Sleep(-1));
            Assert.Equal(TimerError.Ok, Clock.Sleep(0));
            Assert.Equal(TimerError.NoTimerServer, Clock.Sleep(5));
            Assert.Equal(TimerError.NoTimerServer, Clock.ServerNow(out _, out _));
            Assert.Equal("no timer server: nothing publishes \"timer\" (the init list starts services/timer with irq:30)", TimerAbi.Describe(TimerError.NoTimerServer));
        });
        h.End(app);
    }

    // A stand-in timer server: records each request and answers as the protocol says (a sleep at once), or with the
    // label it is told to, to see how Clock reads it.
    private sealed class Recorder : FastRequestHandler
    {
        public Recorder()
            : base(1)
        {
        }

        public (ulong Label, int Length, ulong Mr0, ulong Mr1) Last;

        public ulong AnswerLabel;

        public override MessageInfo Handle(ulong badge, MessageInfo request, ref FastMessage m)
        {
            Last = (request.Label, request.Length, m.Mr0, m.Mr1);
            m = new FastMessage(m.Mr0 + 1, 7, 9, 0);
            return new MessageInfo(AnswerLabel, 0, 0, 3);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task ClockSendsTheProtocolsWordsAndReadsItsErrors()
    {
        var h = new HostWorld();
        ProcessRecord server = h.Start("server");
        ProcessRecord app = h.Start("client");
        var timer = new Recorder();
        Publication pub = h.As(server, () =>
        {
            Assert.Equal(RootError.Ok, Connections.Publish(TimerAbi.Name, out Publication p));
            return p;
        });
        System.Threading.Tasks.Task<int> serving = h.Begin(server, () =>
        {
            Server.Run(pub, timer);
            return 0;
        });

        h.As(app, () =>
        {
            Assert.Equal(TimerError.Ok, Clock.SleepTicks(1234, out ulong woke));
            Assert.Equal(((ulong)TimerRequest.Sleep, 1, 1234UL, 0UL), timer.Last);
            Assert.Equal(1235UL, woke);
            Assert.Equal(TimerError.Ok, Clock.Arm(50, 60, out ulong id));
            Assert.Equal(((ulong)TimerRequest.Arm, 2, 50UL, 60UL), timer.Last);
            Assert.Equal(51UL, id);
            Assert.Equal(TimerError.Ok, Clock.ServerNow(out _, out ulong pending));
            Assert.Equal(9UL, pending);
            Assert.Equal((ulong)TimerRequest.Now, timer.Last.Label);
            ulong ms = Clock.MillisecondsToTicks(250);
            Assert.Equal(TimerError.Ok, Clock.Sleep(250));
            Assert.Equal(ms, timer.Last.Mr0);

            timer.AnswerLabel = (ulong)TimerError.QuotaTimers;
            Assert.Equal(TimerError.QuotaTimers, Clock.Arm(50, 0, out _));

            // A kernel error on the connection (its server gone) is no timer server, and the next request opens again.
            timer.AnswerLabel = (ulong)Sel4Error.InvalidCapability;
            Assert.Equal(TimerError.NoTimerServer, Clock.Fired(out _, out _));
            timer.AnswerLabel = 0;
            Assert.Equal(TimerError.Ok, Clock.Cancel(51));
            Assert.Equal(((ulong)TimerRequest.Cancel, 1, 51UL, 0UL), timer.Last);
        });
        h.End(app);
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
        h.End(server);
    }
}
