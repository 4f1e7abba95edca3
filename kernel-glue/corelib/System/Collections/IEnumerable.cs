// The enumeration interfaces behind foreach (System.Collections and System.Collections.Generic).
namespace System.Collections
{
    /// <summary>A sequence that can be enumerated (non-generic form).</summary>
    public interface IEnumerable
    {
        IEnumerator GetEnumerator();
    }

    /// <summary>A cursor over a sequence (non-generic form).</summary>
    public interface IEnumerator
    {
        object? Current { get; }

        bool MoveNext();

        void Reset();
    }
}

namespace System.Collections.Generic
{
    /// <summary>A sequence of <typeparamref name="T"/> that can be enumerated with foreach.</summary>
    public interface IEnumerable<out T> : IEnumerable
    {
        new IEnumerator<T> GetEnumerator();
    }

    /// <summary>A cursor over a sequence of <typeparamref name="T"/>.</summary>
    public interface IEnumerator<out T> : IDisposable, IEnumerator
    {
        new T Current { get; }
    }
}
