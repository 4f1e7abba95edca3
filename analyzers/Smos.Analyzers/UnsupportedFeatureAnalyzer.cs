// SMOS006: C# the SmosSharp runtime cannot run (async, dynamic, generic virtual methods, reflection, lock, finalizers, and more), as a build error.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Smos.Analyzers;

/// <summary>
/// Reports, as errors, the C# features the bare-metal runtime (kernel-glue/corelib) does not provide, each with what to
/// write instead. Without it a user gets a missing-type error at best and, for code that compiles, an internal error of
/// ILC ("Expected type 'System.Runtime.TypeLoaderExports' not found" for a generic virtual method, '...ArrayHelpers' for
/// a multi-dimensional array, '...InteropHelpers' for P/Invoke) or an undefined fmod at the link. Everything is decided
/// from syntax, symbols and operations of the user's code, so it works whether the runtime's reference assemblies lack
/// the types (the target build) or have them (host tests).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsupportedFeatureAnalyzer : DiagnosticAnalyzer
{
    private const string AsyncAlternative = "there is no Task machinery; block on IPC (Endpoint.Call, Notifications.Wait) or serve requests with Server.Run";

    private const string ReflectionAlternative = "types have no metadata at run time; use virtual methods, an interface or a switch over the cases";

    private const string GenericVirtualAlternative = "ILC cannot call one without a type loader; make the method non-generic, non-virtual (sealed or static), or move the type parameter to the class or interface";

    private static readonly ImmutableHashSet<string> TypeMembersKept = ImmutableHashSet.Create("TypeHandle", "Equals", "GetHashCode", "GetType");

    private static readonly ImmutableHashSet<string> StaticTypeMembersKept = ImmutableHashSet.Create("GetTypeFromHandle", "Equals", "ReferenceEquals");

    private static readonly ImmutableHashSet<string> AttributeReflection = ImmutableHashSet.Create("GetCustomAttribute", "GetCustomAttributes", "IsDefined");

    private static readonly ImmutableHashSet<string> DelegateReflection = ImmutableHashSet.Create("Method", "DynamicInvoke", "GetMethodInfo");

    private static readonly ImmutableHashSet<string> EnumReflection = ImmutableHashSet.Create(
        "GetName", "GetNames", "GetValues", "GetValuesAsUnderlyingType", "Parse", "TryParse", "IsDefined", "GetUnderlyingType", "Format");

    private static readonly ImmutableHashSet<string> ReflectionTypes = ImmutableHashSet.Create(
        "Activator", "MethodInfo", "MethodBase", "PropertyInfo", "FieldInfo", "MemberInfo", "ConstructorInfo", "ParameterInfo",
        "EventInfo", "Assembly", "BindingFlags", "TypeInfo", "CustomAttributeData");

    private static readonly ImmutableHashSet<string> TaskTypes = ImmutableHashSet.Create(
        "Task", "ValueTask", "IAsyncEnumerable", "IAsyncEnumerator", "IAsyncDisposable", "TaskCompletionSource");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnsupportedFeature);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (SmosApi.IsExemptAssembly(start.Compilation))
            {
                return;
            }

            start.RegisterSyntaxNodeAction(
                AnalyzeFunction, SyntaxKind.MethodDeclaration, SyntaxKind.LocalFunctionStatement, SyntaxKind.ParenthesizedLambdaExpression,
                SyntaxKind.SimpleLambdaExpression, SyntaxKind.AnonymousMethodExpression);
            start.RegisterSyntaxNodeAction(
                AnalyzeTopLevelAwait, SyntaxKind.AwaitExpression, SyntaxKind.ForEachStatement, SyntaxKind.ForEachVariableStatement,
                SyntaxKind.UsingStatement, SyntaxKind.LocalDeclarationStatement);
            start.RegisterSyntaxNodeAction(AnalyzeLock, SyntaxKind.LockStatement);
            start.RegisterSyntaxNodeAction(AnalyzeFinalizer, SyntaxKind.DestructorDeclaration);
            start.RegisterSyntaxNodeAction(AnalyzeName, SyntaxKind.IdentifierName, SyntaxKind.GenericName);
            start.RegisterSyntaxNodeAction(AnalyzeMemberAccess, SyntaxKind.SimpleMemberAccessExpression);
            start.RegisterSyntaxNodeAction(AnalyzeArrayRank, SyntaxKind.ArrayRankSpecifier, SyntaxKind.ImplicitArrayCreationExpression);
            start.RegisterOperationAction(AnalyzeNewTypeParameter, OperationKind.TypeParameterObjectCreation);
            start.RegisterOperationAction(AnalyzeRemainder, OperationKind.Binary, OperationKind.CompoundAssignment);
        });
    }

    private static void Report(SyntaxNodeAnalysisContext context, Location location, string feature, string alternative) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnsupportedFeature, location, feature, alternative));

    // async functions, generic virtual methods (at their declaration: ILC fails on any call through the base), P/Invoke.
    private static void AnalyzeFunction(SyntaxNodeAnalysisContext context)
    {
        SyntaxToken asyncKeyword = context.Node switch
        {
            MethodDeclarationSyntax m => AsyncModifier(m.Modifiers),
            LocalFunctionStatementSyntax f => AsyncModifier(f.Modifiers),
            AnonymousFunctionExpressionSyntax a => a.AsyncKeyword,
            _ => default,
        };
        if (asyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
        {
            Report(context, asyncKeyword.GetLocation(), "'async'/'await'", AsyncAlternative);
        }

        (SyntaxToken identifier, bool generic, bool external) = context.Node switch
        {
            MethodDeclarationSyntax m => (m.Identifier, m.TypeParameterList is not null, m.Modifiers.Any(SyntaxKind.ExternKeyword)),
            LocalFunctionStatementSyntax f => (f.Identifier, false, f.Modifiers.Any(SyntaxKind.ExternKeyword)),
            _ => (default, false, false),
        };
        if ((!generic && !external) ||
            context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken) is not IMethodSymbol symbol)
        {
            return;
        }

        // Static abstract/virtual generic members count too: ILC fails on them from shared code ("VTable ... not computed").
        if (generic &&
            (symbol.IsVirtual || symbol.IsAbstract || symbol.IsOverride || symbol.ExplicitInterfaceImplementations.Length > 0 ||
             (symbol.ContainingType.TypeKind == TypeKind.Interface && !symbol.IsStatic)))
        {
            Report(
                context,
                identifier.GetLocation(),
                $"a generic virtual method ('{identifier.ValueText}<...>', virtual, abstract, override or an interface member)",
                GenericVirtualAlternative);
        }

        if (external && symbol.GetDllImportData() is not null)
        {
            Report(context, identifier.GetLocation(), "P/Invoke ('DllImport')",
                "the runtime has no interop marshalling and an app loads no native libraries; reach other processes and devices over IPC (libsmos)");
        }
    }

    private static SyntaxToken AsyncModifier(SyntaxTokenList modifiers)
    {
        foreach (SyntaxToken token in modifiers)
        {
            if (token.IsKind(SyntaxKind.AsyncKeyword))
            {
                return token;
            }
        }

        return default;
    }

    // await, await foreach and await using in top-level statements (an implicitly async Main has no async keyword to report).
    private static void AnalyzeTopLevelAwait(SyntaxNodeAnalysisContext context)
    {
        SyntaxToken awaitKeyword = context.Node switch
        {
            AwaitExpressionSyntax a => a.AwaitKeyword,
            CommonForEachStatementSyntax f => f.AwaitKeyword,
            UsingStatementSyntax u => u.AwaitKeyword,
            LocalDeclarationStatementSyntax l => l.AwaitKeyword,
            _ => default,
        };
        if (!awaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
        {
            return;
        }

        for (SyntaxNode? n = context.Node.Parent; n is not null; n = n.Parent)
        {
            if (n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax)
            {
                return;
            }

            if (n is GlobalStatementSyntax)
            {
                Report(context, awaitKeyword.GetLocation(), "'async'/'await'", AsyncAlternative);
                return;
            }
        }
    }

    private static void AnalyzeLock(SyntaxNodeAnalysisContext context) =>
        Report(context, ((LockStatementSyntax)context.Node).LockKeyword.GetLocation(), "'lock'",
            "the runtime has no Monitor; an app has one thread, and state shared between threads is updated with Interlocked or Volatile");

    private static void AnalyzeFinalizer(SyntaxNodeAnalysisContext context) =>
        Report(context, ((DestructorDeclarationSyntax)context.Node).Identifier.GetLocation(), "a finalizer",
            "the collector never runs finalizers; implement IDisposable and release the resource in Dispose (a using statement)");

    // dynamic, reflection types and Task types by name (bound or not: the target's corelib does not have them).
    private static void AnalyzeName(SyntaxNodeAnalysisContext context)
    {
        var name = (SimpleNameSyntax)context.Node;
        string text = name.Identifier.ValueText;
        if (text == "dynamic")
        {
            if (context.SemanticModel.GetTypeInfo(name, context.CancellationToken).Type?.TypeKind == TypeKind.Dynamic)
            {
                Report(context, name.GetLocation(), "'dynamic'", "there is no runtime binder; use an interface, generics or pattern matching (is/switch)");
            }

            return;
        }

        bool reflection = ReflectionTypes.Contains(text);
        bool task = TaskTypes.Contains(text);
        if (!reflection && !task)
        {
            return;
        }

        ISymbol? symbol = context.SemanticModel.GetSymbolInfo(name, context.CancellationToken).Symbol;
        string? ns = symbol?.ContainingNamespace?.ToDisplayString();
        bool unresolved = symbol is null;
        if (reflection && (unresolved ? !IsMemberName(name) : ns == "System.Reflection" || (text == "Activator" && ns == "System")))
        {
            Report(context, name.GetLocation(), $"reflection ('{text}')", ReflectionAlternative);
        }
        else if (task && (unresolved ? !IsMemberName(name) : ns == "System.Threading.Tasks" ||
            (text.StartsWith("IAsync", System.StringComparison.Ordinal) && ns is "System.Collections.Generic" or "System")))
        {
            Report(context, name.GetLocation(), $"'{text}'", AsyncAlternative);
        }
    }

    // The right-hand side of a member access names a member, not a type (x.Assembly is a property).
    private static bool IsMemberName(SimpleNameSyntax name) =>
        name.Parent is MemberAccessExpressionSyntax access && access.Name == name;

    // Type.Name, typeof(T).GetMethods(), Type.GetType("..."), Enum.Parse(...), Attribute.GetCustomAttribute(...),
    // a delegate's Method: members that need metadata.
    private static void AnalyzeMemberAccess(SyntaxNodeAnalysisContext context)
    {
        var access = (MemberAccessExpressionSyntax)context.Node;
        string member = access.Name.Identifier.ValueText;
        ITypeSymbol? receiver = context.SemanticModel.GetTypeInfo(access.Expression, context.CancellationToken).Type;
        if (receiver is null)
        {
            return;
        }

        if (receiver.TypeKind == TypeKind.Delegate || receiver.SpecialType is SpecialType.System_Delegate or SpecialType.System_MulticastDelegate)
        {
            if (DelegateReflection.Contains(member))
            {
                Report(context, access.Name.GetLocation(), $"reflection ('Delegate.{member}')", ReflectionAlternative);
            }

            return;
        }

        bool type = IsSystemType(receiver, "Type");
        bool enumeration = receiver.SpecialType == SpecialType.System_Enum && EnumReflection.Contains(member);
        bool attribute = IsSystemType(receiver, "Attribute") && AttributeReflection.Contains(member);
        if (!type && !enumeration && !attribute)
        {
            return;
        }

        // Type.GetType("...") is static, t.GetType() is not; the other checks are of static members.
        bool onTypeName = context.SemanticModel.GetSymbolInfo(access.Expression, context.CancellationToken).Symbol is INamedTypeSymbol;
        if (type && !(onTypeName ? StaticTypeMembersKept : TypeMembersKept).Contains(member))
        {
            Report(context, access.Name.GetLocation(), $"reflection ('Type.{member}')", "a Type only compares (==, Equals, GetHashCode); name things with a virtual method or a constant");
        }
        else if (enumeration && onTypeName)
        {
            Report(context, access.Name.GetLocation(), $"reflection ('Enum.{member}')", "enums have no names at run time; map values to text with a switch expression");
        }
        else if (attribute && onTypeName)
        {
            Report(context, access.Name.GetLocation(), $"reflection ('Attribute.{member}')", ReflectionAlternative);
        }
    }

    private static bool IsSystemType(ITypeSymbol type, string name) =>
        type.Name == name && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };

    // int[,] and new[,] { ... }: ILC needs array helpers the runtime does not have.
    private static void AnalyzeArrayRank(SyntaxNodeAnalysisContext context)
    {
        (int rank, Location location) = context.Node switch
        {
            ArrayRankSpecifierSyntax r => (r.Rank, r.GetLocation()),
            ImplicitArrayCreationExpressionSyntax i =>
                (i.Commas.Count + 1, Location.Create(i.SyntaxTree, TextSpan.FromBounds(i.OpenBracketToken.SpanStart, i.CloseBracketToken.Span.End))),
            _ => (1, Location.None),
        };
        if (rank > 1)
        {
            Report(context, location, $"a multi-dimensional array ('[{new string(',', rank - 1)}]')",
                "ILC needs array helpers the runtime does not have; use an array of arrays (T[][]) or a one-dimensional array indexed [row * width + column]");
        }
    }

    // new T(): the compiler calls Activator.CreateInstance<T>(), which the runtime does not have.
    private static void AnalyzeNewTypeParameter(OperationAnalysisContext context) =>
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UnsupportedFeature,
            context.Operation.Syntax.GetLocation(),
            "'new T()' on a type parameter",
            "there is no Activator to run T's constructor; take a Func<T> factory or an instance from the caller (default(T) for a struct)"));

    // x % y on float or double: ILC calls the C library's fmod/fmodf, which no app links.
    private static void AnalyzeRemainder(OperationAnalysisContext context)
    {
        (BinaryOperatorKind kind, ITypeSymbol? type, IMethodSymbol? user, bool constant) = context.Operation switch
        {
            IBinaryOperation b => (b.OperatorKind, b.Type, b.OperatorMethod, b.ConstantValue.HasValue),
            ICompoundAssignmentOperation c => (c.OperatorKind, IsFloatingPoint(c.Target.Type) ? c.Target.Type : c.Value.Type, c.OperatorMethod, false),
            _ => (BinaryOperatorKind.None, null, null, true),
        };
        if (kind != BinaryOperatorKind.Remainder || user is not null || constant || !IsFloatingPoint(type))
        {
            return;
        }

        SyntaxToken operatorToken = context.Operation.Syntax switch
        {
            BinaryExpressionSyntax b => b.OperatorToken,
            AssignmentExpressionSyntax a => a.OperatorToken,
            _ => context.Operation.Syntax.GetFirstToken(),
        };
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UnsupportedFeature,
            operatorToken.GetLocation(),
            "'%' on float or double",
            "the runtime has no fmod; when the quotient fits a long, write a - b * (long)(a / b)"));
    }

    private static bool IsFloatingPoint(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type?.SpecialType is SpecialType.System_Single or SpecialType.System_Double;
    }
}
