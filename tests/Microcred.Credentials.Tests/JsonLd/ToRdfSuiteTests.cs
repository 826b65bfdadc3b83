using System.Text.Json;
using Microcred.Credentials.JsonLd;
using Microcred.Credentials.Rdf;

namespace Microcred.Credentials.Tests.JsonLd;

/// <summary>The W3C JSON-LD 1.1 toRdf test suite (toRdf-manifest.jsonld), one case per test.</summary>
public sealed class ToRdfSuiteTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Entries = new(() =>
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedFolder.JsonLdSuite, "toRdf-manifest.jsonld")));
        var entries = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var entry in manifest.RootElement.GetProperty("sequence").EnumerateArray())
        {
            entries[entry.GetProperty("@id").GetString()!] = entry;
        }

        return entries;
    });

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (id, entry) in Entries.Value)
        {
            data.Add(id.TrimStart('#'), entry.GetProperty("name").GetString()!);
        }

        return data;
    }

    /// <summary>Why a test cannot run here, or null when it runs.</summary>
    internal static string? SkipReason(JsonElement entry)
    {
        if (entry.TryGetProperty("option", out var option) && option.TryGetProperty("specVersion", out var spec)
            && spec.GetString() == "json-ld-1.0")
        {
            return "JSON-LD 1.0-only test (specVersion json-ld-1.0); this processor implements JSON-LD 1.1.";
        }

        var input = Path.Combine(SharedFolder.JsonLdSuite, entry.GetProperty("input").GetString()!);
        if (!File.Exists(input))
        {
            return $"The suite copy does not include the test's input file ({entry.GetProperty("input").GetString()}).";
        }

        return null;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void ToRdf_test_passes(string id, string name)
    {
        var entry = Entries.Value["#" + id];
        var skip = SkipReason(entry);
        Skip.If(skip is not null, skip);

        var inputPath = entry.GetProperty("input").GetString()!;
        using var input = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedFolder.JsonLdSuite, inputPath)));
        var options = Options(entry, inputPath);
        var types = entry.GetProperty("@type").EnumerateArray().Select(t => t.GetString()).ToList();

        if (types.Contains("jld:NegativeEvaluationTest"))
        {
            var expectedCode = entry.GetProperty("expectErrorCode").GetString();
            var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(input.RootElement, options));
            Assert.True(expectedCode == error.Code, $"{id} ({name}): expected error '{expectedCode}', got '{error.Code}': {error.Message}");
            return;
        }

        var actual = JsonLdProcessor.ToRdf(input.RootElement, options);
        if (types.Contains("jld:PositiveSyntaxTest"))
        {
            return;
        }

        // A few expected results are generalized RDF (blank-node predicates), which NQuads.Parse refuses.
        var expectedText = File.ReadAllText(Path.Combine(SharedFolder.JsonLdSuite, entry.GetProperty("expect").GetString()!));
        var expected = new NQuadsParser(expectedText, blankNodePredicates: true).ParseDocument();
        Assert.True(
            DatasetIsomorphism.AreIsomorphic(expected, actual),
            $"{id} ({name}): datasets differ.\nExpected:\n{Show(expected)}\nActual:\n{Show(actual)}");
    }

    /// <summary>N-Quads for a failure message; generalized RDF, which N-Quads cannot hold, as the quads themselves.</summary>
    private static string Show(IEnumerable<Quad> quads) => string.Concat(quads.Select(quad =>
    {
        try
        {
            return NQuads.Serialize(quad);
        }
        catch (ArgumentException)
        {
            return quad + "\n";
        }
    }));

    private static JsonLdOptions Options(JsonElement entry, string inputPath)
    {
        var baseIri = SuiteDocumentLoader.SuiteBase + inputPath;
        JsonElement? expandContext = null;
        var mode = JsonLdProcessingMode.JsonLd11;
        var direction = RdfDirection.None;
        var generalized = false;
        if (entry.TryGetProperty("option", out var option))
        {
            if (option.TryGetProperty("base", out var b))
            {
                baseIri = b.GetString()!;
            }

            if (option.TryGetProperty("expandContext", out var context))
            {
                expandContext = SuiteDocumentLoader.Instance.Load(SuiteDocumentLoader.SuiteBase + context.GetString()).Document;
            }

            if (option.TryGetProperty("processingMode", out var processingMode) && processingMode.GetString() == "json-ld-1.0")
            {
                mode = JsonLdProcessingMode.JsonLd10;
            }

            if (option.TryGetProperty("rdfDirection", out var rdfDirection))
            {
                direction = rdfDirection.GetString() switch
                {
                    "i18n-datatype" => RdfDirection.I18nDatatype,
                    "compound-literal" => RdfDirection.CompoundLiteral,
                    var other => throw new InvalidOperationException($"Unknown rdfDirection {other}."),
                };
            }

            if (option.TryGetProperty("produceGeneralizedRdf", out var g))
            {
                generalized = g.GetBoolean();
            }
        }

        return new JsonLdOptions
        {
            Base = baseIri,
            DocumentLoader = SuiteDocumentLoader.Instance,
            SafeMode = false,
            ExpandContext = expandContext,
            ProcessingMode = mode,
            RdfDirection = direction,
            ProduceGeneralizedRdf = generalized,
        };
    }
}
