using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace CrossGuard.Core.Binaries;

/// <summary>
/// The P/Invokes of one library with one platform declaration: how many methods import it, and the
/// [SupportedOSPlatform] / [UnsupportedOSPlatform] names that apply to them (the method's own, else its type's or an
/// enclosing type's, else the assembly's; version suffixes removed).
/// </summary>
/// <param name="Library">The ModuleRef name as written in [DllImport] / [LibraryImport] ("libgdiplus", "gdi32.dll").</param>
/// <param name="EntryPoints">Methods importing it under this declaration.</param>
/// <param name="Supported">Supported platforms ("windows", "linux", "macos"…); empty: no restriction.</param>
/// <param name="Unsupported">Unsupported platforms.</param>
public sealed record PInvokeImport(string Library, int EntryPoints, IReadOnlyList<string> Supported, IReadOnlyList<string> Unsupported)
{
    /// <summary>True when the declaration keeps these imports off <paramref name="platform"/> ("linux", "macos", "windows").</summary>
    public bool ExcludedOn(string platform) => OsPlatformDeclaration.Excludes(Supported, Unsupported, platform);
}

/// <summary>
/// What a managed assembly's metadata says about the native libraries it P/Invokes, read with
/// System.Reflection.Metadata without loading it: the ImplMap rows and the ModuleRef each names, grouped by library and
/// platform declaration; the assembly's [DefaultDllImportSearchPaths]; whether it registers its own resolver
/// (NativeLibrary.SetDllImportResolver, AssemblyLoadContext.ResolvingUnmanagedDll) and, then, the library file names
/// among its string literals (System.Drawing.Common 5's resolver maps "libgdiplus" to "libgdiplus.so.0",
/// SharpPcap's maps "wpcap" to "libpcap.so.0.8"). The one ImplMap reader of CrossGuard: the publish audit's
/// <see cref="Publish.ManagedNativeUse"/> takes its module names from <see cref="ModuleNames"/>.
/// </summary>
public sealed class PInvokeSurface
{
    /// <summary>DllImportSearchPath.System32 (the OS search looks in System32 only).</summary>
    public const int SearchSystem32 = 0x800;

    private const int MaxLiterals = 64;

    public PInvokeSurface(IReadOnlyList<PInvokeImport> imports, IReadOnlyList<string> supported, IReadOnlyList<string> unsupported,
        int? searchPaths, bool registersResolver, IReadOnlyList<string> libraryLiterals)
    {
        Imports = imports;
        AssemblySupported = supported;
        AssemblyUnsupported = unsupported;
        DefaultSearchPaths = searchPaths;
        RegistersResolver = registersResolver;
        LibraryLiterals = libraryLiterals;
    }

    /// <summary>Imports grouped by library and declaration, in metadata order of first use.</summary>
    public IReadOnlyList<PInvokeImport> Imports { get; }

    /// <summary>Assembly-level [SupportedOSPlatform] names.</summary>
    public IReadOnlyList<string> AssemblySupported { get; }

    /// <summary>Assembly-level [UnsupportedOSPlatform] names.</summary>
    public IReadOnlyList<string> AssemblyUnsupported { get; }

    /// <summary>The assembly's [DefaultDllImportSearchPaths] value (DllImportSearchPath flags), or null.</summary>
    public int? DefaultSearchPaths { get; }

    /// <summary>True when the assembly registers its own native library resolver.</summary>
    public bool RegistersResolver { get; }

    /// <summary>String literals that are library file names ("libgdiplus.so.0", "libpcap.dylib"), read only when <see cref="RegistersResolver"/>.</summary>
    public IReadOnlyList<string> LibraryLiterals { get; }

    /// <summary>Set when the file could not be read as a managed assembly.</summary>
    public string? Error { get; private init; }

    /// <summary>True when the OS search of these imports is limited to System32 on Windows.</summary>
    public bool System32Only => DefaultSearchPaths is { } flags && (flags & SearchSystem32) != 0 && (flags & ~SearchSystem32 & 0xF02) == 0;

    /// <summary>Reads a file (bounded by the PE reader: nothing is loaded or executed); never throws for bad input.</summary>
    public static PInvokeSurface Read(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return Failed("no managed metadata");
            }

            return Read(pe.GetMetadataReader());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            return Failed(ex.Message);
        }
    }

    /// <summary>Reads the surface from metadata already open.</summary>
    public static PInvokeSurface Read(MetadataReader reader)
    {
        if (reader.GetTableRowCount(TableIndex.ImplMap) == 0)
        {
            // The common case (Newtonsoft.Json, most of a dependency graph): nothing to decode.
            return new PInvokeSurface(Array.Empty<PInvokeImport>(), Array.Empty<string>(), Array.Empty<string>(), null, false, Array.Empty<string>());
        }

        (List<string> assemblySupported, List<string> assemblyUnsupported) = reader.IsAssembly
            ? ManagedPlatforms.PlatformAttributes(reader, reader.GetAssemblyDefinition().GetCustomAttributes())
            : (new List<string>(), new List<string>());
        int? searchPaths = reader.IsAssembly ? SearchPathsOf(reader, reader.GetAssemblyDefinition().GetCustomAttributes()) : null;
        var typeDeclarations = new Dictionary<TypeDefinitionHandle, (List<string> Supported, List<string> Unsupported)>();
        var groups = new Dictionary<(string Library, string Supported, string Unsupported), int>();
        var order = new List<(string Library, string Supported, string Unsupported)>();
        foreach (MethodDefinitionHandle handle in reader.MethodDefinitions)
        {
            MethodDefinition method = reader.GetMethodDefinition(handle);
            MethodImport import = method.GetImport();
            if (import.Module.IsNil)
            {
                continue;
            }

            string library = reader.GetString(reader.GetModuleReference(import.Module).Name);
            if (library.Length == 0)
            {
                continue;
            }

            (List<string> supported, List<string> unsupported) = ManagedPlatforms.PlatformAttributes(reader, method.GetCustomAttributes());
            (List<string> typeSupported, List<string> typeUnsupported) = TypeDeclaration(reader, method.GetDeclaringType(), typeDeclarations);
            IEnumerable<string> effectiveSupported = supported.Count > 0 ? supported : typeSupported.Count > 0 ? typeSupported : assemblySupported;
            IEnumerable<string> effectiveUnsupported = unsupported.Concat(typeUnsupported).Concat(assemblyUnsupported);
            var key = (library, Join(effectiveSupported), Join(effectiveUnsupported));
            if (!groups.TryGetValue(key, out int count))
            {
                order.Add(key);
            }

            groups[key] = count + 1;
        }

        List<PInvokeImport> imports = order.Select(k => new PInvokeImport(k.Library, groups[k], Split(k.Supported), Split(k.Unsupported))).ToList();
        bool resolver = RegistersOwnResolver(reader);
        return new PInvokeSurface(imports, assemblySupported, assemblyUnsupported, searchPaths, resolver, resolver ? ReadLibraryLiterals(reader) : Array.Empty<string>());
    }

    /// <summary>
    /// Distinct ModuleRef names used by ImplMap rows, in metadata order, each with the entry points imported from it
    /// (EntryPoint, else the method name): what the publish audit's probe model looks up and names.
    /// </summary>
    public static IReadOnlyList<(string Module, IReadOnlyCollection<string> EntryPoints)> ModuleEntryPoints(MetadataReader reader)
    {
        if (reader.GetTableRowCount(TableIndex.ImplMap) == 0)
        {
            return Array.Empty<(string, IReadOnlyCollection<string>)>();
        }

        var modules = new List<(string Module, IReadOnlyCollection<string> EntryPoints)>();
        var entryPoints = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (MethodDefinitionHandle handle in reader.MethodDefinitions)
        {
            MethodDefinition method = reader.GetMethodDefinition(handle);
            MethodImport import = method.GetImport();
            if (import.Module.IsNil || reader.GetString(reader.GetModuleReference(import.Module).Name) is not { Length: > 0 } name)
            {
                continue;
            }

            if (!entryPoints.TryGetValue(name, out HashSet<string>? names))
            {
                entryPoints[name] = names = new HashSet<string>(StringComparer.Ordinal);
                modules.Add((name, names));
            }

            string entryPoint = import.Name.IsNil ? string.Empty : reader.GetString(import.Name);
            names.Add(entryPoint.Length > 0 ? entryPoint : reader.GetString(method.Name));
        }

        return modules;
    }

    /// <summary>
    /// Which library file names a resolver may load in place of <paramref name="import"/> on an OS whose shared-library
    /// suffix is <paramref name="suffix"/> (".so", ".dylib", ".dll"): the literals of the same base name
    /// ("libgdiplus" → "libgdiplus.so.0"), else, when exactly one base name among the OS's literals matches no import of
    /// the assembly, that one ("wpcap" → "libpcap.so.0.8"). Empty when the assembly registers no resolver or says nothing.
    /// </summary>
    public IReadOnlyList<string> AliasesFor(string import, string suffix, Func<string, string> stem)
    {
        if (!RegistersResolver || LibraryLiterals.Count == 0)
        {
            return Array.Empty<string>();
        }

        List<string> forOs = LibraryLiterals.Where(l => HasSuffix(l, suffix)).ToList();
        List<string> same = forOs.Where(l => stem(l) == stem(import)).ToList();
        if (same.Count > 0)
        {
            return same;
        }

        var importStems = new HashSet<string>(Imports.Select(i => stem(i.Library)), StringComparer.Ordinal);
        List<IGrouping<string, string>> unmatched = forOs.GroupBy(stem, StringComparer.Ordinal).Where(g => !importStems.Contains(g.Key)).ToList();
        return unmatched.Count == 1 ? unmatched[0].ToList() : Array.Empty<string>();
    }

    private static bool HasSuffix(string file, string suffix)
    {
        int at = file.IndexOf(suffix, StringComparison.OrdinalIgnoreCase);
        return at > 0 && (at + suffix.Length == file.Length || file[at + suffix.Length] == '.');
    }

    internal static PInvokeSurface Failed(string error) =>
        new(Array.Empty<PInvokeImport>(), Array.Empty<string>(), Array.Empty<string>(), null, false, Array.Empty<string>()) { Error = error };

    private static (List<string> Supported, List<string> Unsupported) TypeDeclaration(MetadataReader reader, TypeDefinitionHandle handle,
        Dictionary<TypeDefinitionHandle, (List<string>, List<string>)> known)
    {
        if (handle.IsNil)
        {
            return (new List<string>(), new List<string>());
        }

        if (known.TryGetValue(handle, out (List<string>, List<string>) found))
        {
            return found;
        }

        TypeDefinition type = reader.GetTypeDefinition(handle);
        (List<string> supported, List<string> unsupported) = ManagedPlatforms.PlatformAttributes(reader, type.GetCustomAttributes());
        known[handle] = (supported, unsupported); // recursion guard for malformed nesting
        (List<string> outerSupported, List<string> outerUnsupported) = TypeDeclaration(reader, type.GetDeclaringType(), known);
        var result = (supported.Count > 0 ? supported : outerSupported, unsupported.Concat(outerUnsupported).Distinct(StringComparer.Ordinal).ToList());
        known[handle] = result;
        return result;
    }

    private static int? SearchPathsOf(MetadataReader reader, CustomAttributeHandleCollection attributes)
    {
        foreach (CustomAttributeHandle handle in attributes)
        {
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            if (ManagedPlatforms.AttributeTypeName(reader, attribute, "System.Runtime.InteropServices") == "DefaultDllImportSearchPathsAttribute")
            {
                BlobReader value = reader.GetBlobReader(attribute.Value);
                if (value.Length >= 6 && value.ReadUInt16() == 1)
                {
                    return value.ReadInt32();
                }
            }
        }

        return null;
    }

    private static bool RegistersOwnResolver(MetadataReader reader)
    {
        foreach (MemberReferenceHandle handle in reader.MemberReferences)
        {
            MemberReference member = reader.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            TypeReference type = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
            if ((reader.StringComparer.Equals(member.Name, "SetDllImportResolver") && reader.StringComparer.Equals(type.Name, "NativeLibrary"))
                || (reader.StringComparer.Equals(member.Name, "add_ResolvingUnmanagedDll") && reader.StringComparer.Equals(type.Name, "AssemblyLoadContext")))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>User strings shaped like a library file name: "libfoo.so", "libfoo.so.1", "libfoo.dylib", "foo.dll" (at most 64).</summary>
    private static List<string> ReadLibraryLiterals(MetadataReader reader)
    {
        var literals = new List<string>();
        UserStringHandle handle = MetadataTokens.UserStringHandle(1);
        int heap = reader.GetHeapSize(HeapIndex.UserString);
        while (!handle.IsNil && MetadataTokens.GetHeapOffset(handle) < heap && literals.Count < MaxLiterals)
        {
            string value = reader.GetUserString(handle);
            if (value.Length is > 3 and <= 128 && IsLibraryFileName(value) && !literals.Contains(value, StringComparer.Ordinal))
            {
                literals.Add(value);
            }

            handle = reader.GetNextHandle(handle);
        }

        return literals;
    }

    private static bool IsLibraryFileName(string value)
    {
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '{' or '}' or ',' or '|' or '"'))
        {
            return false;
        }

        string file = value.Substring(value.LastIndexOf('/') + 1);
        return HasSuffix(file, ".so") || HasSuffix(file, ".dylib") || file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
    }

    private static string Join(IEnumerable<string> names) => string.Join(",", names.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal));

    private static string[] Split(string joined) => joined.Length == 0 ? Array.Empty<string>() : joined.Split(',');
}

/// <summary>What a [SupportedOSPlatform] / [UnsupportedOSPlatform] declaration means for one platform (as CA1416 reads it).</summary>
public static class OsPlatformDeclaration
{
    /// <summary>
    /// True when the declaration keeps code off <paramref name="platform"/>: it lists supported platforms and that one is
    /// not among them ("unix" counts for every platform but Windows), or it lists the platform as unsupported.
    /// "osx" and "macos" are the same platform.
    /// </summary>
    public static bool Excludes(IReadOnlyList<string> supported, IReadOnlyList<string> unsupported, string platform)
    {
        static string Name(string p) => p == "osx" ? "macos" : p;
        string target = Name(platform);
        bool supportedElsewhere = supported.Count > 0 && !supported.Select(Name).Contains(target)
            && !(target != "windows" && supported.Contains("unix"));
        return supportedElsewhere || unsupported.Select(Name).Contains(target);
    }
}
