using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Microcred.Clinical.Labs.Submissions;

/// <summary>One resource from a FHIR submission: where it was, what it parsed to, and what the parser
/// objected to.</summary>
/// <param name="Location">Where it sat, for example <c>entry[3]</c> or <c>[2]</c>.</param>
/// <param name="Resource">The parsed resource, or null when it could not be parsed at all.</param>
/// <param name="ResourceType">The <c>resourceType</c> the JSON claimed.</param>
/// <param name="FullUrl">The Bundle entry's fullUrl, when given.</param>
/// <param name="ParseIssues">Parser messages (unknown elements, wrong types, bad codes).</param>
internal sealed record FhirEntry(string Location, Resource? Resource, string? ResourceType, string? FullUrl, IReadOnlyList<string> ParseIssues);

/// <summary>The resources of a FHIR R4 JSON submission: a Bundle, a JSON array of resources, or one resource.</summary>
internal sealed class FhirResourceSet(IReadOnlyList<FhirEntry> entries, string shape)
{
    public IReadOnlyList<FhirEntry> Entries { get; } = entries;

    /// <summary>"Bundle", "array" or "resource".</summary>
    public string Shape { get; } = shape;
}

internal static class FhirSubmission
{
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings());

    public static SubmissionRead<FhirResourceSet> Read(LabSubmission submission)
    {
        var json = JsonSubmission.Read(submission, "FHIR R4 JSON (a Bundle or a JSON array of resources)");
        if (json.Value is null)
        {
            return new SubmissionRead<FhirResourceSet>(null, json.Issues);
        }

        using var document = json.Value;
        var root = document.RootElement;
        var elements = new List<(string Location, JsonElement Element, string? FullUrl)>();
        string shape;
        if (root.ValueKind == JsonValueKind.Array)
        {
            shape = "array";
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                elements.Add((JsonPaths.Index(index++), item, null));
            }
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("resourceType", out var type) &&
            type.ValueKind == JsonValueKind.String && type.GetString() == "Bundle")
        {
            shape = "Bundle";
            if (root.TryGetProperty("entry", out var entries))
            {
                if (entries.ValueKind != JsonValueKind.Array)
                {
                    return SubmissionRead<FhirResourceSet>.Failed("Bundle.entry must be a JSON array.");
                }

                var index = 0;
                foreach (var entry in entries.EnumerateArray())
                {
                    var location = "entry" + JsonPaths.Index(index++);
                    if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("resource", out var resource))
                    {
                        elements.Add((location, default, null));
                        continue;
                    }

                    var fullUrl = entry.TryGetProperty("fullUrl", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null;
                    elements.Add((location, resource, fullUrl));
                }
            }
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            shape = "resource";
            elements.Add(("$", root, null));
        }
        else
        {
            return SubmissionRead<FhirResourceSet>.Failed(
                $"The JSON is a {Describe(root.ValueKind)}; a FHIR submission is a Bundle object or an array of resources.");
        }

        if (elements.Count > SubmissionLimits.MaxBundleEntries)
        {
            return SubmissionRead<FhirResourceSet>.Failed(string.Create(CultureInfo.InvariantCulture,
                $"The submission has {elements.Count:N0} resources; the limit is {SubmissionLimits.MaxBundleEntries:N0}."));
        }

        var parsed = new List<FhirEntry>(elements.Count);
        foreach (var (location, element, fullUrl) in elements)
        {
            parsed.Add(ParseResource(location, element, fullUrl));
        }

        return new SubmissionRead<FhirResourceSet>(new FhirResourceSet(parsed, shape), []);
    }

    private static FhirEntry ParseResource(string location, JsonElement element, string? fullUrl)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            var what = element.ValueKind == JsonValueKind.Undefined ? "an entry without a resource" : $"a {Describe(element.ValueKind)}";
            return new FhirEntry(location, null, null, fullUrl, [$"{location} is {what}, not a FHIR resource object."]);
        }

        var claimed = element.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        if (claimed is null)
        {
            return new FhirEntry(location, null, null, fullUrl, [$"{location} has no \"resourceType\" string."]);
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(element);
        var reader = new Utf8JsonReader(bytes);
        try
        {
            Deserializer.TryDeserializeResource(ref reader, out var resource, out var issues);
            var messages = issues.Select(i => $"{location}: {Trim(i.Message)}").Take(20).ToList();
            return new FhirEntry(location, resource, claimed, fullUrl, messages);
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return new FhirEntry(location, null, claimed, fullUrl, [$"{location}: could not be read as a FHIR resource ({Trim(exception.Message)})."]);
        }
    }

    private static string Trim(string message) => message.Length <= 300 ? message : message[..300] + "…";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "array",
        _ => "object",
    };
}
