# gdb helper for SmosSharp images: which program, process and seL4 thread a pc is in (smos-where), and the processes (smos-ps).
#
# Sourced by out/smos-symbols.gdb (buildsys GdbScript.cs), which adds each program with `smos-add NAME START END`: the
# root task and every app are linked at addresses of their own (buildsys AppLinkBases.cs), so a pc names its program.
# The seL4 side reads the debug kernel's own records through its symbols (kernel.elf is built with DWARF): ksCurThread,
# the list ksDebugTCBs of every TCB and the name seL4_DebugNameThread gave it (the root task names each process's thread
# "app[pid]", servers/roottask/Resources/ThreadName.cs; its own threads have plain names). A release kernel has neither
# list nor names; then only the pc is used. docs/debugging.md.
import re

import gdb

# (name, start, end) per program, end exclusive, in the order smos-add was given them.
PROGRAMS = []

# seL4 16.0.0 on AArch64: a TCB object is 2^11 bytes; its first part holds tcbCNodeEntries cte_t slots, then the debug
# record (next, prev, name). The tcb_t pointer the kernel keeps points into the same object.
TCB_BITS = 11
# seL4's _thread_state values (ThreadState_Inactive = 0 ... ThreadState_IdleThreadState = 7, as kernel.elf's DWARF has them).
THREAD_STATES = {
    0: "inactive",
    1: "running",
    2: "restart",
    3: "blocked-recv",
    4: "blocked-send",
    5: "blocked-reply",
    6: "blocked-notif",
    7: "idle",
}


def program_of(pc):
    """The program whose range holds pc: an app's or the root task's name, "kernel" above user space, or None."""
    if pc >= 0xFFFF000000000000:
        return "kernel"
    for name, start, end in PROGRAMS:
        if start <= pc < end:
            return name
    return None


def current_pc():
    return int(gdb.parse_and_eval("$pc")) & 0xFFFFFFFFFFFFFFFF


# seL4's kernel window on AArch64 (qemu-arm-virt): kernel virtual address = physical address + this (kernel.elf's
# PT_LOAD: vaddr 0xffffff8040000000, paddr 0x40000000). Needed because QEMU's gdb stub translates a read with the
# CPU's current privilege: stopped in an app (EL0), the kernel's pages cannot be read by their virtual address.
KERNEL_WINDOW = 0xFFFFFF8000000000


def _int(expression):
    """An expression without memory reads: a symbol's address, a constant, a field's offset."""
    return int(gdb.parse_and_eval(expression))


def kread(vaddr, size):
    """size bytes of kernel memory at vaddr: by virtual address, else physically (QEMU's Qqemu.PhyMemMode)."""
    inferior = gdb.selected_inferior()
    try:
        return bytes(inferior.read_memory(vaddr, size))
    except gdb.MemoryError:
        pass
    gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True)
    try:
        return bytes(inferior.read_memory(vaddr - KERNEL_WINDOW, size))
    finally:
        gdb.execute("maintenance packet Qqemu.PhyMemMode:0", to_string=True)


def kword(vaddr):
    return int.from_bytes(kread(vaddr, 8), "little")


def offset_of(type_name, field):
    return _int(f"(unsigned long)&(({type_name} *)0)->{field}")


def kernel_known():
    """True when the kernel's symbols are loaded and its debug records are there (a debug kernel)."""
    try:
        gdb.parse_and_eval("&ksDebugTCBs")
        gdb.parse_and_eval("&ksCurThread")
        return True
    except gdb.error:
        return False


def debug_record(tcb):
    """The address of the debug record (next, prev, name) in the TCB object holding tcb."""
    entries = _int("(int)tcbCNodeEntries")
    return (tcb & ~((1 << TCB_BITS) - 1)) + entries * gdb.lookup_type("cte_t").sizeof


def thread_name(tcb):
    """The name seL4_DebugNameThread gave the thread whose tcb_t is at tcb ("" when unnamed)."""
    raw = kread(debug_record(tcb) + 16, 64)  # after tcbDebugNext and tcbDebugPrev
    return raw.split(b"\0", 1)[0].decode("ascii", "replace")


def process_of(thread):
    """(app, pid) of a process's thread name "app[pid]"; (None, None) for the root task's own threads."""
    match = re.fullmatch(r"(.+)\[(\d+)\]", thread)
    return (match.group(1), int(match.group(2))) if match else (None, None)


def thread_state(tcb):
    word = kword(tcb + offset_of("tcb_t", "tcbState.words[0]"))
    return THREAD_STATES.get(word & 0xF, f"state {word & 0xF}")


def thread_pc(tcb):
    """The user pc saved in the TCB (NextIP: where the thread resumes)."""
    try:
        index = _int("(int)NextIP")
    except gdb.error:
        index = 32
    return kword(tcb + offset_of("tcb_t", f"tcbArch.tcbContext.registers[{index}]"))


def thread_priority(tcb):
    return kword(tcb + offset_of("tcb_t", "tcbPriority")) & 0xFF


def current_tcb():
    return kword(_int("(unsigned long)&ksCurThread"))


def threads():
    """Every TCB of the kernel's debug list: (tcb address, name, state, priority, saved pc)."""
    result = []
    tcb = kword(_int("(unsigned long)&ksDebugTCBs"))
    seen = set()
    while tcb != 0 and tcb not in seen and len(seen) < 4096:
        seen.add(tcb)
        result.append((tcb, thread_name(tcb), thread_state(tcb), thread_priority(tcb), thread_pc(tcb)))
        tcb = kword(debug_record(tcb))  # tcbDebugNext
    return result


class SmosAdd(gdb.Command):
    """smos-add NAME START END: a program loaded at START (to END, exclusive); written by buildsys in smos-symbols.gdb."""

    def __init__(self):
        super().__init__("smos-add", gdb.COMMAND_DATA)

    def invoke(self, argument, from_tty):
        words = gdb.string_to_argv(argument)
        if len(words) != 3:
            raise gdb.GdbError("smos-add: expected NAME START END")
        PROGRAMS.append((words[0], int(words[1], 0), int(words[2], 0)))


class SmosWhere(gdb.Command):
    """smos-where: the SmosSharp program the pc is in and, with a debug kernel's symbols, the current seL4 thread."""

    def __init__(self):
        super().__init__("smos-where", gdb.COMMAND_STATUS)

    def invoke(self, argument, from_tty):
        pc = current_pc()
        program = program_of(pc) or "no SmosSharp program (the loader, or an address no program is linked at)"
        line = f"pc 0x{pc:x} in {program}"
        if kernel_known():
            tcb = current_tcb()
            thread = thread_name(tcb)
            app, pid = process_of(thread)
            if pid is not None:
                line += f"; process {app} pid {pid}"
            line += f"; seL4 thread \"{thread}\" (tcb 0x{tcb:x})"
        gdb.write(line + "\n")


class SmosPs(gdb.Command):
    """smos-ps: the processes (pid and app, from the thread names the root task gives), then the root task's own threads;
    for each its seL4 state, priority, saved pc and the program that pc is in. Needs the debug kernel's symbols."""

    def __init__(self):
        super().__init__("smos-ps", gdb.COMMAND_STATUS)

    def invoke(self, argument, from_tty):
        if not kernel_known():
            raise gdb.GdbError("smos-ps: needs the debug kernel's symbols (ksDebugTCBs); add-symbol-file its kernel.elf")
        current = current_tcb()
        rows = []
        for tcb, thread, state, priority, pc in threads():
            if tcb == current:
                pc = current_pc()
                state += "*"
            app, pid = process_of(thread)
            rows.append((pid is None, pid or 0, "-" if pid is None else str(pid), app or thread, state, priority, pc))
        rows.sort(key=lambda row: row[:2])
        gdb.write(f"  {'PID':>5}  {'NAME':<20} {'STATE':<14} {'PRIO':>4}  {'PC':<18}  PROGRAM\n")
        for _, _, pid, name, state, priority, pc in rows:
            gdb.write(f"  {pid:>5}  {name:<20} {state:<14} {priority:>4}  0x{pc:<16x}  {program_of(pc) or '-'}\n")
        gdb.write("  (processes by pid, then the root task's own threads (pid -); * the thread on the CPU now: its live pc;\n")
        gdb.write("   the others' pc is where they resume. Parents and quotas: the shell's ps.)\n")


SmosAdd()
SmosWhere()
SmosPs()
