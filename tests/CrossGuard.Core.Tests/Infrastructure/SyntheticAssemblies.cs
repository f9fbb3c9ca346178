using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace CrossGuard.Core.Tests.Infrastructure;

/// <summary>
/// Managed assemblies emitted with System.Reflection.Metadata's builders: P/Invokes (ImplMap rows naming ModuleRefs),
/// NativeLibrary.Load / TryLoad calls with string literals, and resolver registrations, as a compiler writes them.
/// </summary>
public static class SyntheticAssemblies
{
    public static byte[] Create(string name, string[]? imports = null, string[]? loads = null, string[]? tryLoads = null,
        bool setDllImportResolver = false, bool resolvingUnmanagedDll = false, string[]? entryPoints = null, string[]? computedLoads = null)
    {
        var md = new MetadataBuilder();
        var il = new BlobBuilder();
        var bodies = new MethodBodyStreamEncoder(il);
        md.AddModule(0, md.GetOrAddString(name + ".dll"), md.GetOrAddGuid(Guid.NewGuid()), default, default);
        md.AddAssembly(md.GetOrAddString(name), new Version(1, 0, 0, 0), default, default, 0, AssemblyHashAlgorithm.None);
        AssemblyReferenceHandle runtime = md.AddAssemblyReference(md.GetOrAddString("System.Runtime"), new Version(8, 0, 0, 0), default, default, 0, default);
        TypeReferenceHandle objectType = md.AddTypeReference(runtime, md.GetOrAddString("System"), md.GetOrAddString("Object"));
        TypeReferenceHandle nativeLibrary = md.AddTypeReference(runtime, md.GetOrAddString("System.Runtime.InteropServices"), md.GetOrAddString("NativeLibrary"));
        TypeReferenceHandle loadContext = md.AddTypeReference(runtime, md.GetOrAddString("System.Runtime.Loader"), md.GetOrAddString("AssemblyLoadContext"));

        BlobHandle Signature(int parameters, bool returnsIntPtr, bool isInstance = false)
        {
            var blob = new BlobBuilder();
            new BlobEncoder(blob).MethodSignature(isInstanceMethod: isInstance).Parameters(parameters,
                r => { if (returnsIntPtr) { r.Type().IntPtr(); } else if (parameters == 2 && !isInstance) { r.Type().Boolean(); } else { r.Void(); } },
                p => { for (int i = 0; i < parameters; i++) { p.AddParameter().Type().String(); } });
            return md.GetOrAddBlob(blob);
        }

        // Only what the code calls is referenced, as a compiler emits it.
        MemberReferenceHandle load = loads is { Length: > 0 } || computedLoads is { Length: > 0 } ? md.AddMemberReference(nativeLibrary, md.GetOrAddString("Load"), Signature(1, returnsIntPtr: true)) : default;
        MemberReferenceHandle concat = default;
        if (computedLoads is { Length: > 0 })
        {
            var concatSignature = new BlobBuilder();
            new BlobEncoder(concatSignature).MethodSignature().Parameters(2, r => r.Type().String(), p => { p.AddParameter().Type().String(); p.AddParameter().Type().String(); });
            concat = md.AddMemberReference(md.AddTypeReference(runtime, md.GetOrAddString("System"), md.GetOrAddString("String")), md.GetOrAddString("Concat"), md.GetOrAddBlob(concatSignature));
        }
        MemberReferenceHandle tryLoad = tryLoads is { Length: > 0 } ? md.AddMemberReference(nativeLibrary, md.GetOrAddString("TryLoad"), Signature(2, returnsIntPtr: false)) : default;
        MemberReferenceHandle setResolver = setDllImportResolver ? md.AddMemberReference(nativeLibrary, md.GetOrAddString("SetDllImportResolver"), Signature(2, returnsIntPtr: false)) : default;
        MemberReferenceHandle addResolving = resolvingUnmanagedDll ? md.AddMemberReference(loadContext, md.GetOrAddString("add_ResolvingUnmanagedDll"), Signature(1, returnsIntPtr: false, isInstance: true)) : default;

        md.AddTypeDefinition(default, default, md.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        BlobHandle voidSignature = Signature(0, returnsIntPtr: false);
        int index = 0;
        foreach (string import in imports ?? [])
        {
            // By default every import has its own entry point; with entryPoints every import exports all of them (alternative builds of one library).
            // "module!entry": one import of that entry point (libdl.so.2!dlopen).
            string[] parts = import.Split('!');
            ModuleReferenceHandle module = md.AddModuleReference(md.GetOrAddString(parts[0]));
            foreach (string entry in parts.Length > 1 ? parts[1..] : entryPoints ?? ["f" + index])
            {
                MethodDefinitionHandle method = md.AddMethodDefinition(MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.PinvokeImpl | MethodAttributes.HideBySig,
                    MethodImplAttributes.PreserveSig, md.GetOrAddString(entry + "_" + index), voidSignature, -1, MetadataTokens.ParameterHandle(1));
                md.AddMethodImport(method, MethodImportAttributes.CallingConventionWinApi, md.GetOrAddString(entry), module);
            }

            index++;
        }

        var code = new InstructionEncoder(new BlobBuilder());
        foreach (string literal in loads ?? [])
        {
            code.LoadString(md.GetOrAddUserString(literal));
            code.Call(load);
            code.OpCode(ILOpCode.Pop);
        }

        // NativeLibrary.Load("<dir>" + suffix): the name is computed at run time; the suffix literal is not it.
        foreach (string suffix in computedLoads ?? [])
        {
            code.LoadString(md.GetOrAddUserString("/opt/app/libgit2"));
            code.LoadString(md.GetOrAddUserString(suffix));
            code.Call(concat);
            code.Call(load);
            code.OpCode(ILOpCode.Pop);
        }

        foreach (string literal in tryLoads ?? [])
        {
            code.LoadString(md.GetOrAddUserString(literal));
            code.OpCode(ILOpCode.Ldnull);
            code.Call(tryLoad);
            code.OpCode(ILOpCode.Pop);
        }

        if (setDllImportResolver)
        {
            code.OpCode(ILOpCode.Ldnull);
            code.OpCode(ILOpCode.Ldnull);
            code.Call(setResolver);
        }

        if (resolvingUnmanagedDll)
        {
            code.OpCode(ILOpCode.Ldnull);
            code.OpCode(ILOpCode.Ldnull);
            code.OpCode(ILOpCode.Callvirt);
            code.Token(addResolving);
        }

        code.OpCode(ILOpCode.Ret);
        int body = bodies.AddMethodBody(code);
        md.AddMethodDefinition(MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, MethodImplAttributes.IL,
            md.GetOrAddString("Run"), voidSignature, body, MetadataTokens.ParameterHandle(1));
        md.AddTypeDefinition(TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, md.GetOrAddString(name), md.GetOrAddString("Native"), objectType,
            MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));

        var pe = new ManagedPEBuilder(PEHeaderBuilder.CreateLibraryHeader(), new MetadataRootBuilder(md), il);
        var output = new BlobBuilder();
        pe.Serialize(output);
        return output.ToArray();
    }
}
