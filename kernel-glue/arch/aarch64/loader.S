// Entry and machine control of the SmosSharp boot loader (QEMU virt): EL2->EL1, early identity map, kernel entry.
	.equ UART_BASE, 0x09000000
	.equ SCTLR_EL1_RES1, 0x30d00800
	.equ SCTLR_EL1_ON, 0x30d0180d	// M, C, SA, I on; alignment checks off
	.equ MAIR_VALUE, 0x0000aaff440c0400
	.equ TCR_VALUE, 0x12b5103510
	.equ PT_DEVICE_BLOCK, 0x0060000000000401	// AttrIdx 0, AF, PXN, UXN
	.equ PT_NORMAL_BLOCK, 0x711		// AttrIdx 4, inner shareable, AF
	.equ PT_TABLE, 3

	.section .text.start, "ax"
	.globl _start
_start:
	mov	x19, x0			// QEMU passes its DTB address (unused, kept for C#)
	mrs	x9, CurrentEL
	ubfx	x20, x9, #2, #2		// x20 = the exception level QEMU started us at
	cmp	x20, #2
	b.ne	in_el1

	// Started at EL2: make EL1 AArch64, stop trapping FP, timers and counters, then drop.
	mov	x9, #(1 << 31)
	msr	hcr_el2, x9
	mov	x9, #0x33ff
	msr	cptr_el2, x9
	msr	hstr_el2, xzr
	mrs	x9, cnthctl_el2
	orr	x9, x9, #3
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	ldr	x9, =SCTLR_EL1_RES1
	msr	sctlr_el1, x9
	mov	x9, #0x3c5
	msr	spsr_el2, x9
	adr	x9, in_el1
	msr	elr_el2, x9
	isb
	eret

in_el1:
	mov	x9, #(3 << 20)		// CPACR_EL1.FPEN: C# uses SIMD registers
	msr	cpacr_el1, x9
	isb
	ldr	x9, =__stack_top
	mov	sp, x9

	ldr	x9, =__bss_start
	ldr	x10, =__bss_end
1:	cmp	x9, x10
	b.hs	2f
	stp	xzr, xzr, [x9], #16
	b	1b
2:
	// Early identity map with 1 GiB blocks: 0-1 GiB device (UART, GIC), 1-2 GiB normal RAM.
	ldr	x9, =early_l0
	ldr	x10, =early_l1
	orr	x11, x10, #PT_TABLE
	str	x11, [x9]
	ldr	x11, =PT_DEVICE_BLOCK
	str	x11, [x10]
	ldr	x11, =(0x40000000 | PT_NORMAL_BLOCK)
	str	x11, [x10, #8]
	dsb	sy
	ldr	x11, =MAIR_VALUE
	msr	mair_el1, x11
	ldr	x11, =TCR_VALUE
	mrs	x12, id_aa64mmfr0_el1	// IPS from the physical address range the CPU has
	ubfx	x12, x12, #0, #3
	bfi	x11, x12, #32, #3
	msr	tcr_el1, x11
	msr	ttbr0_el1, x9
	msr	ttbr1_el1, xzr
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x11, =SCTLR_EL1_ON
	msr	sctlr_el1, x11
	isb
	ic	iallu
	dsb	nsh
	isb

	ldr	x0, =__modules_start
	ldr	x1, =__modules_end
	bl	smos_initialize_modules
	mov	x0, x19
	mov	x1, x20
	bl	smos_loader_main
	b	smos_halt

	.text
// void smos_putc(byte c): PL011 transmit, waiting while the FIFO is full.
	.globl smos_putc
smos_putc:
	ldr	x9, =UART_BASE
1:	ldr	w10, [x9, #0x18]
	tbnz	w10, #5, 1b
	strb	w0, [x9]
	ret

// void smos_halt(void): park the CPU.
	.globl smos_halt
smos_halt:
1:	wfe
	b	1b

// void smos_heap_bounds(byte** start, byte** end)
	.globl smos_heap_bounds
smos_heap_bounds:
	ldr	x2, =__heap_start
	str	x2, [x0]
	ldr	x2, =__heap_end
	str	x2, [x1]
	ret

// void* smos_heap_state(void): the allocator's and collector's state (corelib Runtime/Gc/GcState.cs)
	.globl smos_heap_state
smos_heap_state:
	ldr	x0, =smos_heap_state_data
	ret

// RuntimeHooks* smos_runtime_hooks(void): the loader sets none (zeroed .bss)
	.globl smos_runtime_hooks
smos_runtime_hooks:
	ldr	x0, =runtime_hooks
	ret

// void smos_archive_bounds(byte** start, byte** end): the CPIO archive linked into this image.
	.globl smos_archive_bounds
smos_archive_bounds:
	ldr	x2, =__archive_start
	str	x2, [x0]
	ldr	x2, =__archive_end
	str	x2, [x1]
	ret

// ulong smos_loader_self_bounds(ulong* end): first and end address of the loader image in RAM.
	.globl smos_loader_self_bounds
smos_loader_self_bounds:
	ldr	x2, =__image_end
	str	x2, [x0]
	ldr	x0, =__image_start
	ret

// byte* smos_page_tables(void): 4 KiB-aligned, zeroed room for the kernel-window tables (4 pages).
	.globl smos_page_tables
smos_page_tables:
	ldr	x0, =kernel_tables
	ret

// ulong smos_current_el(void)
	.globl smos_current_el
smos_current_el:
	mrs	x0, CurrentEL
	ubfx	x0, x0, #2, #2
	ret

// void smos_dcache_clean(ulong start, ulong length): clean to the point of coherency.
	.globl smos_dcache_clean
smos_dcache_clean:
	mrs	x9, ctr_el0
	ubfx	x9, x9, #16, #4		// DminLine: log2(words)
	mov	x10, #4
	lsl	x10, x10, x9		// line size in bytes
	sub	x11, x10, #1
	add	x1, x0, x1
	bic	x0, x0, x11
1:	cmp	x0, x1
	b.hs	2f
	dc	cvac, x0
	add	x0, x0, x10
	b	1b
2:	dsb	sy
	ret

// void smos_enter_kernel(x0..x5 = kernel arguments, x6 = TTBR1 tables, x7 = kernel entry)
// The early identity map stays in TTBR0 (it covers this code); the kernel window goes into TTBR1.
	.globl smos_enter_kernel
smos_enter_kernel:
	dsb	sy
	msr	ttbr1_el1, x6
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ic	iallu
	dsb	nsh
	isb
	br	x7

	.bss
	.balign 8
	.globl smos_heap_state_data	// runtime.S's allocation fast paths read it
smos_heap_state_data:
	.skip 1456	// sizeof(GcState), GcState.PlatformBytes
runtime_hooks:
	.skip 56	// RuntimeHooks: LastWords, ConsoleWrite, ConsoleFlush, Exit, ProcessId, PutChar, ConsoleRead (unused)
	.balign 4096
early_l0:
	.skip 4096
early_l1:
	.skip 4096
kernel_tables:
	.skip 4096 * 4
