using System.Globalization;
using System.Text.Json;
using Microcred.Clinical.Labs.Submissions;

namespace Microcred.Clinical.Labs.Cohort;

/// <summary>A learner's quality-measure report: the four counts, the rate and optionally the numerator
/// patients. A field that is missing or unreadable is null, and the reason is in <see cref="Problems"/>.</summary>
internal sealed class MeasureAnswer
{
    public long? InitialPopulation { get; private set; }

    public long? Exclusions { get; private set; }

    public long? Denominator { get; private set; }

    public long? Numerator { get; private set; }

    public double? Rate { get; private set; }

    /// <summary>Indexes of the listed numerator patients (known ids only); null when the list was not given.</summary>
    public HashSet<int>? NumeratorPatients { get; private set; }

    /// <summary>Missing or unreadable required fields.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Things that do not stop grading (unknown keys, unknown or repeated patient ids).</summary>
    public List<string> Warnings { get; } = [];

    public const string Example = """
        {
          "initialPopulation": 812,
          "exclusions": 37,
          "denominator": 775,
          "numerator": 241,
          "rate": 0.3110,
          "numeratorPatients": ["p0000042", "p0000107"]
        }
        """;

    private static readonly string[] Fields = ["initialPopulation", "exclusions", "denominator", "numerator", "rate", "numeratorPatients"];

    public static SubmissionRead<MeasureAnswer> Read(LabSubmission submission, int patientCount)
    {
        var json = JsonSubmission.Read(submission, "a JSON object such as " + Example.ReplaceLineEndings(" "));
        if (json.Value is null)
        {
            return new SubmissionRead<MeasureAnswer>(null, json.Issues);
        }

        using var document = json.Value;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return SubmissionRead<MeasureAnswer>.Failed(
                $"The JSON is {(root.ValueKind == JsonValueKind.Array ? "an array" : "not an object")}; submit one object with the fields {string.Join(", ", Fields.Take(5))} (and optionally numeratorPatients).");
        }

        var answer = new MeasureAnswer();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var field = Fields.FirstOrDefault(f => Normalize(f) == Normalize(property.Name));
            if (field is null)
            {
                answer.Warnings.Add($"Unknown field {Excerpt.Quote(property.Name)} was ignored (expected: {string.Join(", ", Fields)}).");
                continue;
            }

            if (!seen.Add(field))
            {
                answer.Problems.Add($"The field {field} is given twice (as {Excerpt.Quote(property.Name)}); keep one.");
                continue;
            }

            switch (field)
            {
                case "initialPopulation": answer.InitialPopulation = ReadCount(property, answer.Problems); break;
                case "exclusions": answer.Exclusions = ReadCount(property, answer.Problems); break;
                case "denominator": answer.Denominator = ReadCount(property, answer.Problems); break;
                case "numerator": answer.Numerator = ReadCount(property, answer.Problems); break;
                case "rate": answer.Rate = ReadRate(property, answer.Problems); break;
                default: answer.NumeratorPatients = ReadPatients(property, patientCount, answer); break;
            }
        }

        foreach (var field in Fields.Take(5).Where(f => !seen.Contains(f)))
        {
            answer.Problems.Add($"The field {field} is missing.");
        }

        return new SubmissionRead<MeasureAnswer>(answer, []);
    }

    private static string Normalize(string name) =>
        new(name.Where(c => c is not ('_' or '-' or ' ')).Select(char.ToLowerInvariant).ToArray());

    private static long? ReadCount(JsonProperty property, List<string> problems)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.String &&
            SubmissionNumbers.TryParseInteger(value.GetString(), 0, 10_000_000, out var fromText, out _))
        {
            problems.Add($"{property.Name} is the string \"{fromText}\"; write counts as JSON numbers without quotes. It was read as {fromText}.");
            return fromText;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            problems.Add($"{property.Name} must be a whole number (a count of patients), not {Describe(value)}.");
            return null;
        }

        if (!value.TryGetInt64(out var count) || count < 0 || count > 10_000_000)
        {
            problems.Add($"{property.Name} must be a whole number from 0 to 10,000,000; got {Excerpt.Quote(value.GetRawText())}.");
            return null;
        }

        return count;
    }

    private static double? ReadRate(JsonProperty property, List<string> problems)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.String &&
            SubmissionNumbers.TryParse(value.GetString()?.TrimEnd('%'), 0, 100, out var fromText, out _))
        {
            problems.Add($"rate is the string {Excerpt.Quote(value.GetString())}; write it as a JSON number between 0 and 1. It was read as {fromText.ToString(CultureInfo.InvariantCulture)}.");
            return fromText;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var rate) || !double.IsFinite(rate) || rate < 0 || rate > 100)
        {
            problems.Add($"rate must be a number between 0 and 1 (a proportion); got {Describe(value)}.");
            return null;
        }

        return rate;
    }

    private static HashSet<int>? ReadPatients(JsonProperty property, int patientCount, MeasureAnswer answer)
    {
        if (property.Value.ValueKind != JsonValueKind.Array)
        {
            answer.Warnings.Add($"numeratorPatients must be an array of patient ids such as [\"p0000042\"]; got {Describe(property.Value)}. The list was ignored.");
            return null;
        }

        var indexes = new HashSet<int>();
        var unknown = new List<string>();
        var repeated = 0;
        var position = 0;
        foreach (var item in property.Value.EnumerateArray())
        {
            var id = item.ValueKind == JsonValueKind.String ? item.GetString()!.Trim() : null;
            var index = ScenarioFormat.PatientIndex(id, patientCount);
            if (index < 0)
            {
                unknown.Add(id is null ? $"item {position} ({Describe(item)})" : Excerpt.Quote(id));
            }
            else if (!indexes.Add(index))
            {
                repeated++;
            }

            position++;
        }

        if (unknown.Count > 0)
        {
            answer.Warnings.Add($"numeratorPatients has {unknown.Count} item{(unknown.Count == 1 ? string.Empty : "s")} that are not patient ids of this scenario " +
                $"(for example {string.Join(", ", unknown.Take(3))}); they were ignored.");
        }

        if (repeated > 0)
        {
            answer.Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"numeratorPatients lists {repeated} patient id{(repeated == 1 ? string.Empty : "s")} more than once; each patient counts once."));
        }

        return indexes;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string " + Excerpt.Quote(value.GetString()),
        JsonValueKind.Number => "the number " + Excerpt.Quote(value.GetRawText()),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };
}
