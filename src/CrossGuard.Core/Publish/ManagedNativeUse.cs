using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using CrossGuard.Core.Binaries;

namespace CrossGuard.Core.Publish;

/// <summary>How a NativeLibrary.Load / TryLoad literal is loaded.</summary>
public enum LiteralLoadKind
{
    /// <summary>Load(string) / TryLoad(string, out IntPtr): straight to the OS loader (dlopen / LoadLibraryEx), no name variations, no app folder.</summary>
    OsLoader,

    /// <summary>Load(string, Assembly, DllImportSearchPath?) / TryLoad(..., out IntPtr): the same probing as a P/Invoke of the calling assembly.</summary>
    Probing,
}

/// <summary>A string literal passed to NativeLibrary.Load or TryLoad.</summary>
public sealed record NativeLibraryLiteral(string Name, LiteralLoadKind Kind, bool Throws);

/// <summary>
/// What a managed assembly's metadata and IL say about the native libraries it loads: the module names of its
/// P/Invokes (ECMA-335 ImplMap rows and the ModuleRef each one names), NativeLibrary.Load / TryLoad string literals,
/// and whether it registers its own resolver (then how it loads them cannot be proven from the files).
/// </summary>
public sealed class ManagedNativeUse
{
    private ManagedNativeUse(string path) => Path = path;

    public string Path { get; }

    /// <summary>Distinct ModuleRef names used by ImplMap rows ([DllImport], [LibraryImport]'s generated stubs).</summary>
    public IReadOnlyList<string> Imports { get; private set; } = Array.Empty<string>();

    /// <summary>
    /// The entry points imported from each module of <see cref="Imports"/> (the ImplMap import name, else the method
    /// name). Two modules of one assembly that export the same entry points are alternative builds of one library
    /// (librdkafka / centos8-librdkafka / alpine-librdkafka), of which the assembly calls one at run time.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> EntryPoints { get; private set; } = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);

    /// <summary>
    /// NativeLibrary.Load / TryLoad calls whose library argument is a string literal (ldstr, then the call, in one
    /// straight run of IL without a branch or another ldstr between them). Best effort: a name built at run time
    /// (Path.Combine, interpolation, a field) is not seen.
    /// </summary>
    public IReadOnlyList<NativeLibraryLiteral> Literals { get; private set; } = Array.Empty<NativeLibraryLiteral>();

    /// <summary>
    /// The resolver the assembly registers, or null: "NativeLibrary.SetDllImportResolver" (its own imports),
    /// "AssemblyLoadContext.ResolvingUnmanagedDll" (every failed load of its load context) or
    /// "AssemblyLoadContext.LoadUnmanagedDll" (an override in a load context it defines).
    /// </summary>
    public string? Resolver { get; private set; }

    /// <summary>
    /// How the assembly loads native libraries by a path it computes, or null: a P/Invoke of dlopen / LoadLibrary(Ex)
    /// or a NativeLibrary.Load / TryLoad whose name is not a literal. Such an assembly can preload a file from a folder
    /// the runtime does not probe (Whisper.net loads runtimes/&lt;rid&gt;/libwhisper.so itself), after which its
    /// P/Invokes bind to the loaded library by name.
    /// </summary>
    public string? LoadsByPath { get; private set; }

    /// <summary>True when the resolver handles failed loads of every assembly of the load context (ResolvingUnmanagedDll).</summary>
    public bool ResolvesForWholeContext { get; private set; }

    /// <summary>Why the file could not be read as a managed assembly; null when it was read.</summary>
    public string? Error { get; private set; }

    /// <summary>Reads a file; a file that is not a managed assembly gives null, a malformed one an <see cref="Error"/>.</summary>
    public static ManagedNativeUse? Read(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return Read(stream, path);
        }
        catch (IOException ex)
        {
            return new ManagedNativeUse(path) { Error = ex.Message };
        }
        catch (UnauthorizedAccessException ex)
        {
            return new ManagedNativeUse(path) { Error = ex.Message };
        }
    }

    /// <summary>Reads an assembly image from a stream (left open).</summary>
    public static ManagedNativeUse? Read(Stream stream, string displayPath)
    {
        var use = new ManagedNativeUse(displayPath);
        try
        {
            using var pe = new PEReader(stream, PEStreamOptions.LeaveOpen);
            if (!pe.HasMetadata)
            {
                return null;
            }

            MetadataReader reader = pe.GetMetadataReader();
            use.ReadImports(reader);
            use.ReadResolvers(reader);
            use.ReadLiterals(reader, pe);
        }
        catch (BadImageFormatException ex)
        {
            use.Error = ex.Message;
        }
        catch (InvalidOperationException ex)
        {
            use.Error = ex.Message;
        }
        catch (ArgumentException ex)
        {
            use.Error = ex.Message;
        }

        return use;
    }

    private void ReadImports(MetadataReader reader)
    {
        var modules = new List<string>();
        var entryPoints = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (MethodDefinitionHandle handle in reader.MethodDefinitions)
        {
            MethodDefinition method = reader.GetMethodDefinition(handle);
            MethodImport import = method.GetImport();
            if (import.Module.IsNil)
            {
                continue;
            }

            string name = reader.GetString(reader.GetModuleReference(import.Module).Name);
            if (name.Length == 0)
            {
                continue;
            }

            if (!entryPoints.TryGetValue(name, out HashSet<string>? names))
            {
                modules.Add(name);
                entryPoints[name] = names = new HashSet<string>(StringComparer.Ordinal);
            }

            string entryPoint = import.Name.IsNil ? string.Empty : reader.GetString(import.Name);
            entryPoint = entryPoint.Length > 0 ? entryPoint : reader.GetString(method.Name);
            names.Add(entryPoint);
            if (entryPoint is "dlopen" or "LoadLibrary" or "LoadLibraryW" or "LoadLibraryA" or "LoadLibraryEx" or "LoadLibraryExW" or "LoadLibraryExA" or "LoadPackagedLibrary")
            {
                LoadsByPath ??= $"it P/Invokes {entryPoint} from '{name}'";
            }
        }

        Imports = modules;
        EntryPoints = entryPoints.ToDictionary(e => e.Key, e => (IReadOnlyCollection<string>)e.Value, StringComparer.Ordinal);
    }

    private void ReadResolvers(MetadataReader reader)
    {
        foreach (MemberReferenceHandle handle in reader.MemberReferences)
        {
            MemberReference member = reader.GetMemberReference(handle);
            (string ns, string type) = ParentType(reader, member.Parent);
            string name = reader.GetString(member.Name);
            if (ns == "System.Runtime.InteropServices" && type == "NativeLibrary" && name == "SetDllImportResolver")
            {
                Resolver ??= "NativeLibrary.SetDllImportResolver";
            }
            else if (ns == "System.Runtime.Loader" && type == "AssemblyLoadContext" && name == "add_ResolvingUnmanagedDll")
            {
                Resolver = "AssemblyLoadContext.ResolvingUnmanagedDll";
                ResolvesForWholeContext = true;
            }
        }

        if (Resolver is null)
        {
            foreach (TypeDefinitionHandle typeHandle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(typeHandle);
                if (!DerivesFromLoadContext(reader, type))
                {
                    continue;
                }

                if (type.GetMethods().Any(m => reader.GetString(reader.GetMethodDefinition(m).Name) == "LoadUnmanagedDll"))
                {
                    Resolver = "AssemblyLoadContext.LoadUnmanagedDll";
                    break;
                }
            }
        }
    }

    private static bool DerivesFromLoadContext(MetadataReader reader, TypeDefinition type) =>
        !type.BaseType.IsNil && type.BaseType.Kind == HandleKind.TypeReference
        && reader.GetTypeReference((TypeReferenceHandle)type.BaseType) is var baseType
        && reader.GetString(baseType.Name) == "AssemblyLoadContext" && reader.GetString(baseType.Namespace) == "System.Runtime.Loader";

    private static (string Namespace, string Name) ParentType(MetadataReader reader, EntityHandle parent)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeReference:
                TypeReference reference = reader.GetTypeReference((TypeReferenceHandle)parent);
                return (reader.GetString(reference.Namespace), reader.GetString(reference.Name));
            case HandleKind.TypeDefinition:
                TypeDefinition definition = reader.GetTypeDefinition((TypeDefinitionHandle)parent);
                return (reader.GetString(definition.Namespace), reader.GetString(definition.Name));
            default:
                return (string.Empty, string.Empty);
        }
    }

    private void ReadLiterals(MetadataReader reader, PEReader pe)
    {
        // Member references to NativeLibrary.Load / TryLoad, by token, with how they load.
        var targets = new Dictionary<int, (LiteralLoadKind Kind, bool Throws)>();
        foreach (MemberReferenceHandle handle in reader.MemberReferences)
        {
            MemberReference member = reader.GetMemberReference(handle);
            (string ns, string type) = ParentType(reader, member.Parent);
            string name = reader.GetString(member.Name);
            if (ns != "System.Runtime.InteropServices" || type != "NativeLibrary" || name is not ("Load" or "TryLoad"))
            {
                continue;
            }

            // Parameter count from the signature blob: header byte, then the compressed count.
            BlobReader signature = reader.GetBlobReader(member.Signature);
            signature.ReadSignatureHeader();
            int parameters = signature.ReadCompressedInteger();
            bool probing = name == "Load" ? parameters >= 3 : parameters >= 4;
            targets[MetadataTokens.GetToken(handle)] = (probing ? LiteralLoadKind.Probing : LiteralLoadKind.OsLoader, name == "Load");
        }

        if (targets.Count == 0)
        {
            return;
        }

        var literals = new List<NativeLibraryLiteral>();
        foreach (MethodDefinitionHandle handle in reader.MethodDefinitions)
        {
            MethodDefinition method = reader.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (ScanIl(reader, body.GetILReader(), targets, literals))
            {
                LoadsByPath ??= "it calls NativeLibrary.Load / TryLoad with a name it computes";
            }
        }

        Literals = literals.Distinct().ToList();
    }

    /// <summary>
    /// Walks one method's IL: remembers the last ldstr of the current straight-line run (a branch, a return or a
    /// second ldstr replaces or clears it) and records it when a call to NativeLibrary.Load / TryLoad follows.
    /// </summary>
    /// <returns>True when a call to Load / TryLoad has no literal before it (the name is computed).</returns>
    private static bool ScanIl(MetadataReader reader, BlobReader il, Dictionary<int, (LiteralLoadKind Kind, bool Throws)> targets, List<NativeLibraryLiteral> literals)
    {
        string? lastString = null;
        bool computed = false;
        while (IlOpCodes.TryRead(ref il, out ILOpCode op))
        {
            switch (op)
            {
                case ILOpCode.Ldstr:
                    if (il.RemainingBytes < 4)
                    {
                        return computed;
                    }

                    int stringToken = il.ReadInt32();
                    lastString = (stringToken >> 24) == 0x70 ? reader.GetUserString(MetadataTokens.UserStringHandle(stringToken & 0xFFFFFF)) : null;
                    continue;
                case ILOpCode.Call or ILOpCode.Callvirt:
                    if (il.RemainingBytes < 4)
                    {
                        return computed;
                    }

                    int token = il.ReadInt32();
                    if (targets.TryGetValue(token, out (LiteralLoadKind Kind, bool Throws) target))
                    {
                        if (lastString is { Length: > 0 })
                        {
                            literals.Add(new NativeLibraryLiteral(lastString, target.Kind, target.Throws));
                        }
                        else
                        {
                            computed = true;
                        }

                        lastString = null;
                    }
                    else if (lastString is not null && ReturnsString(reader, token))
                    {
                        // string.Concat(dir, ".so"), Path.Combine(...): the library name is computed, the literal is only a part of it.
                        lastString = null;
                    }

                    continue;
                case ILOpCode.Ret:
                    lastString = null;
                    continue;
                case ILOpCode.Switch:
                    if (il.RemainingBytes < 4)
                    {
                        return computed;
                    }

                    uint count = il.ReadUInt32();
                    lastString = null;
                    if (count > (uint)(il.RemainingBytes / 4) || !Skip(ref il, (int)count * 4))
                    {
                        return computed;
                    }

                    continue;
            }

            if (op.IsBranch())
            {
                lastString = null;
            }

            if (!Skip(ref il, IlOpCodes.OperandSize(op)))
            {
                return computed;
            }
        }

        return computed;
    }

    /// <summary>True when a called method (MethodDef or MemberRef token) returns System.String.</summary>
    private static bool ReturnsString(MetadataReader reader, int token)
    {
        try
        {
            EntityHandle handle = MetadataTokens.EntityHandle(token);
            BlobHandle signature = handle.Kind switch
            {
                HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)handle).Signature,
                HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)handle).Signature,
                _ => default,
            };
            if (signature.IsNil)
            {
                return false;
            }

            BlobReader blob = reader.GetBlobReader(signature);
            SignatureHeader header = blob.ReadSignatureHeader();
            if (header.Kind != SignatureKind.Method)
            {
                return false;
            }

            if (header.IsGeneric)
            {
                blob.ReadCompressedInteger();
            }

            blob.ReadCompressedInteger();
            return blob.ReadSignatureTypeCode() == SignatureTypeCode.String;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool Skip(ref BlobReader il, int bytes)
    {
        if (bytes > il.RemainingBytes)
        {
            return false;
        }

        il.Offset += bytes;
        return true;
    }
}
