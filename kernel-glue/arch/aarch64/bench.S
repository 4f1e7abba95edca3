// Benchmark support for the root task (servers/roottask/Bench, `buildsys bench`): PMU and counter access at EL0,
// and the "floor" loops: the same IPC done with nothing but svc, to compare kernel-glue's typed API against.
// Needs a kernel with KernelArmExportPMUUser (and KernelArmExportVCNTUser for smos_cntvct); without them the
// first access traps (EC 0x18) and the kernel reports a user exception. See docs/performance.md.
	.include "sections.inc"
	.text

// void smos_pmu_init(void): event counter 0 counts instructions retired at every level, counter 1 only at EL0;
// both start from 0. PMCR_EL0 = E | P | C | LC (0x47). The kernel runs at EL1 here, so NSH is not needed.
	SMOS_FUNCTION smos_pmu_init
	.globl smos_pmu_init
smos_pmu_init:
	mov	x0, #0x47
	msr	pmcr_el0, x0
	mov	x0, #0x08
	msr	pmevtyper0_el0, x0
	mov	x0, #0x08
	movk	x0, #0x8000, lsl #16
	msr	pmevtyper1_el0, x0
	mov	x0, #3
	movk	x0, #0x8000, lsl #16
	msr	pmcntenset_el0, x0
	isb
	ret

// ulong smos_pmu_user_access(void): PMUSERENR_EL0 (readable at EL0 even when PMU access is not granted); bit 0
// set means the kernel exported the PMU (KernelArmExportPMUUser).
	SMOS_FUNCTION smos_pmu_user_access
	.globl smos_pmu_user_access
smos_pmu_user_access:
	mrs	x0, pmuserenr_el0
	ret

// ulong smos_pmu_read_total(void): event counter 0 (32 bits: take deltas modulo 2^32).
	SMOS_FUNCTION smos_pmu_read_total
	.globl smos_pmu_read_total
smos_pmu_read_total:
	mrs	x0, pmevcntr0_el0
	ret

// ulong smos_pmu_read_el0(void): event counter 1 (32 bits).
	SMOS_FUNCTION smos_pmu_read_el0
	.globl smos_pmu_read_el0
smos_pmu_read_el0:
	mrs	x0, pmevcntr1_el0
	ret

// ulong smos_cntvct(void): the virtual counter (62.5 MHz on QEMU virt; x 16 = instructions with -icount shift=0).
	SMOS_FUNCTION smos_cntvct
	.globl smos_cntvct
smos_cntvct:
	isb
	mrs	x0, cntvct_el0
	ret

// ---- Floor loops: raw svc, message registers kept in x2-x5, no IPC buffer traffic ----
// Syscall numbers (seL4 16.0.0, non-MCS): Call -1, ReplyRecv -2, Send -3, Recv -5, Yield -7.

// void smos_bench_floor_call(ulong ep, ulong info, ulong n): n Calls on ep; with info's length 4, MR0-3 = 1..4.
	SMOS_FUNCTION smos_bench_floor_call
	.globl smos_bench_floor_call
smos_bench_floor_call:
	cbz	x2, 2f
	mov	x9, x0
	mov	x10, x1
	mov	x11, x2
	mov	x7, #-1
1:	mov	x0, x9
	mov	x1, x10
	mov	x2, #1
	mov	x3, #2
	mov	x4, #3
	mov	x5, #4
	svc	#0
	subs	x11, x11, #1
	b.ne	1b
2:	ret

// void smos_bench_floor_call0(ulong ep, ulong info, ulong n): n Calls on ep with no message registers set.
	SMOS_FUNCTION smos_bench_floor_call0
	.globl smos_bench_floor_call0
smos_bench_floor_call0:
	cbz	x2, 2f
	mov	x9, x0
	mov	x10, x1
	mov	x11, x2
	mov	x7, #-1
1:	mov	x0, x9
	mov	x1, x10
	svc	#0
	subs	x11, x11, #1
	b.ne	1b
2:	ret

// Thread entry (x0 = argument -> { ulong ep; ulong replyInfo; }): Recv, then ReplyRecv forever, replying with
// replyInfo and echoing MR0-3 as they arrived in x2-x5. Never returns.
	SMOS_FUNCTION smos_bench_floor_server
	.globl smos_bench_floor_server
smos_bench_floor_server:
	ldp	x9, x10, [x0]
	mov	x0, x9
	mov	x7, #-5
	svc	#0
	mov	x7, #-2
1:	mov	x0, x9
	mov	x1, x10
	svc	#0
	b	1b

// void smos_bench_floor_ping(ulong ping, ulong pong, ulong n): n times Signal(ping), Wait(pong).
	SMOS_FUNCTION smos_bench_floor_ping
	.globl smos_bench_floor_ping
smos_bench_floor_ping:
	cbz	x2, 2f
	mov	x9, x0
	mov	x10, x1
	mov	x11, x2
1:	mov	x0, x9
	mov	x1, xzr
	mov	x7, #-3
	svc	#0
	mov	x0, x10
	mov	x7, #-5
	svc	#0
	subs	x11, x11, #1
	b.ne	1b
2:	ret

// Thread entry (x0 = argument -> { ulong ping; ulong pong; }): forever Wait(ping), Signal(pong).
	SMOS_FUNCTION smos_bench_floor_pong
	.globl smos_bench_floor_pong
smos_bench_floor_pong:
	ldp	x9, x10, [x0]
1:	mov	x0, x9
	mov	x7, #-5
	svc	#0
	mov	x0, x10
	mov	x1, xzr
	mov	x7, #-3
	svc	#0
	b	1b

// void smos_bench_floor_signal(ulong ntfn, ulong n): n Signals with nobody waiting.
	SMOS_FUNCTION smos_bench_floor_signal
	.globl smos_bench_floor_signal
smos_bench_floor_signal:
	cbz	x1, 2f
	mov	x9, x0
	mov	x11, x1
	mov	x7, #-3
1:	mov	x0, x9
	mov	x1, xzr
	svc	#0
	subs	x11, x11, #1
	b.ne	1b
2:	ret

// void smos_bench_floor_yield(ulong n): n Yields.
	SMOS_FUNCTION smos_bench_floor_yield
	.globl smos_bench_floor_yield
smos_bench_floor_yield:
	cbz	x0, 2f
	mov	x11, x0
	mov	x7, #-7
1:	svc	#0
	subs	x11, x11, #1
	b.ne	1b
2:	ret

// void* smos_bench_floor_server_address(void) / smos_bench_floor_pong_address(void): thread entries for C#.
	SMOS_FUNCTION smos_bench_floor_server_address
	.globl smos_bench_floor_server_address
smos_bench_floor_server_address:
	adr	x0, smos_bench_floor_server
	ret

	SMOS_FUNCTION smos_bench_floor_pong_address
	.globl smos_bench_floor_pong_address
smos_bench_floor_pong_address:
	adr	x0, smos_bench_floor_pong
	ret
