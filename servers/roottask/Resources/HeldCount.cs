// What one registry counts per process, read by another server without depending on it (publications: names and topics).
namespace Smos.RootTask.Resources;

/// <summary>
/// A per-process count kept by one server's registry. The publications quota counts the names a process published
/// (the connection server's) and the topics it holds (the broker's): each server reads the other's through this.
/// </summary>
public interface IHeldCount
{
    /// <summary>How many <paramref name="pid"/> holds.</summary>
    int HeldBy(ulong pid);
}
