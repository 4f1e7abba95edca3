// The ABI generator: its numbering rules on small inputs, the committed file against the installed kernel, and sel4.S's system-call numbers.
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Smos.Build.Tests;

public class AbiGeneratorTests
{
    private static readonly string Root = Repo.FindRoot(System.AppContext.BaseDirectory)!;

    private static Dictionary<string, JsonElement> Config(string json) => AbiGenerator.ReadConfig(json);

    [Fact]
    public void LabelsFollowFileOrderSkipFalseConditionsAndKeepTheFirstNumberOfAnId()
    {
        XDocument generic = XDocument.Parse("""
            <api>
              <interface name="a"><method id="ARetype"/><method id="AConfigure"><condition><not><config var="CONFIG_KERNEL_MCS"/></not></condition></method>
                <method id="AConfigure"><condition><config var="CONFIG_KERNEL_MCS"/></condition></method>
                <method id="ATimeout"><condition><config var="CONFIG_KERNEL_MCS"/></condition></method>
                <method id="ABoth"><condition><and><config var="CONFIG_PRINTING"/><or><config var="CONFIG_X"/><config var="CONFIG_NODES"/></or></and></condition></method></interface>
            </api>
            """);
        XDocument arch = XDocument.Parse("""<api><interface name="b"><method id="BMap"/></interface></api>""");
        var nonMcs = AbiGenerator.InvocationLabels([generic, arch], Config("""{"KERNEL_MCS": false, "PRINTING": true, "NODES": "1"}"""));
        Assert.Equal([("ARetype", 1), ("AConfigure", 2), ("ABoth", 3), ("BMap", 4)], nonMcs);
        var mcs = AbiGenerator.InvocationLabels([generic, arch], Config("""{"KERNEL_MCS": true, "PRINTING": false}"""));
        Assert.Equal([("ARetype", 1), ("AConfigure", 2), ("ATimeout", 3), ("BMap", 4)], mcs);
    }

    [Fact]
    public void SyscallsAreTheConfiguredApiThenTheDebugCallsNumberedDown()
    {
        XDocument xml = XDocument.Parse("""
            <syscalls><api-master><config><syscall name="Call"/><syscall name="ReplyRecv"/></config></api-master>
              <api-mcs><config><syscall name="Call"/><syscall name="Wait"/></config></api-mcs>
              <debug><config><condition><config var="CONFIG_PRINTING"/></condition><syscall name="DebugPutChar"/></config></debug></syscalls>
            """);
        Assert.Equal([("Call", -1), ("ReplyRecv", -2), ("DebugPutChar", -3)], AbiGenerator.Syscalls(xml, mcs: false));
        Assert.Equal([("Call", -1), ("Wait", -2), ("DebugPutChar", -3)], AbiGenerator.Syscalls(xml, mcs: true));
    }

    [Fact]
    public void AConditionTestsWhetherTheOptionIsDefinedAsTheCHeadersDo()
    {
        XElement Var(string name) => XElement.Parse($"""<config var="CONFIG_{name}"/>""");
        var config = Config("""{"ON": true, "OFF": false, "ZERO": "0", "EMPTY": ""}""");
        Assert.True(AbiGenerator.Evaluate(Var("ON"), config));
        Assert.False(AbiGenerator.Evaluate(Var("OFF"), config));
        Assert.True(AbiGenerator.Evaluate(Var("ZERO"), config)); // #define CONFIG_ZERO 0 is defined
        Assert.True(AbiGenerator.Evaluate(Var("EMPTY"), config));
        Assert.False(AbiGenerator.Evaluate(Var("ABSENT"), config));
        Assert.Throws<BuildsysException>(() => AbiGenerator.Evaluate(XElement.Parse("<xor/>"), config));
    }

    [Fact]
    public void ADuplicateMethodNeedsTheDuplicateAttributeAndGetsNoLabel()
    {
        XDocument marked = XDocument.Parse("""<api><interface name="a"><method id="A"/><method id="A" duplicate="true"/><method id="B"/></interface></api>""");
        Assert.Equal([("A", 1), ("B", 2)], AbiGenerator.InvocationLabels([marked], Config("{}")));
        XDocument unmarked = XDocument.Parse("""<api><interface name="a"><method id="A"/><method id="A"/></interface></api>""");
        Assert.Throws<BuildsysException>(() => AbiGenerator.InvocationLabels([unmarked], Config("{}")));
    }

    [Fact]
    public void TheGeneratedFileHasTheConfigurationSmosSharpDependsOn()
    {
        var config = Config("""
            {"PLAT": "qemu-arm-virt", "SEL4_ARCH": "aarch64", "ARM_CORTEX_A53": true, "KERNEL_MCS": false, "MAX_NUM_NODES": "1",
             "ARM_HYPERVISOR_SUPPORT": false, "ROOT_CNODE_SIZE_BITS": "12", "MAX_NUM_BOOTINFO_UNTYPED_CAPS": "230", "NUM_PRIORITIES": "256", "PRINTING": true}
            """);
        string text = AbiGenerator.Generate([("UntypedRetype", 1)], [("Call", -1)], AbiGenerator.ConfigConstants(config));
        Assert.Contains("    public const ulong UntypedRetype = 1;\n", text, System.StringComparison.Ordinal);
        Assert.Contains("    public const long Call = -1;\n", text, System.StringComparison.Ordinal);
        Assert.Contains("    public const int RootCnodeSizeBits = 12;\n", text, System.StringComparison.Ordinal);
        Assert.Contains("    public const bool KernelMcs = false;\n", text, System.StringComparison.Ordinal);
        Assert.Contains("    public const string Plat = \"qemu-arm-virt\";\n", text, System.StringComparison.Ordinal);
        config.Remove("PRINTING");
        Assert.Contains("PRINTING", Assert.Throws<BuildsysException>(() => AbiGenerator.ConfigConstants(config)).Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void CheckNamesEveryDifferingConstant()
    {
        string committed = AbiGenerator.Generate([("A", 1), ("B", 2)], [("Call", -1)], []);
        Assert.Empty(AbiGenerator.Differences(committed, committed));
        Assert.Equal(
            ["Sel4InvocationLabels.B: committed 2, kernel 3", "Sel4SyscallNumbers.Call: committed -1, the kernel has none", "Sel4InvocationLabels.X: kernel 2, the committed file has none"],
            AbiGenerator.Differences(committed, AbiGenerator.Generate([("A", 1), ("X", 2), ("B", 3)], [], [])));
        Assert.Equal(["line 1: committed \"// edited\", kernel \"" + committed.Split('\n')[0] + "\""], AbiGenerator.Differences("// edited\n" + committed[(committed.IndexOf('\n') + 1)..], committed));
    }

    /// <summary>The committed file is what the installed kernel's XML gives ($SEL4_PREFIX, else the README's debug kernel).</summary>
    [InstalledKernelFact(KernelKind.Selected)]
    public void TheCommittedFileMatchesTheInstalledKernel()
    {
        string committed = File.ReadAllText(Path.Combine(Root, AbiGenerator.OutputPath));
        string generated = AbiGenerator.GenerateFrom(InstalledKernel.Include(KernelKind.Selected));
        Assert.Equal([], AbiGenerator.Differences(committed, generated));
        Assert.Equal(committed, generated);
    }

    /// <summary>A release kernel with the PMU exported numbers everything alike: one committed file serves both.</summary>
    [InstalledKernelFact(KernelKind.Bench)]
    public void TheBenchKernelGivesTheSameFile() =>
        Assert.Equal(File.ReadAllText(Path.Combine(Root, AbiGenerator.OutputPath)), AbiGenerator.GenerateFrom(InstalledKernel.Include(KernelKind.Bench)));

    /// <summary>Hand-written limits elsewhere agree with the generated configuration (formats cannot see sel4-sys).</summary>
    [Fact]
    public void BootInfoLimitsAgreeWithTheGeneratedConfiguration()
    {
        string generated = File.ReadAllText(Path.Combine(Root, AbiGenerator.OutputPath));
        Match m = Regex.Match(generated, @"public const int MaxNumBootinfoUntypedCaps = (\d+);");
        Assert.True(m.Success, "Sel4Config.MaxNumBootinfoUntypedCaps is missing from the generated file");
        Assert.Equal(Smos.Formats.BootInfo.MaxUntypeds, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Every system-call stub of sel4.S loads the number the committed ABI gives its call.</summary>
    [Fact]
    public void TheAssemblyStubsUseTheGeneratedSyscallNumbers()
    {
        string generated = File.ReadAllText(Path.Combine(Root, AbiGenerator.OutputPath));
        var numbers = Regex.Matches(generated, @"public const long (\w+) = (-\d+);").ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var stubs = new Dictionary<string, string>
        {
            ["smos_sys_call"] = "Call", ["smos_sys_reply_recv"] = "ReplyRecv", ["smos_sys_call_fast"] = "Call", ["smos_sys_reply_recv_fast"] = "ReplyRecv",
            ["smos_sys_recv_fast"] = "Recv", ["smos_sys_recv"] = "Recv", ["smos_sys_nbrecv"] = "NBRecv", ["smos_sys_send"] = "Send",
            ["smos_sys_nbsend"] = "NBSend", ["smos_sys_reply"] = "Reply", ["smos_sys_signal"] = "NBSend", ["smos_sys_wait"] = "Recv",
            ["smos_sys_poll"] = "NBRecv", ["smos_sys_yield"] = "Yield", ["smos_sys_debug_putchar"] = "DebugPutChar",
            ["smos_sys_debug_dump_scheduler"] = "DebugDumpScheduler", ["smos_sys_debug_halt"] = "DebugHalt",
            ["smos_sys_debug_cap_identify"] = "DebugCapIdentify", ["smos_sys_debug_snapshot"] = "DebugSnapshot", ["smos_sys_debug_name_thread"] = "DebugNameThread",
        };
        string asm = File.ReadAllText(Path.Combine(Root, "kernel-glue", "arch", "aarch64", "sel4.S"));
        var found = new Dictionary<string, int>();
        foreach (Match m in Regex.Matches(asm, @"(?m)^\s*(?:SEND_RECV_STUB|RECV_STUB)\s+(\w+),\s*(-\d+)"))
        {
            found[m.Groups[1].Value] = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (Match m in Regex.Matches(asm, @"(?ms)^(smos_sys_\w+):.*?mov\s+x7,\s*#(-\d+)"))
        {
            found.TryAdd(m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(stubs.Keys.Order(), found.Keys.Order());
        foreach ((string stub, string call) in stubs)
        {
            Assert.True(numbers[call] == found[stub], $"{stub} loads x7 = {found[stub]}, the ABI says {call} = {numbers[call]}");
        }
    }
}
