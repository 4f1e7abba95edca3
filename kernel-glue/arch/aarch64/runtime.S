// Runtime helpers ILC-generated code calls with special register conventions, and panic trampolines.
	.include "sections.inc"
	.text

// Object-reference stores (no GC, so no card marking): x14 = destination, x15 = value; x14 post-incremented.
	SMOS_FUNCTION RhpAssignRefArm64
	.globl RhpAssignRefArm64
	.globl RhpCheckedAssignRefArm64
RhpAssignRefArm64:
RhpCheckedAssignRefArm64:
	str	x15, [x14], #8
	ret

// object RhpNewFast(MethodTable* x0): allocation's fast path. Bumps the allocation context at the start of the heap
// state (corelib Runtime/Gc/GcState.cs: AllocPtr at 0, AllocLimit at 8; the collector hands out contexts already
// zeroed) by BaseSize rounded up to 8 and stores the MethodTable. No context (both 0), too little room or the first
// allocation: smos_new_object_slow (Runtime/Heap.cs), which also collects, grows the heap or throws.
	SMOS_FUNCTION RhpNewFast
	.globl RhpNewFast
	.globl RhpNewFinalizable
RhpNewFast:
RhpNewFinalizable:
	adrp	x9, smos_heap_state_data
	add	x9, x9, :lo12:smos_heap_state_data
	ldr	w10, [x0, #4]
	ldp	x11, x12, [x9]
	add	x10, x10, #7
	and	x10, x10, #~7
	sub	x12, x12, x11
	cmp	x10, x12
	b.hi	smos_new_object_slow
	add	x12, x11, x10
	str	x12, [x9]
	str	x0, [x11]
	mov	x0, x11
	ret

// object RhpNewArrayFast(MethodTable* x0, int w1), also for pointer arrays and strings: BaseSize + ComponentSize *
// length, rounded up to 8, from the allocation context; the length is stored after the MethodTable. A negative length
// reads as a huge unsigned one and takes the slow path (smos_new_array_slow), which throws.
	SMOS_FUNCTION RhpNewArrayFast
	.globl RhpNewArrayFast
	.globl RhpNewPtrArrayFast
	.globl RhNewString
RhpNewArrayFast:
RhpNewPtrArrayFast:
RhNewString:
	adrp	x9, smos_heap_state_data
	add	x9, x9, :lo12:smos_heap_state_data
	ldrh	w10, [x0]
	ldr	w11, [x0, #4]
	umaddl	x10, w10, w1, x11
	ldp	x11, x12, [x9]
	add	x10, x10, #7
	and	x10, x10, #~7
	sub	x12, x12, x11
	cmp	x10, x12
	b.hi	smos_new_array_slow
	add	x12, x11, x10
	str	x12, [x9]
	str	x0, [x11]
	str	w1, [x11, #8]
	mov	x0, x11
	ret

// Copy a reference from [x13] to [x14], both post-incremented.
	SMOS_FUNCTION RhpByRefAssignRefArm64
	.globl RhpByRefAssignRefArm64
RhpByRefAssignRefArm64:
	ldr	x15, [x13], #8
	str	x15, [x14], #8
	ret

// void name(T** start, T** end): stores the addresses of two linker symbols (every linker script defines them).
.macro BOUNDS name, start, end
	SMOS_FUNCTION \name
	.globl \name
\name:
	adrp	x2, \start
	add	x2, x2, :lo12:\start
	str	x2, [x0]
	adrp	x2, \end
	add	x2, x2, :lo12:\end
	str	x2, [x1]
	ret
.endm

// x19-x28 to or from 80 bytes at [\base, #\at] (\op: stp or ldp).
.macro CALLEE_SAVED op, base, at
	\op	x19, x20, [\base, #(\at + 0)]
	\op	x21, x22, [\base, #(\at + 16)]
	\op	x23, x24, [\base, #(\at + 32)]
	\op	x25, x26, [\base, #(\at + 48)]
	\op	x27, x28, [\base, #(\at + 64)]
.endm

// Saves the caller's frame (x19-x28, fp, lr, its sp, pc = \pc, by default lr) as a RegisterContext (corelib
// Runtime/Exceptions/EhFrame.cs, 112 bytes) on the stack; x1 = its address.
.macro SAVE_THROW_CONTEXT pc=x30
	sub	sp, sp, #112
	CALLEE_SAVED stp, sp, 0
	stp	x29, x30, [sp, #80]
	add	x9, sp, #112
	stp	x9, \pc, [sp, #96]
	mov	x1, sp
.endm

// throw (x0 = the exception) and rethrow (the exception of the handler running): dispatch from the caller's frame
// (Runtime/Exceptions/Dispatch.cs). Never returns: execution resumes in a handler, or the process ends.
	SMOS_FUNCTION RhpThrowEx
	.globl RhpThrowEx
RhpThrowEx:
	SAVE_THROW_CONTEXT
	mov	w2, #0
	bl	smos_dispatch_exception
	brk	#0
	SMOS_FUNCTION RhpRethrow
	.globl RhpRethrow
RhpRethrow:
	SAVE_THROW_CONTEXT
	mov	w2, #1
	bl	smos_dispatch_exception
	brk	#0

// A runtime check that failed (w0 = what, see Dispatch.cs): the standard exception, thrown from the caller's frame.
.macro THROW name, code
	SMOS_FUNCTION \name
	.globl \name
\name:
	SAVE_THROW_CONTEXT
	mov	w0, #\code
	bl	smos_dispatch_runtime_failure
	brk	#0
.endm

// A load or store near address 0 (a null reference): the root task resumes the faulting thread here with x0 = the
// faulting instruction's address and every other register as it was. The fault becomes a NullReferenceException
// thrown from that instruction: the context's pc is the instruction after it, so the frame's try ranges hold it and
// the unwinder treats it like a call's return address. Nothing returns to the faulting code.
	SMOS_FUNCTION smos_null_reference_fault
	.globl smos_null_reference_fault
smos_null_reference_fault:
	add	x10, x0, #4
	SAVE_THROW_CONTEXT x10
	mov	x0, x1
	bl	smos_dispatch_null_fault
	brk	#0

// nint smos_call_funclet(object exception, nint funclet, RegisterContext* parent): runs a catch, filter or finally
// funclet with the parent frame's x19-x28 and x29 (funclets address the parent's locals through x29); x0 = the
// exception; returns what the funclet returns (a catch: where to resume; a filter: 0 or 1).
	SMOS_FUNCTION smos_call_funclet
	.globl smos_call_funclet
smos_call_funclet:
	stp	x29, x30, [sp, #-96]!
	CALLEE_SAVED stp, sp, 16
	CALLEE_SAVED ldp, x2, 0
	ldr	x29, [x2, #80]
	blr	x1
smos_call_funclet_return:
	CALLEE_SAVED ldp, sp, 16
	ldp	x29, x30, [sp], #96
	ret

// bool smos_is_funclet_return(nint pc): is pc the return address of a funclet call (the unwinder leaves funclets there)
	SMOS_FUNCTION smos_is_funclet_return
	.globl smos_is_funclet_return
smos_is_funclet_return:
	adr	x9, smos_call_funclet_return
	cmp	x0, x9
	cset	w0, eq
	ret

// void smos_resume_frame(RegisterContext* frame): continue in a frame whose handler ran: its registers, sp and pc.
	SMOS_FUNCTION smos_resume_frame
	.globl smos_resume_frame
smos_resume_frame:
	CALLEE_SAVED ldp, x0, 0
	ldr	x29, [x0, #80]
	ldp	x9, x10, [x0, #96]
	ldr	x10, [x0, #104]
	mov	sp, x9
	br	x10

// void smos_eh_frame_bounds(byte** start, byte** end): ILC's unwind descriptions (the linker scripts mark them).
	BOUNDS smos_eh_frame_bounds, __eh_frame_start, __eh_frame_end

// void smos_data_bounds(byte** start, byte** end): the writable data and .bss (the collector's static roots;
// every linker script defines both symbols)
	BOUNDS smos_data_bounds, __data_start, __bss_end

// void smos_modules_bounds(nint** start, nint** end): the ReadyToRun headers ILC lists in __modules (every linker
// script defines both symbols).
	BOUNDS smos_modules_bounds, __modules_start, __modules_end

// void* smos_exception_state(void): Runtime/Exceptions/Dispatch.cs ExceptionState.
	SMOS_FUNCTION smos_exception_state
	.globl smos_exception_state
smos_exception_state:
	adrp	x0, exception_state
	add	x0, x0, :lo12:exception_state
	ret

// Runtime-check failures. Each passes a reason code and the address of the failing call site.
.macro FAIL name, code
	SMOS_FUNCTION \name
	.globl \name
\name:
	mov	w0, #\code
	mov	x1, lr
	b	smos_panic_code
.endm
	THROW smos_fail_index, 1
	THROW smos_fail_null, 2
	THROW smos_fail_cast, 3
	THROW smos_fail_overflow, 4
	THROW smos_fail_divzero, 5
	THROW smos_fail_argrange, 6
	THROW smos_fail_argument, 7
	FAIL smos_fail_removed, 8
	THROW smos_fail_oom, 9
	FAIL RhpFallbackFailFast, 10
	THROW smos_fail_arraytype, 11

// Interface calls ILC could not devirtualize. In: x0 = this, x1-x7 and v0-v7 arguments, x8 the indirect-result
// address, x11 the call site's dispatch cell. The fast path finds (cell, type) in the resolved-call cache
// (Runtime/InterfaceDispatch.cs: same hash, 64 buckets) and jumps to the code; a miss saves the argument registers and
// asks smos_resolve_interface(type, cell, cache), which resolves and caches. Only x9-x17 (scratch) are changed. ILC's
// dispatch cells are the only references to this stub, and the stub the only one to the cache: an app without
// interface calls links neither (--gc-sections).
	SMOS_FUNCTION RhpInitialDynamicInterfaceDispatch
	.globl RhpInitialDynamicInterfaceDispatch
RhpInitialDynamicInterfaceDispatch:
	ldr	x9, [x0]			// the object's type (a null 'this' faults here, like any call through null)
	eor	x10, x9, x11
	eor	x10, x10, x10, lsr #9
	ubfx	x10, x10, #3, #6		// bucket = ((h ^ h >> 9) >> 3) & 63
	adrp	x12, smos_dispatch_cache
	add	x12, x12, :lo12:smos_dispatch_cache
	ldr	x12, [x12, x10, lsl #3]		// the entry, published with a release store, or 0
	cbz	x12, 1f
	ldp	x13, x14, [x12]			// its cell and type (ordered after the pointer load by the address dependency)
	cmp	x13, x11
	ccmp	x14, x9, #0, eq
	b.ne	1f
	ldr	x16, [x12, #16]
	br	x16
1:	stp	x29, x30, [sp, #-224]!
	mov	x29, sp
	stp	x0, x1, [sp, #16]
	stp	x2, x3, [sp, #32]
	stp	x4, x5, [sp, #48]
	stp	x6, x7, [sp, #64]
	str	x8, [sp, #80]
	stp	q0, q1, [sp, #96]
	stp	q2, q3, [sp, #128]
	stp	q4, q5, [sp, #160]
	stp	q6, q7, [sp, #192]
	mov	x0, x9
	mov	x1, x11
	adrp	x2, smos_dispatch_cache
	add	x2, x2, :lo12:smos_dispatch_cache
	bl	smos_resolve_interface
	mov	x16, x0
	ldp	x0, x1, [sp, #16]
	ldp	x2, x3, [sp, #32]
	ldp	x4, x5, [sp, #48]
	ldp	x6, x7, [sp, #64]
	ldr	x8, [sp, #80]
	ldp	q0, q1, [sp, #96]
	ldp	q2, q3, [sp, #128]
	ldp	q4, q5, [sp, #160]
	ldp	q6, q7, [sp, #192]
	ldp	x29, x30, [sp], #224
	br	x16

// void smos_gc_collect(void): a collection with every register a caller may keep a reference in on the stack: pushes
// x19-x30 and TPIDR_EL0 (libsmos keeps its thread context there), then smos_gc_collect_from(sp) scans from sp up.
	SMOS_FUNCTION smos_gc_collect
	.globl smos_gc_collect
smos_gc_collect:
	stp	x29, x30, [sp, #-112]!
	mov	x29, sp
	CALLEE_SAVED stp, sp, 16
	mrs	x9, tpidr_el0
	str	x9, [sp, #96]
	mov	x0, sp
	bl	smos_gc_collect_from
	CALLEE_SAVED ldp, sp, 16
	ldp	x29, x30, [sp], #112
	ret

// Interlocked (corelib System/Threading/Interlocked.cs): exclusive-access loops, then a full barrier as in .NET.
	SMOS_FUNCTION smos_atomic_fetch_add32
	.globl smos_atomic_fetch_add32
smos_atomic_fetch_add32:
1:	ldaxr	w2, [x0]
	add	w3, w2, w1
	stlxr	w4, w3, [x0]
	cbnz	w4, 1b
	dmb	ish
	mov	w0, w2
	ret
	SMOS_FUNCTION smos_atomic_fetch_add64
	.globl smos_atomic_fetch_add64
smos_atomic_fetch_add64:
1:	ldaxr	x2, [x0]
	add	x3, x2, x1
	stlxr	w4, x3, [x0]
	cbnz	w4, 1b
	dmb	ish
	mov	x0, x2
	ret
	SMOS_FUNCTION smos_atomic_exchange32
	.globl smos_atomic_exchange32
smos_atomic_exchange32:
1:	ldaxr	w2, [x0]
	stlxr	w4, w1, [x0]
	cbnz	w4, 1b
	dmb	ish
	mov	w0, w2
	ret
	SMOS_FUNCTION smos_atomic_exchange64
	.globl smos_atomic_exchange64
smos_atomic_exchange64:
1:	ldaxr	x2, [x0]
	stlxr	w4, x1, [x0]
	cbnz	w4, 1b
	dmb	ish
	mov	x0, x2
	ret
// cas(location x0, value x1, comparand x2) -> the old value
	SMOS_FUNCTION smos_atomic_cas32
	.globl smos_atomic_cas32
smos_atomic_cas32:
1:	ldaxr	w3, [x0]
	cmp	w3, w2
	b.ne	2f
	stlxr	w4, w1, [x0]
	cbnz	w4, 1b
2:	clrex
	dmb	ish
	mov	w0, w3
	ret
	SMOS_FUNCTION smos_atomic_cas64
	.globl smos_atomic_cas64
smos_atomic_cas64:
1:	ldaxr	x3, [x0]
	cmp	x3, x2
	b.ne	2f
	stlxr	w4, x1, [x0]
	cbnz	w4, 1b
2:	clrex
	dmb	ish
	mov	x0, x3
	ret
	SMOS_FUNCTION smos_memory_barrier
	.globl smos_memory_barrier
smos_memory_barrier:
	dmb	ish
	ret

// The resolved-call cache (Runtime/InterfaceDispatch.cs DispatchCache): 64 bucket pointers, the pool's used count,
// then 96 entries of {cell, type, code}.
	SMOS_BSS smos_dispatch_cache
smos_dispatch_cache:
	.skip	64 * 8 + 8 + 96 * 24

	.bss
	.balign 8
exception_state:
	.skip	40

	.data
	.balign 8
// Stack-protector cookie for methods with stackalloc; any non-zero constant works without ASLR.
	.globl __security_cookie
__security_cookie:
	.quad 0x2f5c9a3b1d4e6f70
// The GC never asks threads to stop.
	.globl RhpTrapThreads
RhpTrapThreads:
	.word 0

	.text
// Fault generators for tests of fault handling (apps/crash): an undefined instruction, and a system call
// number seL4 does not have (the kernel turns it into an UnknownSyscall fault).
	SMOS_FUNCTION smos_test_undefined_instruction
	.globl smos_test_undefined_instruction
smos_test_undefined_instruction:
	udf	#0
	ret

	SMOS_FUNCTION smos_test_unknown_syscall
	.globl smos_test_unknown_syscall
smos_test_unknown_syscall:
	mov	x7, #-100
	svc	#0
	ret
