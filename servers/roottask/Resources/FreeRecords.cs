// The free records of a table that grows: how many were made, and a stack of the free ones' indexes. Pure: host-tested.
namespace Smos.RootTask.Resources;

/// <summary>
/// Record indexes of one of the root task's growing tables (publications, connections, topics, subscriptions). The
/// table makes records in batches (<see cref="Make"/>, after growing its own arrays to <see cref="Made"/> + more); a
/// freed record is taken again before a new one is made, lowest index first among new ones. Taking and giving back never
/// allocate: the stack has room for every record made.
/// </summary>
public sealed class FreeRecords
{
    private int[] _free;
    private int _count;

    public FreeRecords(int capacity)
    {
        _free = new int[capacity];
    }

    /// <summary>Records made so far: indexes 0 .. Made-1.</summary>
    public int Made { get; private set; }

    /// <summary>Free records.</summary>
    public int Count => _count;

    /// <summary>Records taken.</summary>
    public int InUse => Made - _count;

    /// <summary>The record <see cref="Take"/> would be given next without a preference, or -1 when none is free.</summary>
    public int Top => _count > 0 ? _free[_count - 1] : -1;

    /// <summary>Makes <paramref name="more"/> records, all free (throws OutOfMemoryException, leaving everything as it was, when the heap cannot grow).</summary>
    public void Make(int more)
    {
        if (Made + more > _free.Length)
        {
            var free = new int[Made + more];
            System.Array.Copy(_free, free, _count);
            _free = free;
        }

        // Pushed in reverse, so the lowest new index is on top.
        for (int i = Made + more - 1; i >= Made; i--)
        {
            _free[_count++] = i;
        }

        Made += more;
    }

    /// <summary>Takes record <paramref name="index"/> (normally <see cref="Top"/>, which a check step chose) off the free stack.</summary>
    public void Take(int index)
    {
        for (int k = _count - 1; k >= 0; k--)
        {
            if (_free[k] == index)
            {
                _free[k] = _free[_count - 1];
                _count--;
                return;
            }
        }
    }

    /// <summary>Record <paramref name="index"/> is free again.</summary>
    public void Give(int index) => _free[_count++] = index;
}
