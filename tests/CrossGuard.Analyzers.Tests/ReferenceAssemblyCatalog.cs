using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;

namespace CrossGuard.Analyzers.Tests;

/// <summary>Cached reference-assembly sets with explicit versions (see the PackageDownload in the project file).</summary>
internal static class ReferenceAssemblyCatalog
{
    public static ReferenceAssemblies Net80 { get; } = new ReferenceAssemblies(
            "net8.0",
            new PackageIdentity("Microsoft.NETCore.App.Ref", "8.0.0"),
            Path.Combine("ref", "net8.0"))
        .WithNuGetConfigFilePath(Path.Combine(AppContext.BaseDirectory, "offline.nuget.config"));
}
