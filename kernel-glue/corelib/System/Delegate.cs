// Delegates: the four fields ILC's invoke thunks read, the constructors it calls by name, and Combine/Remove.
using Internal.Runtime;
using System.Runtime.CompilerServices;

namespace System;

/// <summary>
/// A delegate holds a function pointer and what to call it with. ILC generates each delegate type's <c>Invoke</c> as
/// "call <c>_functionPointer</c> with <c>_firstParameter</c> and the arguments", and initialises the fields through the
/// <c>Initialize*</c> methods below (found by name):
/// <list type="bullet">
/// <item>closed instance (a lambda with captures, <c>obj.Method</c>): first parameter = the target object, function = the method;</item>
/// <item>static or open (a static method, a lambda without captures): first parameter = the delegate itself, function =
/// a thunk that calls <c>_extraFunctionPointerOrData</c> with the arguments;</item>
/// <item>closed static: the thunk also passes <c>_helperObject</c> first;</item>
/// <item>multicast (after <c>+=</c>): first parameter = the delegate itself, function = the multicast thunk, helper = the
/// invocation list (an array of <see cref="Wrapper"/>), extra = its length.</item>
/// </list>
/// </summary>
public abstract unsafe class Delegate
{
    // Field names required by the compiler.
    internal object? _firstParameter;
    internal object? _helperObject;
    internal nint _extraFunctionPointerOrData;
    internal IntPtr _functionPointer;

    // Thunk kinds the compiler's GetThunk override answers.
    private protected const int MulticastThunk = 0;
    private protected const int ClosedStaticThunk = 1;
    private protected const int OpenStaticThunk = 2;

    /// <summary>An element of a multicast invocation list (a struct, so the list has no array covariance checks).</summary>
    internal struct Wrapper
    {
        public Wrapper(Delegate value) => Value = value;

        public Delegate Value;
    }

    /// <summary>The object an instance method is called on, or null for a static method.</summary>
    public object? Target
    {
        get
        {
            if (_helperObject is Wrapper[] list)
            {
                return list[(int)_extraFunctionPointerOrData - 1].Value.Target;
            }

            if (_functionPointer == GetThunk(ClosedStaticThunk))
            {
                return _helperObject;
            }

            return ReferenceEquals(_firstParameter, this) ? null : _firstParameter;
        }
    }

    // Overridden by the compiler in every delegate type.
    private protected virtual IntPtr GetThunk(int whichThunk) => IntPtr.Zero;

    private void InitializeClosedInstance(object firstParameter, IntPtr functionPointer)
    {
        if (firstParameter is null)
        {
            throw new ArgumentException("Delegate to an instance method cannot have null 'this'.");
        }

        _functionPointer = functionPointer;
        _firstParameter = firstParameter;
    }

    private void InitializeClosedInstanceSlow(object firstParameter, IntPtr functionPointer) =>
        InitializeClosedInstance(firstParameter, functionPointer);

    private void InitializeClosedStaticThunk(object firstParameter, IntPtr functionPointer, IntPtr functionPointerThunk)
    {
        _extraFunctionPointerOrData = functionPointer;
        _helperObject = firstParameter;
        _functionPointer = functionPointerThunk;
        _firstParameter = this;
    }

    private void InitializeOpenStaticThunk(object firstParameter, IntPtr functionPointer, IntPtr functionPointerThunk)
    {
        _firstParameter = this;
        _functionPointer = functionPointerThunk;
        _extraFunctionPointerOrData = functionPointer;
    }

    private void InitializeClosedInstanceWithGVMResolution(object firstParameter, IntPtr dispatchCell) =>
        throw new NotSupportedException("A delegate to a generic virtual method is not supported by the SmosSharp runtime.");

    private void InitializeClosedInstanceToInterface(object firstParameter, IntPtr dispatchCell) =>
        throw new NotSupportedException("A delegate to an interface method is not supported by the SmosSharp runtime; wrap the call in a lambda.");

    private IntPtr GetActualTargetFunctionPointer(object thisObject) =>
        throw new NotSupportedException("Open instance delegates are not supported by the SmosSharp runtime.");

    /// <summary>The delegates <paramref name="a"/> then <paramref name="b"/> as one (what <c>+=</c> calls).</summary>
    public static Delegate? Combine(Delegate? a, Delegate? b)
    {
        if (a is null)
        {
            return b;
        }

        if (b is null)
        {
            return a;
        }

        if (a.m_pEEType != b.m_pEEType)
        {
            throw new ArgumentException("Delegates must be of the same type.");
        }

        int countA = a.InvocationCount;
        int countB = b.InvocationCount;
        var list = new Wrapper[countA + countB];
        a.CopyInvocationList(list, 0);
        b.CopyInvocationList(list, countA);
        return a.NewMulticast(list, countA + countB);
    }

    /// <summary>All of <paramref name="delegates"/> in order, null ones skipped.</summary>
    public static Delegate? Combine(params Delegate?[]? delegates)
    {
        Delegate? result = null;
        if (delegates is not null)
        {
            for (int i = 0; i < delegates.Length; i++)
            {
                result = Combine(result, delegates[i]);
            }
        }

        return result;
    }

    /// <summary><paramref name="source"/> without the last occurrence of <paramref name="value"/>'s list (what <c>-=</c> calls).</summary>
    public static Delegate? Remove(Delegate? source, Delegate? value)
    {
        if (source is null || value is null)
        {
            return source;
        }

        int count = source.InvocationCount;
        int removed = value.InvocationCount;
        var list = new Wrapper[count];
        source.CopyInvocationList(list, 0);
        var sub = new Wrapper[removed];
        value.CopyInvocationList(sub, 0);
        for (int start = count - removed; start >= 0; start--)
        {
            if (Matches(list, start, sub))
            {
                int remaining = count - removed;
                if (remaining == 0)
                {
                    return null;
                }

                var rest = new Wrapper[remaining];
                for (int i = 0, j = 0; i < count; i++)
                {
                    if (i < start || i >= start + removed)
                    {
                        rest[j++] = list[i];
                    }
                }

                return remaining == 1 ? rest[0].Value : source.NewMulticast(rest, remaining);
            }
        }

        return source;
    }

    /// <summary>The single delegates this one calls, in order.</summary>
    public Delegate[] GetInvocationList()
    {
        var list = new Wrapper[InvocationCount];
        CopyInvocationList(list, 0);
        var result = new Delegate[list.Length];
        for (int i = 0; i < list.Length; i++)
        {
            result[i] = list[i].Value;
        }

        return result;
    }

    /// <summary>Same type, and the same methods on the same targets in the same order.</summary>
    public override bool Equals(object? obj)
    {
        if (obj is not Delegate other || other.m_pEEType != m_pEEType)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        int count = InvocationCount;
        if (count != other.InvocationCount)
        {
            return false;
        }

        if (count == 1)
        {
            return SingleEquals(this, other);
        }

        var mine = new Wrapper[count];
        CopyInvocationList(mine, 0);
        var theirs = new Wrapper[count];
        other.CopyInvocationList(theirs, 0);
        return Matches(mine, 0, theirs);
    }

    public override int GetHashCode() => (int)(long)MethodTableAddress;

    public static bool operator ==(Delegate? a, Delegate? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(Delegate? a, Delegate? b) => !(a == b);

    private unsafe nint MethodTableAddress => (nint)m_pEEType;

    private int InvocationCount => _helperObject is Wrapper[] ? (int)_extraFunctionPointerOrData : 1;

    private void CopyInvocationList(Wrapper[] destination, int index)
    {
        if (_helperObject is Wrapper[] list)
        {
            for (int i = 0; i < (int)_extraFunctionPointerOrData; i++)
            {
                destination[index + i] = list[i];
            }
        }
        else
        {
            destination[index] = new Wrapper(this);
        }
    }

    private unsafe Delegate NewMulticast(Wrapper[] list, int count)
    {
        Delegate result = Unsafe.As<Delegate>(Heap.NewObject(m_pEEType));
        result._helperObject = list;
        result._extraFunctionPointerOrData = count;
        result._functionPointer = GetThunk(MulticastThunk);
        result._firstParameter = result;
        return result;
    }

    private static bool Matches(Wrapper[] list, int start, Wrapper[] sub)
    {
        for (int i = 0; i < sub.Length; i++)
        {
            if (!SingleEquals(list[start + i].Value, sub[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SingleEquals(Delegate a, Delegate b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        bool aSelf = ReferenceEquals(a._firstParameter, a);
        bool bSelf = ReferenceEquals(b._firstParameter, b);
        return aSelf == bSelf && (aSelf || ReferenceEquals(a._firstParameter, b._firstParameter)) &&
            a._functionPointer == b._functionPointer && a._extraFunctionPointerOrData == b._extraFunctionPointerOrData &&
            ReferenceEquals(a._helperObject, b._helperObject);
    }
}

/// <summary>The base of every delegate type C# declares.</summary>
public abstract class MulticastDelegate : Delegate
{
}
