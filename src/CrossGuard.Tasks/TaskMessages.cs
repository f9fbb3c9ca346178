namespace CrossGuard.Tasks;

/// <summary>
/// Every message a CrossGuard task logs, as "XG####: format". Codes are unique and never reused; a retired code is
/// listed in <see cref="RetiredCodes"/> (TaskMessageCodesTests enforces both).
/// </summary>
internal static class TaskMessages
{
    /// <summary>Codes that were shipped and then removed; they must not be handed out again.</summary>
    public static readonly string[] RetiredCodes = System.Array.Empty<string>();

    // XG9001-XG9999: CrossGuard's own input errors.
    public const string AssetsFileUnreadable = "XG9001: The assets file '{0}' could not be read: {1}. Run 'dotnet restore' and build again.";
    public const string RidGraphUnreadable = "XG9003: The RID graph '{0}' could not be read: {1}.";
    public const string MissingInput = "XG9004: The CrossGuard task input '{0}' is required but was empty.";
    // XG9002, XG9005 and XG9007 are raised by the engine: see CoverageMessages.
    public const string BadSetting = "XG9006: The setting {0}='{1}' is not valid: {2}.";
}
