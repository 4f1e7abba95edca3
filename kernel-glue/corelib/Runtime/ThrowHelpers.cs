// Helpers the compiler calls for failed runtime checks; on SmosSharp each one is a panic naming the check.
namespace Internal.Runtime
{
    /// <summary>Public entry points for library code that wants the same panics as the compiler's checks.</summary>
    public static class ThrowHelpers
    {
        public static void ThrowIndexOutOfRangeException() => RuntimeChecks.IndexOutOfRange();

        public static void ThrowArgumentOutOfRangeException() => RuntimeChecks.ArgumentOutOfRange();

        public static void ThrowArgumentException() => RuntimeChecks.Argument();

        /// <summary>CompareTo(object) given an object of another type: an argument error.</summary>
        internal static int ArgumentMismatch()
        {
            RuntimeChecks.Argument();
            return 0;
        }
    }
}

namespace Internal.Runtime.CompilerHelpers
{
    using Internal.Runtime;

    internal static class ThrowHelpers
    {
        private static void ThrowOverflowException() => RuntimeChecks.Overflow();

        private static void ThrowIndexOutOfRangeException() => RuntimeChecks.IndexOutOfRange();

        private static void ThrowNullReferenceException() => RuntimeChecks.NullReference();

        private static void ThrowDivideByZeroException() => RuntimeChecks.DivideByZero();

        private static void ThrowArrayTypeMismatchException() => RuntimeChecks.ArrayTypeMismatch();

        private static void ThrowPlatformNotSupportedException() => RuntimeChecks.FeatureRemoved();

        private static void ThrowTypeLoadException() => RuntimeChecks.FeatureRemoved();

        private static void ThrowArgumentException() => RuntimeChecks.Argument();

        private static void ThrowArgumentOutOfRangeException() => RuntimeChecks.ArgumentOutOfRange();

        private static void ThrowInvalidProgramException() => RuntimeChecks.FeatureRemoved();

        private static void ThrowFeatureBodyRemoved() => RuntimeChecks.FeatureRemoved();

        private static void ThrowInvalidCastException() => RuntimeChecks.InvalidCast();
    }
}
