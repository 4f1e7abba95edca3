# gdb helper for SmosSharp images: which program, process and seL4 thread a pc is in (smos-where), the processes (smos-ps),
# and where the instructions of one call go, in apps, the root task and the kernel (smos-count).
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


# Names of pcs already seen by smos-count (a pc's function does not change while gdb runs).
_FUNCTION_OF = {}


def function_of(pc):
    """The symbol holding pc, from every symbol file gdb has (the programs and the kernel), or "0x..." when none does."""
    name = _FUNCTION_OF.get(pc)
    if name is None:
        text = gdb.execute(f"info symbol 0x{pc:x}", to_string=True).strip()
        name = text.split(" + ", 1)[0].split(" in section ", 1)[0] if not text.startswith("No symbol") else f"0x{pc:x}"
        _FUNCTION_OF[pc] = name
    return name


def exception_level():
    return (int(gdb.parse_and_eval("$cpsr")) >> 2) & 3


class SmosCount(gdb.Command):
    """smos-count [LIMIT]: runs the function the pc is in (stop at a breakpoint on it: `break FUNCTION` or its first
    instruction) one instruction at a time until it returns to its caller, for LIMIT instructions (default 200000), or
    until the kernel's idle thread runs (nothing can run without an interrupt, which QEMU masks while stepping, so no
    timer tick is counted either), and prints how many instructions each function ran, in which program, at EL0 (user
    level) or EL1 (the kernel): every instruction of the call, including the root task's or a server's while the call
    waits for its reply and the kernel's system calls and context switches between them. docs/debugging.md,
    "smos-count: where a call's instructions go"."""

    def __init__(self):
        super().__init__("smos-count", gdb.COMMAND_RUNNING)

    def invoke(self, argument, from_tty):
        words = gdb.string_to_argv(argument)
        limit = int(words[0], 0) if words else 200000
        if exception_level() != 0:
            raise gdb.GdbError("smos-count: stop in a function at user level first (a breakpoint on it)")
        # Where the function returns to, and the caller's sp there: from gdb's unwinder, so a breakpoint after the
        # prologue (`break FUNCTION`) works as well as one on the first instruction (x30 and sp as they are there).
        back = _int("$x30") & 0xFFFFFFFFFFFFFFFF
        sp = _int("$sp") & 0xFFFFFFFFFFFFFFFF
        try:
            caller = gdb.selected_frame().older()
            if caller is not None:
                back = int(caller.pc()) & 0xFFFFFFFFFFFFFFFF
                sp = int(caller.read_register("sp")) & 0xFFFFFFFFFFFFFFFF
        except gdb.error:
            pass
        start = function_of(current_pc())
        counts = {}
        steps = 0
        idle = False
        gdb.write(f"smos-count: {start} in {program_of(current_pc()) or '?'}, until it returns to 0x{back:x} (at most {limit})\n")
        # gdb prints where each step stopped even with to_string (a CLI notification): not while stepping.
        gdb.execute("set suppress-cli-notifications on", to_string=True)
        try:
            while steps < limit:
                pc = current_pc()
                if steps > 0 and pc == back and (_int("$sp") & 0xFFFFFFFFFFFFFFFF) == sp and exception_level() == 0:
                    break
                level = "EL1" if pc >= 0xFFFF000000000000 else "EL0"
                if level == "EL1" and function_of(pc) == "idle_thread":
                    idle = True  # every thread waits; a step of the idle thread's wfi never ends (QEMU masks interrupts)
                    break
                key = (program_of(pc) or "?", level, function_of(pc))
                counts[key] = counts.get(key, 0) + 1
                steps += 1
                gdb.execute("stepi", to_string=True)
        finally:
            gdb.execute("set suppress-cli-notifications off", to_string=True)
        by_program = {}
        for (program, level, _), n in counts.items():
            by_program[(program, level)] = by_program.get((program, level), 0) + n
        gdb.write(f"  {'INSTR':>7}  {'PROGRAM':<12} {'EL':<3}  FUNCTION\n")
        for (program, level, function), n in sorted(counts.items(), key=lambda item: -item[1]):
            gdb.write(f"  {n:>7}  {program:<12} {level:<3}  {function}\n")
        gdb.write("  by program:\n")
        for (program, level), n in sorted(by_program.items(), key=lambda item: -item[1]):
            gdb.write(f"  {n:>7}  {program:<12} {level}\n")
        ended = ("stopped: the kernel's idle thread runs (every thread waits, for an interrupt or a message), so the call did not return"
                 if idle else "returned" if steps < limit else f"stopped after {limit} instructions (LIMIT) without returning")
        gdb.write(f"  {steps:>7}  in all: {start} {ended}\n")


SmosAdd()
SmosWhere()
SmosPs()
SmosCount()
