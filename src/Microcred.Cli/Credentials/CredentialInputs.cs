using System.Text;
using System.Text.Json;

namespace Microcred.Cli.Credentials;

/// <summary>
/// Reads credentials to verify from a JSON file (one credential or an array), a JSON Lines file, a
/// directory of <c>*.json</c>/<c>*.jsonl</c> files, or stdin (<c>-</c>). Each credential comes back
/// as its own UTF-8 JSON text, so one malformed entry fails alone.
/// </summary>
internal static class CredentialInputs
{
    public static IEnumerable<(string Source, string Json)> Read(string path, TextReader stdin)
    {
        if (path == "-")
        {
            return Split(stdin.ReadToEnd(), "stdin", jsonLines: false);
        }
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path)
                .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .SelectMany(f => Split(CliInputs.ReadFile(f, "file"), f, f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)));
        }
        if (!File.Exists(path))
        {
            throw new UsageException($"'{path}' is neither a file nor a directory.");
        }
        return Split(CliInputs.ReadFile(path, "file"), path, path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase));
    }

    internal static IEnumerable<(string Source, string Json)> Split(string text, string source, bool jsonLines)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            yield break;
        }
        if (trimmed[0] == '[')
        {
            List<string>? items = null;
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
                items = document.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();
            }
            catch (JsonException)
            {
                items = null;
            }
            if (items is null)
            {
                yield return (source, text);
                yield break;
            }
            for (var i = 0; i < items.Count; i++)
            {
                yield return ($"{source}[{i}]", items[i]);
            }
            yield break;
        }
        if (jsonLines || LooksLikeJsonLines(text))
        {
            var line = 0;
            foreach (var entry in text.Split('\n'))
            {
                line++;
                if (!string.IsNullOrWhiteSpace(entry))
                {
                    yield return ($"{source}:{line}", entry.TrimEnd('\r'));
                }
            }
            yield break;
        }
        yield return (source, text);
    }

    private static bool LooksLikeJsonLines(string text)
    {
        // A pretty-printed object has its inner lines indented; JSON Lines start each line with "{".
        var lines = text.Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)).Take(3).ToList();
        return lines.Count > 1 && lines.All(l => l.TrimStart().StartsWith('{') && l.TrimEnd().EndsWith('}'));
    }

    public static int ByteCount(string json) => Encoding.UTF8.GetByteCount(json);
}
