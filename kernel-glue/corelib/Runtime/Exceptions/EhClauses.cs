// ILC's exception-handling clauses of a method: read from the EH info its LSDA points to.
namespace Internal.Runtime.Exceptions;

/// <summary>One clause: a try range (offsets from the method's start), its kind, its handler and filter funclets, its catch type.</summary>
internal unsafe struct EhClause
{
    public const int Typed = 0;
    public const int Fault = 1; // finally blocks too: ILC encodes them as fault clauses
    public const int Filter = 2;

    public uint TryStart;
    public uint TryEnd;
    public int Kind;
    public nint Handler;
    public nint FilterFunclet;
    public MethodTable* CatchType;
}

/// <summary>
/// The LSDA of a method (or funclet): a flags byte (bits 0-1: 0 the method, 1 a catch/finally funclet, 2 a filter;
/// 0x04: has EH info; 0x10: has associated data), optional relative pointers (associated data, the main method's LSDA
/// for a funclet, the EH info), then GC info. The EH info: a count, then per clause (compressed unsigned numbers) the
/// try start, (try length &lt;&lt; 2 | kind), the handler offset, and a relative pointer to the catch type (typed) or the
/// filter offset (filter).
/// </summary>
internal static unsafe class EhClauses
{
    public const int KindMask = 3;
    private const int HasEhInfo = 0x04;
    private const int HasAssociatedData = 0x10;

    /// <summary>The LSDA of the method a funclet belongs to (the LSDA itself for a method).</summary>
    public static byte* MainLsda(byte* lsda)
    {
        if ((lsda[0] & KindMask) == 0)
        {
            return lsda;
        }

        byte* p = lsda + 1;
        if ((lsda[0] & HasAssociatedData) != 0)
        {
            p += 4;
        }

        return p + *(int*)p;
    }

    /// <summary>The EH info of a method's LSDA, or null when it has no clauses.</summary>
    public static byte* EhInfo(byte* mainLsda)
    {
        if ((mainLsda[0] & HasEhInfo) == 0)
        {
            return null;
        }

        byte* p = mainLsda + 1;
        if ((mainLsda[0] & HasAssociatedData) != 0)
        {
            p += 4;
        }

        return p + *(int*)p;
    }

    /// <summary>Reads the clause count; <paramref name="cursor"/> then walks the clauses with <see cref="Next"/>.</summary>
    public static uint Count(byte* ehInfo, out byte* cursor)
    {
        cursor = ehInfo;
        return ReadUnsigned(ref cursor);
    }

    public static EhClause Next(ref byte* p, nint methodStart)
    {
        EhClause clause = default;
        clause.TryStart = ReadUnsigned(ref p);
        uint lengthAndKind = ReadUnsigned(ref p);
        clause.TryEnd = clause.TryStart + (lengthAndKind >> 2);
        clause.Kind = (int)(lengthAndKind & 3);
        clause.Handler = methodStart + (nint)ReadUnsigned(ref p);
        if (clause.Kind == EhClause.Typed)
        {
            clause.CatchType = (MethodTable*)(p + *(int*)p);
            p += 4;
        }
        else if (clause.Kind == EhClause.Filter)
        {
            clause.FilterFunclet = methodStart + (nint)ReadUnsigned(ref p);
        }

        return clause;
    }

    /// <summary>The compressed unsigned number format of ILC's native layouts (1-5 bytes, length in the low bits).</summary>
    public static uint ReadUnsigned(ref byte* p)
    {
        uint value = p[0];
        if ((value & 1) == 0)
        {
            p += 1;
            return value >> 1;
        }

        if ((value & 2) == 0)
        {
            value = (value >> 2) | ((uint)p[1] << 6);
            p += 2;
            return value;
        }

        if ((value & 4) == 0)
        {
            value = (value >> 3) | ((uint)p[1] << 5) | ((uint)p[2] << 13);
            p += 3;
            return value;
        }

        if ((value & 8) == 0)
        {
            value = (value >> 4) | ((uint)p[1] << 4) | ((uint)p[2] << 12) | ((uint)p[3] << 20);
            p += 4;
            return value;
        }

        value = *(uint*)(p + 1);
        p += 5;
        return value;
    }
}
