using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CrossGuard.Core.Containers;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Cli.Commands;

/// <summary>
/// The container side of <c>crossguard check</c>: the image a project declares (ContainerBaseImage / ContainerFamily,
/// as the build reads them) and the Dockerfiles next to it, each checked as the build checks a container publish.
/// </summary>
internal static class ContainerImages
{
    /// <summary>The declared image for each container RID (empty when the project declares none).</summary>
    public static IReadOnlyDictionary<string, BaseImage> Declared(ProjectFacts facts, int dotnetMajor)
    {
        string? text = facts.ContainerBaseImage is { Length: > 0 } image ? image.Trim()
            : facts.ContainerFamily is { Length: > 0 } family ? BaseImages.DotNetImageOfFamily(dotnetMajor, family.Trim()) : null;
        var images = new Dictionary<string, BaseImage>(StringComparer.OrdinalIgnoreCase);
        if (text is { Length: > 0 })
        {
            BaseImage identified = BaseImages.Identify(text);
            foreach (string rid in facts.ContainerRids)
            {
                images[rid] = identified;
            }
        }

        return images;
    }

    /// <summary>
    /// Each Dockerfile next to the project whose final stage gets a <c>dotnet publish -r</c> output: its RIDs are
    /// checked against its final base image, as errors (the Dockerfile says where the app runs). Findings the main
    /// check already reported at the same level are not repeated; the others are added, prefixed with the Dockerfile.
    /// </summary>
    public static void CheckDockerfiles(CoverageReport report, ProjectFacts facts, CheckSettings settings, Func<CheckSettings, CoverageReport> check)
    {
        string directory = Path.GetDirectoryName(facts.ProjectPath) ?? ".";
        foreach (string path in Dockerfile.FindNextTo(directory))
        {
            DockerfileTarget? target = Dockerfile.Read(path);
            if (target is null || target.Rids.Count == 0)
            {
                continue;
            }

            BaseImage image = BaseImages.Identify(target.Image);
            var dockerSettings = new CheckSettings
            {
                Rids = target.Rids,
                AllowNative = settings.AllowNative,
                GlibcFloors = settings.GlibcFloors,
                MinMacOS = settings.MinMacOS,
                Suppressions = settings.Suppressions,
                ProjectName = settings.ProjectName,
                Images = target.Rids.ToDictionary(r => r, _ => image, StringComparer.OrdinalIgnoreCase),
                ErrorRids = target.Rids,
                ContainerSelfContained = target.SelfContained,
            };

            string where = $"{Path.GetFileName(path)} line {target.Line} (FROM {target.Image})";
            CoverageReport dockerReport;
            try
            {
                dockerReport = check(dockerSettings);
            }
            catch (CoverageInputException ex)
            {
                throw new CliException(ExitCodes.InputError, $"{ex.Diagnostic.Id}: {where}: {ex.Message}");
            }

            foreach (Finding finding in dockerReport.Findings)
            {
                bool known = report.Findings.Any(f => f.Code == finding.Code && f.Severity == finding.Severity && f.PackageId == finding.PackageId
                    && f.Rid == finding.Rid && f.Image == finding.Image);
                if (known || finding.Code == DiagnosticCatalogue.NoRidsDeclared.Id)
                {
                    continue;
                }

                report.Findings.Add(new Finding(finding.Diagnostic, finding.Severity, where + ": " + finding.Message)
                {
                    PackageId = finding.PackageId,
                    PackageVersion = finding.PackageVersion,
                    Image = finding.Image,
                    Rid = finding.Rid,
                    Rids = finding.Rids,
                    DependencyPath = finding.DependencyPath,
                    Files = finding.Files,
                    ReferencedIn = finding.ReferencedIn,
                    Reference = finding.Reference,
                    SuppressedBecause = finding.SuppressedBecause,
                });
            }
        }
    }
}
