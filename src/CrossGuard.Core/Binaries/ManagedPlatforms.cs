using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace CrossGuard.Core.Binaries;

/// <summary>What a managed assembly says about the platforms it works on (read with System.Reflection.Metadata; nothing is loaded).</summary>
public sealed class ManagedAssemblyInfo
{
    internal ManagedAssemblyInfo(bool readable, IReadOnlyList<string> supported, IReadOnlyList<string> unsupported, int publicMethods, int throwingMethods)
    {
        Readable = readable;
        SupportedOSPlatforms = supported;
        UnsupportedOSPlatforms = unsupported;
        PublicMethods = publicMethods;
        ThrowingMethods = throwingMethods;
    }

    /// <summary>False when the file is missing, not a PE file, or has no (readable) metadata.</summary>
    public bool Readable { get; }

    /// <summary>Assembly-level [SupportedOSPlatform] names ("windows", "linux"…, version removed).</summary>
    public IReadOnlyList<string> SupportedOSPlatforms { get; }

    /// <summary>Assembly-level [UnsupportedOSPlatform] names.</summary>
    public IReadOnlyList<string> UnsupportedOSPlatforms { get; }

    /// <summary>Public and protected methods of visible types with an IL body that does something (see BodyClassifier.IsTrivial).</summary>
    public int PublicMethods { get; }

    /// <summary>Of <see cref="PublicMethods"/>, the bodies that always throw PlatformNotSupportedException.</summary>
    public int ThrowingMethods { get; }

    /// <summary>
    /// A PlatformNotSupported stub: the assembly dotnet/runtime-style packages put in lib/ for the OSes they do not
    /// implement, every public member of which throws. At least 95% of the public bodies must always throw (a stub
    /// generated from a reference assembly keeps empty Dispose bodies and event accessors, which are not counted; 95% leaves
    /// room for a hand-written member or two).
    /// </summary>
    public bool IsPlatformNotSupportedStub => PublicMethods > 0 && ThrowingMethods * 20 >= PublicMethods * 19;

    /// <summary>"12 of 12 public methods always throw PlatformNotSupportedException" (the evidence for a message).</summary>
    public string StubEvidence => $"{ThrowingMethods} of {PublicMethods} public methods always throw PlatformNotSupportedException";
}

/// <summary>
/// The platforms a managed assembly declares at assembly level with [SupportedOSPlatform("...")] /
/// [UnsupportedOSPlatform("...")], and whether it is a PlatformNotSupported stub (its public methods only throw
/// PlatformNotSupportedException, directly, through a resource string, or through a throw helper), decoded from IL.
/// An assembly that declares its platforms is platform-specific on purpose, and the SDK's CA1416 analyzer reports every
/// unguarded use of it at compile time.
/// </summary>
public static class ManagedPlatforms
{
    private const int MaxHelperDepth = 4;

    /// <summary>Platform names ("windows", "linux", "macos"…, version suffix removed); empty when none or not readable.</summary>
    public static IReadOnlyList<string> SupportedOSPlatforms(string path) => Inspect(path).SupportedOSPlatforms;

    /// <summary>Reads the platform attributes and classifies every public method body; never throws for bad input.</summary>
    public static ManagedAssemblyInfo Inspect(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return Unreadable;
            }

            MetadataReader metadata = pe.GetMetadataReader();
            var supported = new List<string>();
            var unsupported = new List<string>();
            foreach (CustomAttributeHandle handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
            {
                CustomAttribute attribute = metadata.GetCustomAttribute(handle);
                List<string>? into = AttributeName(metadata, attribute) switch
                {
                    "SupportedOSPlatformAttribute" => supported,
                    "UnsupportedOSPlatformAttribute" => unsupported,
                    _ => null,
                };
                if (into is not null && PlatformArgument(metadata, attribute) is { } platform)
                {
                    into.Add(platform);
                }
            }

            (int methods, int throwing) = new BodyClassifier(pe, metadata).CountPublicMethods();
            return new ManagedAssemblyInfo(true, supported, unsupported, methods, throwing);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            return Unreadable;
        }
    }

    private static ManagedAssemblyInfo Unreadable => new(false, Array.Empty<string>(), Array.Empty<string>(), 0, 0);

    private static string? PlatformArgument(MetadataReader metadata, CustomAttribute attribute)
    {
        BlobReader value = metadata.GetBlobReader(attribute.Value);
        if (value.Length < 3 || value.ReadUInt16() != 1 || value.ReadSerializedString() is not { Length: > 0 } platform)
        {
            return null;
        }

        int end = 0;
        while (end < platform.Length && !char.IsAsciiDigit(platform[end]))
        {
            end++;
        }

        return platform.Substring(0, end).ToLowerInvariant();
    }

    /// <summary>The attribute's type name when it is in System.Runtime.Versioning, else null.</summary>
    private static string? AttributeName(MetadataReader metadata, CustomAttribute attribute)
    {
        StringHandle name;
        StringHandle ns;
        if (attribute.Constructor.Kind == HandleKind.MemberReference)
        {
            MemberReference ctor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference)
            {
                return null;
            }

            TypeReference type = metadata.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            (name, ns) = (type.Name, type.Namespace);
        }
        else if (attribute.Constructor.Kind == HandleKind.MethodDefinition)
        {
            TypeDefinition type = metadata.GetTypeDefinition(metadata.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType());
            (name, ns) = (type.Name, type.Namespace);
        }
        else
        {
            return null;
        }

        return metadata.StringComparer.Equals(ns, "System.Runtime.Versioning") ? metadata.GetString(name) : null;
    }

    /// <summary>Decodes method bodies: which of them always end in throwing PlatformNotSupportedException.</summary>
    private sealed class BodyClassifier
    {
        private readonly PEReader _pe;
        private readonly MetadataReader _metadata;
        private readonly Dictionary<MethodDefinitionHandle, BodyKind> _helpers = new();

        public BodyClassifier(PEReader pe, MetadataReader metadata)
        {
            _pe = pe;
            _metadata = metadata;
        }

        private enum BodyKind
        {
            /// <summary>Returns normally on some path (or could not be decoded).</summary>
            Other,

            /// <summary>Creates a PlatformNotSupportedException and returns it (SR-style exception factory).</summary>
            CreatesPnse,

            /// <summary>Every path throws, and it throws a PlatformNotSupportedException.</summary>
            ThrowsPnse,
        }

        public (int Methods, int Throwing) CountPublicMethods()
        {
            int methods = 0;
            int throwing = 0;
            foreach (TypeDefinitionHandle typeHandle in _metadata.TypeDefinitions)
            {
                TypeDefinition type = _metadata.GetTypeDefinition(typeHandle);
                if (!IsVisible(type))
                {
                    continue;
                }

                foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
                {
                    MethodDefinition method = _metadata.GetMethodDefinition(methodHandle);
                    MethodAttributes access = method.Attributes & MethodAttributes.MemberAccessMask;
                    if (access is not (MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem) || method.RelativeVirtualAddress == 0
                        || IsTrivial(method))
                    {
                        continue;
                    }

                    methods++;
                    if (Classify(methodHandle, 0) == BodyKind.ThrowsPnse)
                    {
                        throwing++;
                    }
                }
            }

            return (methods, throwing);
        }

        /// <summary>
        /// Bodies that say nothing either way, so they are not counted: empty ones (`ret`, `nop; ret`: the Dispose and
        /// event accessors a generated stub keeps), finalizers, and constructors that only call the base constructor
        /// (`ldarg.0; call .ctor; [nop;] ret`: the compiler's implicit default constructor).
        /// </summary>
        private bool IsTrivial(MethodDefinition method)
        {
            if (_metadata.StringComparer.Equals(method.Name, "Finalize"))
            {
                return true;
            }

            byte[] il = _pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes() ?? Array.Empty<byte>();
            bool ret = il.Length > 0 && il[il.Length - 1] == (byte)ILOpCode.Ret;
            bool onlyNops = ret && il.Take(il.Length - 1).All(b => b == (byte)ILOpCode.Nop);
            bool baseCtorOnly = ret && il.Length is 7 or 8 && il[0] == (byte)ILOpCode.Ldarg_0 && il[1] == (byte)ILOpCode.Call
                && (il.Length == 7 || il[6] == (byte)ILOpCode.Nop) && _metadata.StringComparer.Equals(method.Name, ".ctor");
            return onlyNops || baseCtorOnly;
        }

        private bool IsVisible(TypeDefinition type)
        {
            TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
            if (visibility == TypeAttributes.Public)
            {
                return true;
            }

            if (visibility is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem)
            {
                TypeDefinitionHandle declaring = type.GetDeclaringType();
                return !declaring.IsNil && IsVisible(_metadata.GetTypeDefinition(declaring));
            }

            return false;
        }

        private BodyKind Classify(MethodDefinitionHandle handle, int depth)
        {
            if (_helpers.TryGetValue(handle, out BodyKind known))
            {
                return known;
            }

            _helpers[handle] = BodyKind.Other; // recursion guard
            BodyKind kind = ClassifyBody(_metadata.GetMethodDefinition(handle), depth);
            _helpers[handle] = kind;
            return kind;
        }

        private BodyKind ClassifyBody(MethodDefinition method, int depth)
        {
            if (method.RelativeVirtualAddress == 0)
            {
                return BodyKind.Other;
            }

            BlobReader il = _pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
            bool returns = false;
            bool throws = false;
            bool createsPnse = false;
            bool branched = false;
            while (il.RemainingBytes > 0)
            {
                ILOpCode op = IlOpCodes.Read(ref il);
                switch (op)
                {
                    case ILOpCode.Ret:
                        returns = true;
                        break;
                    case ILOpCode.Jmp:
                        returns = true;
                        il.Offset += 4;
                        continue;
                    case ILOpCode.Throw:
                        throws = true;
                        break;
                    case ILOpCode.Newobj:
                        createsPnse |= IsPnseConstructor(MetadataTokens.EntityHandle(il.ReadInt32()));
                        continue;
                    case ILOpCode.Call:
                    case ILOpCode.Callvirt:
                        EntityHandle callee = MetadataTokens.EntityHandle(il.ReadInt32());
                        if (callee.Kind == HandleKind.MethodDefinition && depth < MaxHelperDepth)
                        {
                            BodyKind helper = Classify((MethodDefinitionHandle)callee, depth + 1);
                            if (helper == BodyKind.ThrowsPnse && !branched && !returns)
                            {
                                // A throw helper on the straight-line path: the method never gets past it.
                                return BodyKind.ThrowsPnse;
                            }

                            createsPnse |= helper == BodyKind.CreatesPnse;
                        }

                        continue;
                    case ILOpCode.Switch:
                        branched = true;
                        uint count = il.ReadUInt32();
                        il.Offset += checked((int)(count * 4));
                        continue;
                }

                if (op.IsBranch())
                {
                    branched = true;
                }

                il.Offset += IlOpCodes.OperandSize(op);
            }

            // No ret anywhere: every path throws (or never ends); a PNSE it creates is what it throws.
            return createsPnse && throws && !returns ? BodyKind.ThrowsPnse
                : createsPnse && returns && !throws ? BodyKind.CreatesPnse
                : BodyKind.Other;
        }

        private bool IsPnseConstructor(EntityHandle ctor)
        {
            EntityHandle parent;
            if (ctor.Kind == HandleKind.MemberReference)
            {
                parent = _metadata.GetMemberReference((MemberReferenceHandle)ctor).Parent;
            }
            else if (ctor.Kind == HandleKind.MethodDefinition)
            {
                parent = _metadata.GetMethodDefinition((MethodDefinitionHandle)ctor).GetDeclaringType();
            }
            else
            {
                return false;
            }

            (StringHandle name, StringHandle ns) = parent.Kind switch
            {
                HandleKind.TypeReference => (_metadata.GetTypeReference((TypeReferenceHandle)parent).Name, _metadata.GetTypeReference((TypeReferenceHandle)parent).Namespace),
                HandleKind.TypeDefinition => (_metadata.GetTypeDefinition((TypeDefinitionHandle)parent).Name, _metadata.GetTypeDefinition((TypeDefinitionHandle)parent).Namespace),
                _ => (default, default),
            };
            return !name.IsNil && _metadata.StringComparer.Equals(name, "PlatformNotSupportedException") && _metadata.StringComparer.Equals(ns, "System");
        }
    }
}
