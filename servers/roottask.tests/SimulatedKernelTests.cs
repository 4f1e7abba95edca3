// Tests that the kernel simulator itself behaves like seL4 where the resource managers depend on it.
using Smos.Sel4;
using Xunit;

using static Smos.RootTask.Tests.TestSlots;

namespace Smos.RootTask.Tests;

public class SimulatedKernelTests
{
    private static SimulatedKernel WithUntyped(int sizeBits = 14, bool device = false)
    {
        var k = new SimulatedKernel();
        k.AddBootUntyped(10, 0x40000000, sizeBits, device);
        return k;
    }

    [Fact]
    public void ObjectsGoAtTheAlignedWatermarkUntilTheUntypedIsFull()
    {
        SimulatedKernel k = WithUntyped(14);
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(10), ObjectType.Endpoint, 0, Root(100), 1));
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(10), ObjectType.SmallPage, 0, Root(101), 2));
        Assert.Equal(0x40000000UL, k.CapAt(100)!.PAddr);
        Assert.Equal(0x40001000UL, k.CapAt(101)!.PAddr); // aligned past the endpoint
        Assert.Equal(0x40002000UL, k.CapAt(102)!.PAddr);
        Assert.Equal(Sel4Error.NotEnoughMemory, k.Retype(Root(10), ObjectType.SmallPage, 0, Root(103), 2));
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(10), ObjectType.SmallPage, 0, Root(103), 1));
        Assert.Equal(Sel4Error.NotEnoughMemory, k.Retype(Root(10), ObjectType.Endpoint, 0, Root(104), 1));
        Assert.Equal(Sel4Error.NotEnoughMemory, k.RetypeUntyped(Root(10), 15, Root(104), 1));
        Assert.Equal(6, k.Calls.Count);
        Assert.Equal(new KernelCall("Retype", 10, ObjectType.SmallPage, 0, 101, 2, Sel4Error.NoError), k.Calls[1]);
    }

    [Fact]
    public void AChildlessUntypedIsResetButOneWithChildrenIsNot()
    {
        SimulatedKernel k = WithUntyped(13);
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(10), ObjectType.SmallPage, 0, Root(100), 1));
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(10), ObjectType.SmallPage, 0, Root(101), 1));
        Assert.Equal(Sel4Error.NoError, k.Delete(Root(100)));
        Assert.Equal(Sel4Error.NotEnoughMemory, k.Retype(Root(10), ObjectType.SmallPage, 0, Root(100), 1)); // 101 still there
        Assert.Equal(Sel4Error.NoError, k.Delete(Root(101)));
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(10), ObjectType.SmallPage, 0, Root(100), 1));
        Assert.Equal(0x40000000UL, k.CapAt(100)!.PAddr);
        Assert.Empty(k.Misuse);
    }

    [Fact]
    public void RevokeDeletesEveryDescendant()
    {
        SimulatedKernel k = WithUntyped(16);
        Assert.Equal(Sel4Error.NoError, k.RetypeUntyped(Root(10), 15, Root(100), 2));
        Assert.Equal(Sel4Error.NoError, k.RetypeUntyped(Root(100), 14, Root(102), 2));
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(102), ObjectType.Tcb, 0, Root(104), 4));
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(101), ObjectType.Notification, 0, Root(108), 1));
        Assert.Equal(10, k.LiveCaps);
        Assert.Equal(Sel4Error.NoError, k.Revoke(Root(100)));
        Assert.Equal(4, k.LiveCaps); // the boot untyped, 100, 101 and the notification
        Assert.Null(k.CapAt(104));
        Assert.Equal(Sel4Error.NoError, k.Revoke(Root(10)));
        Assert.Equal(1, k.LiveCaps);
        Assert.Equal(Sel4Error.NoError, k.Revoke(Root(200)));
        Assert.Single(k.Misuse);
    }

    [Fact]
    public void ArgumentsAreCheckedLikeTheKernel()
    {
        SimulatedKernel k = WithUntyped(14);
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(10), ObjectType.Endpoint, 0, Root(100), 1));
        Assert.Equal(Sel4Error.DeleteFirst, k.Retype(Root(10), ObjectType.Endpoint, 0, Root(99), 2));
        Assert.Equal(Sel4Error.InvalidCapability, k.Retype(Root(11), ObjectType.Endpoint, 0, Root(200), 1));
        Assert.Equal(Sel4Error.IllegalOperation, k.Retype(Root(100), ObjectType.Endpoint, 0, Root(200), 1));
        Assert.Equal(Sel4Error.InvalidArgument, k.Retype(Root(10), (ObjectType)12, 0, Root(200), 1));
        Assert.Equal(Sel4Error.InvalidArgument, k.RetypeUntyped(Root(10), 3, Root(200), 1));
        Assert.Equal(Sel4Error.RangeError, k.RetypeUntyped(Root(10), 48, Root(200), 1));
        Assert.Equal(Sel4Error.InvalidArgument, k.Retype(Root(10), ObjectType.CNode, 0, Root(200), 1));
        Assert.Equal(Sel4Error.RangeError, k.Retype(Root(10), ObjectType.Endpoint, 0, Root(200), 0));
        Assert.Equal(Sel4Error.RangeError, k.Retype(Root(10), ObjectType.Endpoint, 0, Root(200), 257));
        Assert.Equal(Sel4Error.RangeError, k.Retype(Root(10), ObjectType.Endpoint, 0, Root(4095), 2));
        Assert.Equal(Sel4Error.FailedLookup, k.Revoke(Root(4096)));
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(10), ObjectType.CNode, 4, Root(200), 1));
        Assert.Equal(9, k.CapAt(200)!.SizeBits);
    }

    [Fact]
    public void DeviceUntypedsMakeOnlyFramesAndUntypeds()
    {
        SimulatedKernel k = WithUntyped(16, device: true);
        Assert.Equal(Sel4Error.InvalidArgument, k.Retype(Root(10), ObjectType.Tcb, 0, Root(100), 1));
        Assert.Equal(Sel4Error.InvalidArgument, k.Retype(Root(10), ObjectType.PageTable, 0, Root(100), 1));
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(10), ObjectType.SmallPage, 0, Root(100), 1));
        Assert.Equal(Sel4Error.NoError, k.RetypeUntyped(Root(10), 12, Root(101), 1));
        Assert.True(k.CapAt(101)!.IsDevice);
    }

    [Fact]
    public void AnInjectedFailureHitsTheChosenCallOnly()
    {
        SimulatedKernel k = WithUntyped(14);
        k.FailCall(1, Sel4Error.RevokeFirst);
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(10), ObjectType.Endpoint, 0, Root(100), 1));
        Assert.Equal(Sel4Error.RevokeFirst, k.Retype(Root(10), ObjectType.Endpoint, 0, Root(101), 1));
        Assert.Null(k.CapAt(101));
        Assert.Equal(Sel4Error.NoError, k.Retype(Root(10), ObjectType.Endpoint, 0, Root(101), 1));
    }
}
