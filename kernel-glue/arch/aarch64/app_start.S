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

// int smos_app_entry(int argc, char** argv): the app's entry, whichever way it is written. ILC makes __managed__Main
// for an ordinary Main (static int Main(string[] args), static void Main(), top-level statements: an Exe project);
// older apps export smos_app_main instead ([UnmanagedCallersOnly]). Both are weak: the one present is called.
	.weak __managed__Main
	.weak smos_app_main
	.globl smos_app_entry
smos_app_entry:
	ldr	x9, =__managed__Main
	cbz	x9, 1f
	br	x9
1:	ldr	x9, =smos_app_main
	cbz	x9, 2f
	br	x9
2:	b	smos_no_app_entry
	.ltorg
