using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace CrossGuard.Tasks.Aot;

/// <summary>What a Linux cross link needs, as ILCompiler's Microsoft.NETCore.Native.Unix.targets will look for it.</summary>
internal sealed class ToolchainRequest
{
    public required CrossTarget Target { get; init; }

    /// <summary>.NET architecture of the build machine (x64).</summary>
    public required string HostArchitecture { get; init; }

    /// <summary>$(SysRoot): ILCompiler passes it to clang as --sysroot; empty means the host's own directories.</summary>
    public string? SysRoot { get; init; }

    /// <summary>$(CppCompilerAndLinker); ILCompiler's default is clang.</summary>
    public string? CppCompilerAndLinker { get; init; }

    /// <summary>$(LinkerFlavor); ILCompiler's default on Linux is bfd (clang -fuse-ld=bfd).</summary>
    public string? LinkerFlavor { get; init; }

    /// <summary>$(ObjCopyName); empty means llvm-objcopy (then objcopy) when the compiler is clang.</summary>
    public string? ObjCopyName { get; init; }

    /// <summary>$(StripSymbols): objcopy is only run when true (ILCompiler's default on Linux).</summary>
    public bool StripSymbols { get; init; } = true;

    /// <summary>True when the link uses the system zlib (-lz): .NET 8 packs, or UseSystemZlib=true.</summary>
    public bool NeedsSystemZlib { get; init; }

    /// <summary>Directories searched for tools, in order (the build's PATH).</summary>
    public IReadOnlyList<string> SearchPath { get; init; } = Array.Empty<string>();

    /// <summary>Root of the host file system ("/"); tests point it at a fake layout.</summary>
    public string HostRoot { get; init; } = "/";

    public bool IsCrossArchitecture => !string.Equals(HostArchitecture, Target.Architecture, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One thing the native link needs, and where it was found or why it was not.</summary>
internal sealed class ToolchainComponent
{
    public ToolchainComponent(string name) => Name = name;

    /// <summary>"C compiler/linker driver", "linker", "objcopy", "C runtime", "GCC runtime", "zlib".</summary>
    public string Name { get; }

    public string? FoundAt { get; set; }

    /// <summary>Why it is missing or unusable; null when found.</summary>
    public string? Problem { get; set; }

    /// <summary>Debian/Ubuntu packages that provide it.</summary>
    public List<string> Packages { get; } = new();

    /// <summary>An MSBuild setting (or other step) that fixes it instead.</summary>
    public string? Alternative { get; set; }

    public bool IsMissing => Problem is not null;

    public override string ToString() => IsMissing ? $"{Name}: {Problem}" : $"{Name} {FoundAt}";
}

/// <summary>
/// Finds the cross toolchain for a Linux Native AOT publish the way ILCompiler and clang will: the compiler driver on
/// PATH (clang, or $(CppCompilerAndLinker)), the target-prefixed GNU linker clang picks for -fuse-ld=bfd
/// (&lt;triple&gt;-ld.bfd) or ld.lld, the objcopy that strips the result (llvm-objcopy, else objcopy, or $(ObjCopyName)),
/// and, in $(SysRoot) or Debian's cross / multiarch directories, the target's C runtime (Scrt1.o, libc.so), GCC runtime
/// (crtbeginS.o, libgcc) and, when the pack does not bundle it, zlib. Object files are checked for the target architecture.
/// </summary>
internal static class ToolchainProbe
{
    public static IReadOnlyList<ToolchainComponent> Probe(ToolchainRequest request)
    {
        var components = new List<ToolchainComponent>();
        ToolchainComponent compiler = ProbeCompiler(request);
        components.Add(compiler);

        // clang's GCC installation detector searches the sysroot ("/" without one) and the prefix clang itself is
        // installed in (the directory it was invoked from, then ".."), even when --sysroot is given: a /usr/bin/clang
        // therefore always finds Debian's /usr/lib/gcc-cross/<triple>, whatever SysRoot says.
        IReadOnlyList<string> prefixes = GccPrefixes(request, compiler.FoundAt);
        ToolchainComponent gcc = ProbeGccRuntime(request, prefixes);
        IReadOnlyList<string> libDirs = LibraryDirectories(request, gcc.FoundAt);
        components.Add(ProbeLinker(request, compiler.FoundAt, gcc.FoundAt));
        if (request.StripSymbols)
        {
            components.Add(ProbeObjCopy(request));
        }

        components.Add(ProbeCRuntime(request, libDirs));
        components.Add(gcc);
        if (request.NeedsSystemZlib)
        {
            components.Add(ProbeZlib(request, libDirs));
        }

        return components;
    }

    private static List<string> GccPrefixes(ToolchainRequest request, string? compilerPath)
    {
        string root = string.IsNullOrWhiteSpace(request.SysRoot) ? request.HostRoot : request.SysRoot!;
        var prefixes = new List<string> { Combine(root, "usr"), root };
        if (compilerPath is not null)
        {
            prefixes.Add(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(compilerPath)!, "..")));
        }

        return prefixes.Select(p => p.TrimEnd('/') is { Length: > 0 } t ? t : "/").Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The cross layout's &lt;prefix&gt;/&lt;triple&gt; next to a GCC installation &lt;prefix&gt;/lib/gcc-cross/&lt;triple&gt;/&lt;version&gt;.</summary>
    private static string? TripleDirOf(string? gccInstall) =>
        gccInstall is null ? null : Path.GetFullPath(Path.Combine(gccInstall, "..", "..", "..", "..", Path.GetFileName(Path.GetDirectoryName(gccInstall)!)));

    private static string Rid(ToolchainRequest r) => "linux-" + (r.Target.IsMusl ? "musl-" : string.Empty) + r.Target.Architecture;

    private static ToolchainComponent ProbeCompiler(ToolchainRequest request)
    {
        var component = new ToolchainComponent("C compiler/linker driver");
        string name = string.IsNullOrWhiteSpace(request.CppCompilerAndLinker) ? "clang" : request.CppCompilerAndLinker!.Trim();
        string? found = Which(name, request.SearchPath);
        if (found is null)
        {
            // ILCompiler's Unix.targets sets CppCompilerAndLinker=clang at evaluation: that is its default, not a user choice.
            component.Problem = name == "clang"
                ? "clang is not on PATH (ILCompiler would fall back to gcc, which rejects the --target option a cross link needs)"
                : $"CppCompilerAndLinker '{name}' was not found";
            component.Packages.Add("clang");
            component.Alternative = "set CppCompilerAndLinker to the full path of a clang";
            return component;
        }

        string file = Path.GetFileName(name);
        if (file.Contains("gcc", StringComparison.OrdinalIgnoreCase) || file is "cc" or "c++" or "g++")
        {
            component.Problem = $"CppCompilerAndLinker '{name}' ({found}) is not clang; ILCompiler passes --target=<triple> for a cross link, which GCC rejects";
            component.Packages.Add("clang");
            component.Alternative = "remove CppCompilerAndLinker (ILCompiler then uses clang)";
            return component;
        }

        component.FoundAt = found;
        return component;
    }

    private static ToolchainComponent ProbeLinker(ToolchainRequest request, string? compilerPath, string? gccInstall)
    {
        string flavor = string.IsNullOrWhiteSpace(request.LinkerFlavor) ? "bfd" : request.LinkerFlavor!.Trim().ToLowerInvariant();
        var component = new ToolchainComponent($"linker (-fuse-ld={flavor})");
        string triple = request.Target.GnuTriple;
        if (flavor == "lld")
        {
            var dirs = request.SearchPath.ToList();
            if (compilerPath is not null)
            {
                // clang looks next to itself first (/usr/lib/llvm-N/bin on Debian).
                string real = RealPath(compilerPath);
                dirs.Insert(0, Path.GetDirectoryName(real)!);
            }

            component.FoundAt = Which("ld.lld", dirs);
            if (component.FoundAt is null)
            {
                component.Problem = "ld.lld is not on PATH";
                component.Packages.Add("lld");
            }

            return component;
        }

        var names = new List<string> { $"{triple}-ld.{flavor}" };
        if (flavor == "bfd")
        {
            names.Add($"{triple}-ld");
        }

        var extraDirs = new List<string>();
        if (TripleDirOf(gccInstall) is { } tripleDir)
        {
            // clang also searches the bin directory of the cross GCC installation: /usr/<triple>/bin.
            extraDirs.Add(Path.Combine(tripleDir, "bin"));
        }

        if (compilerPath is not null)
        {
            extraDirs.Add(Path.GetDirectoryName(compilerPath)!);
        }

        foreach (string candidate in names)
        {
            component.FoundAt ??= Which(candidate, request.SearchPath);
        }

        component.FoundAt ??= Which("ld." + flavor, extraDirs) ?? (flavor == "bfd" ? Which("ld", extraDirs) : null);
        if (component.FoundAt is null && !request.IsCrossArchitecture)
        {
            // Same architecture (a musl target from a glibc host): the host's own linker links it.
            component.FoundAt = Which("ld." + flavor, request.SearchPath) ?? (flavor == "bfd" ? Which("ld", request.SearchPath) : null);
        }

        if (component.FoundAt is null)
        {
            component.Problem = $"{triple}-ld.{flavor} is not on PATH (clang picks the target-prefixed GNU linker; the host's ld cannot link {request.Target.Architecture})";
            if (!request.Target.IsMusl && request.Target.DebianArch is not null)
            {
                component.Packages.Add(request.Target.BinutilsPackage);
            }

            component.Alternative = "or set LinkerFlavor=lld (package lld), which links every architecture";
        }

        return component;
    }

    private static ToolchainComponent ProbeObjCopy(ToolchainRequest request)
    {
        var component = new ToolchainComponent("objcopy (StripSymbols)");
        string triple = request.Target.GnuTriple;
        string? prefixed = Which(triple + "-objcopy", request.SearchPath);
        string alternative = prefixed is not null
            ? $"or set ObjCopyName={triple}-objcopy (found at {prefixed}), or StripSymbols=false"
            : $"or install {request.Target.BinutilsPackage} and set ObjCopyName={triple}-objcopy, or set StripSymbols=false";
        if (!string.IsNullOrWhiteSpace(request.ObjCopyName))
        {
            component.FoundAt = Which(request.ObjCopyName!.Trim(), request.SearchPath);
            if (component.FoundAt is null)
            {
                component.Problem = $"ObjCopyName '{request.ObjCopyName}' was not found";
                component.Packages.Add("llvm");
                component.Alternative = alternative;
            }

            return component;
        }

        string compiler = string.IsNullOrWhiteSpace(request.CppCompilerAndLinker) ? "clang" : request.CppCompilerAndLinker!;
        if (compiler.Contains("clang", StringComparison.OrdinalIgnoreCase) && Which("llvm-objcopy", request.SearchPath) is { } llvm)
        {
            component.FoundAt = llvm;
            return component;
        }

        string? gnu = Which("objcopy", request.SearchPath);
        if (gnu is not null && (!request.IsCrossArchitecture || Supports(gnu, request.Target.BfdName)))
        {
            component.FoundAt = gnu;
            return component;
        }

        component.Problem = gnu is null
            ? "neither llvm-objcopy nor objcopy is on PATH"
            : $"llvm-objcopy is not on PATH and {gnu} is the host's GNU objcopy, which cannot rewrite {request.Target.Architecture} ELF files ({request.Target.BfdName} is not among its targets)";
        component.Packages.Add("llvm");
        component.Alternative = alternative;
        return component;
    }

    /// <summary>Where clang will look for the target's C runtime and libraries, in its own order.</summary>
    private static string[] LibraryDirectories(ToolchainRequest request, string? gccInstall)
    {
        string triple = request.Target.GnuTriple;
        var dirs = new List<string>();
        if (TripleDirOf(gccInstall) is { } tripleDir)
        {
            // Debian's "-cross" packages: /usr/<triple>/lib, found through the GCC installation, sysroot or not.
            dirs.Add(Path.Combine(tripleDir, "lib"));
        }

        string root = string.IsNullOrWhiteSpace(request.SysRoot) ? request.HostRoot : request.SysRoot!;
        dirs.AddRange(new[] { Combine(root, "usr", "lib", triple), Combine(root, "lib", triple) });
        if (!string.IsNullOrWhiteSpace(request.SysRoot))
        {
            dirs.AddRange(new[] { Combine(root, "usr", "lib64"), Combine(root, "lib64"), Combine(root, "usr", "lib"), Combine(root, "lib"), Combine(root, "usr", triple, "lib") });
        }
        else
        {
            dirs.Add(Combine(root, "usr", triple, "lib"));
        }

        return dirs.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static ToolchainComponent ProbeCRuntime(ToolchainRequest request, IReadOnlyList<string> libDirs)
    {
        var component = new ToolchainComponent($"{(request.Target.IsMusl ? "musl" : "glibc")} C runtime (Scrt1.o, crti.o, libc.so)");
        var wrongArch = new List<string>();
        foreach (string dir in libDirs)
        {
            string? crt = new[] { "Scrt1.o", "crt1.o" }.Select(f => Path.Combine(dir, f)).FirstOrDefault(File.Exists);
            if (crt is null || !File.Exists(Path.Combine(dir, "libc.so")))
            {
                continue;
            }

            NativeArchitecture arch = NativeArchitecture.Read(crt);
            if (arch.IsKnown && !arch.Fits(request.Target.Architecture))
            {
                wrongArch.Add($"{crt} is {arch}");
                continue;
            }

            component.FoundAt = dir;
            return component;
        }

        string where = "no Scrt1.o/crt1.o and libc.so in " + string.Join(", ", libDirs) + SysRootNote(request);
        component.Problem = where + (wrongArch.Count > 0 ? " (" + string.Join("; ", wrongArch) + ")" : string.Empty);
        AddRuntimeFix(request, component, request.Target.LibcCrossPackage, request.Target.IsMusl ? "musl-dev" : "libc6-dev");
        return component;
    }

    private static ToolchainComponent ProbeGccRuntime(ToolchainRequest request, IReadOnlyList<string> prefixes)
    {
        var component = new ToolchainComponent("GCC runtime (crtbeginS.o, libgcc)");
        string archPrefix = request.Target.GnuTriple.Split('-')[0] + "-";
        var searched = new List<string>();
        foreach (string prefix in prefixes)
        {
            foreach (string gccRoot in new[] { Combine(prefix, "lib", "gcc-cross"), Combine(prefix, "lib", "gcc"), Combine(prefix, "lib64", "gcc") })
            {
                searched.Add(gccRoot);
                if (!Directory.Exists(gccRoot))
                {
                    continue;
                }

                foreach (string tripleDir in SafeDirectories(gccRoot).Where(d => Path.GetFileName(d).StartsWith(archPrefix, StringComparison.Ordinal)
                    && Path.GetFileName(d).Contains("musl", StringComparison.Ordinal) == request.Target.IsMusl))
                {
                    foreach (string versionDir in SafeDirectories(tripleDir).OrderByDescending(d => d, StringComparer.Ordinal))
                    {
                        string crtbegin = Path.Combine(versionDir, "crtbeginS.o");
                        if (File.Exists(crtbegin) && (File.Exists(Path.Combine(versionDir, "libgcc.a")) || File.Exists(Path.Combine(versionDir, "libgcc_s.so"))))
                        {
                            NativeArchitecture arch = NativeArchitecture.Read(crtbegin);
                            if (!arch.IsKnown || arch.Fits(request.Target.Architecture))
                            {
                                component.FoundAt = versionDir;
                                return component;
                            }
                        }
                    }
                }
            }
        }

        component.Problem = $"no {request.Target.GnuTriple}/<version>/crtbeginS.o and libgcc under {string.Join(", ", searched.Distinct(StringComparer.Ordinal))}" + SysRootNote(request);
        AddRuntimeFix(request, component, request.Target.LibgccCrossPackage, "libgcc-12-dev");
        if (component.Packages.Count > 0)
        {
            component.Alternative = (component.Alternative is null ? string.Empty : component.Alternative + "; ")
                + $"{request.Target.GccCrossPackage} pulls in the right libgcc-N-dev-{request.Target.DebianArch}-cross on other releases";
        }

        return component;
    }

    private static ToolchainComponent ProbeZlib(ToolchainRequest request, IReadOnlyList<string> libDirs)
    {
        var component = new ToolchainComponent("zlib (-lz: UseSystemZlib)");
        foreach (string dir in libDirs)
        {
            string? lib = new[] { "libz.so", "libz.a" }.Select(f => Path.Combine(dir, f)).FirstOrDefault(File.Exists);
            if (lib is not null)
            {
                component.FoundAt = lib;
                return component;
            }
        }

        component.Problem = $"no libz.so or libz.a in {string.Join(", ", libDirs)}";
        if (string.IsNullOrWhiteSpace(request.SysRoot) && request.Target.DebianArch is not null && !request.Target.IsMusl)
        {
            // Debian 12 has no zlib "-cross" package: the multiarch one lands in /usr/lib/<triple>.
            component.Packages.Add($"zlib1g-dev:{request.Target.DebianArch} (after dpkg --add-architecture {request.Target.DebianArch} and apt-get update)");
        }
        else
        {
            component.Alternative = $"install zlib's development files (zlib1g-dev / zlib-dev) for {request.Target.Architecture} into SysRoot '{request.SysRoot}'";
        }

        return component;
    }

    private static void AddRuntimeFix(ToolchainRequest request, ToolchainComponent component, string? crossPackage, string sysrootPackage)
    {
        string rid = Rid(request);
        if (!string.IsNullOrWhiteSpace(request.SysRoot))
        {
            component.Alternative = $"point SysRoot at a {rid} root file system that has {sysrootPackage} installed"
                + (crossPackage is not null ? $", or remove SysRoot and install {crossPackage}" : string.Empty);
            return;
        }

        if (crossPackage is not null)
        {
            component.Packages.Add(crossPackage);
            component.Alternative = $"or set SysRoot to a {rid} root file system";
        }
        else
        {
            component.Alternative = request.Target.IsMusl
                ? $"set SysRoot to an Alpine {request.Target.Architecture} root file system with build-base and zlib-dev installed (or publish {rid} inside an Alpine container)"
                : $"set SysRoot to a {rid} root file system";
        }
    }

    private static string SysRootNote(ToolchainRequest request) =>
        string.IsNullOrWhiteSpace(request.SysRoot) ? string.Empty
        : Directory.Exists(request.SysRoot) ? $" (SysRoot '{request.SysRoot}')"
        : $" (SysRoot '{request.SysRoot}' does not exist)";

    /// <summary>What `command -v` finds: a path with a slash is taken as is; a name is looked up in the directories.</summary>
    internal static string? Which(string name, IEnumerable<string> directories)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        foreach (string dir in directories)
        {
            if (string.IsNullOrWhiteSpace(dir))
            {
                continue;
            }

            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True when a GNU objcopy lists the BFD target (objcopy --info), i.e. it can rewrite that architecture.</summary>
    private static bool Supports(string objcopy, string bfdName)
    {
        try
        {
            var start = new ProcessStartInfo(objcopy, "--info") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(10_000);
            return output.Contains(bfdName, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    private static string RealPath(string path)
    {
        try
        {
            FileSystemInfo? target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
            return target?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static string[] SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }

    private static string Combine(string root, params string[] parts) => Path.Combine(new[] { root }.Concat(parts).ToArray());
}
