using System;
using System.IO;
using System.Xml;

namespace CrossGuard.Cli.Feed;

/// <summary>
/// Checks XML that comes from a package (its .nuspec) before NuGet's own reader, which loads it whole into an
/// XDocument with no limit, sees it: at most <see cref="MaxDepth"/> levels of nesting and
/// <see cref="MaxCharacters"/> characters, no DTD (so no entity expansion), no external resolution. A hostile nuspec
/// (60 000 nested elements took NuGet's reader 29 s; a 200 000-deep one minutes) then fails in milliseconds.
/// </summary>
internal static class BoundedXml
{
    /// <summary>A real nuspec nests 5 levels (package/metadata/dependencies/group/dependency); 32 leaves room for any extension.</summary>
    public const int MaxDepth = 32;

    /// <summary>4 M characters: the largest real nuspecs (long release notes) are a few hundred KB.</summary>
    public const long MaxCharacters = 4_000_000;

    /// <summary>Null when the XML stays within the bounds and is well-formed, else why not.</summary>
    public static string? Check(Stream xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        try
        {
            using var reader = XmlReader.Create(xml, settings);
            while (reader.Read())
            {
                if (reader.Depth >= MaxDepth)
                {
                    return $"its XML nests deeper than {MaxDepth} levels";
                }
            }

            return null;
        }
        catch (XmlException ex) when (ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            return $"its XML is larger than {MaxCharacters} characters";
        }
        catch (XmlException ex)
        {
            return "it is not well-formed XML (" + ex.Message.TrimEnd('.') + ")";
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException)
        {
            return "it cannot be read (" + ex.Message.TrimEnd('.') + ")";
        }
    }
}
