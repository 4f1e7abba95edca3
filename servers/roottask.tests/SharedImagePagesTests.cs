// An app's read-only pages whole in the (page-aligned) apps archive are mapped from the root task's image frames, shared
// by every process of the app; writable pages are copied; an ended process's copies are kept as spares for the next.
using System.Linq;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class SharedImagePagesTests
{
    private static LoadSegment Text => ElfFixtures.Get(0).Segments.Single(s => s.Flags.Contains('E', System.StringComparison.Ordinal));

    private static LoadSegment Data => ElfFixtures.Get(0).Segments.First(s => s.Flags.Contains('W', System.StringComparison.Ordinal));

    [Fact]
    public void TwoProcessesOfAnAppShareItsFirstCodePageAndNotItsData()
    {
        var w = new ServerWorld(imageFrames: true);
        Process a = w.Start("server");
        Process b = w.Start("server");
        SimCap codeA = w.PageOf(a, Text.VAddr)!;
        SimCap codeB = w.PageOf(b, Text.VAddr)!;
        Assert.Same(codeA.Object, codeB.Object); // one frame: the image's
        Assert.Equal(CapRights.Read, codeA.MappedRights);
        Assert.True(a.SharedPageCount >= 1 && a.SharedPageCount == b.SharedPageCount);
        Assert.NotSame(w.PageOf(a, Data.VAddr)!.Object, w.PageOf(b, Data.VAddr)!.Object);

        // The shared frame is one of the image's: the capability in the recorded userImageFrames slots.
        ulong slot = RecordedBoot.ImageFrames.Start;
        Assert.Contains(Enumerable.Range(0, (int)(RecordedBoot.ImageFrames.Count)).Select(k => w.Kernel.CapAt(slot + (ulong)k)?.Object),
            o => ReferenceEquals(o, codeA.Object));
    }

    [Fact]
    public void WithoutImageFramesEveryPageIsCopied()
    {
        var w = new ServerWorld();
        Process a = w.Start("server");
        Process b = w.Start("server");
        Assert.NotSame(w.PageOf(a, Text.VAddr)!.Object, w.PageOf(b, Text.VAddr)!.Object);
        Assert.Equal(0, a.SharedPageCount);
    }

    [Fact]
    public void AnEndedProcessGivesBackItsCopiesAndSlotsAndTheFramesStay()
    {
        var w = new ServerWorld(imageFrames: true);
        Process parent = w.Start("hello");
        var before = w.Snapshot();
        ulong quotaSlotsBefore = parent.Account.UsedOf(QuotaKind.Slots);
        Outcome o = w.Call(parent, RootRequest.Spawn, ServerWorld.SpawnWords("server", ""));
        Assert.Equal(RootError.Ok, o.Error);
        Process child = w.Find(o.Value)!;
        SimCap code = w.PageOf(child, Text.VAddr)!;
        int capsOfFrame = code.Object.Caps;
        Assert.True(child.SharedPageCount >= 1);

        Assert.False(w.Call(child, RootRequest.Exit, 0).Replied);
        Assert.Equal(quotaSlotsBefore, parent.Account.UsedOf(QuotaKind.Slots));
        int spares = w.Server.Spawner.SpareCopies;
        Assert.True(spares >= 1); // each copy kept, unmapped, as its frame's spare: a root slot each
        Assert.Equal(capsOfFrame, code.Object.Caps);
        Assert.Equal(before.FreeSlots - spares, w.Snapshot().FreeSlots);

        w.Dispatcher.ReleaseSpareCopies();
        Assert.Equal(capsOfFrame - 1, code.Object.Caps); // the copy is gone, the image's own capability stays
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void TheNextProcessOfTheAppMapsTheSparesAnEndedOneLeft()
    {
        var w = new ServerWorld(imageFrames: true);
        Process first = w.Start("server");
        SimCap code = w.PageOf(first, Text.VAddr)!;
        int pages = first.SharedPageCount, capsOfFrame = code.Object.Caps;
        w.Dispatcher.End(first, EndReason.Exited, 0);
        Assert.Equal(pages, w.Server.Spawner.SpareCopies);

        Process second = w.Start("server"); // maps the spares: no new copy of any frame
        Assert.Equal(0, w.Server.Spawner.SpareCopies);
        Assert.Equal(pages, second.SharedPageCount);
        SimCap again = w.PageOf(second, Text.VAddr)!;
        Assert.Same(code.Object, again.Object);
        Assert.Equal(capsOfFrame, code.Object.Caps);
        Assert.Equal(CapRights.Read, again.MappedRights);

        // Two processes at once: the second one's copies are new; at their ends one spare per frame is kept, the
        // others deleted.
        Process third = w.Start("server");
        Assert.Equal(capsOfFrame + 1, code.Object.Caps);
        w.Dispatcher.End(second, EndReason.Exited, 0);
        w.Dispatcher.End(third, EndReason.Exited, 0);
        Assert.Equal(pages, w.Server.Spawner.SpareCopies);
        Assert.Equal(capsOfFrame, code.Object.Caps);
        Assert.Empty(w.Kernel.Misuse);
    }
}
