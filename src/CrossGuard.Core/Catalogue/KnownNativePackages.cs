using System;
using System.Collections.Generic;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Catalogue;

/// <summary>What CrossGuard knows about a native-asset package: a managed alternative, or the package that adds natives per OS.</summary>
public sealed class KnownNativePackage
{
    // Three fields rather than a Dictionary<RidOs, string>: a framework generic over our enum is code the ReadyToRun
    // tasks cannot carry precompiled, and this catalogue is built on every cold build.
    private readonly string? _addForLinux;
    private readonly string? _addForMacOS;
    private readonly string? _addForWindows;

    public KnownNativePackage(string idPrefix, string? managedAlternative, string? note = null,
        string? addForLinux = null, string? addForMacOS = null, string? addForWindows = null)
    {
        IdPrefix = idPrefix;
        ManagedAlternative = managedAlternative;
        Note = note;
        _addForLinux = addForLinux;
        _addForMacOS = addForMacOS;
        _addForWindows = addForWindows;
    }

    /// <summary>Package id, or an id prefix ending in '.' / '*'.</summary>
    public string IdPrefix { get; }

    public string? ManagedAlternative { get; }

    public string? Note { get; }

    /// <summary>The package that brings this library's natives for an OS it lacks (SkiaSharp → SkiaSharp.NativeAssets.Linux).</summary>
    public string? AddPackageFor(RidOs os) => os switch
    {
        RidOs.Linux => _addForLinux,
        RidOs.MacOS => _addForMacOS,
        RidOs.Windows => _addForWindows,
        _ => null,
    };
}

/// <summary>
/// The catalogue of known native packages (starting data: shared/CATALOGUE.md §6.1, limited to entries whose managed
/// alternative is an established package or BCL API), plus packages whose RID-specific managed assemblies have a known
/// way out (XG1007).
/// </summary>
public static class KnownNativePackages
{
    private static readonly KnownNativePackage[] s_entries =
    {
        new("Grpc.Core", "Grpc.Net.Client (managed HTTP/2; Grpc.Core is in maintenance mode)"),
        new("ZstdNet", "ZstdSharp.Port (managed zstd)"),
        new("Zstandard.Net", "ZstdSharp.Port (managed zstd)"),
        new("Snappy.NET", "Snappier (managed Snappy)"),
        new("Brotli.NET", "System.IO.Compression.BrotliStream (in the BCL since .NET Core 2.1)"),
        new("ParquetSharp", "Parquet.Net (managed Parquet)"),
        new("KeraLua", "MoonSharp (managed Lua interpreter)"),
        new("NLua", "MoonSharp (managed Lua interpreter)"),
        new("Mono.Posix", "BCL APIs: File.SetUnixFileMode, File.CreateSymbolicLink, PosixSignalRegistration"),
        new("libsodium", "System.Security.Cryptography (AesGcm, ChaCha20Poly1305, HKDF)"),
        new("Sodium.Core", "System.Security.Cryptography (AesGcm, ChaCha20Poly1305, HKDF)"),
        new("clrzmq", "NetMQ (managed ZeroMQ)"),
        new("Magick.NET", "SixLabors.ImageSharp (managed imaging)"),
        new("SkiaSharp.NativeAssets.", "SixLabors.ImageSharp (managed raster imaging)", "SkiaSharp ships natives per OS in separate packages",
            addForLinux: "SkiaSharp.NativeAssets.Linux (or .Linux.NoDependencies)",
            addForMacOS: "SkiaSharp.NativeAssets.macOS",
            addForWindows: "SkiaSharp.NativeAssets.Win32"),
        new("SkiaSharp", "SixLabors.ImageSharp (managed raster imaging)", null,
            addForLinux: "SkiaSharp.NativeAssets.Linux (or .Linux.NoDependencies)"),
        new("SQLitePCLRaw.lib.e_sqlite3", null, "there is no mainstream managed SQL engine; SQLitePCLRaw.bundle_e_sqlite3 2.1+ covers the common RIDs, or use SQLitePCLRaw.bundle_sqlite3 to load the OS's libsqlite3 (a target dependency)"),
        new("librdkafka.redist", null, "librdkafka has no managed port; build librdkafka for this RID or drop the RID"),
        new("Microsoft.ML.OnnxRuntime", null, "ONNX Runtime has no managed port; drop the RID or build the runtime for it"),
        new("LibGit2Sharp.NativeBinaries", null, "libgit2 has no managed port; drop the RID or shell out to git"),
        new("DuckDB.NET.Bindings", null, "DuckDB has no managed port; drop the RID"),
        new("Wasmtime", null, "wasmtime has no managed port; drop the RID"),
        // DPAPI is Windows-only in every version. 4.x-7.x: runtimes/win/lib plus a PlatformNotSupported stub in lib/
        // (what Linux and macOS get; XG1007 decodes it). 8.0.0+: one assembly that declares
        // [assembly: SupportedOSPlatform("windows")] and throws PlatformNotSupportedException off Windows, so upgrading
        // removes the RID split XG1007 reports, not the limitation. Azure.Identity brings 4.5.0 through MSAL, which
        // calls DPAPI only on Windows.
        new("System.Security.Cryptography.ProtectedData", null, "DPAPI is Windows-only in every version (8.0.0 and later ship one assembly that declares [SupportedOSPlatform(\"windows\")] and throws PlatformNotSupportedException elsewhere, so upgrading hides this finding without making it work); when it only arrives through MSAL or Azure.Identity, which call it on Windows only, add a CrossGuardSuppress item with that reason; guard your own calls with OperatingSystem.IsWindows()"),
    };

    /// <summary>Finds the most specific catalogue entry for a package id.</summary>
    public static KnownNativePackage? Find(string packageId)
    {
        KnownNativePackage? best = null;
        foreach (KnownNativePackage entry in s_entries)
        {
            bool match = entry.IdPrefix.EndsWith('.')
                ? packageId.StartsWith(entry.IdPrefix, StringComparison.OrdinalIgnoreCase)
                : string.Equals(packageId, entry.IdPrefix, StringComparison.OrdinalIgnoreCase)
                    || packageId.StartsWith(entry.IdPrefix + ".", StringComparison.OrdinalIgnoreCase);
            if (match && (best is null || entry.IdPrefix.Length > best.IdPrefix.Length))
            {
                best = entry;
            }
        }

        return best;
    }

    /// <summary>The "what to do" sentence for a package whose RID-specific managed assemblies miss a shipped RID (XG1007).</summary>
    public static string ManagedAssetAdvice(string packageId) =>
        Find(packageId)?.Note is { } note
            ? Sentence(note)
            : "If every call is guarded by an OS check (OperatingSystem.IsWindows()) or nothing calls it there, add a CrossGuardSuppress item with that reason; otherwise use a package that implements these RIDs.";

    /// <summary>The "what to do" sentence for a package missing natives (or not allowed natives) on an OS.</summary>
    public static string Advice(string packageId, RidOs os, bool nativeForbidden)
    {
        KnownNativePackage? entry = Find(packageId);
        var parts = new List<string>();
        if (!nativeForbidden && entry is not null && entry.AddPackageFor(os) is { } add)
        {
            parts.Add($"Add {add}.");
        }

        if (entry?.ManagedAlternative is { } alternative)
        {
            parts.Add($"Managed alternative: {alternative}.");
        }

        if (entry?.Note is { } note)
        {
            parts.Add(Sentence(note));
        }

        if (parts.Count == 0)
        {
            parts.Add(nativeForbidden
                ? "Replace it with a managed package, or set CrossGuardAllowNative=true."
                : "Drop the RID, use a version of the package that ships it, or add a CrossGuardSuppress item with a reason.");
        }

        return string.Join(" ", parts);
    }

    private static string Sentence(string note) => char.ToUpperInvariant(note[0]) + note.Substring(1) + ".";
}
