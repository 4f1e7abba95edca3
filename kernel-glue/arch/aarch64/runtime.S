// Runtime helpers ILC-generated code calls with special register conventions, and panic trampolines.
	.text

// Object-reference stores (no GC, so no card marking): x14 = destination, x15 = value; x14 post-incremented.
	.globl RhpAssignRefArm64
	.globl RhpCheckedAssignRefArm64
RhpAssignRefArm64:
RhpCheckedAssignRefArm64:
	str	x15, [x14], #8
	ret

// Copy a reference from [x13] to [x14], both post-incremented.
	.globl RhpByRefAssignRefArm64
RhpByRefAssignRefArm64:
	ldr	x15, [x13], #8
	str	x15, [x14], #8
	ret

// throw: x0 = exception object. Exceptions are panics; pass the throw site (lr) to C#.
	.globl RhpThrowEx
	.globl RhpRethrow
RhpThrowEx:
RhpRethrow:
	mov	x1, lr
	b	smos_panic_throw

// Runtime-check failures. Each passes a reason code and the address of the failing call site.
.macro FAIL name, code
	.globl \name
\name:
	mov	w0, #\code
	mov	x1, lr
	b	smos_panic_code
.endm
	FAIL smos_fail_index, 1
	FAIL smos_fail_null, 2
	FAIL smos_fail_cast, 3
	FAIL smos_fail_overflow, 4
	FAIL smos_fail_divzero, 5
	FAIL smos_fail_argrange, 6
	FAIL smos_fail_argument, 7
	FAIL smos_fail_removed, 8
	FAIL smos_fail_oom, 9
	FAIL RhpFallbackFailFast, 10
	FAIL smos_fail_arraytype, 11
	FAIL RhpInitialDynamicInterfaceDispatch, 12

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
	.globl smos_test_undefined_instruction
smos_test_undefined_instruction:
	udf	#0
	ret

	.globl smos_test_unknown_syscall
smos_test_unknown_syscall:
	mov	x7, #-100
	svc	#0
	ret
