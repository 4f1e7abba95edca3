// The validate step of SpawnGranted: may the caller grant devices at all, are the grants well formed, does its may:grant cover them. Pure: host-tested.
using Smos.Formats;
using Smos.Protocol;

namespace Smos.RootTask.Requests;

public static class GrantRules
{
    /// <summary>
    /// The grants <paramref name="wanted"/> names as an <see cref="InitGrantSet"/> (<paramref name="grants"/>), if the
    /// caller may give them: NotPermitted without the <see cref="InitPrivileges.Grant"/> privilege
    /// (<paramref name="refused"/> None) or when its <paramref name="grantable"/> set does not cover them
    /// (<paramref name="refused"/> the first grant outside it, <paramref name="what"/> its interrupt, page or DMA pages);
    /// BadArgument when they are malformed as an init line's words would be (<paramref name="malformed"/> says why).
    /// </summary>
    public static RootError Check(InitPrivileges privileges, in InitGrantSet grantable, in SpawnGrants wanted, out InitGrantSet grants,
        out GrantKind refused, out ulong what, out InitGrantError malformed)
    {
        grants = InitGrantSet.None;
        refused = GrantKind.None;
        what = 0;
        malformed = InitGrantError.Ok;
        if ((privileges & InitPrivileges.Grant) == 0)
        {
            return RootError.NotPermitted;
        }

        malformed = Build(wanted, out grants);
        if (malformed != InitGrantError.Ok)
        {
            grants = InitGrantSet.None;
            return RootError.BadArgument;
        }

        refused = grantable.Uncovered(grants, out what);
        if (refused != GrantKind.None)
        {
            grants = InitGrantSet.None;
            return RootError.NotPermitted;
        }

        return RootError.Ok;
    }

    private static InitGrantError Build(in SpawnGrants wanted, out InitGrantSet grants)
    {
        grants = InitGrantSet.None;
        InitGrantError e;
        if (wanted.Interrupt >= 0 && (e = grants.AddInterrupt((ulong)wanted.Interrupt)) != InitGrantError.Ok)
        {
            return e;
        }

        if (wanted.DmaPages != 0 && (e = grants.AddDma(wanted.DmaPages)) != InitGrantError.Ok)
        {
            return e;
        }

        if (wanted.RegionCount > SpawnGrants.MaxRegions)
        {
            return InitGrantError.TooManyRegions;
        }

        for (int r = 0; r < wanted.RegionCount; r++)
        {
            wanted.Region(r, out ulong paddr, out int pages);
            if ((e = grants.AddMmio(paddr, pages)) != InitGrantError.Ok)
            {
                return e;
            }
        }

        return InitGrantError.Ok;
    }
}
