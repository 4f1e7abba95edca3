// Entry of a SmosSharp app: the root task starts it with sp = StackTop and x0 = the start-info page
// (protocol/ProcessAbi.cs). Module statics first, then libsmos's smos_app_start(startInfo).
	.section .text.start, "ax"
	.globl _start
_start:
	mov	x19, x0
	mov	x29, xzr
	mov	x30, xzr

	// Zero .bss (fresh frames are zeroed already; do not depend on it). The heap lives there too.
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
	bl	smos_app_start
	// smos_app_start ends with Process.Exit; if it returns, stop this thread.
3:	bl	smos_halt
	b	3b
