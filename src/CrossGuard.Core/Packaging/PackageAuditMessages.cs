namespace CrossGuard.Core.Packaging;

/// <summary>
/// The advice endings of XG1105 (the codes and their formats live in <see cref="Diagnostics.DiagnosticCatalogue"/>).
/// </summary>
internal static class PackageAuditMessages
{
    /// <summary>XG1105's advice for a Linux distribution library: {0} soname, {1} Debian/Ubuntu package.</summary>
    public const string NeededDistributionLibrary = "It is a distribution library ({0}, Debian/Ubuntu package {1}): say in the package's description that apps must install it, or link it statically.";

    /// <summary>XG1105's advice for anything else.</summary>
    public const string NeededShipIt = "Pack it beside the file in the same runtimes/<rid>/native/ folder, or link it statically.";
}
