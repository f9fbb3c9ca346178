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
/// XG0002 fix: mark the P/Invoke with [SupportedOSPlatform("os")] (one per OS the library exists on) so CA1416 checks every
/// call site for a guard.
/// Fix All is safe: each declaration gets its own attribute and nothing else changes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(XG0002OsSpecificLibraryCodeFix)), Shared]
public sealed class XG0002OsSpecificLibraryCodeFix : CodeFixProvider
{
    public const string AddSupportedOSPlatformKey = "XG0002_AddSupportedOSPlatform";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.OsSpecificLibrary);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method)
        {
            return;
        }

        Diagnostic diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(XG0002OsSpecificLibraryAnalyzer.PlatformProperty, out string? platform) || platform is null)
        {
            return;
        }

        string[] platforms = platform.Split(',');
        string title = string.Join(", ", platforms.Select(p => $"[SupportedOSPlatform(\"{p}\")]"));
        context.RegisterCodeFix(
            CodeAction.Create(
                $"Add {title} so CA1416 checks the call sites",
                ct => AddAttributesAsync(context.Document, method, platforms, ct),
                AddSupportedOSPlatformKey),
            diagnostic);
    }

    private static async Task<Document> AddAttributesAsync(Document document, MethodDeclarationSyntax method, string[] platforms, CancellationToken cancellationToken)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (string platform in platforms)
        {
            editor.AddAttribute(method, CreateAttribute(platform));
        }

        Document changed = await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static AttributeListSyntax CreateAttribute(string platform)
    {
        return SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
            SyntaxFactory.Attribute(
                SyntaxFactory.ParseName("System.Runtime.Versioning.SupportedOSPlatform")
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(platform))))))));
    }
}
