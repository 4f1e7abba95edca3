// Entry of the seL4 root task: seL4 starts us at EL0 with x0 = BootInfo and sp = 0.
	.section .text.start, "ax"
	.globl _start
_start:
	adrp	x9, __stack_top
	add	x9, x9, :lo12:__stack_top
	mov	sp, x9
	mov	x19, x0

	// Zero .bss (our loader already did, but do not depend on it). Stack and heap live there too.
	adrp	x9, __bss_start
	add	x9, x9, :lo12:__bss_start
	adrp	x10, __bss_end
	add	x10, x10, :lo12:__bss_end
1:	cmp	x9, x10
	b.hs	2f
	stp	xzr, xzr, [x9], #16
	b	1b
2:
	// Static bases of reference-type statics (walks the ReadyToRun headers listed in __modules).
	adrp	x0, __modules_start
	add	x0, x0, :lo12:__modules_start
	adrp	x1, __modules_end
	add	x1, x1, :lo12:__modules_end
	bl	smos_initialize_modules

	mov	x0, x19
	bl	smos_main
	// smos_main must not return; if it does, stop this thread.
	bl	smos_halt
	b	.
