// SMOS006: C# the SmosSharp runtime cannot run (async, dynamic, generic virtual methods, reflection, lock, finalizers), as a build error.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Smos.Analyzers;

/// <summary>
/// Reports, as errors, the C# features the bare-metal runtime (kernel-glue/corelib) does not provide, each with what to
/// write instead. Without it a user gets a missing-type error at best and, for generic virtual methods, an internal
/// error of ILC after a successful compile ("Expected type 'System.Runtime.TypeLoaderExports' not found"). Everything
/// is decided from syntax and symbols of the user's code, so it works whether the runtime's reference assemblies lack
/// the types (the target build) or have them (host tests).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsupportedFeatureAnalyzer : DiagnosticAnalyzer
{
    private const string AsyncAlternative = "there is no Task machinery; block on IPC (Endpoint.Call, Notifications.Wait) or serve requests with Server.Run";

    private static readonly ImmutableHashSet<string> TypeMembersKept = ImmutableHashSet.Create("TypeHandle", "Equals", "GetHashCode", "GetType");

    private static readonly ImmutableHashSet<string> EnumReflection = ImmutableHashSet.Create(
        "GetName", "GetNames", "GetValues", "GetValuesAsUnderlyingType", "Parse", "TryParse", "IsDefined", "GetUnderlyingType", "Format");

    private static readonly ImmutableHashSet<string> ReflectionTypes = ImmutableHashSet.Create(
        "Activator", "MethodInfo", "MethodBase", "PropertyInfo", "FieldInfo", "MemberInfo", "ConstructorInfo", "ParameterInfo",
        "EventInfo", "Assembly", "BindingFlags", "TypeInfo", "CustomAttributeData");

    private static readonly ImmutableHashSet<string> TaskTypes = ImmutableHashSet.Create("Task", "ValueTask", "IAsyncEnumerable", "IAsyncEnumerator", "TaskCompletionSource");

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
            start.RegisterSyntaxNodeAction(AnalyzeTopLevelAwait, SyntaxKind.AwaitExpression);
            start.RegisterSyntaxNodeAction(AnalyzeLock, SyntaxKind.LockStatement);
            start.RegisterSyntaxNodeAction(AnalyzeFinalizer, SyntaxKind.DestructorDeclaration);
            start.RegisterSyntaxNodeAction(AnalyzeName, SyntaxKind.IdentifierName, SyntaxKind.GenericName);
            start.RegisterSyntaxNodeAction(AnalyzeMemberAccess, SyntaxKind.SimpleMemberAccessExpression);
        });
    }

    private static void Report(SyntaxNodeAnalysisContext context, Location location, string feature, string alternative) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnsupportedFeature, location, feature, alternative));

    // async functions, and generic virtual methods (at their declaration: ILC fails on any call through the base).
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

        if (context.Node is MethodDeclarationSyntax method && method.TypeParameterList is not null &&
            context.SemanticModel.GetDeclaredSymbol(method, context.CancellationToken) is IMethodSymbol symbol &&
            (symbol.IsVirtual || symbol.IsAbstract || symbol.IsOverride || (symbol.ContainingType.TypeKind == TypeKind.Interface && !symbol.IsStatic)))
        {
            Report(
                context,
                method.Identifier.GetLocation(),
                $"a generic virtual method ('{symbol.Name}<...>', virtual, abstract, override or an interface member)",
                "ILC cannot call one without a type loader; make the method non-generic, non-virtual (sealed or static), or move the type parameter to the class or interface");
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

    // await in top-level statements (an implicitly async Main has no async keyword to report).
    private static void AnalyzeTopLevelAwait(SyntaxNodeAnalysisContext context)
    {
        for (SyntaxNode? n = context.Node.Parent; n is not null; n = n.Parent)
        {
            if (n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax)
            {
                return;
            }

            if (n is GlobalStatementSyntax)
            {
                Report(context, context.Node.GetFirstToken().GetLocation(), "'async'/'await'", AsyncAlternative);
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
            Report(context, name.GetLocation(), $"reflection ('{text}')", "types have no metadata at run time; use virtual methods, an interface or a switch over the cases");
        }
        else if (task && (unresolved ? !IsMemberName(name) : ns == "System.Threading.Tasks" || (ns == "System.Collections.Generic" && text.StartsWith("IAsync", System.StringComparison.Ordinal))))
        {
            Report(context, name.GetLocation(), $"'{text}'", AsyncAlternative);
        }
    }

    // The right-hand side of a member access names a member, not a type (x.Assembly is a property).
    private static bool IsMemberName(SimpleNameSyntax name) =>
        name.Parent is MemberAccessExpressionSyntax access && access.Name == name;

    // Type.Name, typeof(T).GetMethods(), Enum.Parse(...): members that need metadata.
    private static void AnalyzeMemberAccess(SyntaxNodeAnalysisContext context)
    {
        var access = (MemberAccessExpressionSyntax)context.Node;
        string member = access.Name.Identifier.ValueText;
        ITypeSymbol? receiver = context.SemanticModel.GetTypeInfo(access.Expression, context.CancellationToken).Type;
        if (receiver is not null && receiver.ToDisplayString() == "System.Type" && !TypeMembersKept.Contains(member))
        {
            Report(context, access.Name.GetLocation(), $"reflection ('Type.{member}')", "a Type only compares (==, Equals, GetHashCode); name things with a virtual method or a constant");
            return;
        }

        if (EnumReflection.Contains(member) &&
            context.SemanticModel.GetSymbolInfo(access.Expression, context.CancellationToken).Symbol is INamedTypeSymbol { SpecialType: SpecialType.System_Enum })
        {
            Report(context, access.Name.GetLocation(), $"reflection ('Enum.{member}')", "enums have no names at run time; map values to text with a switch expression");
        }
    }
}
