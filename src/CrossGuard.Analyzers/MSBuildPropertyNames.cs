namespace CrossGuard.Analyzers;

/// <summary>MSBuild properties made visible to the compiler by build/CrossGuard.props (read as build_property.*).</summary>
internal static class MSBuildPropertyNames
{
    /// <summary>
    /// Comma-joined declared RIDs computed by build/CrossGuard.targets. Analyzer config drops everything after a ';'
    /// (it reads it as a comment), so RuntimeIdentifiers itself only ever shows its first RID.
    /// </summary>
    public const string CrossGuardRidList = "_CrossGuardRidList";

    public const string RuntimeIdentifier = nameof(RuntimeIdentifier);
    public const string RuntimeIdentifiers = nameof(RuntimeIdentifiers);
    public const string CrossGuardRuntimeIdentifiers = nameof(CrossGuardRuntimeIdentifiers);
    public const string CrossGuardEnabled = nameof(CrossGuardEnabled);
    public const string CrossGuardAllowNative = nameof(CrossGuardAllowNative);
    public const string TargetFramework = nameof(TargetFramework);
    public const string PublishAot = nameof(PublishAot);
    public const string SelfContained = nameof(SelfContained);
    public const string PublishTrimmed = nameof(PublishTrimmed);
}
