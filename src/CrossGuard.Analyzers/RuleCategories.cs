namespace CrossGuard.Analyzers;

/// <summary>Diagnostic categories used by CrossGuard rules.</summary>
public static class RuleCategories
{
    public const string Portability = "CrossGuard.Portability";
}
