// The start code every process begins in (kernel-glue/arch/aarch64/process_start.S): its bytes, as linked into the root task.
using System;
#if !SMOS_HOST
using System.Runtime;
using System.Runtime.CompilerServices;
#endif

namespace Smos.RootTask.Processes;

/// <summary>
/// The bytes of the start code (docs/architecture.md, "Starting a process"): the root task copies them into one frame
/// at start-up and maps a copy of that frame at <see cref="Protocol.ProcessAbi.StartCodeVaddr"/> in every process.
/// On the target they come from the root task's own image (the assembler is their source); the host build, which runs
/// no AArch64 code, carries the same instructions as words, and a buildsys test assembles process_start.S and checks
/// that the two agree.
/// </summary>
internal static unsafe class StartCode
{
    /// <summary>Where the farewell code starts in the page (see process_start.S).</summary>
    public const ulong FarewellOffset = 0x40;

#if SMOS_HOST
    /// <summary>
    /// At 0: mov x19, x0; mov x20, x1; mov x7, #-7; svc #0; mov x0, x19; br x20; zeros to 0x40. The farewell: mov x19, x0;
    /// mov x20, x1; 1: mov x1, x20; mov x2-x5, xzr; mov x7, #-6; svc #0; cbz x19, 2f; mov x0, x19; mov x7, #-8; svc #0;
    /// cbnz x0, 1b; 2: udf #0.
    /// </summary>
    public static readonly uint[] HostWords =
    [
        0xAA0003F3, 0xAA0103F4, 0x928000C7, 0xD4000001, 0xAA1303E0, 0xD61F0280, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0xAA0003F3, 0xAA0103F4, 0xAA1403E1, 0xAA1F03E2, 0xAA1F03E3, 0xAA1F03E4, 0xAA1F03E5, 0x928000A7,
        0xD4000001, 0xB40000B3, 0xAA1303E0, 0x928000E7, 0xD4000001, 0xB5FFFEA0, 0x00000000,
    ];

    public static ReadOnlySpan<byte> Bytes => System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<uint>(HostWords));
#else
    public static ReadOnlySpan<byte> Bytes
    {
        get
        {
            byte* start;
            byte* end;
            Bounds(&start, &end);
            return new ReadOnlySpan<byte>(start, (int)(end - start));
        }
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_process_start_code_bounds")]
    private static extern void Bounds(byte** start, byte** end);
#endif
}
