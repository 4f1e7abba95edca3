// Root-task slots and process slots are types, not numbers: the root task's surface is checked for bare ulong slots.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Smos.RootTask.Resources;
using Xunit;

namespace Smos.RootTask.Tests;

public class TypedSlotTests
{
    // Names that hold a capability slot when they are parameters, fields or properties of the root task's types.
    private static readonly string[] SlotWords = ["slot", "cnode", "tcb", "vspace", "notification", "endpoint", "frame", "table", "reply", "bell", "dest", "src"];

    // Numbers that only sound like slots: addresses, sizes, counts, badges, pids and the platform's own raw cptrs.
    private static readonly string[] NotSlots = ["vaddr", "paddr", "bits", "count", "badge", "pid", "bytes", "words", "index", "priority", "tables", "pages"];

    private static bool NamesASlot(string name)
    {
        string n = name.ToLowerInvariant();
        return SlotWords.Any(n.Contains) && !NotSlots.Any(n.EndsWith);
    }

    private static bool IsNumber(Type t) => t == typeof(ulong) || t == typeof(ulong[]) || t == typeof(ulong).MakeByRefType();

    [Fact]
    public void NoMemberOfTheRootTaskHoldsASlotAsABareNumber()
    {
        Assembly root = typeof(RootSlot).Assembly;
        var problems = new List<string>();
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (Type type in root.GetTypes().Where(t => t.Namespace?.StartsWith("Smos.RootTask", StringComparison.Ordinal) == true && !t.Name.Contains('<', StringComparison.Ordinal)))
        {
            // The kernel adapter of the target turns typed slots into invocation arguments; nothing else may.
            if (type.Namespace == "Smos.RootTask.Platform")
            {
                continue;
            }

            problems.AddRange(type.GetFields(All).Where(f => !f.Name.Contains('<', StringComparison.Ordinal) && NamesASlot(f.Name) && IsNumber(f.FieldType)).Select(f => $"{type.Name}.{f.Name}"));
            problems.AddRange(type.GetProperties(All).Where(p => NamesASlot(p.Name) && IsNumber(p.PropertyType)).Select(p => $"{type.Name}.{p.Name}"));
            foreach (MethodBase m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                problems.AddRange(m.GetParameters().Where(p => p.Name is not null && NamesASlot(p.Name) && IsNumber(p.ParameterType)).Select(p => $"{type.Name}.{m.Name}({p.Name})"));
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void TheCheckSeesTheRootTasksSlots()
    {
        // The check above finds nothing only if it looks at the right members: these are typed and must be seen.
        Assert.Equal(typeof(RootSlot), typeof(ServerKernel).GetMethod(nameof(ServerKernel.Mint))!.GetParameters()[0].ParameterType);
        Assert.Equal(typeof(ProcessSlot), typeof(ServerKernel).GetMethod(nameof(ServerKernel.CopyInto))!.GetParameters()[2].ParameterType);
        Assert.Equal(typeof(ProcessSlot), typeof(ServerKernel).GetMethod(nameof(ServerKernel.ConfigureThread))!.GetParameters()[1].ParameterType);
        Assert.True(NamesASlot("WaiterReplySlot") && NamesASlot("tcb") && NamesASlot("ClientBell") && !NamesASlot("vaddr") && !NamesASlot("ipcBufferVaddr"));
    }

    [Fact]
    public void SlotsOfTheSameSpaceCompareByIndexAndNoneIsSlotZero()
    {
        Assert.True(RootSlot.None.IsNone);
        Assert.True(new RootSlot(7).Plus(3).Is(new RootSlot(10)));
        Assert.False(new RootSlot(7).Is(new RootSlot(8)));
        Assert.True(new ProcessSlot(2).Is(new ProcessSlot(2)));
    }
}
