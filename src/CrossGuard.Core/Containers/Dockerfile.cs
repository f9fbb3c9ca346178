using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Containers;

/// <summary>What a Dockerfile says about where an app runs: the final stage's base image and the RIDs published into it.</summary>
public sealed class DockerfileTarget
{
    public DockerfileTarget(string path, int line, string image, IReadOnlyList<string> rids, bool selfContained)
    {
        Path = path;
        Line = line;
        Image = image;
        Rids = rids;
        SelfContained = selfContained;
    }

    /// <summary>True when every <c>dotnet publish</c> that gives a RID is self-contained (--self-contained, --sc, -p:SelfContained=true, -p:PublishSelfContained=true, -p:PublishAot=true).</summary>
    public bool SelfContained { get; }

    /// <summary>The Dockerfile.</summary>
    public string Path { get; }

    /// <summary>1-based line of the final stage's FROM.</summary>
    public int Line { get; }

    /// <summary>The final stage's base image, build arguments substituted with their defaults (an argument without one stays as written).</summary>
    public string Image { get; }

    /// <summary>RIDs of the <c>dotnet publish</c> lines in the final stage and the stages it copies from (empty: none gives a RID).</summary>
    public IReadOnlyList<string> Rids { get; }
}

/// <summary>
/// Reads Dockerfiles as untrusted text (bounded size and line count, nothing executed): FROM lines per stage (with
/// <c>--platform</c> flags, <c>AS name</c>, stages built on earlier stages), ARG defaults substituted into image
/// references (<c>${VAR}</c>, <c>$VAR</c>, <c>${VAR:-default}</c>), line continuations, and the
/// <c>dotnet publish</c> commands of RUN lines with <c>-r</c> / <c>--runtime</c> / <c>--os</c> / <c>--arch</c> /
/// <c>-a</c> / <c>-p:RuntimeIdentifier=</c>. The final stage is what runs; the RIDs are those published in it or in
/// the stages it copies from (<c>COPY --from=</c>).
/// </summary>
public static class Dockerfile
{
    /// <summary>Largest Dockerfile read (1 MiB); a larger file is not a Dockerfile a person wrote.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>At most this many Dockerfiles next to one project are read.</summary>
    public const int MaxFiles = 16;

    private sealed class Stage
    {
        public Stage(string? name, string image, int line)
        {
            Name = name;
            Image = image;
            Line = line;
        }

        public string? Name { get; }

        public string Image { get; set; }

        public int Line { get; }

        public List<string> Rids { get; } = new();

        /// <summary>For each entry of <see cref="Rids"/>: whether that publish is self-contained.</summary>
        public List<bool> SelfContained { get; } = new();

        public List<string> CopiesFrom { get; } = new();

        public Dictionary<string, string?> Args { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Dockerfiles in <paramref name="directory"/>: Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile (regular files only).</summary>
    public static IReadOnlyList<string> FindNextTo(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return Array.Empty<string>();
        }

        return Directory.EnumerateFiles(directory)
            .Where(f =>
            {
                string name = System.IO.Path.GetFileName(f);
                return name.Equals("Dockerfile", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Dockerfile.", StringComparison.OrdinalIgnoreCase)
                    || name.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase) || name.Equals("Containerfile", StringComparison.OrdinalIgnoreCase);
            })
            .Where(f => (File.GetAttributes(f) & (FileAttributes.ReparsePoint | FileAttributes.Directory)) == 0)
            .OrderBy(f => f, StringComparer.Ordinal).Take(MaxFiles).ToList();
    }

    /// <summary>Reads one Dockerfile; null when it cannot be read (missing, not a regular file, too large) or has no FROM.</summary>
    public static DockerfileTarget? Read(string path)
    {
        byte[]? bytes = IO.BoundedFile.TryRead(path, MaxBytes);
        return bytes is null ? null : Parse(path, IO.BoundedFile.SplitLines(bytes));
    }

    /// <summary>Parses Dockerfile lines (see the type's summary); null without a FROM.</summary>
    public static DockerfileTarget? Parse(string path, IReadOnlyList<string> lines)
    {
        var globalArgs = new Dictionary<string, string?>(StringComparer.Ordinal);
        var stages = new List<Stage>();
        foreach ((int line, string instruction) in Instructions(lines))
        {
            int space = instruction.AsSpan().IndexOfAny(' ', '\t');
            string keyword = (space < 0 ? instruction : instruction.Substring(0, space)).ToUpperInvariant();
            string rest = space < 0 ? string.Empty : instruction.Substring(space + 1).Trim();
            Stage? current = stages.Count > 0 ? stages[stages.Count - 1] : null;
            switch (keyword)
            {
                case "ARG":
                    foreach (string arg in Words(rest))
                    {
                        int eq = arg.IndexOf('=');
                        string name = eq < 0 ? arg : arg.Substring(0, eq);
                        string? value = eq < 0 ? null : Unquote(arg.Substring(eq + 1));
                        if (current is null)
                        {
                            globalArgs[name] = value;
                        }
                        else
                        {
                            // An ARG in a stage without a value re-declares the global one (its default applies there).
                            current.Args[name] = value ?? (globalArgs.TryGetValue(name, out string? global) ? global : null);
                        }
                    }

                    break;
                case "FROM":
                    List<string> words = Words(rest).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
                    if (words.Count == 0)
                    {
                        break;
                    }

                    string image = Substitute(words[0], globalArgs);
                    string? stageName = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                    Stage? parent = stages.LastOrDefault(s => s.Name is not null && s.Name.Equals(image, StringComparison.OrdinalIgnoreCase));
                    var stage = new Stage(stageName, parent?.Image ?? image, line);
                    if (parent is not null)
                    {
                        stage.Rids.AddRange(parent.Rids);
                        stage.SelfContained.AddRange(parent.SelfContained);
                        stage.CopiesFrom.AddRange(parent.CopiesFrom);
                    }

                    stages.Add(stage);
                    break;
                case "COPY":
                    if (current is not null)
                    {
                        foreach (string word in Words(rest).Where(w => w.StartsWith("--from=", StringComparison.OrdinalIgnoreCase)))
                        {
                            current.CopiesFrom.Add(word.Substring("--from=".Length));
                        }
                    }

                    break;
                case "RUN":
                    if (current is not null)
                    {
                        var args = new Dictionary<string, string?>(globalArgs, StringComparer.Ordinal);
                        foreach (KeyValuePair<string, string?> a in current.Args)
                        {
                            args[a.Key] = a.Value;
                        }

                        foreach ((string rid, bool contained) in PublishRids(rest, args, BaseImages.Identify(current.Image)))
                        {
                            current.Rids.Add(rid);
                            current.SelfContained.Add(contained);
                        }
                    }

                    break;
            }
        }

        if (stages.Count == 0)
        {
            return null;
        }

        Stage final = stages[stages.Count - 1];
        var rids = new List<string>(final.Rids);
        var selfContained = new List<bool>(final.SelfContained);
        var seen = new HashSet<Stage> { final };
        var queue = new Queue<string>(final.CopiesFrom);
        while (queue.Count > 0)
        {
            string from = queue.Dequeue();
            Stage? source = int.TryParse(from, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index) && index < stages.Count
                ? stages[index]
                : stages.LastOrDefault(s => s.Name is not null && s.Name.Equals(from, StringComparison.OrdinalIgnoreCase));
            if (source is not null && seen.Add(source))
            {
                rids.AddRange(source.Rids);
                selfContained.AddRange(source.SelfContained);
                foreach (string next in source.CopiesFrom)
                {
                    queue.Enqueue(next);
                }
            }
        }

        return new DockerfileTarget(path, final.Line, final.Image, rids.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), selfContained.Count > 0 && selfContained.All(c => c));
    }

    /// <summary>RIDs of the <c>dotnet publish</c> commands in a RUN line (shell-split on &amp;&amp;, ;, |).</summary>
    private static IEnumerable<(string Rid, bool SelfContained)> PublishRids(string run, Dictionary<string, string?> args, BaseImage buildImage)
    {
        foreach (string command in run.Split(new[] { "&&", "||", ";", "|" }, StringSplitOptions.RemoveEmptyEntries))
        {
            List<string> words = Words(command).Select(w => Substitute(w, args)).ToList();
            int dotnet = words.FindIndex(w => w == "dotnet" || w.EndsWith("/dotnet", StringComparison.Ordinal));
            if (dotnet < 0 || dotnet + 1 >= words.Count || words[dotnet + 1] != "publish")
            {
                continue;
            }

            string? rid = null;
            string? os = null;
            string? arch = null;
            bool selfContained = false;
            for (int i = dotnet + 2; i < words.Count; i++)
            {
                string word = words[i];
                string? next = i + 1 < words.Count ? words[i + 1] : null;
                string? Value(string option) =>
                    word == option ? next : word.StartsWith(option + "=", StringComparison.Ordinal) ? word.Substring(option.Length + 1) : null;

                if ((Value("-r") ?? Value("--runtime")) is { } r)
                {
                    rid = r;
                }
                else if (Value("--os") is { } o)
                {
                    os = o;
                }
                else if ((Value("-a") ?? Value("--arch")) is { } a)
                {
                    arch = a;
                }
                else if (word is "--self-contained" or "--sc")
                {
                    selfContained = next is not ("false" or "False");
                }
                else if (word.StartsWith("--self-contained=", StringComparison.Ordinal))
                {
                    selfContained = !word.EndsWith("=false", StringComparison.OrdinalIgnoreCase);
                }
                else if (IsTrueProperty(word, "SelfContained") || IsTrueProperty(word, "PublishSelfContained") || IsTrueProperty(word, "PublishAot"))
                {
                    selfContained = true;
                }
                else if (word.StartsWith("-p:RuntimeIdentifier=", StringComparison.OrdinalIgnoreCase) || word.StartsWith("/p:RuntimeIdentifier=", StringComparison.OrdinalIgnoreCase)
                    || word.StartsWith("--property:RuntimeIdentifier=", StringComparison.OrdinalIgnoreCase))
                {
                    rid = word.Substring(word.IndexOf('=') + 1);
                }
            }

            if (rid is null && (os is not null || arch is not null))
            {
                // The SDK fills the missing half from the machine it runs on: the build stage's image.
                string hostOs = buildImage.Libc == Libc.Musl ? "linux-musl" : "linux";
                string hostArch = buildImage.Architecture ?? "x64";
                rid = (os ?? hostOs) + "-" + (arch ?? hostArch);
                if (arch is null && buildImage.Architecture is null)
                {
                    // Without --arch the RID depends on the machine that builds the image: not known here.
                    rid = null;
                }
            }

            if (rid is not null && !rid.Contains('$', StringComparison.Ordinal) && rid.Length <= 64
                && rid.All(c => c is '-' or '.' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')))
            {
                yield return (rid, selfContained);
            }
        }
    }

    /// <summary>-p:Name=true, /p:Name=true, --property:Name=true.</summary>
    private static bool IsTrueProperty(string word, string name) =>
        new[] { "-p:", "/p:", "--property:" }.Any(prefix => word.Equals(prefix + name + "=true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Logical instructions: comments and blank lines dropped, backslash continuations joined; with the 1-based line where each starts.</summary>
    private static IEnumerable<(int Line, string Text)> Instructions(IReadOnlyList<string> lines)
    {
        var text = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].TrimEnd('\r');
            string trimmed = line.Trim();
            if (trimmed.StartsWith('#') || (trimmed.Length == 0 && text.Length == 0))
            {
                continue;
            }

            if (text.Length == 0)
            {
                start = i + 1;
            }

            bool continues = trimmed.EndsWith('\\');
            text.Append(continues ? trimmed.Substring(0, trimmed.Length - 1) : trimmed).Append(' ');
            if (!continues)
            {
                yield return (start, text.ToString().Trim());
                text.Clear();
            }
        }

        if (text.Length > 0)
        {
            yield return (start, text.ToString().Trim());
        }
    }

    /// <summary>Whitespace-separated words, quotes removed.</summary>
    private static List<string> Words(string text) =>
        text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).Select(Unquote).ToList();

    private static string Unquote(string word) =>
        word.Length >= 2 && ((word[0] == '"' && word[word.Length - 1] == '"') || (word[0] == '\'' && word[word.Length - 1] == '\'')) ? word.Substring(1, word.Length - 2) : word;

    /// <summary>Replaces $VAR, ${VAR}, ${VAR:-default} by the argument's value; an argument without a value stays as written.</summary>
    private static string Substitute(string word, Dictionary<string, string?> args)
    {
        if (!word.Contains('$', StringComparison.Ordinal))
        {
            return word;
        }

        var result = new StringBuilder();
        for (int i = 0; i < word.Length; i++)
        {
            if (word[i] != '$' || i + 1 >= word.Length)
            {
                result.Append(word[i]);
                continue;
            }

            string name;
            string? fallback = null;
            int end;
            if (word[i + 1] == '{')
            {
                end = word.IndexOf('}', i + 2);
                if (end < 0)
                {
                    result.Append(word, i, word.Length - i);
                    break;
                }

                string inner = word.Substring(i + 2, end - i - 2);
                int dash = inner.IndexOf(":-", StringComparison.Ordinal);
                name = dash < 0 ? inner : inner.Substring(0, dash);
                fallback = dash < 0 ? null : inner.Substring(dash + 2);
            }
            else
            {
                end = i + 1;
                while (end < word.Length && (char.IsLetterOrDigit(word[end]) || word[end] == '_'))
                {
                    end++;
                }

                name = word.Substring(i + 1, end - i - 1);
                end--;
            }

            string? value = args.TryGetValue(name, out string? v) && v is { Length: > 0 } ? v : fallback;
            result.Append(value ?? word.Substring(i, end - i + 1));
            i = end;
        }

        return result.ToString();
    }
}
