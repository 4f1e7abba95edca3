// CharInfo against char's classification and invariant case mapping for every Latin-1 character, and white space for all of Unicode.
using Internal.Runtime.Text;
using Xunit;

namespace Smos.CoreLib.Tests;

public class CharInfoTests
{
    [Fact]
    public void Latin1ClassesAndCaseMappingAgreeWithDotNet()
    {
        for (int i = 0; i < 256; i++)
        {
            char c = (char)i;
            Assert.True(char.IsDigit(c) == CharInfo.IsDigit(c), $"IsDigit U+{i:X4}");
            Assert.True(char.IsLetter(c) == CharInfo.IsLetter(c), $"IsLetter U+{i:X4}");
            Assert.True(char.IsUpper(c) == CharInfo.IsUpper(c), $"IsUpper U+{i:X4}");
            Assert.True(char.IsLower(c) == CharInfo.IsLower(c), $"IsLower U+{i:X4}");
            Assert.True(char.IsLetterOrDigit(c) == CharInfo.IsLetterOrDigit(c), $"IsLetterOrDigit U+{i:X4}");
            Assert.True(char.ToUpperInvariant(c) == CharInfo.ToUpper(c), $"ToUpperInvariant U+{i:X4}: {(int)char.ToUpperInvariant(c):X4} vs {(int)CharInfo.ToUpper(c):X4}");
            Assert.True(char.ToLowerInvariant(c) == CharInfo.ToLower(c), $"ToLowerInvariant U+{i:X4}");
        }
    }

    [Fact]
    public void WhiteSpaceAgreesWithDotNetForEveryCharacter()
    {
        for (int i = 0; i <= char.MaxValue; i++)
        {
            Assert.True(char.IsWhiteSpace((char)i) == CharInfo.IsWhiteSpace((char)i), $"IsWhiteSpace U+{i:X4}");
        }
    }
}
