using System;
using System.Text;

namespace CrossGuard.Tasks;

/// <summary>One tab-separated line per record in CrossGuard's obj files (crossguard.cache, crossguard.replay): \, tab,
/// newline and carriage return escaped; null written as a lone NUL.</summary>
internal static class LineEscaping
{
    public static string Escape(string? value) => value is null ? "\u0000" : value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\t", "\\t", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    public static string? Unescape(string value)
    {
        if (value == "\u0000")
        {
            return null;
        }

        if (value.IndexOf('\\', StringComparison.Ordinal) < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => value[i] });
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }
}
