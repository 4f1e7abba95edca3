// seL4 system-call stubs (svc #0) and the platform layer for code running as an seL4 thread.
// Message registers 0-3 travel in x2-x5; the stubs move them from/to the IPC buffer passed in,
// so C# only ever touches the IPC buffer through memory (see docs/ipc.md). Call numbers and registers: docs/sel4-abi.md.
	.include "sections.inc"
	.text

// Offsets in seL4_IPCBuffer.
	.equ IPC_MR0, 8

.macro LOAD_MRS buf, off=IPC_MR0
	ldp	x2, x3, [\buf, #\off]
	ldp	x4, x5, [\buf, #\off + 16]
.endm

.macro STORE_MRS buf, off=IPC_MR0
	stp	x2, x3, [\buf, #\off]
	stp	x4, x5, [\buf, #\off + 16]
.endm

// A send-and-receive stub: ulong name(ulong cptr, ulong info, void* mrs, ulong* badge) -> info. MR0-3 are loaded from
// mrs + off into x2-x5 before the svc and stored back after it; the badge is stored when the pointer is not null.
.macro SEND_RECV_STUB name, sysno, off
	SMOS_FUNCTION \name
	.globl \name
\name:
	mov	x9, x2
	mov	x10, x3
	LOAD_MRS x9, \off
	mov	x7, #\sysno
	svc	#0
	STORE_MRS x9, \off
	cbz	x10, 1f
	str	x0, [x10]
1:	mov	x0, x1
	ret
.endm

// A receive stub: ulong name(ulong cptr, void* mrs, ulong* badge) -> info; x2-x5 stored to mrs + off after the svc.
.macro RECV_STUB name, sysno, off
	SMOS_FUNCTION \name
	.globl \name
\name:
	mov	x9, x1
	mov	x10, x2
	mov	x7, #\sysno
	svc	#0
	STORE_MRS x9, \off
	cbz	x10, 1f
	str	x0, [x10]
1:	mov	x0, x1
	ret
.endm

// The IPC-buffer path: mrs is the IPC buffer (MR0 at offset 8). Call -1, ReplyRecv -2, Recv -5, NBRecv -8.
	SEND_RECV_STUB smos_sys_call, -1, IPC_MR0
	SEND_RECV_STUB smos_sys_reply_recv, -2, IPC_MR0

// The register path (FastMessage): mrs is a 4-word struct on the caller's stack (MR0 at offset 0); the IPC buffer is
// not touched. seL4 always carries MR0-3 in x2-x5, whatever the message length.
	SEND_RECV_STUB smos_sys_call_fast, -1, 0
	SEND_RECV_STUB smos_sys_reply_recv_fast, -2, 0
	RECV_STUB smos_sys_recv_fast, -5, 0

// void smos_sys_send(ulong dest, ulong info, IpcBuffer* buf)  (Send -3, NBSend -4)
	SMOS_FUNCTION smos_sys_send
	.globl smos_sys_send
smos_sys_send:
	mov	x9, x2
	LOAD_MRS x9
	mov	x7, #-3
	svc	#0
	ret

	SMOS_FUNCTION smos_sys_nbsend
	.globl smos_sys_nbsend
smos_sys_nbsend:
	mov	x9, x2
	LOAD_MRS x9
	mov	x7, #-4
	svc	#0
	ret

// ulong smos_sys_recv(ulong src, IpcBuffer* buf, ulong* badge) -> info  (Recv -5, NBRecv -8)
	RECV_STUB smos_sys_recv, -5, IPC_MR0
	RECV_STUB smos_sys_nbrecv, -8, IPC_MR0

// void smos_sys_reply(ulong info, IpcBuffer* buf)
	SMOS_FUNCTION smos_sys_reply
	.globl smos_sys_reply
smos_sys_reply:
	mov	x9, x1
	mov	x1, x0
	LOAD_MRS x9
	mov	x7, #-6
	svc	#0
	ret

// void smos_sys_signal(ulong dest): NBSend with an empty message. On a notification the kernel signals it exactly as
// seL4_Signal's Send does; on an endpoint (a capability a peer passed off as a notification) it never blocks.
	SMOS_FUNCTION smos_sys_signal
	.globl smos_sys_signal
smos_sys_signal:
	mov	x1, #0
	mov	x7, #-4
	svc	#0
	ret

// ulong smos_sys_wait(ulong src) / smos_sys_poll(ulong src) -> notification word (badge)
	SMOS_FUNCTION smos_sys_wait
	.globl smos_sys_wait
smos_sys_wait:
	mov	x7, #-5
	svc	#0
	ret

	SMOS_FUNCTION smos_sys_poll
	.globl smos_sys_poll
smos_sys_poll:
	mov	x7, #-8
	svc	#0
	ret

	SMOS_FUNCTION smos_sys_yield
	.globl smos_sys_yield
smos_sys_yield:
	mov	x7, #-7
	svc	#0
	ret

// Debug system calls (debug kernels only).
	SMOS_FUNCTION smos_sys_debug_putchar
	.globl smos_sys_debug_putchar
smos_sys_debug_putchar:
	mov	x7, #-9
	svc	#0
	ret

	SMOS_FUNCTION smos_sys_debug_dump_scheduler
	.globl smos_sys_debug_dump_scheduler
smos_sys_debug_dump_scheduler:
	mov	x7, #-10
	svc	#0
	ret

	SMOS_FUNCTION smos_sys_debug_halt
	.globl smos_sys_debug_halt
smos_sys_debug_halt:
	mov	x7, #-11
	svc	#0
	ret

// ulong smos_sys_debug_cap_identify(ulong cptr) -> cap type
	SMOS_FUNCTION smos_sys_debug_cap_identify
	.globl smos_sys_debug_cap_identify
smos_sys_debug_cap_identify:
	mov	x7, #-12
	svc	#0
	ret

	SMOS_FUNCTION smos_sys_debug_snapshot
	.globl smos_sys_debug_snapshot
smos_sys_debug_snapshot:
	mov	x7, #-13
	svc	#0
	ret

// void smos_sys_debug_name_thread(ulong tcb): the name is already at IPC buffer offset 8.
	SMOS_FUNCTION smos_sys_debug_name_thread
	.globl smos_sys_debug_name_thread
smos_sys_debug_name_thread:
	mov	x7, #-14
	svc	#0
	ret

// ---- Platform layer for seL4 threads ----

// void smos_putc(byte c): the program's byte writer when one is set (RuntimeHooks.PutChar, offset 40: the root
// task's UART or console ring), else seL4_DebugPutChar (which only a kernel built with printing has).
	SMOS_FUNCTION smos_putc
	.globl smos_putc
smos_putc:
	adrp	x9, runtime_hooks
	add	x9, x9, :lo12:runtime_hooks
	ldr	x9, [x9, #40]
	cbnz	x9, 1f
	mov	x7, #-9
	svc	#0
	ret
1:	br	x9

// void smos_halt(void): stop this thread for good. With a thread context (TPIDR_EL0, see
// ThreadContext.cs) first signal its StoppedNotification (offset 40) if set, then suspend its own
// TCB (offset 8); without one this is the root thread (TCB in slot 1). An app has no capability to its
// own TCB (offset 8 is 0, slot 1 is empty), so its suspend fails: then the thread executes an undefined
// instruction, a fault the root task (its fault handler) reports before it ends the process. It never
// stops unseen.
	SMOS_FUNCTION smos_halt
	.globl smos_halt
smos_halt:
	mrs	x9, tpidr_el0
	mov	x0, #1
	cbz	x9, 2f
	ldr	x0, [x9, #40]
	cbz	x0, 1f
	mov	x1, xzr
	mov	x7, #-3
	svc	#0
1:	mrs	x9, tpidr_el0
	ldr	x0, [x9, #8]
2:	mov	x1, #(11 << 12)
	mov	x2, xzr
	mov	x3, xzr
	mov	x4, xzr
	mov	x5, xzr
	mov	x7, #-1
	svc	#0
3:	udf	#0
	b	3b

// ThreadContext* smos_thread_context(void) / void smos_set_thread_context(ThreadContext*)
	SMOS_FUNCTION smos_thread_context
	.globl smos_thread_context
smos_thread_context:
	mrs	x0, tpidr_el0
	ret

	SMOS_FUNCTION smos_set_thread_context
	.globl smos_set_thread_context
smos_set_thread_context:
	msr	tpidr_el0, x0
	ret

// void smos_ipc_violation(violation, operation): report with the caller's address (an inlined check).
	SMOS_FUNCTION smos_ipc_violation
	.globl smos_ipc_violation
smos_ipc_violation:
	mov	x2, lr
	b	smos_ipc_violation_report

// Entry of threads created by kernel-glue: x0 = argument, x1 = C# entry (void (*)(ulong)),
// sp and TPIDR_EL0 already set by TCB_WriteRegisters. Returning from the entry stops the thread.
	SMOS_FUNCTION smos_thread_entry
	.globl smos_thread_entry
smos_thread_entry:
	blr	x1
	bl	smos_halt
	b	.

// void smos_heap_bounds(byte** start, byte** end)
	SMOS_FUNCTION smos_heap_bounds
	.globl smos_heap_bounds
smos_heap_bounds:
	adrp	x2, __heap_start
	add	x2, x2, :lo12:__heap_start
	str	x2, [x0]
	adrp	x2, __heap_end
	add	x2, x2, :lo12:__heap_end
	str	x2, [x1]
	ret

// void* smos_heap_state(void): the allocator's and collector's state (corelib Runtime/Gc/GcState.cs)
	SMOS_FUNCTION smos_heap_state
	.globl smos_heap_state
smos_heap_state:
	adrp	x0, smos_heap_state_data
	add	x0, x0, :lo12:smos_heap_state_data
	ret

// RuntimeHooks* smos_runtime_hooks(void)
	SMOS_FUNCTION smos_runtime_hooks
	.globl smos_runtime_hooks
smos_runtime_hooks:
	adrp	x0, runtime_hooks
	add	x0, x0, :lo12:runtime_hooks
	ret

	.bss
	.balign 8
	.globl smos_heap_state_data	// runtime.S's allocation fast paths read it
smos_heap_state_data:
	.skip 1456	// sizeof(GcState), GcState.PlatformBytes
runtime_hooks:
	.skip 56	// RuntimeHooks: LastWords, ConsoleWrite, ConsoleFlush, Exit, ProcessId, PutChar, ConsoleRead

	.text
// void* smos_thread_entry_address(void)
	SMOS_FUNCTION smos_thread_entry_address
	.globl smos_thread_entry_address
smos_thread_entry_address:
	adr	x0, smos_thread_entry
	ret
