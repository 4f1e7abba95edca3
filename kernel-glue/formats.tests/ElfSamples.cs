// Builds the ELF inputs once per test class: an AArch64 object and executable (GNU as/ld) and an x86-64 C program (gcc).
using System;
using System.IO;
using Xunit;

namespace Smos.Formats.Tests;

/// <summary>Sample ELF files built at test time in a temp directory. Fails (never skips) when a tool is missing.</summary>
public sealed class ElfSamples : IDisposable
{
    public const string AArch64Source = """
            .text
            .global _start
            .type _start, %function
        _start:
            bl helper
            b .
            .size _start, .-_start
            .global helper
            .type helper, %function
        helper:
            mov x0, #1
            add x0, x0, #2
            ret
            .size helper, .-helper
            .type private_fn, %function
        private_fn:
            nop
            nop
            ret
            .size private_fn, .-private_fn
            .data
            .global counter
            .type counter, %object
        counter: .quad 42
            .size counter, 8
            .bss
            .global buffer
            .type buffer, %object
        buffer: .skip 8192
            .size buffer, 8192

        """;

    public const string CSource = """
        int table[100] = {1, 2, 3};
        static const char message[] = "symbolize me";
        static int helper(int x) { return x * 3 + table[x & 7] + message[x & 3]; }
        int compute(int n) { int s = 0; for (int i = 0; i < n; i++) s += helper(i); return s; }
        int main(int argc, char **argv) { (void)argv; return compute(argc); }

        """;

    private readonly TempDir _dir = new();

    public ElfSamples()
    {
        string asm = Tools.Require("aarch64-linux-gnu-as", "binutils-aarch64-linux-gnu");
        string ld = Tools.Require("aarch64-linux-gnu-ld", "binutils-aarch64-linux-gnu");
        File.WriteAllText(_dir.File("t.s"), AArch64Source);
        Tools.RunOk(asm, ["-o", "t.o", "t.s"], _dir.Path);
        Tools.RunOk(ld, ["-z", "max-page-size=4096", "-o", "t.elf", "t.o"], _dir.Path);

        string gcc = Tools.Require("gcc", "gcc");
        File.WriteAllText(_dir.File("prog.c"), CSource);
        Tools.RunOk(gcc, ["-O1", "-fno-inline", "-o", "prog", "prog.c"], _dir.Path);

        AArch64ObjectPath = _dir.File("t.o");
        AArch64ExecutablePath = _dir.File("t.elf");
        HostProgramPath = _dir.File("prog");
        AArch64Object = File.ReadAllBytes(AArch64ObjectPath);
        AArch64Executable = File.ReadAllBytes(AArch64ExecutablePath);
        HostProgram = File.ReadAllBytes(HostProgramPath);
    }

    /// <summary>A stripped host executable that every Debian system has.</summary>
    public static string SystemBinaryPath => "/usr/bin/ls";

    public string AArch64ObjectPath { get; }

    public string AArch64ExecutablePath { get; }

    public string HostProgramPath { get; }

    public byte[] AArch64Object { get; }

    public byte[] AArch64Executable { get; }

    public byte[] HostProgram { get; }

    public void Dispose() => _dir.Dispose();
}
