// The start code the root task maps into every process (read + execute, at ProcessAbi.StartCodeVaddr). Linked into
// the root task only: the root task copies the bytes between the two labels into one frame at start-up. The code must
// be position independent (it runs at another address than it is linked at) and use no data.
	.section .rodata.smos_process_start, "a"
	.balign 8
	.globl smos_process_start_code
smos_process_start_code:
// Every process's first instructions: x0 = the start-info page, x1 = the ELF entry (set by the root task).
// Yield first, so that a new process goes behind the processes already waiting at its priority (seL4 puts a thread
// it has just resumed at the head of its ready queue; a spawn chain would otherwise run ahead of everyone).
	mov	x19, x0
	mov	x20, x1
	mov	x7, #-7		// seL4_SysYield
	svc	#0
	mov	x0, x19
	br	x20

// A server's farewell (at offset 0x40, StartCode.FarewellOffset): the root task points an ending server's thread here
// with x0 = the cptr of one of its publication endpoints (or 0) and x1 = the reply's message info (label
// ConnectionAbi.ServerGone), so that no client waits forever: the caller it was serving (seL4 would leave it blocked
// when the thread is destroyed) and every caller queued on the endpoint get ServerGone. Then an undefined
// instruction: a fault that blocks the thread until the root task runs the next farewell or reclaims it.
	.balign 64
smos_process_farewell:
	mov	x19, x0
	mov	x20, x1
1:	mov	x1, x20
	mov	x2, xzr
	mov	x3, xzr
	mov	x4, xzr
	mov	x5, xzr
	mov	x7, #-6		// seL4_SysReply: answers the caller being served, if any
	svc	#0
	cbz	x19, 2f
	mov	x0, x19
	mov	x7, #-8		// seL4_SysNBRecv: the next queued caller, without waiting
	svc	#0
	cbnz	x0, 1b		// its badge (a connection id, never 0); 0: nobody was queued
2:	udf	#0
	.globl smos_process_start_code_end
smos_process_start_code_end:

	.text
// void smos_process_start_code_bounds(byte** start, byte** end)
	.globl smos_process_start_code_bounds
smos_process_start_code_bounds:
	adrp	x2, smos_process_start_code
	add	x2, x2, :lo12:smos_process_start_code
	str	x2, [x0]
	adrp	x2, smos_process_start_code_end
	add	x2, x2, :lo12:smos_process_start_code_end
	str	x2, [x1]
	ret
