// The committed ABI against seL4's own generated headers, as gcc's preprocessor reads them for the installed kernel's configuration.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Smos.Build.Tests;

/// <summary>
/// buildsys numbers labels and system calls from the interface XML by its own reading of seL4's rules (AbiGenerator);
/// seL4's build numbered them too, into sel4/invocation.h (which includes the sel4_arch and arch ones) and
/// sel4/syscall.h. These tests hold the committed file to what a C compiler sees in those headers with the kernel's
/// gen_config.h, so a mistake in our reading of the rules cannot hide behind a snapshot made by the same reading.
/// </summary>
public class Sel4HeadersTests
{
    private static readonly string Root = Repo.FindRoot(AppContext.BaseDirectory)!;

    [InstalledKernelFact(KernelKind.Selected, NeedsPreprocessor = true)]
    public void InvocationLabelsAreTheKernelHeadersEnumerations() => CheckLabels(InstalledKernel.Include(KernelKind.Selected));

    [InstalledKernelFact(KernelKind.Selected, NeedsPreprocessor = true)]
    public void SyscallNumbersAreTheKernelHeadersOnes() => CheckSyscalls(InstalledKernel.Include(KernelKind.Selected));

    [InstalledKernelFact(KernelKind.Selected, NeedsPreprocessor = true)]
    public void ObjectSizesAreTheKernelHeadersMacros() => CheckObjectSizes(InstalledKernel.Include(KernelKind.Selected));

    /// <summary>The release kernel with the PMU exported numbers and sizes everything alike (one committed file serves both).</summary>
    [InstalledKernelFact(KernelKind.Bench, NeedsPreprocessor = true)]
    public void TheBenchKernelsHeadersGiveTheSameNumbers()
    {
        string include = InstalledKernel.Include(KernelKind.Bench);
        CheckLabels(include);
        CheckSyscalls(include);
        CheckObjectSizes(include);
    }

    private static void CheckLabels(string include)
    {
        string c = Preprocess(include, "#include <sel4/macros.h>\n#include <sel4/invocation.h>\n", macros: false);
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        var labels = new List<string>();
        foreach (Match e in Regex.Matches(c, @"enum\s+\w*invocation_label\s*\{([^}]*)\}"))
        {
            long next = 0;
            foreach (string entry in e.Groups[1].Value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0))
            {
                string[] parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
                long value = parts.Length == 1 ? next : long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : values[parts[1]];
                values[parts[0]] = value;
                next = value + 1;
                if (parts[0] != "InvalidInvocation" && !Regex.IsMatch(parts[0], @"^n\w*InvocationLabels$"))
                {
                    labels.Add($"{parts[0]} = {value}");
                }
            }
        }

        Assert.Equal(0, values["InvalidInvocation"]);
        Assert.Equal(3, Regex.Count(c, @"enum\s+\w*invocation_label\b")); // generic, sel4_arch, arch
        Assert.Equal(labels, Committed(@"Sel4InvocationLabels", @"ulong (\w+) = (\d+)"));
    }

    private static void CheckSyscalls(string include)
    {
        string c = Preprocess(include, "#include <sel4/macros.h>\n#include <sel4/syscall.h>\n", macros: false);
        List<string> kernel = [.. Regex.Matches(c, @"\bseL4_Sys(\w+)\s*=\s*(-\d+)").Select(m => $"{m.Groups[1].Value} = {m.Groups[2].Value}")];
        List<string> committed = Committed("Sel4SyscallNumbers", @"long (\w+) = (-\d+)");
        Assert.Contains("Call = -1", kernel);

        // The committed file numbers every call of syscall.xml (the numbering counts the inactive ones too); the
        // kernel's header declares the active ones: each must be there with the same number.
        Assert.Empty(kernel.Except(committed));
    }

    private static void CheckObjectSizes(string include)
    {
        string macros = Preprocess(include, "#include <sel4/macros.h>\n#include <sel4/sel4_arch/constants.h>\n", macros: true);
        List<string> kernel = [.. Regex.Matches(macros, @"(?m)^#define seL4_(\w+Bits) (\d+)\s*$").Select(m => $"{m.Groups[1].Value} = {m.Groups[2].Value}").Order(StringComparer.Ordinal)];
        Assert.Equal(kernel, Committed("Sel4ObjectSizes", @"int (\w+) = (\d+)").Order(StringComparer.Ordinal));
    }

    /// <summary>"Name = value" for each constant of one class of the committed file, in file order.</summary>
    private static List<string> Committed(string cls, string pattern)
    {
        string text = File.ReadAllText(Path.Combine(Root, AbiGenerator.OutputPath));
        Match body = Regex.Match(text, @"public static class " + cls + @"\s*\{(.*?)\n\}", RegexOptions.Singleline);
        Assert.True(body.Success, $"{AbiGenerator.OutputPath} has no class {cls}");
        return [.. Regex.Matches(body.Groups[1].Value, @"public const " + pattern + ";").Select(m => $"{m.Groups[1].Value} = {m.Groups[2].Value}")];
    }

    /// <summary>gcc -E of <paramref name="source"/> with the kernel's gen_config.h included first, as libsel4's users get it.</summary>
    private static string Preprocess(string include, string source, bool macros)
    {
        var start = new ProcessStartInfo(InstalledKernel.Gcc()!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in (string[])["-E", "-P", .. macros ? ["-dM"] : Array.Empty<string>(), "-I", include,
                     "-include", Path.Combine(include, "kernel", "gen_config.h"), "-include", Path.Combine(include, "sel4", "gen_config.h"), "-x", "c", "-"])
        {
            start.ArgumentList.Add(arg);
        }

        using Process gcc = Process.Start(start)!;
        var stdout = gcc.StandardOutput.ReadToEndAsync();
        var stderr = gcc.StandardError.ReadToEndAsync();
        gcc.StandardInput.Write(source);
        gcc.StandardInput.Close();
        gcc.WaitForExit();
        Assert.True(gcc.ExitCode == 0, $"gcc -E over {include} failed: {stderr.Result}");
        return stdout.Result;
    }
}
