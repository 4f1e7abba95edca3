// Demo result lines carry the demo's name after the result kind: SMOS-DEMO <name>: PASS / FAIL.
using Xunit;

namespace Smos.Build.Tests;

public class SerialWatcherDemoTests
{
    [Fact]
    public void ADemoFailureFailsTheRun()
    {
        var w = new SerialWatcher();
        w.Feed("SMOS-BOOT: PASS");
        w.Feed("SMOS-DEMO echo: FAIL memory or slots were not all returned");
        w.Feed("SMOS-DONE");
        Assert.NotNull(w.FailureReason);
    }

    [Fact]
    public void ADemoPassCounts()
    {
        var w = new SerialWatcher();
        w.Feed("SMOS-DEMO echo: PASS");
        w.Feed("SMOS-DONE");
        Assert.Null(w.FailureReason);
    }
}
