// The object sizes read from a libsel4 header: the preprocessor conditions evaluated for a configuration, on small headers.
using System.Collections.Generic;
using System.Text.Json;
using Xunit;

namespace Smos.Build.Tests;

public class HeaderConstantsTests
{
    private const string Header = """
        /* licence
         * #define seL4_CommentedBits 1
         */
        #pragma once
        #ifndef __ASSEMBLER__
        #define seL4_HiddenBits 2
        #endif
        #define seL4_PageBits 12
        #define seL4_WordBits (sizeof(seL4_Word) * 8)
        #if defined(CONFIG_DEBUG_API) || defined(CONFIG_CP14) || \
            (defined(CONFIG_HYP) && !defined(CONFIG_KERNEL_MCS))
        #define seL4_TCBBits 12
        #else
        #define seL4_TCBBits 11
        #endif
        #ifdef CONFIG_KERNEL_MCS
        #define seL4_NotificationBits 6
        #elif defined (CONFIG_HYP)
        #define seL4_NotificationBits 7
        #else
        #define seL4_NotificationBits    5 // trailing comment
        #endif
        #define LOCAL
        #if defined LOCAL && 1
        #define seL4_LocalBits 3
        #endif
        """;

    private static Dictionary<string, JsonElement> Config(string json) => AbiGenerator.ReadConfig(json);

    [Fact]
    public void TheDefaultConfigurationKeepsTheElseBranches()
    {
        Assert.Equal(
            [("HiddenBits", 2), ("PageBits", 12), ("TCBBits", 11), ("NotificationBits", 5), ("LocalBits", 3)],
            HeaderConstants.ObjectSizeBits(Header, Config("""{"DEBUG_API": false, "KERNEL_MCS": false}""")));
    }

    [Fact]
    public void ConditionsFollowTheConfiguration()
    {
        Assert.Equal(
            [("HiddenBits", 2), ("PageBits", 12), ("TCBBits", 12), ("NotificationBits", 7), ("LocalBits", 3)],
            HeaderConstants.ObjectSizeBits(Header, Config("""{"HYP": true, "KERNEL_MCS": false}""")));
        Assert.Equal(
            [("HiddenBits", 2), ("PageBits", 12), ("TCBBits", 12), ("NotificationBits", 6), ("LocalBits", 3)],
            HeaderConstants.ObjectSizeBits(Header, Config("""{"CP14": "", "KERNEL_MCS": true}""")));
    }

    [Fact]
    public void AnUnbalancedOrUnreadableHeaderIsRefused()
    {
        Assert.Throws<BuildsysException>(() => HeaderConstants.ObjectSizeBits("#if 1\n#define seL4_ABits 1\n", Config("{}")));
        Assert.Throws<BuildsysException>(() => HeaderConstants.ObjectSizeBits("#endif\n", Config("{}")));
        Assert.Throws<BuildsysException>(() => HeaderConstants.ObjectSizeBits("#if CONFIG_X > 2\n#endif\n", Config("{}")));
        Assert.Throws<BuildsysException>(() => HeaderConstants.ObjectSizeBits("#if (defined(A)\n#endif\n", Config("{}")));
    }
}
