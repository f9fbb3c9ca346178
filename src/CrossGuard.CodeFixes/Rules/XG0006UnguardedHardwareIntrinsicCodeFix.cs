using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CrossGuard.Analyzers;
using CrossGuard.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace CrossGuard.CodeFixes.Rules;

/// <summary>
/// XG0006 fix, for the element-wise operations that have an exact cross-platform twin: <c>Avx2.Add(a, b)</c> →
/// <c>Vector256.Add(a, b)</c> (also Subtract, And, Or, Xor; Vector64/128/256/512). The JIT lowers the helper to the best
/// instruction each CPU has, so no guard is needed. Other intrinsics have no semantics-preserving rewrite and get no fix.
/// Fix All uses one DocumentEditor per document (not the batch fixer): nested calls such as
/// <c>Avx2.Add(Avx2.Add(a, b), c)</c> have overlapping spans, which a text-merging batch would drop; the editor's
/// node-based replacements compose them.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(XG0006UnguardedHardwareIntrinsicCodeFix)), Shared]
public sealed class XG0006UnguardedHardwareIntrinsicCodeFix : CodeFixProvider
{
    public const string UseCrossPlatformVectorKey = "XG0006_UseCrossPlatformVector";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnguardedHardwareIntrinsic);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Diagnostic diagnostic = context.Diagnostics[0];
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (!diagnostic.Properties.TryGetValue(XG0006UnguardedHardwareIntrinsicAnalyzer.CrossPlatformProperty, out string? helper)
            || helper is null
            || root?.FindNode(context.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Use {helper}.{access.Name.Identifier.ValueText}, which every CPU runs",
                ct => FixAllInDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                UseCrossPlatformVectorKey),
            diagnostic);
    }

    private static Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        FixAllInDocumentAsync(document, diagnostics, context.CancellationToken)!;

    private static async Task<Document> FixAllInDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            if (!diagnostic.Properties.TryGetValue(XG0006UnguardedHardwareIntrinsicAnalyzer.CrossPlatformProperty, out string? helper)
                || helper is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } invocation)
            {
                continue;
            }

            editor.ReplaceNode(invocation, (current, _) =>
            {
                var call = (InvocationExpressionSyntax)current;
                var access = (MemberAccessExpressionSyntax)call.Expression;
                ExpressionSyntax type = SyntaxFactory.ParseExpression("global::System.Runtime.Intrinsics." + helper)
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
                return call.WithExpression(access.WithExpression(type).WithName(SyntaxFactory.IdentifierName(access.Name.Identifier.ValueText)))
                    .WithTriviaFrom(call);
            });
        }

        Document changed = await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
