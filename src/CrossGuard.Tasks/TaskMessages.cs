namespace CrossGuard.Tasks;

/// <summary>
/// Every message a CrossGuard task logs, as "XG####: format". Codes are unique and never reused; a retired code is
/// listed in <see cref="RetiredCodes"/> (TaskMessageCodesTests enforces both).
/// </summary>
internal static class TaskMessages
{
    /// <summary>Codes that were shipped and then removed; they must not be handed out again.</summary>
    public static readonly string[] RetiredCodes = System.Array.Empty<string>();

    // XG3001-XG3999: Native AOT and single-file publish preflight (CheckAotPreflight, CheckSingleFilePublish).
    public const string AotCrossOs = "XG3001: Native AOT cannot publish {0} on this {1} host: ILCompiler links with {2}'s own linker and SDK ({3}), and .NET does not support cross-OS native compilation, so the publish would fail after ILCompiler has run (or produce nothing usable). Publish {0} on a {2} machine (for example a {2} job in a CI matrix), or publish {0} without PublishAot (self-contained or framework-dependent), or, if you do have a cross linker (such as the zig-based PublishAotCross package), set CrossGuardAllowCrossOsAot=true.";
    public const string AotCrossToolchainMissing = "XG3002: Native AOT for {0} from this {1} host needs a {2} cross toolchain, and the native link after ILCompiler would fail: missing {3}. Found: {4}. To fix: {5}.";
    public const string AotHostInstructionSet = "XG3003: IlcInstructionSet='{0}' in the {1} Native AOT publish: {2}. Leave IlcInstructionSet unset for the portable baseline, or name the oldest CPU you support explicitly (for example x86-x64-v3 for x64, armv8.2-a for arm64).";
    public const string AotNativeLibraryUnusable = "XG3004: {0} '{1}' cannot be linked into the {2} Native AOT binary: {3}. {4}";
    public const string SingleFileNativesBesideExecutable = "XG3005: The single-file {0} publish leaves {1} native {2} beside the executable: {3}. Copying only the executable breaks the first P/Invoke into them (DllNotFoundException). Set <IncludeNativeLibrariesForSelfExtract>true</IncludeNativeLibrariesForSelfExtract> to bundle them (they are extracted at start-up), or ship them next to the executable and add XG3005 to NoWarn.";

    // XG9001-XG9999: CrossGuard's own input errors.
    public const string AssetsFileUnreadable = "XG9001: The assets file '{0}' could not be read: {1}. Run 'dotnet restore' and build again.";
    public const string RidGraphUnreadable = "XG9003: The RID graph '{0}' could not be read: {1}.";
    public const string MissingInput = "XG9004: The CrossGuard task input '{0}' is required but was empty.";
    // XG9002, XG9005 and XG9007 are raised by the engine: see CoverageMessages.
    public const string BadSetting = "XG9006: The setting {0}='{1}' is not valid: {2}.";
}
