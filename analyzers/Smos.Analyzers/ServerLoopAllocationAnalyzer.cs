// SMOS005: heap allocation (new class/array, boxing, string building, lambdas/delegates) in a server's request loop.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Smos.Analyzers;

/// <summary>
/// A server loop is <c>while (true)</c>, <c>do ... while (true)</c> or <c>for (;;)</c> whose body (not a nested lambda
/// or local function) calls <c>Endpoint.Recv</c> or <c>Endpoint.ReplyRecv</c>. Every allocation in that body, nested
/// loops included, is reported: nothing is ever freed (docs/runtime.md). Methods called from the body are not followed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServerLoopAllocationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AllocationInServerLoop);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!SmosApi.IsExemptAssembly(start.Compilation))
            {
                start.RegisterSyntaxNodeAction(AnalyzeLoop, SyntaxKind.WhileStatement, SyntaxKind.DoStatement, SyntaxKind.ForStatement);
            }
        });
    }

    private static void AnalyzeLoop(SyntaxNodeAnalysisContext context)
    {
        if (!IsServerLoop(context.SemanticModel, context.Node))
        {
            return;
        }

        // Report once: an enclosing server loop in the same function already covers this body.
        SyntaxNode function = SmosApi.FunctionOf(context.Node);
        for (SyntaxNode? n = context.Node.Parent; n is not null && n != function; n = n.Parent)
        {
            if (IsServerLoop(context.SemanticModel, n))
            {
                return;
            }
        }

        if (context.SemanticModel.GetOperation(BodyOf(context.Node)!, context.CancellationToken) is { } body)
        {
            Visit(context, body);
        }
    }

    private static StatementSyntax? BodyOf(SyntaxNode loop) => loop switch
    {
        WhileStatementSyntax w => w.Statement,
        DoStatementSyntax d => d.Statement,
        ForStatementSyntax f => f.Statement,
        _ => null,
    };

    private static bool IsServerLoop(SemanticModel model, SyntaxNode loop)
    {
        ExpressionSyntax? condition = loop switch
        {
            WhileStatementSyntax w => w.Condition,
            DoStatementSyntax d => d.Condition,
            ForStatementSyntax f => f.Condition,
            _ => null,
        };
        bool infinite = loop is ForStatementSyntax && condition is null ||
            (condition is not null && model.GetConstantValue(condition) is { HasValue: true, Value: true });
        if (!infinite || BodyOf(loop) is not { } body)
        {
            return false;
        }

        SyntaxNode function = SmosApi.FunctionOf(loop);
        foreach (InvocationExpressionSyntax invocation in body.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
        {
            if (SmosApi.FunctionOf(invocation) == function && SmosApi.IsReceive(model.GetSymbolInfo(invocation).Symbol as IMethodSymbol))
            {
                return true;
            }
        }

        return false;
    }

    private static void Visit(SyntaxNodeAnalysisContext context, IOperation operation)
    {
        switch (operation)
        {
            case ILocalFunctionOperation:
                return;
            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation }:
            case IAnonymousFunctionOperation:
                Report(context, operation, "a lambda");
                return;
            case IDelegateCreationOperation:
                Report(context, operation, "a delegate creation");
                return;
            case IObjectCreationOperation { Type.IsReferenceType: true } creation:
                Report(context, operation, "new " + creation.Type!.Name);
                break;
            case IArrayCreationOperation { IsImplicit: true, Initializer.ElementValues.Length: 0 }:
                // An empty params array is Array.Empty<T>() where the corelib has it.
                break;
            case IArrayCreationOperation when operation.Syntax is not (StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax):
                Report(context, operation, operation.IsImplicit ? "a params array" : "an array creation");
                break;
            case IAnonymousObjectCreationOperation:
                Report(context, operation, "an anonymous object");
                break;
            case IConversionOperation { Operand.Type: { IsValueType: true } from, Type.IsReferenceType: true }:
                Report(context, operation, "boxing a " + from.Name);
                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String, ConstantValue.HasValue: false }:
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String }:
                Report(context, operation, "string concatenation");
                break;
            case IInterpolatedStringOperation { ConstantValue.HasValue: false }:
                Report(context, operation, "string interpolation");
                break;
            case ICollectionExpressionOperation { Type: { } type } when type.IsReferenceType:
                Report(context, operation, "a collection expression");
                break;
        }

        foreach (IOperation child in operation.ChildOperations)
        {
            Visit(context, child);
        }
    }

    private static void Report(SyntaxNodeAnalysisContext context, IOperation operation, string what) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.AllocationInServerLoop, operation.Syntax.GetLocation(), what));
}
