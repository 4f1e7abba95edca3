// Entry of the seL4 root task: seL4 starts us at EL0 with x0 = BootInfo and sp = 0.
	.include "start_common.inc"

	.section .text.start, "ax"
	.globl _start
_start:
	adrp	x9, __stack_top
	add	x9, x9, :lo12:__stack_top
	mov	sp, x9
	mov	x19, x0

	// Zero .bss (our loader already did, but do not depend on it; stack and heap live there too), then the module statics.
	SMOS_START_COMMON

	mov	x0, x19
	bl	smos_main
	// smos_main must not return; if it does, stop this thread.
	bl	smos_halt
	b	.
