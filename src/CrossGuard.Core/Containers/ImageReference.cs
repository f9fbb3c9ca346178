using System;
using System.Linq;

namespace CrossGuard.Core.Containers;

/// <summary>
/// A container image reference, <c>[registry[:port]/]repository[:tag][@digest]</c>, parsed as untrusted input (a
/// project property, a Dockerfile FROM line): bounded length, the character set of the OCI distribution spec,
/// nothing resolved over the network. A reference that still holds a build argument (<c>${VAR}</c>, <c>$VAR</c>)
/// parses with <see cref="HasVariable"/> set: its image is unknown, never guessed.
/// Docker's rule for the registry: the first path component is a registry when it contains '.' or ':' or is
/// "localhost"; otherwise the image is on Docker Hub, where a one-component name is an official image
/// ("alpine" = "library/alpine").
/// </summary>
public sealed class ImageReference
{
    /// <summary>Longest reference accepted (the OCI limit on a repository name is 255; tag 128; a digest ~100).</summary>
    public const int MaxLength = 512;

    private ImageReference(string text, string registry, string repository, string? tag, string? digest, bool hasVariable)
    {
        Text = text;
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
        HasVariable = hasVariable;
    }

    /// <summary>The reference as written (trimmed).</summary>
    public string Text { get; }

    /// <summary>Lower-case registry host (with its port), "docker.io" when none is given.</summary>
    public string Registry { get; }

    /// <summary>Lower-case repository path ("dotnet/runtime-deps", "library/alpine").</summary>
    public string Repository { get; }

    /// <summary>The tag, or null ("latest" is implied by a registry, but CrossGuard does not assume what it points at).</summary>
    public string? Tag { get; }

    /// <summary>The digest ("sha256:..."), or null.</summary>
    public string? Digest { get; }

    /// <summary>True when the reference still holds an unresolved build argument.</summary>
    public bool HasVariable { get; }

    /// <summary>Parses <paramref name="text"/>; false (with the reason) for anything that is not an image reference.</summary>
    public static bool TryParse(string? text, out ImageReference? reference, out string? error)
    {
        reference = null;
        error = null;
        string value = (text ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            error = "it is empty";
            return false;
        }

        if (value.Length > MaxLength)
        {
            error = $"it is longer than {MaxLength} characters";
            return false;
        }

        bool hasVariable = value.Contains('$', StringComparison.Ordinal);
        foreach (char c in value)
        {
            bool allowed = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '.' or '-' or '_' or '/' or ':' or '@' or '+' || (hasVariable && c is '$' or '{' or '}');
            if (!allowed)
            {
                error = $"it contains '{(char.IsControl(c) ? '?' : c)}', which no image reference has";
                return false;
            }
        }

        string rest = value;
        string? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest.Substring(at + 1);
            rest = rest.Substring(0, at);
            if (!hasVariable && !IsDigest(digest))
            {
                error = $"'{digest}' is not a digest such as sha256:<64 hex digits>";
                return false;
            }
        }

        string? tag = null;
        int slash = rest.LastIndexOf('/');
        int colon = rest.LastIndexOf(':');
        if (colon > slash)
        {
            tag = rest.Substring(colon + 1);
            rest = rest.Substring(0, colon);
            if (tag.Length == 0 || tag.Length > 128 || (!hasVariable && (tag[0] is '.' or '-' || tag.Any(ch => ch is '/' or ':' or '@' or '+'))))
            {
                error = $"'{tag}' is not a valid tag";
                return false;
            }
        }

        string[] parts = rest.Split('/');
        if (parts.Any(p => p.Length == 0))
        {
            error = "it has an empty path component";
            return false;
        }

        string registry = "docker.io";
        int first = 0;
        if (parts.Length > 1 && (parts[0].Contains('.', StringComparison.Ordinal) || parts[0].Contains(':', StringComparison.Ordinal)
            || string.Equals(parts[0], "localhost", StringComparison.OrdinalIgnoreCase) || parts[0].Contains('$', StringComparison.Ordinal)))
        {
            registry = parts[0].ToLowerInvariant();
            first = 1;
            if (!hasVariable && registry.Count(ch => ch == ':') > 1)
            {
                error = $"'{parts[0]}' is not a registry host[:port]";
                return false;
            }
        }

        string repository = string.Join("/", parts.Skip(first)).ToLowerInvariant();
        if (!hasVariable && (repository.Contains(':', StringComparison.Ordinal) || repository.Contains('@', StringComparison.Ordinal)))
        {
            error = $"'{repository}' is not a repository name";
            return false;
        }

        if (registry is "docker.io" or "index.docker.io" or "registry-1.docker.io")
        {
            registry = "docker.io";
            if (!repository.Contains('/', StringComparison.Ordinal))
            {
                repository = "library/" + repository;
            }
        }

        reference = new ImageReference(value, registry, repository, tag, digest, hasVariable);
        return true;
    }

    public override string ToString() => Text;

    private static bool IsDigest(string digest)
    {
        int colon = digest.IndexOf(':');
        return colon > 0 && colon < digest.Length - 1 && digest.Length <= 160
            && digest.Substring(0, colon).All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '.' or '_' or '-')
            && digest.Substring(colon + 1).All(c => c is (>= 'a' and <= 'f') or (>= 'A' and <= 'F') or (>= '0' and <= '9'));
    }
}
