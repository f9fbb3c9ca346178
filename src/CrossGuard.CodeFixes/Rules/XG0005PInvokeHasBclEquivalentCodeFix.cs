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
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace CrossGuard.CodeFixes.Rules;

/// <summary>
/// XG0005 fix: replace every call of a parameterless P/Invoke (getpid(), GetCurrentProcessId(), GetTickCount64()) with
/// its BCL expression, and delete the declaration once nothing refers to it. Offered only when the analyzer marked the
/// entry fixable (see <see cref="BclEquivalent.FixExpression"/>). The replacement compiles in every position a call can
/// be in: where the value is discarded (an expression statement, <c>void M() =&gt; Foo();</c>, a void lambda, a for
/// incrementor) it becomes a discard assignment <c>_ = Environment.ProcessId</c> (a property read is not a statement,
/// CS0201); where the value is used and the P/Invoke's return type differs, a cast in parentheses that the simplifier
/// removes where they are not needed (<c>((uint)Environment.ProcessId).ToString()</c> keeps them).
/// Fix All is <see cref="SequentialFixAllProvider"/>, not the batch fixer: one fix edits call sites in several documents,
/// removes a declaration and adds a using directive, and a batch merges text changes computed independently against
/// the same solution, so two fixes that both add "using System;" to a file produce overlapping changes it drops.
/// Applying the fixes one after another, each against the solution the previous one produced, is safe by construction.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(XG0005PInvokeHasBclEquivalentCodeFix)), Shared]
public sealed class XG0005PInvokeHasBclEquivalentCodeFix : CodeFixProvider
{
    public const string UseBclEquivalentKey = "XG0005_UseBclEquivalent";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PInvokeHasBclEquivalent);

    public override FixAllProvider GetFixAllProvider() => SequentialFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Diagnostic diagnostic = context.Diagnostics[0];
        if (Fixable(diagnostic) is not { } entry)
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
                ct => ReplaceCallsAsync(context.Document, declaration, entry.FixExpression!, entry.FixExpressionType!, ct),
                UseBclEquivalentKey),
            diagnostic);
    }

    private static BclEquivalent? Fixable(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(XG0005PInvokeHasBclEquivalentAnalyzer.FixKeyProperty, out string? key)
        && key is not null
        && BclEquivalents.FindByKey(key) is { FixExpression: not null, FixExpressionType: not null } entry
            ? entry
            : null;

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
            SemanticModel referencingModel = (await referencing.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            var editor = new SyntaxEditor(referencingRoot, solution.Workspace.Services);
            foreach (ReferenceLocation location in group)
            {
                SyntaxNode name = referencingRoot.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                SyntaxNode callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee && invocation.ArgumentList.Arguments.Count == 0
                    && BuildReplacement(invocation, referencingModel, expression, needsCast ? method.ReturnType : null, cancellationToken) is { } replacement)
                {
                    editor.ReplaceNode(invocation, (_, _) => replacement.WithTriviaFrom(invocation));
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

    /// <summary>The expression that replaces <paramref name="invocation"/>, or null when none compiles there.</summary>
    private static ExpressionSyntax? BuildReplacement(InvocationExpressionSyntax invocation, SemanticModel model, string expression, ITypeSymbol? castTo, CancellationToken cancellationToken)
    {
        ExpressionSyntax replacement = SyntaxFactory.ParseExpression(expression)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        if (model.GetOperation(invocation, cancellationToken)?.Parent is IExpressionStatementOperation)
        {
            // The value is discarded: `Foo();`, `void M() => Foo();`, `() => Foo()` as an Action. A property read is not a
            // statement (CS0201); a discard assignment is, unless a local named `_` would be assigned instead.
            if (!model.LookupSymbols(invocation.SpanStart, name: "_").IsEmpty)
            {
                return null;
            }

            return SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("_"), replacement);
        }

        if (castTo is null)
        {
            return replacement;
        }

        TypeSyntax type = SyntaxFactory.ParseTypeName(castTo.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        return SyntaxFactory.ParenthesizedExpression(SyntaxFactory.CastExpression(type, replacement))
            .WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary>
    /// Fix All that applies one diagnostic's fix at a time, each to the solution the previous one left, finding the
    /// declaration again by its documentation ID (the symbols of the original compilation do not survive an edit).
    /// </summary>
    private sealed class SequentialFixAllProvider : FixAllProvider
    {
        public static readonly SequentialFixAllProvider Instance = new();

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = new List<Diagnostic>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Document when fixAllContext.Document is not null:
                    diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false));
                    break;
                case FixAllScope.Project:
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (Project project in fixAllContext.Solution.Projects)
                    {
                        diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    }

                    break;
                default:
                    return null;
            }

            Solution original = fixAllContext.Solution;
            var targets = new List<(ProjectId Project, string DeclarationId, BclEquivalent Entry)>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (Fixable(diagnostic) is not { } entry
                    || original.GetDocument(diagnostic.Location.SourceTree) is not { } document
                    || await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false) is not { } root
                    || root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } declaration
                    || await document.GetSemanticModelAsync(fixAllContext.CancellationToken).ConfigureAwait(false) is not { } model
                    || model.GetDeclaredSymbol(declaration, fixAllContext.CancellationToken) is not IMethodSymbol method
                    || DocumentationCommentId.CreateDeclarationId(method) is not { } id)
                {
                    continue;
                }

                targets.Add((document.Project.Id, id, entry));
            }

            if (targets.Count == 0)
            {
                return null;
            }

            return CodeAction.Create(
                "Use the BCL equivalents",
                async cancellationToken =>
                {
                    Solution solution = original;
                    foreach ((ProjectId projectId, string id, BclEquivalent entry) in targets.Distinct())
                    {
                        if (solution.GetProject(projectId) is not { } project
                            || await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) is not { } compilation
                            || DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) is not IMethodSymbol method
                            || method.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference
                            || solution.GetDocument(reference.SyntaxTree) is not { } document
                            || await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax declaration)
                        {
                            continue;
                        }

                        solution = await ReplaceCallsAsync(document, declaration, entry.FixExpression!, entry.FixExpressionType!, cancellationToken).ConfigureAwait(false);
                    }

                    return solution;
                },
                fixAllContext.CodeActionEquivalenceKey);
        }
    }
}
