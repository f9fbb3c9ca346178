using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CrossGuard.Core.Binaries;

/// <summary>
/// The operating systems a managed assembly declares at assembly level with [SupportedOSPlatform("...")] (read with
/// System.Reflection.Metadata; nothing is loaded). Such an assembly is platform-specific on purpose, and the SDK's
/// CA1416 analyzer reports every unguarded use of it at compile time.
/// </summary>
public static class ManagedPlatforms
{
    /// <summary>Platform names ("windows", "linux", "macos"…, version suffix removed); empty when none or not readable.</summary>
    public static IReadOnlyList<string> SupportedOSPlatforms(string path)
    {
        var platforms = new List<string>();
        try
        {
            using FileStream stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return platforms;
            }

            MetadataReader metadata = pe.GetMetadataReader();
            foreach (CustomAttributeHandle handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
            {
                CustomAttribute attribute = metadata.GetCustomAttribute(handle);
                if (!IsSupportedOSPlatform(metadata, attribute))
                {
                    continue;
                }

                BlobReader value = metadata.GetBlobReader(attribute.Value);
                if (value.Length >= 3 && value.ReadUInt16() == 1 && value.ReadSerializedString() is { Length: > 0 } platform)
                {
                    int end = 0;
                    while (end < platform.Length && !char.IsAsciiDigit(platform[end]))
                    {
                        end++;
                    }

                    platforms.Add(platform.Substring(0, end).ToLowerInvariant());
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            platforms.Clear();
        }

        return platforms;
    }

    private static bool IsSupportedOSPlatform(MetadataReader metadata, CustomAttribute attribute)
    {
        StringHandle name;
        StringHandle ns;
        if (attribute.Constructor.Kind == HandleKind.MemberReference)
        {
            MemberReference ctor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference)
            {
                return false;
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
            return false;
        }

        return metadata.StringComparer.Equals(name, "SupportedOSPlatformAttribute") && metadata.StringComparer.Equals(ns, "System.Runtime.Versioning");
    }
}
