using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Microcred.Clinical.Labs.Submissions;

/// <summary>Reads a JSON submission after a streaming pre-check that enforces the limits (depth, duplicate
/// keys, string length, array size, finite numbers within range), so the document handed to a grader is
/// small, shallow and unambiguous.</summary>
internal static class JsonSubmission
{
    public static SubmissionRead<JsonDocument> Read(LabSubmission submission, string expected)
    {
        var decoded = SubmissionText.Decode(submission);
        if (decoded.Value is null)
        {
            return new SubmissionRead<JsonDocument>(null, decoded.Issues);
        }

        if (decoded.Value.Shape != SubmissionShape.Json)
        {
            return SubmissionRead<JsonDocument>.Failed(
                $"The submission looks like {SubmissionText.DescribeShape(decoded.Value.Shape)}, but this lab expects {expected}.");
        }

        return Parse(decoded.Value.Utf8);
    }

    public static SubmissionRead<JsonDocument> Parse(ReadOnlyMemory<byte> utf8)
    {
        var problem = PreCheck(utf8.Span);
        if (problem is not null)
        {
            return SubmissionRead<JsonDocument>.Failed(problem);
        }

        try
        {
            var document = JsonDocument.Parse(utf8, new JsonDocumentOptions
            {
                MaxDepth = SubmissionLimits.MaxJsonDepth + 1,
                CommentHandling = JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,
            });
            return new SubmissionRead<JsonDocument>(document, []);
        }
        catch (JsonException exception)
        {
            return SubmissionRead<JsonDocument>.Failed(Describe(exception));
        }
    }

    /// <summary>Walks the tokens once; returns the first problem, or null.</summary>
    internal static string? PreCheck(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            MaxDepth = SubmissionLimits.MaxJsonDepth + 2,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });
        var path = new JsonPathTracker();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        path.BeforeValue();
                        if (reader.CurrentDepth >= SubmissionLimits.MaxJsonDepth)
                        {
                            return $"The JSON is nested more than {SubmissionLimits.MaxJsonDepth} levels deep (at {path.Current}).";
                        }

                        path.Enter(reader.TokenType == JsonTokenType.StartArray);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.Leave();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (!path.Property(name))
                        {
                            return $"The key {Excerpt.Quote(name)} appears twice in the same object (at {path.Parent}). " +
                                "Duplicate keys are ambiguous; keep one.";
                        }

                        break;
                    case JsonTokenType.String:
                        path.BeforeValue();
                        if (reader.ValueSpan.Length > SubmissionLimits.MaxJsonStringChars * 3 ||
                            (reader.ValueSpan.Length > SubmissionLimits.MaxJsonStringChars && reader.GetString()!.Length > SubmissionLimits.MaxJsonStringChars))
                        {
                            return $"The string at {path.Current} is longer than {SubmissionLimits.MaxJsonStringChars:N0} characters.";
                        }

                        break;
                    case JsonTokenType.Number:
                        path.BeforeValue();
                        var raw = Encoding.UTF8.GetString(reader.ValueSpan);
                        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                        {
                            return $"The number {Excerpt.Quote(raw)} at {path.Current} is too large to be a number.";
                        }

                        if (Math.Abs(number) > SubmissionLimits.MaxAbsoluteNumber)
                        {
                            return $"The number {Excerpt.Quote(raw)} at {path.Current} is outside the accepted range " +
                                $"(±{SubmissionLimits.MaxAbsoluteNumber:0e0}).";
                        }

                        break;
                    default:
                        path.BeforeValue();
                        break;
                }

                if (path.ArrayTooLong)
                {
                    return $"The array at {path.Parent} has more than {SubmissionLimits.MaxJsonArrayItems:N0} items.";
                }
            }
        }
        catch (JsonException exception)
        {
            return Describe(exception);
        }

        return null;
    }

    private static string Describe(JsonException exception)
    {
        var line = (exception.LineNumber ?? 0) + 1;
        var column = (exception.BytePositionInLine ?? 0) + 1;
        var reason = exception.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            reason = reason[..cut];
        }

        if (reason.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
        {
            return $"The JSON is nested more than {SubmissionLimits.MaxJsonDepth} levels deep.";
        }

        return string.Create(CultureInfo.InvariantCulture, $"The JSON is not well-formed (line {line}, column {column}): {reason}");
    }

    /// <summary>Tracks a JSONPath-like location and the keys seen in each open object.</summary>
    private sealed class JsonPathTracker
    {
        private readonly List<Frame> _frames = [];

        public bool ArrayTooLong { get; private set; }

        public string Current => Render(_frames.Count);

        public string Parent => Render(_frames.Count);

        public void BeforeValue()
        {
            if (_frames.Count > 0 && _frames[^1].IsArray)
            {
                var frame = _frames[^1];
                frame.Index++;
                if (frame.Index >= SubmissionLimits.MaxJsonArrayItems)
                {
                    ArrayTooLong = true;
                }
            }
        }

        public void Enter(bool isArray) => _frames.Add(new Frame(isArray));

        public void Leave()
        {
            if (_frames.Count > 0)
            {
                _frames.RemoveAt(_frames.Count - 1);
            }
        }

        public bool Property(string name)
        {
            var frame = _frames[^1];
            frame.Name = name;
            frame.Names ??= new HashSet<string>(StringComparer.Ordinal);
            return frame.Names.Add(name);
        }

        private string Render(int depth)
        {
            var builder = new StringBuilder("$");
            for (var i = 0; i < depth; i++)
            {
                var frame = _frames[i];
                if (frame.IsArray)
                {
                    if (frame.Index >= 0)
                    {
                        builder.Append('[').Append(frame.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                    }
                }
                else if (frame.Name is not null)
                {
                    builder.Append(JsonPaths.Member(frame.Name));
                }
            }

            return builder.ToString();
        }

        private sealed class Frame(bool isArray)
        {
            public bool IsArray { get; } = isArray;

            public int Index { get; set; } = -1;

            public string? Name { get; set; }

            public HashSet<string>? Names { get; set; }
        }
    }
}

/// <summary>Renders JSONPath-like locations for feedback.</summary>
internal static class JsonPaths
{
    /// <summary>".name" for plain names; otherwise a quoted, truncated excerpt in brackets.</summary>
    public static string Member(string name)
    {
        var plain = name.Length is > 0 and <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]);
        return plain ? "." + name : "[" + Excerpt.Quote(name) + "]";
    }

    public static string Index(int index) => "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
}
