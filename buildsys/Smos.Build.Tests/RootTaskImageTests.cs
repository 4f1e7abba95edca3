// `image --roottask ELF`: which ELF files the loader can start as the root task, and the message for each it cannot.
using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace Smos.Build.Tests;

public sealed class RootTaskImageTests : IDisposable
{
    private const string Source = """
            .text
            .globl _start
        _start:
            mov     x7, #-7
            svc     #0
            b       _start
            .data
        word:
            .quad   42
        """;

    // Shaped like seL4's kernel.elf: linked at 0xffffff8040000000, loaded at physical 0x40000000.
    private const string KernelScript = """
        ENTRY(_start)
        SECTIONS {
            . = 0xffffff8040000000;
            .text : AT(0x40000000) { *(.text) }
            /DISCARD/ : { *(.data) }
        }
        """;

    private readonly TempDir _dir = new();

    public RootTaskImageTests()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "t.s"), Source);
        File.WriteAllText(Path.Combine(_dir.Path, "kernel.ld"), KernelScript);
        Run("aarch64-linux-gnu-as", "-o", "t.o", "t.s");
    }

    public void Dispose() => _dir.Dispose();

    private string Link(string name, params string[] flags)
    {
        Run("aarch64-linux-gnu-ld", [.. flags, "-z", "max-page-size=4096", "-o", name, "t.o"]);
        return Path.Combine(_dir.Path, name);
    }

    [Fact]
    public void ALinkedAArch64ExecutableIsAccepted()
    {
        Assert.Null(RootTaskImage.Problem(File.ReadAllBytes(Link("ok.elf", "-Ttext=0x400000"))));
    }

    [Fact]
    public void WhatIsNotALinkedAArch64ExecutableIsNamed()
    {
        Assert.Equal("not an ELF file", RootTaskImage.Problem("#!/bin/sh\necho hello\n"u8));
        Assert.StartsWith("a 32-bit ELF file", RootTaskImage.Problem(TempDir.ElfHeader(183, 0x400000, elfClass: 1)), StringComparison.Ordinal);
        Assert.Equal("an ELF file for x86-64, not AArch64", RootTaskImage.Problem(TempDir.ElfHeader(62, 0x400000)));
        Assert.StartsWith(
            "a relocatable object file (ET_REL), not an executable",
            RootTaskImage.Problem(File.ReadAllBytes(Path.Combine(_dir.Path, "t.o"))),
            StringComparison.Ordinal);
        Assert.StartsWith(
            "a position-independent executable or shared object (ET_DYN)",
            RootTaskImage.Problem(File.ReadAllBytes(Link("pie.elf", "-pie"))),
            StringComparison.Ordinal);
        Assert.StartsWith("no loadable segment", RootTaskImage.Problem(TempDir.ElfHeader(183, 0x400000)), StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentsMustNotOverlapAndTheEntryMustBeInCode()
    {
        byte[] overlapping = WithSegments(0x400000, (0x400000, 0x2000, Exec: true), (0x401000, 0x1000, Exec: false));
        Assert.Equal("its loadable segments overlap (0x400000-0x402000 and 0x401000-0x402000)", RootTaskImage.Problem(overlapping));

        byte[] entryInData = WithSegments(0x500000, (0x400000, 0x1000, Exec: true), (0x500000, 0x1000, Exec: false));
        Assert.Equal("its entry point 0x500000 is not inside an executable loadable segment", RootTaskImage.Problem(entryInData));

        byte[] high = WithSegments(0x800000000000, (0x800000000000, 0x1000, Exec: true));
        Assert.StartsWith("it loads at 0x800000000000-0x800000001000, above seL4's user address limit", RootTaskImage.Problem(high), StringComparison.Ordinal);
    }

    [Fact]
    public void ARootTaskSpanningMoreThanTheRoomBelowTheLoaderIsRefusedWithTheNumbers()
    {
        string kernel = Link("kernel.elf", "-T", "kernel.ld");
        var selection = new KernelSelection(kernel, null, "--kernel");
        RootTaskImage.RequireFit(Link("ok.elf", "-Ttext=0x400000"), selection);

        // Code at 0x400000 and data 256 MiB higher: the loader places the whole span contiguously below itself.
        string wide = Link("wide.elf", "-Ttext=0x400000", "-Tdata=0x10400000");
        var e = Assert.Throws<BuildsysException>(() => RootTaskImage.RequireFit(wide, selection));
        // (ld also loads the ELF header, on the page below the code.)
        Assert.Matches(@"wide\.elf: its loaded range 0x3ff000-0x10401000 spans 268,443,648 bytes, but the loader has 134,213,632 bytes for it \(physical 0x40001000-0x48000000, ", e.Message);
    }

    [Fact]
    public void AnotherRootTaskNeedsOnlyThePlatformPartOfTheKernelConfiguration()
    {
        const string Json = """{ "PLAT": "qemu-arm-virt", "SEL4_ARCH": "aarch64", "ARM_CORTEX_A53": true, "MAX_NUM_NODES": "1", "ARM_HYPERVISOR_SUPPORT": false, "KERNEL_MCS": true, "ROOT_CNODE_SIZE_BITS": 16, "DEBUG_BUILD": false }""";
        Assert.Empty(KernelConfig.Differences(Json, RootTaskImage.KernelNeeds));
        Assert.NotEmpty(KernelConfig.Differences(Json, [.. KernelConfig.Common, .. KernelConfig.ForRun]));
        Assert.Single(KernelConfig.Differences(Json.Replace("qemu-arm-virt", "zynqmp", StringComparison.Ordinal), RootTaskImage.KernelNeeds));
    }

    [Fact]
    public void TheLoaderBaseIsWhereLoaderLdLinksTheLoader()
    {
        string script = File.ReadAllText(Path.Combine(Repo.FindRoot(AppContext.BaseDirectory)!, "kernel-glue", "arch", "aarch64", "loader.ld"));
        Match m = Regex.Match(script, @"\. = 0x([0-9a-fA-F]+);");
        Assert.True(m.Success, "loader.ld sets no address");
        Assert.Equal(RootTaskImage.LoaderBase, Convert.ToUInt64(m.Groups[1].Value, 16));
    }

    /// <summary>An AArch64 executable header with these PT_LOAD segments (no file bytes, only memory sizes).</summary>
    private static byte[] WithSegments(ulong entry, params (ulong VAddr, ulong Size, bool Exec)[] segments)
    {
        byte[] header = TempDir.ElfHeader(183, entry);
        byte[] image = new byte[64 + (56 * segments.Length)];
        header.CopyTo(image, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(32), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(56), (ushort)segments.Length);
        for (int i = 0; i < segments.Length; i++)
        {
            Span<byte> ph = image.AsSpan(64 + (56 * i), 56);
            BinaryPrimitives.WriteUInt32LittleEndian(ph, 1);
            BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], segments[i].Exec ? 5u : 6u);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[16..], segments[i].VAddr);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[24..], segments[i].VAddr);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[40..], segments[i].Size);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[48..], 4096);
        }

        return image;
    }

    private void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { WorkingDirectory = _dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        string text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool} {string.Join(' ', args)}: {text}");
    }
}
