// The free-record stack of the growing tables: lowest new index first, reuse before growth, no allocation to take or give.
using System;
using Smos.RootTask.Resources;
using Xunit;

namespace Smos.RootTask.Tests;

public class FreeRecordsTests
{
    [Fact]
    public void NewRecordsComeLowestFirstAndFreedOnesAreTakenBeforeAnyIsMade()
    {
        var f = new FreeRecords(2);
        f.Make(4);
        Assert.Equal(4, f.Made);
        Assert.Equal(0, f.Top);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(i, f.Top);
            f.Take(f.Top);
        }

        Assert.Equal(-1, f.Top);
        Assert.Equal(4, f.InUse);
        f.Give(2);
        Assert.Equal(2, f.Top);
        f.Make(4);
        Assert.Equal(8, f.Made);
        Assert.Equal(4, f.Top); // the new ones first; 2 is below them
        f.Take(2);              // a check step may choose any free record
        Assert.InRange(f.Top, 4, 7);
        Assert.Equal(4, f.Count);
    }

    [Fact]
    public void TakingAndGivingBackAllocateNothing()
    {
        var f = new FreeRecords(1);
        f.Make(1000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 10; round++)
        {
            for (int i = 0; i < 1000; i++)
            {
                f.Take(f.Top);
            }

            for (int i = 999; i >= 0; i--)
            {
                f.Give(i);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, f.Count);
    }
}
