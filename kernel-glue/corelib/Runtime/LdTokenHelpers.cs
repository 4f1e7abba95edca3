// ldtoken for the compiler: array initializers (`new[] { 'a', 'b' }`, params arrays) and typeof(T) go through it.
using System;

namespace Internal.Runtime.CompilerHelpers;

/// <summary>
/// The handles the ldtoken instruction produces. ILC requires the type to exist; it usually expands
/// InitializeArray at compile time, so these bodies run only if a token escapes to run time.
/// </summary>
internal static unsafe class LdTokenHelpers
{
    private static RuntimeFieldHandle GetRuntimeFieldHandle(IntPtr pHandleSignature)
    {
        RuntimeFieldHandle handle = default;
        *(IntPtr*)&handle = pHandleSignature;
        return handle;
    }

    private static RuntimeMethodHandle GetRuntimeMethodHandle(IntPtr pHandleSignature)
    {
        RuntimeMethodHandle handle = default;
        *(IntPtr*)&handle = pHandleSignature;
        return handle;
    }

    // typeof(T): ILC folds Type.GetTypeFromHandle(ldtoken T) into this call with T's MethodTable.
    private static Type GetRuntimeType(IntPtr pEEType) => new RuntimeType((MethodTable*)pEEType);

    private static RuntimeTypeHandle GetRuntimeTypeHandle(IntPtr pEEType)
    {
        RuntimeTypeHandle handle = default;
        *(IntPtr*)&handle = pEEType;
        return handle;
    }
}
