using System.Collections.Immutable;
using System.Composition;
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

namespace CrossGuard.CodeFixes.Rules;

/// <summary>
/// XG0003 fix: rewrite the library-name literal to the name the runtime probes with ("libfoo.so" → "foo",
/// "libc.so.6" → "libc"). Offered only for string literals (not consts) in [DllImport]/[LibraryImport] and the probing
/// NativeLibrary.Load/TryLoad overloads. Fix All is safe: every diagnostic owns exactly one literal token, so a batch of
/// edits never overlaps.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(XG0003NonPortableLibraryNameCodeFix)), Shared]
public sealed class XG0003NonPortableLibraryNameCodeFix : CodeFixProvider
{
    public const string UseProbingNameKey = "XG0003_UseProbingName";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NonPortableLibraryName);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        Diagnostic diagnostic = context.Diagnostics[0];
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal
            || !diagnostic.Properties.TryGetValue(XG0003NonPortableLibraryNameAnalyzer.SuggestionProperty, out string? suggestion)
            || suggestion is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Use the probing name \"{suggestion}\"",
                ct => ReplaceAsync(context.Document, literal, suggestion, ct),
                UseProbingNameKey),
            diagnostic);
    }

    private static async Task<Document> ReplaceAsync(Document document, LiteralExpressionSyntax literal, string name, CancellationToken cancellationToken)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(literal, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)).WithTriviaFrom(literal));
        return editor.GetChangedDocument();
    }
}
