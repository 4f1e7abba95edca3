// The ARM generic timer at EL0: the physical counter and frequency (KernelArmExportPCNTUser) for libsmos's Clock, and
// the EL1 physical timer's compare value and control (KernelArmExportPTMRUser) for the timer server (services/timer).
// Without the exports the first access traps (EC 0x18) and the kernel reports a user exception (docs/kernel.md).
	.include "sections.inc"
	.text

// ulong smos_cntpct(void): CNTPCT_EL0, the physical counter (62.5 MHz on QEMU virt). The isb keeps the read from being
// taken before the instructions ahead of it.
	SMOS_FUNCTION smos_cntpct
	.globl smos_cntpct
smos_cntpct:
	isb
	mrs	x0, cntpct_el0
	ret

// ulong smos_cntfrq(void): CNTFRQ_EL0, the counter's frequency in Hz.
	SMOS_FUNCTION smos_cntfrq
	.globl smos_cntfrq
smos_cntfrq:
	mrs	x0, cntfrq_el0
	ret

// void smos_cntp_arm(ulong cval): CNTP_CVAL_EL0 = cval, then CNTP_CTL_EL0 = ENABLE (bit 0) with IMASK (bit 1) clear:
// the timer's interrupt (PPI 30) is raised once CNTPCT_EL0 >= cval, and stays raised until the compare value moves on
// or the timer is disabled. Both registers are written every time: any thread may have changed them.
	SMOS_FUNCTION smos_cntp_arm
	.globl smos_cntp_arm
smos_cntp_arm:
	msr	cntp_cval_el0, x0
	mov	x1, #1
	msr	cntp_ctl_el0, x1
	isb
	ret

// void smos_cntp_disarm(void): CNTP_CTL_EL0 = 0 (disabled, so its interrupt line goes low).
	SMOS_FUNCTION smos_cntp_disarm
	.globl smos_cntp_disarm
smos_cntp_disarm:
	msr	cntp_ctl_el0, xzr
	isb
	ret

// ulong smos_cntp_ctl(void): CNTP_CTL_EL0 (bit 0 ENABLE, bit 1 IMASK, bit 2 ISTATUS: the condition is met).
	SMOS_FUNCTION smos_cntp_ctl
	.globl smos_cntp_ctl
smos_cntp_ctl:
	mrs	x0, cntp_ctl_el0
	ret
