// Entry of a SmosSharp app: the root task starts it with sp = StackTop and x0 = the start-info page
// (protocol/ProcessAbi.cs). Module statics first, then libsmos's smos_app_start(startInfo).
	.include "start_common.inc"

	.section .text.start, "ax"
	.globl _start
_start:
	mov	x19, x0
	mov	x29, xzr
	mov	x30, xzr

	// Zero .bss (fresh frames are zeroed already; do not depend on it; the heap lives there too), then the module statics.
	SMOS_START_COMMON

	mov	x0, x19
	bl	smos_app_start
	// smos_app_start ends with Process.Exit; if it returns, stop this thread.
3:	bl	smos_halt
	b	3b
