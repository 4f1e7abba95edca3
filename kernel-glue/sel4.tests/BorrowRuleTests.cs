// The IPC buffer's borrow rules: exclusive writes, shared reads, no IPC while borrowed, per-thread state.
using System.Threading;
using Xunit;

namespace Smos.Sel4.Tests;

public sealed class BorrowRuleTests : System.IDisposable
{
    private readonly TestThread _thread = new();

    public void Dispose() => _thread.Dispose();

    private static IpcViolationException Violation(System.Action action) => Assert.Throws<IpcViolationException>(action);

    [Fact]
    public void SecondWriteScopeIsRejectedAndSoIsEveryFurtherOne()
    {
        using var outer = Ipc.Write();
        var second = Violation(() => Ipc.Write());
        Assert.Equal(IpcViolation.WriteWhileWriting, second.Violation);
        // rust-sel4's guard only caught the first nesting; every later attempt must fail too.
        var third = Violation(() => Ipc.Write());
        Assert.Equal(IpcViolation.WriteWhileWriting, third.Violation);
        Assert.Equal(IpcViolation.WriteWhileWriting, Ipc.TryWrite(out IpcWriter w));
        w.Dispose();
        Assert.Equal(IpcViolation.WriteWhileWriting, Ipc.TryWrite(out _));
    }

    [Fact]
    public void ReadWhileWritingAndWriteWhileReadingAreRejected()
    {
        using (Ipc.Write())
        {
            Assert.Equal(IpcViolation.ReadWhileWriting, Violation(() => Ipc.Read()).Violation);
        }

        using (Ipc.Read())
        {
            Assert.Equal(IpcViolation.WriteWhileReading, Violation(() => Ipc.Write()).Violation);
        }
    }

    [Fact]
    public void ReadScopesAreSharedUpToTheLimit()
    {
        var r1 = Ipc.Read();
        var r2 = Ipc.Read();
        var r3 = Ipc.Read();
        var r4 = Ipc.Read();
        Assert.Equal(IpcViolation.TooManyReaders, Ipc.TryRead(out IpcReader r5));
        _ = r1.GetMr(0) + r2.GetMr(0) + r3.GetMr(0) + r4.GetMr(0);
        r2.Dispose();
        Assert.Equal(0UL, r1.GetMr(0) + r3.GetMr(0) + r4.GetMr(0));
        r1.Dispose();
        r3.Dispose();
        r4.Dispose();
        r5.Dispose();
        using var w = Ipc.Write();
    }

    [Fact]
    public void ScopeEndedEarlyReallyReleases()
    {
        var w = Ipc.Write();
        w.SetMr(0, 5);
        w.Dispose();
        using (var again = Ipc.Write())
        {
            Assert.Equal(5UL, again.GetMr(0));
        }

        var r = Ipc.Read();
        r.Dispose();
        r.Dispose(); // ending twice does nothing
        using var w2 = Ipc.Write();
    }

    [Fact]
    public void MessageRegistersStartAtTheWordTheScopesUse()
    {
        Assert.Equal(IpcBufferLayout.MsgWord * sizeof(ulong), (int)System.Runtime.InteropServices.Marshal.OffsetOf<IpcBufferLayout>(nameof(IpcBufferLayout.Msg)));
    }

    [Fact]
    public void UseOfAnEndedScopeIsCaught()
    {
        // Scopes are ref structs, so they cannot be captured by a lambda: catch by hand. A span taken from a scope, or a
        // copy of a scope, used after the scope ended is rejected at compile time instead (SMOS007: Smos007Tests).
        var w = Ipc.Write();
        w.Dispose();
        IpcViolation seen = IpcViolation.None;
        try
        {
            w.SetMr(0, 1);
        }
        catch (IpcViolationException e)
        {
            seen = e.Violation;
        }

        Assert.Equal(IpcViolation.UseAfterEnd, seen);
        seen = IpcViolation.None;
        try
        {
            _ = w.MessageRegisters;
        }
        catch (IpcViolationException e)
        {
            seen = e.Violation;
        }

        Assert.Equal(IpcViolation.UseAfterEnd, seen);

        var r = Ipc.Read();
        r.Dispose();
        seen = IpcViolation.None;
        try
        {
            _ = r.GetMr(0);
        }
        catch (IpcViolationException e)
        {
            seen = e.Violation;
        }

        Assert.Equal(IpcViolation.UseAfterEnd, seen);

        // A scope that was refused is as good as ended: unusable, and ending it releases nothing.
        using (Ipc.Write())
        {
            Assert.Equal(IpcViolation.WriteWhileWriting, Ipc.TryWrite(out IpcWriter refused));
            seen = IpcViolation.None;
            try
            {
                refused.SetMr(0, 1);
            }
            catch (IpcViolationException e)
            {
                seen = e.Violation;
            }

            refused.Dispose();
            Assert.Equal(IpcViolation.UseAfterEnd, seen);
            Assert.Equal(IpcViolation.ReadWhileWriting, Ipc.TryRead(out _));
        }

        Assert.Equal(IpcViolation.None, Ipc.TryWrite(out IpcWriter free));
        free.Dispose();
    }

    [Fact]
    public void TwoThreadsHaveIndependentState()
    {
        using var mine = Ipc.Write();
        IpcViolation other = IpcViolation.NoIpcBuffer;
        var t = new Thread(() =>
        {
            using var second = new TestThread();
            other = Ipc.TryWrite(out IpcWriter w);
            w.SetMr(0, 7);
            w.Dispose();
        });
        t.Start();
        t.Join();
        Assert.Equal(IpcViolation.None, other);
        Assert.Equal(IpcViolation.WriteWhileWriting, Ipc.TryWrite(out _));
    }

    [Fact]
    public void AThreadWithoutContextIsToldHowToSetOneUp()
    {
        IpcViolationException? seen = null;
        var t = new Thread(() =>
        {
            try
            {
                Ipc.Write();
            }
            catch (IpcViolationException e)
            {
                seen = e;
            }
        });
        t.Start();
        t.Join();
        Assert.NotNull(seen);
        Assert.Equal(IpcViolation.NoIpcBuffer, seen!.Violation);
    }
}
