using System;
using System.Collections.Generic;
using System.IO;

namespace CrossGuard.Core.Coverage;

/// <summary>
/// Finds the line of a package's PackageReference in the project file (or its PackageVersion in
/// Directory.Packages.props) so diagnostics show in place in IDEs and CI annotations: the build's warnings and the
/// CLI's SARIF locations come from here.
/// </summary>
public sealed class ReferenceLocator
{
    private readonly List<(string File, string[] Lines)> _files = new();

    /// <summary>Reads the project file and the nearest Directory.Packages.props above it (unreadable ones are skipped).</summary>
    public ReferenceLocator(string projectPath)
    {
        if (string.IsNullOrEmpty(projectPath))
        {
            return;
        }

        TryAdd(projectPath);
        for (string? dir = Path.GetDirectoryName(projectPath); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string props = Path.Combine(dir, "Directory.Packages.props");
            if (File.Exists(props))
            {
                TryAdd(props);
                break;
            }
        }
    }

    /// <summary>
    /// The file and 1-based line of the package's PackageReference (or PackageVersion); the project file and line 0
    /// when the package is not named there (a transitive package: pass its direct reference) or nothing was readable.
    /// </summary>
    public (string? File, int Line) Find(string? packageId)
    {
        if (packageId is null)
        {
            return (_files.Count > 0 ? _files[0].File : null, 0);
        }

        foreach ((string file, string[] lines) in _files)
        {
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("\"" + packageId + "\"", StringComparison.OrdinalIgnoreCase)
                    && (lines[i].Contains("Include=", StringComparison.Ordinal) || lines[i].Contains("Update=", StringComparison.Ordinal)))
                {
                    return (file, i + 1);
                }
            }
        }

        return (_files.Count > 0 ? _files[0].File : null, 0);
    }

    private void TryAdd(string path)
    {
        try
        {
            _files.Add((path, File.ReadAllLines(path)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without the file we log without a line; the message itself still names the package.
        }
    }
}
