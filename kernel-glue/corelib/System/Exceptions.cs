// The standard exception types, with the constructors .NET code uses (message, inner exception, parameter name).
namespace System
{
    /// <summary>The base of exceptions: a message and the exception that caused this one, if any.</summary>
    public class Exception
    {
        private readonly string? _message;

        public Exception() { }

        public Exception(string? message) { _message = message; }

        public Exception(string? message, Exception? innerException)
        {
            _message = message;
            InnerException = innerException;
        }

        /// <summary>The message given at construction, or the type's default message.</summary>
        public virtual string Message => _message ?? DefaultMessage;

        public Exception? InnerException { get; }

        /// <summary>The message used when none was given.</summary>
        private protected virtual string DefaultMessage => "Exception of type 'System.Exception' was thrown.";
    }

    public class SystemException : Exception
    {
        public SystemException() { }

        public SystemException(string? message) : base(message) { }

        public SystemException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class ArgumentException : SystemException
    {
        public ArgumentException() { }

        public ArgumentException(string? message) : base(message) { }

        public ArgumentException(string? message, Exception? innerException) : base(message, innerException) { }

        public ArgumentException(string? message, string? paramName) : base(message) { ParamName = paramName; }

        /// <summary>The name of the parameter that was wrong, or null.</summary>
        public string? ParamName { get; }

        private protected override string DefaultMessage => "Value does not fall within the expected range.";
    }

    public class ArgumentNullException : ArgumentException
    {
        public ArgumentNullException() { }

        public ArgumentNullException(string? paramName) : base(null, paramName) { }

        /// <summary>Throws when <paramref name="argument"/> is null.</summary>
        public static void ThrowIfNull(object? argument, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null)
            {
                throw new ArgumentNullException(paramName);
            }
        }

        public ArgumentNullException(string? paramName, string? message) : base(message, paramName) { }

        public ArgumentNullException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Value cannot be null.";
    }

    public class ArgumentOutOfRangeException : ArgumentException
    {
        public ArgumentOutOfRangeException() { }

        public ArgumentOutOfRangeException(string? paramName) : base(null, paramName) { }

        public ArgumentOutOfRangeException(string? paramName, string? message) : base(message, paramName) { }

        public ArgumentOutOfRangeException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Specified argument was out of the range of valid values.";

        /// <summary>Throws when <paramref name="value"/> is negative.</summary>
        public static void ThrowIfNegative(int value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? paramName = null)
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, $"{paramName} ('{value}') must be a non-negative value.");
            }
        }

        /// <summary>Throws when <paramref name="value"/> is less than <paramref name="other"/>.</summary>
        public static void ThrowIfLessThan(int value, int other, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? paramName = null)
        {
            if (value < other)
            {
                throw new ArgumentOutOfRangeException(paramName, $"{paramName} ('{value}') must be greater than or equal to '{other}'.");
            }
        }
    }

    public class ArithmeticException : SystemException
    {
        public ArithmeticException() { }

        public ArithmeticException(string? message) : base(message) { }

        public ArithmeticException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Overflow or underflow in the arithmetic operation.";
    }

    public class DivideByZeroException : ArithmeticException
    {
        public DivideByZeroException() { }

        public DivideByZeroException(string? message) : base(message) { }

        public DivideByZeroException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Attempted to divide by zero.";
    }

    public class OverflowException : ArithmeticException
    {
        public OverflowException() { }

        public OverflowException(string? message) : base(message) { }

        public OverflowException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Arithmetic operation resulted in an overflow.";
    }

    public class FormatException : SystemException
    {
        public FormatException() { }

        public FormatException(string? message) : base(message) { }

        public FormatException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "One of the identified items was in an invalid format.";
    }

    public class IndexOutOfRangeException : SystemException
    {
        public IndexOutOfRangeException() { }

        public IndexOutOfRangeException(string? message) : base(message) { }

        public IndexOutOfRangeException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Index was outside the bounds of the array.";
    }

    public class InvalidCastException : SystemException
    {
        public InvalidCastException() { }

        public InvalidCastException(string? message) : base(message) { }

        public InvalidCastException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Specified cast is not valid.";
    }

    public class InvalidOperationException : SystemException
    {
        public InvalidOperationException() { }

        public InvalidOperationException(string? message) : base(message) { }

        public InvalidOperationException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Operation is not valid due to the current state of the object.";
    }

    public class ObjectDisposedException : InvalidOperationException
    {
        public ObjectDisposedException() { }

        public ObjectDisposedException(string? message) : base(message) { }

        public ObjectDisposedException(string? message, Exception? innerException) : base(message, innerException) { }

        /// <summary>.NET's form: the disposed object's name and a message.</summary>
        public ObjectDisposedException(string? objectName, string? message) : base(message) { ObjectName = objectName ?? ""; }

        /// <summary>The name of the disposed object ("" when not given).</summary>
        public string ObjectName { get; } = "";

        private protected override string DefaultMessage => "Cannot access a disposed object.";
    }

    public class NotSupportedException : SystemException
    {
        public NotSupportedException() { }

        public NotSupportedException(string? message) : base(message) { }

        public NotSupportedException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Specified method is not supported.";
    }

    public class PlatformNotSupportedException : NotSupportedException
    {
        public PlatformNotSupportedException() { }

        public PlatformNotSupportedException(string? message) : base(message) { }

        public PlatformNotSupportedException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Operation is not supported on this platform.";
    }

    public class NotImplementedException : SystemException
    {
        public NotImplementedException() { }

        public NotImplementedException(string? message) : base(message) { }

        public NotImplementedException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "The method or operation is not implemented.";
    }

    public class NullReferenceException : SystemException
    {
        public NullReferenceException() { }

        public NullReferenceException(string? message) : base(message) { }

        public NullReferenceException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Object reference not set to an instance of an object.";
    }

    public class OutOfMemoryException : SystemException
    {
        public OutOfMemoryException() { }

        public OutOfMemoryException(string? message) : base(message) { }

        public OutOfMemoryException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Insufficient memory to continue the execution of the program.";
    }

    public class ArrayTypeMismatchException : SystemException
    {
        public ArrayTypeMismatchException() { }

        public ArrayTypeMismatchException(string? message) : base(message) { }

        public ArrayTypeMismatchException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "Attempted to access an element as a type incompatible with the array.";
    }

    public class TimeoutException : SystemException
    {
        public TimeoutException() { }

        public TimeoutException(string? message) : base(message) { }

        public TimeoutException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "The operation has timed out.";
    }

}

namespace System.Collections.Generic
{
    public class KeyNotFoundException : SystemException
    {
        public KeyNotFoundException() { }

        public KeyNotFoundException(string? message) : base(message) { }

        public KeyNotFoundException(string? message, Exception? innerException) : base(message, innerException) { }

        private protected override string DefaultMessage => "The given key was not present in the dictionary.";
    }
}
