using System;
using System.Collections.Generic;
using System.Linq;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Containers;

/// <summary>What CrossGuard knows about a base image: its OS, C library and version, and what it carries.</summary>
public sealed class BaseImage
{
    internal BaseImage(ImageReference? reference, string text)
    {
        Reference = reference;
        Text = text;
    }

    /// <summary>The reference as the project or Dockerfile wrote it.</summary>
    public string Text { get; }

    /// <summary>The parsed reference, or null when it does not parse.</summary>
    public ImageReference? Reference { get; }

    /// <summary>True when the image is in the table of <see cref="BaseImages"/>.</summary>
    public bool Known => Distribution is not null;

    /// <summary>"Ubuntu 24.04", "Alpine 3.22", "Alpine (release not in the tag)"; null when unknown.</summary>
    public string? Distribution { get; internal set; }

    public RidOs Os { get; internal set; } = RidOs.Unknown;

    /// <summary>The image's C library (Unknown when the image is unknown).</summary>
    public Libc Libc { get; internal set; } = Libc.Unknown;

    /// <summary>The C library's version (glibc 2.39, musl 1.2.5), or null when the tag does not fix it.</summary>
    public Version? LibcVersion { get; internal set; }

    /// <summary>Where the distribution and libc version come from (a package index, a Dockerfile, release notes).</summary>
    public string? Source { get; internal set; }

    /// <summary>The architecture an architecture-specific tag fixes (x64 for "-amd64", arm64 for "-arm64v8"), else null (a multi-arch manifest).</summary>
    public string? Architecture { get; internal set; }

    /// <summary>
    /// True for the .NET images (mcr.microsoft.com/dotnet/*): their Dockerfiles list every package they carry, so a
    /// library they lack is known to be missing. Other images (Docker library, UBI) are bases to install onto.
    /// </summary>
    public bool ContentsKnown { get; internal set; }

    /// <summary>
    /// True when the image carries a .NET runtime (mcr.microsoft.com/dotnet/runtime, aspnet, sdk; Red Hat's UBI
    /// dotnet-*-runtime images): a framework-dependent app runs there with the image's own `dotnet`, whatever RID it was
    /// published for. runtime-deps and plain distribution images run only self-contained apps.
    /// </summary>
    public bool HasDotNetRuntime { get; internal set; }

    /// <summary>True when the image carries ICU (full .NET images and the -extra variants; not chiseled, distroless, alpine).</summary>
    public bool HasIcu { get; internal set; }

    /// <summary>"chiseled", "distroless", "alpine", ...: the image family, for messages.</summary>
    public string? Family { get; internal set; }

    /// <summary>Why the image is unknown (for XG2009), or null.</summary>
    public string? UnknownReason { get; internal set; }

    /// <summary>
    /// True when the image is known to lack <paramref name="libraryStem"/> (a distribution library base name, see
    /// <see cref="SystemLibraries.DistributionPackageOf"/>): only for images whose contents are known. The .NET
    /// images carry ca-certificates, libc, libgcc, libssl and libstdc++, plus ICU and tzdata in the full and -extra
    /// images, nothing else (dotnet/dotnet-docker src/runtime-deps/*/Dockerfile).
    /// </summary>
    public bool Lacks(string libraryStem)
    {
        if (!ContentsKnown)
        {
            return false;
        }

        bool icu = libraryStem.StartsWith("icu", StringComparison.Ordinal);
        return !(icu && HasIcu);
    }

    /// <summary>"Ubuntu 24.04, glibc 2.39" / "Alpine 3.22, musl 1.2.5" / "an image CrossGuard does not know".</summary>
    public string Describe()
    {
        if (!Known)
        {
            return "an image CrossGuard does not know";
        }

        string libc = Libc switch
        {
            Libc.Glibc => LibcVersion is null ? "glibc" : "glibc " + LibcVersion,
            Libc.Musl => LibcVersion is null ? "musl" : "musl " + LibcVersion,
            _ => Os == RidOs.Windows ? "Windows" : "no C library known",
        };
        return Distribution + ", " + libc;
    }
}

/// <summary>
/// The table of known base images: the .NET images (mcr.microsoft.com/dotnet/runtime-deps, runtime, aspnet, sdk and
/// their nightly repositories), Azure Linux / CBL-Mariner bases, the Docker library's alpine, debian and ubuntu, and
/// Red Hat's UBI. Each distribution row names where its C library version comes from. A tag that does not fix the
/// release (alpine:latest, ubuntu:latest) gives the libc flavour without a version; anything else is unknown
/// (XG2009), never guessed.
/// </summary>
public static class BaseImages
{
    private sealed record Distro(string Name, Libc Libc, Version? Version, string Source);

    // Ubuntu: libc6 version of each series' release pocket (packages.ubuntu.com/<series>/libc6).
    private static readonly Distro s_bionic = new("Ubuntu 18.04", Libc.Glibc, new Version(2, 27), "packages.ubuntu.com/bionic/libc6: 2.27");
    private static readonly Distro s_focal = new("Ubuntu 20.04", Libc.Glibc, new Version(2, 31), "packages.ubuntu.com/focal/libc6: 2.31");
    private static readonly Distro s_jammy = new("Ubuntu 22.04", Libc.Glibc, new Version(2, 35), "packages.ubuntu.com/jammy/libc6: 2.35");
    private static readonly Distro s_noble = new("Ubuntu 24.04", Libc.Glibc, new Version(2, 39), "packages.ubuntu.com/noble/libc6: 2.39");

    // Debian: libc6 version of each stable release (packages.debian.org/<suite>/libc6).
    private static readonly Distro s_buster = new("Debian 10", Libc.Glibc, new Version(2, 28), "packages.debian.org/buster/libc6: 2.28");
    private static readonly Distro s_bullseye = new("Debian 11", Libc.Glibc, new Version(2, 31), "packages.debian.org/bullseye/libc6: 2.31");
    private static readonly Distro s_bookworm = new("Debian 12", Libc.Glibc, new Version(2, 36), "packages.debian.org/bookworm/libc6: 2.36");
    private static readonly Distro s_trixie = new("Debian 13", Libc.Glibc, new Version(2, 41), "packages.debian.org/trixie/libc6: 2.41");

    // Azure Linux / CBL-Mariner: the glibc spec of each release branch (microsoft/azurelinux SPECS/glibc/glibc.spec).
    private static readonly Distro s_azureLinux3 = new("Azure Linux 3.0", Libc.Glibc, new Version(2, 38), "microsoft/azurelinux 3.0 SPECS/glibc/glibc.spec: 2.38");
    private static readonly Distro s_mariner2 = new("CBL-Mariner 2.0", Libc.Glibc, new Version(2, 35), "microsoft/azurelinux 2.0 SPECS/glibc/glibc.spec: 2.35");

    // Red Hat Enterprise Linux (UBI images are built from it): glibc of each major (RHEL release notes / package lists).
    private static readonly Distro s_rhel8 = new("UBI 8 (RHEL 8)", Libc.Glibc, new Version(2, 28), "RHEL 8 ships glibc 2.28 (Red Hat package lists)");
    private static readonly Distro s_rhel9 = new("UBI 9 (RHEL 9)", Libc.Glibc, new Version(2, 34), "RHEL 9 ships glibc 2.34 (Red Hat package lists)");
    private static readonly Distro s_rhel10 = new("UBI 10 (RHEL 10)", Libc.Glibc, new Version(2, 39), "RHEL 10 ships glibc 2.39 (Red Hat package lists)");

    /// <summary>Alpine's musl per release branch (pkgs.alpinelinux.org, package musl, branch v3.NN).</summary>
    private static readonly Dictionary<string, Version> s_alpineMusl = new(StringComparer.Ordinal)
    {
        ["3.17"] = new Version(1, 2, 3),
        ["3.18"] = new Version(1, 2, 4),
        ["3.19"] = new Version(1, 2, 4),
        ["3.20"] = new Version(1, 2, 5),
        ["3.21"] = new Version(1, 2, 5),
        ["3.22"] = new Version(1, 2, 5),
    };

    private static readonly (string Token, Distro Distro)[] s_codenames =
    {
        ("bionic", s_bionic), ("focal", s_focal), ("jammy", s_jammy), ("noble", s_noble),
        ("buster", s_buster), ("bullseye", s_bullseye), ("bookworm", s_bookworm), ("trixie", s_trixie),
        ("azurelinux3.0", s_azureLinux3), ("mariner2.0", s_mariner2),
    };

    private static readonly Dictionary<string, Distro> s_ubuntuVersions = new(StringComparer.Ordinal)
    {
        ["18.04"] = s_bionic, ["20.04"] = s_focal, ["22.04"] = s_jammy, ["24.04"] = s_noble,
    };

    private static readonly Dictionary<string, Distro> s_debianVersions = new(StringComparer.Ordinal)
    {
        ["10"] = s_buster, ["11"] = s_bullseye, ["12"] = s_bookworm, ["13"] = s_trixie,
    };

    private static readonly string[] s_dotnetRepositories = { "runtime-deps", "runtime", "aspnet", "sdk" };

    /// <summary>
    /// The .NET image a ContainerFamily names when ContainerBaseImage is not set: the SDK's ComputeDotnetBaseImageAndTag
    /// appends the family to the .NET version's tag (runtime, aspnet or runtime-deps: the same OS and libc).
    /// </summary>
    public static string DotNetImageOfFamily(int dotnetMajor, string family) =>
        "mcr.microsoft.com/dotnet/runtime-deps:" + dotnetMajor.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".0-" + family;

    /// <summary>What the table says about <paramref name="text"/>; an unknown image comes back with <see cref="BaseImage.UnknownReason"/>.</summary>
    public static BaseImage Identify(string text)
    {
        if (!ImageReference.TryParse(text, out ImageReference? reference, out string? error))
        {
            return new BaseImage(null, (text ?? string.Empty).Trim()) { UnknownReason = "it is not an image reference (" + error + ")" };
        }

        var image = new BaseImage(reference, reference!.Text);
        if (reference.HasVariable)
        {
            image.UnknownReason = "it holds a build argument with no default value";
            return image;
        }

        string repository = reference.Repository;
        string tag = (reference.Tag ?? string.Empty).ToLowerInvariant();
        if (reference.Registry == "mcr.microsoft.com")
        {
            string path = repository.StartsWith("dotnet/nightly/", StringComparison.Ordinal) ? string.Concat("dotnet/", repository.AsSpan("dotnet/nightly/".Length)) : repository;
            if (path.StartsWith("dotnet/", StringComparison.Ordinal) && s_dotnetRepositories.Contains(path.Substring("dotnet/".Length)))
            {
                DotNetImage(image, tag);
                image.HasDotNetRuntime = path != "dotnet/runtime-deps";
            }
            else if (path is "azurelinux/base/core" or "azurelinux/distroless/base" or "azurelinux/distroless/minimal")
            {
                Set(image, tag.StartsWith("3.0", StringComparison.Ordinal) ? s_azureLinux3 : null, path.Contains("distroless", StringComparison.Ordinal) ? "distroless" : null);
            }
            else if (path is "cbl-mariner/base/core" or "cbl-mariner/distroless/base" or "cbl-mariner/distroless/minimal")
            {
                Set(image, tag.StartsWith("2.0", StringComparison.Ordinal) ? s_mariner2 : null, path.Contains("distroless", StringComparison.Ordinal) ? "distroless" : null);
            }
        }
        else if (reference.Registry == "docker.io")
        {
            string name = repository.StartsWith("library/", StringComparison.Ordinal) ? repository.Substring("library/".Length) : repository;
            // Architecture namespaces of the official images (amd64/alpine, arm64v8/ubuntu, arm32v7/debian).
            string? arch = null;
            int slash = name.IndexOf('/');
            if (slash > 0 && ArchitectureOf(name.Substring(0, slash)) is { } namespaced)
            {
                arch = namespaced;
                name = name.Substring(slash + 1);
            }

            switch (name)
            {
                case "alpine":
                    Alpine(image, tag.Length == 0 || tag == "latest" ? null : tag);
                    break;
                case "ubuntu":
                    Set(image, tag.Length == 0 || tag is "latest" or "rolling" or "devel" ? Floating("Ubuntu") : Codename(tag) ?? Prefixed(s_ubuntuVersions, tag), null);
                    break;
                case "debian":
                    Set(image, tag.Length == 0 || tag is "latest" or "stable" or "stable-slim" or "testing" or "sid" ? Floating("Debian") : Codename(tag) ?? Prefixed(s_debianVersions, tag), null);
                    break;
            }

            image.Architecture ??= image.Known ? arch : null;
        }
        else if (reference.Registry is "registry.access.redhat.com" or "registry.redhat.io")
        {
            string first = repository.Split('/')[0];
            Set(image, first switch { "ubi8" => s_rhel8, "ubi9" => s_rhel9, "ubi10" => s_rhel10, _ => null }, null);
            image.HasDotNetRuntime = image.Known && repository.Contains("/dotnet-", StringComparison.Ordinal) && repository.Contains("runtime", StringComparison.Ordinal);
        }

        if (!image.Known)
        {
            image.UnknownReason = "it is not in CrossGuard's table of base images (the .NET images, Azure Linux, the Docker library's alpine, debian and ubuntu, Red Hat UBI)";
        }

        return image;
    }

    /// <summary>
    /// A .NET image tag: <c>&lt;version&gt;[-&lt;distro&gt;][-chiseled|-distroless][-extra|-aot|-composite][-&lt;arch&gt;]</c>.
    /// Without a distro the tag means the default of its .NET version: Debian 12 for .NET 8 and 9, Ubuntu 24.04 from
    /// .NET 10 (learn.microsoft.com/dotnet/core/compatibility/containers/10.0/default-images-use-ubuntu).
    /// </summary>
    private static void DotNetImage(BaseImage image, string tag)
    {
        image.ContentsKnown = true;
        var tokens = tag.Split('-').Where(t => t.Length > 0).ToList();
        int? major = null;
        if (tokens.Count > 0 && tokens[0].Length > 0 && char.IsDigit(tokens[0][0]))
        {
            string[] numbers = tokens[0].Split('.');
            major = int.TryParse(numbers[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int m) ? m : null;
            tokens.RemoveAt(0);
        }

        // Pre-release markers of nightly tags (10.0-preview, 11.0-rc.1) are not part of the distro.
        tokens.RemoveAll(t => t.StartsWith("preview", StringComparison.Ordinal) || t.StartsWith("rc", StringComparison.Ordinal));
        if (tokens.Count > 0 && ArchitectureOf(tokens[tokens.Count - 1]) is { } arch)
        {
            image.Architecture = arch;
            tokens.RemoveAt(tokens.Count - 1);
        }

        bool chiseled = tokens.Contains("chiseled");
        bool distroless = tokens.Contains("distroless");
        bool extra = tokens.Contains("extra");
        string rest = string.Join("-", tokens);
        if (rest.StartsWith("nanoserver", StringComparison.Ordinal) || rest.StartsWith("windowsservercore", StringComparison.Ordinal))
        {
            image.Distribution = rest.StartsWith("nanoserver", StringComparison.Ordinal) ? "Nano Server" : "Windows Server Core";
            image.Os = RidOs.Windows;
            image.Libc = Libc.None;
            image.Source = "dotnet/dotnet-docker Windows tags";
            image.Family = "windows";
            return;
        }

        if (rest.StartsWith("alpine", StringComparison.Ordinal))
        {
            string release = tokens[0].Substring("alpine".Length);
            Alpine(image, release.Length == 0 ? null : release);
            image.ContentsKnown = true;
            image.HasIcu = extra;
            image.Family = extra ? "alpine-extra" : "alpine";
            return;
        }

        Distro? distro = tokens.Count == 0
            ? major switch { 8 or 9 => s_bookworm, >= 10 => s_noble, _ => null }
            : Codename(tokens[0] == "cbl" && tokens.Count > 1 ? tokens[1] : tokens[0]);
        if (distro is null && tokens.Count == 0 && major is null)
        {
            // "latest": the newest .NET's default distro, which moves with each release: glibc, version not fixed.
            distro = Floating(".NET default (latest)");
        }

        Set(image, distro, chiseled ? "chiseled" : distroless ? "distroless" : null);
        image.ContentsKnown = image.Known;
        // The full images install ICU; chiseled and distroless ones only in their -extra variant (and set
        // DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true otherwise): dotnet/dotnet-docker src/runtime-deps/10.0/*/Dockerfile.
        image.HasIcu = !(chiseled || distroless) || extra;
        if (image.Family is not null && extra)
        {
            image.Family += "-extra";
        }
    }

    private static void Alpine(BaseImage image, string? release)
    {
        string? branch = release is null ? null : string.Join(".", release.Split('.').Take(2));
        if (release is not null && (branch is null || !branch.StartsWith("3.", StringComparison.Ordinal)))
        {
            return;
        }

        image.Distribution = branch is null ? "Alpine (release not fixed by the tag)" : "Alpine " + branch;
        image.Os = RidOs.Linux;
        image.Libc = Libc.Musl;
        image.LibcVersion = branch is not null && s_alpineMusl.TryGetValue(branch, out Version? musl) ? musl : null;
        image.Source = image.LibcVersion is null ? "Alpine is musl-based (alpinelinux.org)" : $"pkgs.alpinelinux.org, branch v{branch}, package musl: {image.LibcVersion}";
        image.Family ??= "alpine";
    }

    private static Distro Floating(string name) => new(name + " (release not fixed by the tag)", Libc.Glibc, null, "glibc-based; the tag moves between releases, so no version is assumed");

    private static void Set(BaseImage image, Distro? distro, string? family)
    {
        if (distro is null)
        {
            return;
        }

        image.Distribution = distro.Name;
        image.Os = RidOs.Linux;
        image.Libc = distro.Libc;
        image.LibcVersion = distro.Version;
        image.Source = distro.Source;
        image.Family = family;
    }

    /// <summary>"jammy", "bookworm-slim", "noble-20240801", "jammy-chiseled": the distro of the first codename token.</summary>
    private static Distro? Codename(string tag)
    {
        string first = tag.Split('-')[0];
        return s_codenames.FirstOrDefault(c => c.Token == first).Distro;
    }

    /// <summary>"22.04", "12", "12.5", "12-slim", "12.5-slim": the release a version tag names.</summary>
    private static Distro? Prefixed(Dictionary<string, Distro> versions, string tag)
    {
        string version = tag.Split('-')[0];
        foreach (KeyValuePair<string, Distro> entry in versions)
        {
            if (version == entry.Key || version.StartsWith(entry.Key + ".", StringComparison.Ordinal))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>Docker's architecture names (tag suffixes and namespaces) as .NET architectures.</summary>
    private static string? ArchitectureOf(string token) => token switch
    {
        "amd64" => "x64",
        "arm64v8" or "arm64" => "arm64",
        "arm32v7" or "arm32v6" => "arm",
        "i386" => "x86",
        "s390x" => "s390x",
        "ppc64le" => "ppc64le",
        "riscv64" => "riscv64",
        _ => null,
    };
}
