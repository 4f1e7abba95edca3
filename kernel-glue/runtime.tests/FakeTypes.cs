// MethodTables with GC descriptors, laid out as ILC lays them out, in native memory for the collector's host tests.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Internal.Runtime;
using Internal.Runtime.Gc;

namespace Smos.Runtime.Tests;

/// <summary>A heap of a given size in native memory with the collector's state, plus fake types to allocate.</summary>
internal sealed unsafe class TestHeap : IDisposable
{
    private const uint HasPointers = 0x01000000;
    private const uint HasComponentSize = 0x80000000;
    private const uint ClassElementType = 0x14u << 26;

    private readonly List<nint> _blocks = new();

    public TestHeap(int bytes = 64 * 1024)
    {
        State = (GcState*)Alloc(sizeof(GcState));
        byte* memory = (byte*)Alloc(bytes);
        GcHeap.AddChunk(State, memory, (nuint)bytes);
        State->CollectEnabled = 1;

        // Leaf: 24 bytes, no references. Pair: two references at 8 and 16, a long at 24 (BaseSize 40).
        Leaf = NewType(ClassElementType, 24, 0, []);
        Pair = NewType(ClassElementType | HasPointers, 40, 0, [1, 8, -24]);

        // object[]: BaseSize 24, 8 bytes per element, one series covering the elements.
        RefArray = NewType(ClassElementType | HasPointers | HasComponentSize | 8, 24, 0, [1, 16, -24]);

        // An array of 32-byte structs {ref, ref, long, int}: a repeating series of 2 pointers then 16 bytes to skip.
        StructArray = NewType(ClassElementType | HasPointers | HasComponentSize | 32, 24, 0, [-1, 16, (2L) | (16L << 32)]);
    }

    public GcState* State { get; }

    public MethodTable* Leaf { get; }

    public MethodTable* Pair { get; }

    public MethodTable* RefArray { get; }

    public MethodTable* StructArray { get; }

    public nint* New(MethodTable* type, int length = 0)
    {
        nuint size = GcObjects.ObjectSize(type, (uint)length);
        nint* p = GcHeap.Allocate(State, size);
        if (p == null)
        {
            return null;
        }

        p[0] = (nint)type;
        if (type->HasComponentSize)
        {
            *(int*)(p + 1) = length;
        }

        return p;
    }

    /// <summary>Collects with <paramref name="roots"/> as the only stack words.</summary>
    public void Collect(params nint[] roots)
    {
        nint* stack = (nint*)Alloc(Math.Max(8, roots.Length * 8));
        for (int i = 0; i < roots.Length; i++)
        {
            stack[i] = roots[i];
        }

        State->StackHigh = (nint)(stack + roots.Length);
        GcHeap.Collect(State, (nint)stack);
    }

    public bool IsFree(nint* obj) => !GcObjects.IsObject(obj);

    public nint Alloc(int bytes)
    {
        nint p = (nint)NativeMemory.AlignedAlloc((nuint)bytes, 16);
        NativeMemory.Clear((void*)p, (nuint)bytes);
        _blocks.Add(p);
        return p;
    }

    public void Dispose()
    {
        foreach (nint p in _blocks)
        {
            NativeMemory.AlignedFree((void*)p);
        }
    }

    // The GC descriptor words go just below the MethodTable, highest first: desc[-1], desc[-2], ...
    private MethodTable* NewType(uint flags, uint baseSize, ushort vtableSlots, long[] descriptor)
    {
        int below = descriptor.Length * 8;
        byte* block = (byte*)Alloc(below + 64);
        var type = (MethodTable*)(block + below);
        for (int i = 0; i < descriptor.Length; i++)
        {
            ((long*)type)[-1 - i] = descriptor[i];
        }

        type->Flags = flags;
        type->BaseSize = baseSize;
        type->NumVtableSlots = vtableSlots;
        return type;
    }
}
