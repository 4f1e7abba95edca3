// Host tests of the timer server's deadline queue: order, ties, cancel anywhere, growth, and a seeded comparison with a sorted list.
using System;
using System.Collections.Generic;
using System.Linq;
using Smos.Services.Time;
using Xunit;

namespace Smos.Services.Tests;

public class DeadlineQueueTests
{
    // Takes everything due at `now`, in order, as (deadline-free) item list.
    private static List<string> TakeAll(DeadlineQueue<string> q, ulong now)
    {
        var taken = new List<string>();
        while (q.TryTakeDue(now, out string item, out _))
        {
            taken.Add(item);
        }

        return taken;
    }

    [Fact]
    public void AnEmptyQueueHasNothingToPeekOrTake()
    {
        var q = new DeadlineQueue<string>();
        Assert.Equal(0, q.Count);
        Assert.False(q.TryPeek(out ulong deadline));
        Assert.Equal(0UL, deadline);
        Assert.False(q.TryTakeDue(ulong.MaxValue, out string item, out long id));
        Assert.Null(item);
        Assert.Equal(0L, id);
    }

    [Fact]
    public void EntriesLeaveInDeadlineOrderWhateverTheOrderOfAdding()
    {
        var q = new DeadlineQueue<string>();
        q.Add(50, "e");
        q.Add(10, "a");
        q.Add(40, "d");
        q.Add(20, "b");
        q.Add(30, "c");
        Assert.Equal(5, q.Count);
        Assert.True(q.TryPeek(out ulong first));
        Assert.Equal(10UL, first);
        Assert.Equal(["a", "b", "c", "d", "e"], TakeAll(q, 100));
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void OnlyDueEntriesAreTaken()
    {
        var q = new DeadlineQueue<string>();
        q.Add(100, "late");
        q.Add(5, "early");
        q.Add(50, "middle");
        Assert.False(q.TryTakeDue(4, out _, out _));
        Assert.Equal(["early"], TakeAll(q, 5)); // a deadline equal to now is due
        Assert.Equal(["middle"], TakeAll(q, 99));
        Assert.True(q.TryPeek(out ulong next));
        Assert.Equal(100UL, next);
        Assert.Equal(["late"], TakeAll(q, 100));
    }

    [Fact]
    public void EqualDeadlinesLeaveInTheOrderTheyWereAdded()
    {
        var q = new DeadlineQueue<string>();
        for (int i = 0; i < 40; i++)
        {
            q.Add((ulong)(i % 2 == 0 ? 7 : 3), "n" + i);
        }

        List<string> taken = TakeAll(q, 10);
        string[] odd = Enumerable.Range(0, 40).Where(i => i % 2 == 1).Select(i => "n" + i).ToArray();
        string[] even = Enumerable.Range(0, 40).Where(i => i % 2 == 0).Select(i => "n" + i).ToArray();
        Assert.Equal(odd.Concat(even), taken);
    }

    [Fact]
    public void TiesStayFifoAcrossCancelsAndLaterAdds()
    {
        var q = new DeadlineQueue<string>();
        q.Add(9, "a");
        long b = q.Add(9, "b");
        q.Add(9, "c");
        q.Add(1, "x");
        Assert.True(q.Cancel(b));
        q.Add(9, "d");
        Assert.Equal(["x", "a", "c", "d"], TakeAll(q, 9));
    }

    [Fact]
    public void IdsAreDistinctPositiveAndNeverReused()
    {
        var q = new DeadlineQueue<int>();
        var seen = new HashSet<long>();
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < 30; i++)
            {
                long id = q.Add((ulong)i, i);
                Assert.True(id > 0);
                Assert.True(seen.Add(id));
            }

            while (q.TryTakeDue(ulong.MaxValue, out _, out long taken))
            {
                Assert.Contains(taken, seen);
            }
        }
    }

    [Fact]
    public void TakeReportsTheIdAddReturned()
    {
        var q = new DeadlineQueue<string>();
        long late = q.Add(20, "late");
        long early = q.Add(10, "early");
        Assert.True(q.TryTakeDue(30, out string item, out long id));
        Assert.Equal(("early", early), (item, id));
        Assert.True(q.TryTakeDue(30, out item, out id));
        Assert.Equal(("late", late), (item, id));
    }

    [Fact]
    public void CancelOfTheHeadMovesThePeekToTheNextDeadline()
    {
        var q = new DeadlineQueue<string>();
        long head = q.Add(1, "head");
        q.Add(2, "second");
        q.Add(3, "third");
        Assert.True(q.Cancel(head));
        Assert.Equal(2, q.Count);
        Assert.True(q.TryPeek(out ulong next));
        Assert.Equal(2UL, next);
        Assert.Equal(["second", "third"], TakeAll(q, 10));
    }

    [Fact]
    public void CancelOfAMiddleEntryKeepsTheRestInOrder()
    {
        var q = new DeadlineQueue<string>();
        var ids = new Dictionary<string, long>();
        foreach ((ulong d, string name) in new[] { (5UL, "e"), (1UL, "a"), (3UL, "c"), (2UL, "b"), (4UL, "d"), (6UL, "f"), (7UL, "g") })
        {
            ids[name] = q.Add(d, name);
        }

        Assert.True(q.Cancel(ids["c"]));
        Assert.True(q.Cancel(ids["e"]));
        Assert.Equal(["a", "b", "d", "f", "g"], TakeAll(q, 10));
    }

    [Fact]
    public void AnEntryMovedIntoACancelledSlotRisesAboveALargerParent()
    {
        // Added in this order the heap is [1, 50, 2, 51, 52, 3, 4]; cancelling 51 moves 4 (from the right subtree) under 50,
        // where it must rise, or 50 would leave before it.
        var q = new DeadlineQueue<string>();
        long cancel = 0;
        foreach (ulong d in new ulong[] { 1, 50, 2, 51, 52, 3, 4 })
        {
            long id = q.Add(d, d.ToString(System.Globalization.CultureInfo.InvariantCulture));
            cancel = d == 51 ? id : cancel;
        }

        Assert.True(q.Cancel(cancel));
        q.Add(60, "60");
        q.Add(61, "61");
        Assert.Equal(["1", "2", "3", "4", "50", "52", "60", "61"], TakeAll(q, 100));
    }

    [Fact]
    public void CancelOfTheLastSlotAndOfTheOnlyEntry()
    {
        var q = new DeadlineQueue<string>();
        q.Add(1, "a");
        long last = q.Add(2, "b"); // added last with the greatest deadline: it stays in the heap's last slot
        Assert.True(q.Cancel(last));
        Assert.Equal(["a"], TakeAll(q, 10));

        long only = q.Add(5, "only");
        Assert.True(q.Cancel(only));
        Assert.Equal(0, q.Count);
        Assert.False(q.TryPeek(out _));
    }

    [Fact]
    public void CancelOfATakenCancelledOrUnknownIdIsFalse()
    {
        var q = new DeadlineQueue<string>();
        long taken = q.Add(1, "taken");
        long cancelled = q.Add(2, "cancelled");
        long waiting = q.Add(3, "waiting");
        Assert.True(q.TryTakeDue(1, out _, out _));
        Assert.False(q.Cancel(taken));
        Assert.True(q.Cancel(cancelled));
        Assert.False(q.Cancel(cancelled));
        Assert.False(q.Cancel(0));
        Assert.False(q.Cancel(-1));
        Assert.False(q.Cancel(waiting + 1000));
        Assert.Equal(1, q.Count);
        Assert.Equal(["waiting"], TakeAll(q, 3));
    }

    [Fact]
    public void ExtremeDeadlinesOrderCorrectly()
    {
        var q = new DeadlineQueue<string>();
        q.Add(ulong.MaxValue, "max");
        q.Add(0, "zero");
        q.Add(ulong.MaxValue - 1, "almost");
        Assert.Equal(["zero"], TakeAll(q, 0));
        Assert.Equal(["almost"], TakeAll(q, ulong.MaxValue - 1));
        Assert.Equal(["max"], TakeAll(q, ulong.MaxValue));
    }

    [Fact]
    public void GrowsWellPastItsInitialSize()
    {
        var q = new DeadlineQueue<int>();
        const int n = 100_000;
        for (int i = n - 1; i >= 0; i--)
        {
            q.Add((ulong)i, i);
        }

        Assert.Equal(n, q.Count);
        for (int expected = 0; expected < n; expected++)
        {
            Assert.True(q.TryTakeDue(ulong.MaxValue, out int item, out _));
            Assert.Equal(expected, item);
        }

        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void AtItsWorkingSizeTheQueueAllocatesNothing()
    {
        var q = new DeadlineQueue<int>();
        var ids = new long[100];
        void Cycle(ulong round)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = q.Add(round * 1000 + (ulong)(i * 7 % 100), i);
            }

            for (int i = 0; i < ids.Length; i += 3)
            {
                q.Cancel(ids[i]);
            }

            while (q.TryTakeDue(ulong.MaxValue, out _, out _))
            {
            }
        }

        Cycle(0); // grows the arrays and the map
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (ulong round = 1; round < 50; round++)
        {
            Cycle(round);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void TakenEntriesDoNotKeepTheirItemsAlive()
    {
        var q = new DeadlineQueue<object>();
        WeakReference weak = AddAndTake(q);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(weak.IsAlive);

        static WeakReference AddAndTake(DeadlineQueue<object> q)
        {
            var item = new object();
            q.Add(1, item);
            q.Add(2, "stays");
            Assert.True(q.TryTakeDue(1, out _, out _));
            return new WeakReference(item);
        }
    }

    // A seeded random mix of adds (with many ties), cancels of live, taken and cancelled ids, and takes at a moving
    // `now`, checked step by step against a list sorted by (deadline, insertion order).
    [Theory]
    [InlineData(1, 20_000, 50)]
    [InlineData(2, 20_000, 1_000_000)]
    [InlineData(3, 5_000, 3)]
    [InlineData(4, 10_000, int.MaxValue)]
    public void MatchesASortedReferenceOnARandomMix(int seed, int steps, int deadlineRange)
    {
        var random = new Random(seed);
        var q = new DeadlineQueue<int>();
        var reference = new List<(ulong Deadline, long Id, int Item)>();
        var everIssued = new List<long>();
        ulong now = 0;
        for (int step = 0; step < steps; step++)
        {
            int action = random.Next(10);
            if (action < 5)
            {
                ulong deadline = now + (ulong)random.Next(deadlineRange);
                long id = q.Add(deadline, step);
                reference.Add((deadline, id, step));
                everIssued.Add(id);
            }
            else if (action < 7 && everIssued.Count > 0)
            {
                long id = everIssued[random.Next(everIssued.Count)];
                int index = reference.FindIndex(e => e.Id == id);
                Assert.Equal(index >= 0, q.Cancel(id));
                if (index >= 0)
                {
                    reference.RemoveAt(index);
                }
            }
            else
            {
                now += (ulong)random.Next(deadlineRange / 2 + 1);
                var due = reference.Where(e => e.Deadline <= now).OrderBy(e => e.Deadline).ThenBy(e => e.Item).ToList();
                foreach ((ulong _, long id, int item) in due)
                {
                    Assert.True(q.TryTakeDue(now, out int gotItem, out long gotId));
                    Assert.Equal((item, id), (gotItem, gotId));
                }

                Assert.False(q.TryTakeDue(now, out _, out _));
                reference.RemoveAll(e => e.Deadline <= now);
            }

            Assert.Equal(reference.Count, q.Count);
            Assert.Equal(reference.Count > 0, q.TryPeek(out ulong peek));
            if (reference.Count > 0)
            {
                Assert.Equal(reference.Min(e => e.Deadline), peek);
            }
        }

        // Drain: everything left leaves in (deadline, insertion) order.
        foreach ((ulong _, long id, int item) in reference.OrderBy(e => e.Deadline).ThenBy(e => e.Item))
        {
            Assert.True(q.TryTakeDue(ulong.MaxValue, out int gotItem, out long gotId));
            Assert.Equal((item, id), (gotItem, gotId));
        }

        Assert.Equal(0, q.Count);
    }
}
