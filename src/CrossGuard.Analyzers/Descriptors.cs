using Microsoft.CodeAnalysis;

namespace CrossGuard.Analyzers;

/// <summary>Every CrossGuard analyzer descriptor, built in one place so help links and severities stay uniform.</summary>
public static class Descriptors
{
    /// <summary>Base of the help links; one page per rule under docs/rules/.</summary>
    public const string HelpLinkBase = "https://github.com/crossguard/crossguard/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor OsSpecificLibrary = Create(
        DiagnosticIds.OsSpecificLibrary,
        "OS-specific native library in a project that ships to other operating systems",
        "'{0}' imports '{1}', a {2} system library that does not exist on {3}; guard the call site or use a cross-platform API",
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "The library is part of one operating system only. On the other RIDs this project ships to, the first call throws DllNotFoundException.");

    /// <summary>Help link for a rule ID.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

#pragma warning disable RS0030 // The one place allowed to call the descriptor constructor.
    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description) =>
        new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));
#pragma warning restore RS0030
}
