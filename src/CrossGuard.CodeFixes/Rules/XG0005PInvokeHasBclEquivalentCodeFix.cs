using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CrossGuard.Analyzers;
using CrossGuard.Analyzers.Internals;
using CrossGuard.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;

namespace CrossGuard.CodeFixes.Rules;

/// <summary>
/// XG0005 fix: replace every call of a parameterless P/Invoke (getpid(), GetCurrentProcessId(), GetTickCount64()) with
/// its BCL expression, casting when the declared return type differs, and delete the declaration once nothing refers
/// to it. Offered only when the analyzer marked the entry fixable (see <see cref="BclEquivalent.FixExpression"/>).
/// No Fix All: each fix edits call sites in several documents, removes a declaration and adds a using directive. A batch
/// merges text changes computed independently against the same solution, so two fixes that both add "using System;" (or
/// simplify the same region) produce overlapping changes that the batch fixer drops or mangles: not provably safe.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(XG0005PInvokeHasBclEquivalentCodeFix)), Shared]
public sealed class XG0005PInvokeHasBclEquivalentCodeFix : CodeFixProvider
{
    public const string UseBclEquivalentKey = "XG0005_UseBclEquivalent";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PInvokeHasBclEquivalent);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Diagnostic diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(XG0005PInvokeHasBclEquivalentAnalyzer.FixKeyProperty, out string? key)
            || key is null
            || BclEquivalents.FindByKey(key) is not { FixExpression: { } expression, FixExpressionType: { } expressionType } entry)
        {
            return;
        }

        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } declaration)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Use {entry.Replacement}",
                ct => ReplaceCallsAsync(context.Document, declaration, expression, expressionType, ct),
                UseBclEquivalentKey),
            diagnostic);
    }

    private static async Task<Solution> ReplaceCallsAsync(Document document, MethodDeclarationSyntax declaration, string expression, string expressionType, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method)
        {
            return document.Project.Solution;
        }

        Solution solution = document.Project.Solution;
        ITypeSymbol? replacementType = model.Compilation.GetTypeByMetadataName(expressionType);
        Conversion conversion = replacementType is null ? default : model.Compilation.ClassifyConversion(replacementType, method.ReturnType);
        bool needsCast = replacementType is null || !conversion.IsImplicit;

        IEnumerable<ReferencedSymbol> references = await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false);
        var byDocument = references
            .SelectMany(r => r.Locations)
            .Where(l => !l.IsImplicit)
            .GroupBy(l => l.Document.Id);

        bool allReplaced = true;
        var editors = new Dictionary<DocumentId, SyntaxEditor>();
        foreach (IGrouping<DocumentId, ReferenceLocation> group in byDocument)
        {
            Document referencing = solution.GetDocument(group.Key)!;
            SyntaxNode referencingRoot = (await referencing.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            var editor = new SyntaxEditor(referencingRoot, solution.Workspace.Services);
            foreach (ReferenceLocation location in group)
            {
                SyntaxNode name = referencingRoot.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                SyntaxNode callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee && invocation.ArgumentList.Arguments.Count == 0)
                {
                    editor.ReplaceNode(invocation, (_, _) => BuildReplacement(expression, needsCast ? method.ReturnType : null).WithTriviaFrom(invocation));
                }
                else
                {
                    // A method group, nameof, or a call with arguments: keep the declaration for it.
                    allReplaced = false;
                }
            }

            editors[group.Key] = editor;
        }

        if (allReplaced)
        {
            if (!editors.TryGetValue(document.Id, out SyntaxEditor? declaringEditor))
            {
                SyntaxNode declaringRoot = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
                declaringEditor = new SyntaxEditor(declaringRoot, solution.Workspace.Services);
                editors[document.Id] = declaringEditor;
            }

            declaringEditor.RemoveNode(declaration);
        }

        foreach (KeyValuePair<DocumentId, SyntaxEditor> pair in editors)
        {
            Document changed = solution.GetDocument(pair.Key)!.WithSyntaxRoot(pair.Value.GetChangedRoot());
            changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            solution = changed.Project.Solution;
        }

        return solution;
    }

    private static ExpressionSyntax BuildReplacement(string expression, ITypeSymbol? castTo)
    {
        ExpressionSyntax replacement = SyntaxFactory.ParseExpression(expression)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        if (castTo is null)
        {
            return replacement;
        }

        TypeSyntax type = SyntaxFactory.ParseTypeName(castTo.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        return SyntaxFactory.CastExpression(type, replacement).WithAdditionalAnnotations(Simplifier.Annotation);
    }
}
