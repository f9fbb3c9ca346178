using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;
using CrossGuard.Core.Rids;
using CrossGuard.Tasks.Aot;
using Microsoft.Build.Framework;

namespace CrossGuard.Tasks;

/// <summary>
/// Native AOT preflight: runs before ILCompiler (minutes of work) and checks what the native link after it needs:
/// a target OS the host can link for (XG3001), the cross toolchain of a cross-architecture Linux publish found the way
/// ILCompiler's Unix targets and clang will look for it (XG3002), a portable IlcInstructionSet (XG3003), and the
/// project's own NativeLibrary / DirectPInvoke items (XG3004).
/// </summary>
public sealed class CheckAotPreflight : TaskBase
{
    private static readonly HashSet<string> s_linkedByDefault = new(StringComparer.OrdinalIgnoreCase)
    {
        // Linked by ILCompiler or the C driver on every Linux/macOS target: DirectPInvoke to them needs no NativeLibrary.
        "c", "libc", "m", "libm", "dl", "libdl", "pthread", "libpthread", "rt", "librt", "libSystem", "System",
        "System.Native", "System.Globalization.Native", "System.IO.Compression.Native", "System.Net.Security.Native",
        "System.Security.Cryptography.Native.OpenSsl", "System.Security.Cryptography.Native.Apple",
    };

    #region Inputs

    /// <summary>Project directory; every relative path is resolved against it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The RID being published.</summary>
    [Required]
    public string RuntimeIdentifier { get; set; } = string.Empty;

    /// <summary>$(NETCoreSdkPortableRuntimeIdentifier): the build machine, as ILCompiler's SingleEntry.targets sees it (_hostOS, _hostArchitecture).</summary>
    public string HostRuntimeIdentifier { get; set; } = string.Empty;

    /// <summary>$(TargetFrameworkVersion), e.g. v10.0: .NET 9+ packs bundle zlib, .NET 8 links the system's (-lz).</summary>
    public string TargetFrameworkVersion { get; set; } = string.Empty;

    /// <summary>CrossGuardAllowCrossOsAot: true when the user has a cross linker for another OS.</summary>
    public string AllowCrossOsAot { get; set; } = string.Empty;

    /// <summary>$(DisableUnsupportedError): ILCompiler's own opt-in to cross-OS compilation (PublishAotCross sets it); treated like AllowCrossOsAot.</summary>
    public string DisableUnsupportedError { get; set; } = string.Empty;

    /// <summary>$(NativeLib): Static produces an archive with ar and links nothing.</summary>
    public string NativeLib { get; set; } = string.Empty;

    /// <summary>$(SysRoot), passed by ILCompiler to clang as --sysroot.</summary>
    public string SysRoot { get; set; } = string.Empty;

    /// <summary>$(CppCompilerAndLinker); ILCompiler's default is clang.</summary>
    public string CppCompilerAndLinker { get; set; } = string.Empty;

    /// <summary>$(LinkerFlavor); ILCompiler's default on Linux is bfd.</summary>
    public string LinkerFlavor { get; set; } = string.Empty;

    /// <summary>$(ObjCopyName).</summary>
    public string ObjCopyName { get; set; } = string.Empty;

    /// <summary>$(StripSymbols); empty means true (ILCompiler's default on Linux).</summary>
    public string StripSymbols { get; set; } = string.Empty;

    /// <summary>$(UseSystemZlib).</summary>
    public string UseSystemZlib { get; set; } = string.Empty;

    /// <summary>$(IlcInstructionSet).</summary>
    public string IlcInstructionSet { get; set; } = string.Empty;

    /// <summary>@(DirectPInvoke): libraries (or lib!entry points) ILCompiler calls directly, so the link must resolve them.</summary>
    public ITaskItem[] DirectPInvokes { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>@(NativeLibrary): the project's own static libraries / objects passed to the linker.</summary>
    public ITaskItem[] NativeLibraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>@(NativeSystemLibrary): -l names passed to the linker.</summary>
    public ITaskItem[] NativeSystemLibraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Directories searched for tools; empty means the PATH the build runs with (the one ILCompiler's `command -v` sees).</summary>
    public string SearchPath { get; set; } = string.Empty;

    /// <summary>CrossGuardSeverity (see CheckNativeAssets).</summary>
    public string Severity { get; set; } = string.Empty;

    /// <summary>$(NoWarn).</summary>
    public string NoWarn { get; set; } = string.Empty;

    /// <summary>Root of the host file system; unit tests point it at a fake Debian layout.</summary>
    internal string HostRoot { get; set; } = "/";

    #endregion

    #region Outputs

    /// <summary>Coded results, for callers and tests: "XG3002", ...</summary>
    [Output]
    public string[] Codes { get; private set; } = Array.Empty<string>();

    #endregion

    protected override void ExecuteCore()
    {
        string ridText = Require(RuntimeIdentifier, nameof(RuntimeIdentifier)).Trim();
        RidInfo target = RidInfo.Parse(ridText);
        RidInfo host = RidInfo.Parse(string.IsNullOrWhiteSpace(HostRuntimeIdentifier) ? CurrentHostRid() : HostRuntimeIdentifier.Trim());
        var findings = new List<Finding>();
        string toolchainSummary = "not checked";

        if (target.Os != host.Os && target.Os is RidOs.Linux or RidOs.Windows or RidOs.MacOS)
        {
            if (IsTrue(AllowCrossOsAot) || IsTrue(DisableUnsupportedError))
            {
                toolchainSummary = $"cross-OS ({host.Rid} -> {ridText}) allowed by {(IsTrue(AllowCrossOsAot) ? "CrossGuardAllowCrossOsAot" : "DisableUnsupportedError")}; the cross linker is not checked";
            }
            else
            {
                findings.Add(Finding(FindingSeverity.Error, DiagnosticCatalogue.AotCrossOs, ridText, host.Rid, OsName(target.Os), LinkerOf(target.Os)));
            }
        }
        else if (target.Os == RidOs.Linux && host.Os == RidOs.Linux && !string.Equals(NativeLib.Trim(), "Static", StringComparison.OrdinalIgnoreCase)
            && (!string.Equals(target.Architecture, host.Architecture, StringComparison.OrdinalIgnoreCase) || target.Libc != host.Libc))
        {
            toolchainSummary = CheckCrossToolchain(target, host, ridText, findings);
        }

        if (!string.IsNullOrWhiteSpace(IlcInstructionSet) && target.Architecture is not null)
        {
            foreach (string problem in InstructionSets.Problems(IlcInstructionSet, target.Architecture, host.Architecture ?? RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()))
            {
                findings.Add(Finding(FindingSeverity.Warning, DiagnosticCatalogue.AotHostInstructionSet, IlcInstructionSet.Trim(), ridText, problem));
            }
        }

        CheckNativeLibraries(target, ridText, findings);

        var policy = new FindingPolicy(Severity, NoWarn);
        foreach (Finding finding in findings)
        {
            policy.Log(Logger, finding.Diagnostic, finding.Message, finding.Severity, suppressedBecause: null);
        }

        Codes = findings.Select(f => f.Code).Distinct().ToArray();
        Summary = string.Format(CultureInfo.InvariantCulture, "CrossGuard AOT preflight for {0} on {1}: toolchain {2}; {3} finding(s).", ridText, host.Rid, toolchainSummary, findings.Count);
        Logger.Info(Summary);
    }

    private string CheckCrossToolchain(RidInfo target, RidInfo host, string ridText, List<Finding> findings)
    {
        CrossTarget? cross = CrossTarget.For(target);
        if (cross is null)
        {
            return $"not checked (CrossGuard knows no cross toolchain layout for {ridText})";
        }

        var request = new ToolchainRequest
        {
            Target = cross,
            HostArchitecture = host.Architecture ?? "x64",
            SysRoot = string.IsNullOrWhiteSpace(SysRoot) ? null : Resolve(ProjectDirectory, SysRoot.Trim()),
            CppCompilerAndLinker = CppCompilerAndLinker,
            LinkerFlavor = LinkerFlavor,
            ObjCopyName = ObjCopyName,
            StripSymbols = !string.Equals(StripSymbols.Trim(), "false", StringComparison.OrdinalIgnoreCase),
            NeedsSystemZlib = NeedsSystemZlib(),
            SearchPath = (string.IsNullOrEmpty(SearchPath) ? Environment.GetEnvironmentVariable("PATH") ?? string.Empty : SearchPath)
                .Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries),
            HostRoot = HostRoot,
        };

        IReadOnlyList<ToolchainComponent> components = ToolchainProbe.Probe(request);
        string found = string.Join("; ", components.Where(c => !c.IsMissing).Select(c => $"{c.Name} at {c.FoundAt}"));
        List<ToolchainComponent> missing = components.Where(c => c.IsMissing).ToList();
        if (missing.Count == 0)
        {
            return found;
        }

        var packages = missing.SelectMany(c => c.Packages).Distinct(StringComparer.Ordinal).ToList();
        var fixes = new List<string>();
        if (packages.Count > 0)
        {
            fixes.Add("on Debian/Ubuntu run apt-get install " + string.Join(" ", packages));
        }

        fixes.AddRange(missing.Where(c => c.Alternative is not null).Select(c => c.Name + ": " + c.Alternative));
        string hostDescription = host.Rid + (string.IsNullOrWhiteSpace(SysRoot) ? string.Empty : $" (SysRoot={SysRoot.Trim()})");
        findings.Add(Finding(FindingSeverity.Error, DiagnosticCatalogue.AotCrossToolchainMissing, ridText, hostDescription, cross.GnuTriple,
            string.Join("; ", missing.Select(c => c.ToString())),
            found.Length == 0 ? "nothing" : found,
            string.Join("; ", fixes)));
        return "incomplete (" + string.Join(", ", missing.Select(c => c.Name)) + " missing)";
    }

    private bool NeedsSystemZlib()
    {
        if (!string.IsNullOrWhiteSpace(UseSystemZlib))
        {
            return IsTrue(UseSystemZlib);
        }

        // .NET 9+ NativeAOT packs ship libz.a (zlib-ng) and ILCompiler then links it instead of -lz.
        string version = TargetFrameworkVersion.Trim().TrimStart('v', 'V');
        return Version.TryParse(version.Contains('.', StringComparison.Ordinal) ? version : version + ".0", out Version? parsed) && parsed.Major < 9;
    }

    private void CheckNativeLibraries(RidInfo target, string ridText, List<Finding> findings)
    {
        var libraryNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (ITaskItem item in NativeLibraries)
        {
            string spec = item.ItemSpec.Trim();
            if (spec.Length == 0 || spec.StartsWith('-'))
            {
                continue;
            }

            libraryNames.Add(LibraryName(Path.GetFileName(spec)));
            string path = Resolve(ProjectDirectory, spec);
            if (!File.Exists(path))
            {
                findings.Add(Finding(FindingSeverity.Error, DiagnosticCatalogue.AotNativeLibraryUnusable, "NativeLibrary", spec, ridText,
                    $"the file does not exist ({path}), so the native link fails after ILCompiler has run",
                    $"Build or download the {ridText} library ({ExpectedFile(target, Path.GetFileName(spec))}) and point the item at it, or remove the item."));
                continue;
            }

            NativeArchitecture arch = NativeArchitecture.Read(path);
            if (!arch.IsKnown || target.Architecture is null)
            {
                continue;
            }

            bool wrongOs = arch.Os != RidOs.Unknown && arch.Os != target.Os;
            bool wrongArch = !arch.Fits(target.Architecture);
            if (wrongOs || wrongArch)
            {
                findings.Add(Finding(FindingSeverity.Error, DiagnosticCatalogue.AotNativeLibraryUnusable, "NativeLibrary", spec, ridText,
                    $"it is a {arch}, but {ridText} needs {FormatOf(target.Os)} {target.Architecture} code (the linker rejects it as incompatible)",
                    $"Use the {ridText} build of the library, e.g. conditioned on the RID: <NativeLibrary Include=\"...\" Condition=\"'$(RuntimeIdentifier)' == '{ridText}'\" />."));
            }
        }

        foreach (string system in NativeSystemLibraries.Select(i => i.ItemSpec.Trim()))
        {
            libraryNames.Add(LibraryName(system));
        }

        foreach (ITaskItem item in DirectPInvokes)
        {
            string spec = item.ItemSpec.Trim();
            string library = spec.Split('!')[0].Trim();
            if (library.Length == 0 || s_linkedByDefault.Contains(library) || s_linkedByDefault.Contains(LibraryName(library))
                || libraryNames.Contains(LibraryName(library))
                || (target.Os == RidOs.Windows && SystemLibraries.IsProvided(library.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? library : library + ".dll", target)))
            {
                continue;
            }

            findings.Add(Finding(FindingSeverity.Warning, DiagnosticCatalogue.AotNativeLibraryUnusable, "DirectPInvoke", spec, ridText,
                $"no NativeLibrary or NativeSystemLibrary item provides '{library}', so its exports are undefined references at link time",
                $"Add <NativeLibrary Include=\"path/to/{ExpectedFile(target, library)}\" /> built for {ridText} (or <NativeSystemLibrary Include=\"{LibraryName(library)}\" /> for a library of the target system), or drop the DirectPInvoke item to keep a lazy (dlopen) binding."));
        }
    }

    /// <summary>"libfoo.a" / "foo.lib" / "libfoo.so.1" / "foo" → "foo".</summary>
    private static string LibraryName(string file)
    {
        string name = file;
        foreach (string ext in new[] { ".a", ".lib", ".o", ".obj", ".so", ".dylib", ".dll" })
        {
            int at = name.IndexOf(ext, StringComparison.OrdinalIgnoreCase);
            if (at > 0 && (at + ext.Length == name.Length || name[at + ext.Length] == '.'))
            {
                name = name.Substring(0, at);
                break;
            }
        }

        return name.StartsWith("lib", StringComparison.Ordinal) && name.Length > 3 ? name.Substring(3) : name;
    }

    private static string ExpectedFile(RidInfo target, string nameOrFile)
    {
        string name = LibraryName(nameOrFile);
        return target.Os == RidOs.Windows ? name + ".lib" : "lib" + name + ".a";
    }

    private static string FormatOf(RidOs os) => os switch { RidOs.Windows => "COFF/PE", RidOs.MacOS => "Mach-O", _ => "ELF" };

    private static string OsName(RidOs os) => os switch { RidOs.Windows => "Windows", RidOs.MacOS => "macOS", RidOs.Linux => "Linux", _ => os.ToString() };

    private static string LinkerOf(RidOs os) => os switch
    {
        RidOs.Windows => "MSVC link.exe and the Windows SDK libraries",
        RidOs.MacOS => "Xcode's ld64 and the macOS SDK",
        _ => "a Linux clang, GNU ld or lld, and a Linux sysroot",
    };

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static string CurrentHostRid()
    {
        string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux";
        return os + "-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
    }

    private static Finding Finding(FindingSeverity severity, DiagnosticCode diagnostic, params object?[] args) =>
        new(diagnostic, severity, diagnostic.Format(args));
}
