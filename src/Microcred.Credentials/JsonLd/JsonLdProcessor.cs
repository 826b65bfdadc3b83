using System.Text.Json;
using System.Text.Json.Nodes;
using Microcred.Credentials.Rdf;
using JMap = System.Collections.Generic.Dictionary<string, object?>;

namespace Microcred.Credentials.JsonLd;

/// <summary>
/// JSON-LD 1.1 expansion and conversion to RDF (the W3C JSON-LD 1.1 Processing Algorithms), as used
/// to canonicalize credentials. Contexts come only from <see cref="JsonLdOptions.DocumentLoader"/>,
/// by default the bundled ones; processed contexts are cached, so repeated calls are cheap.
/// Thread-safe.
/// </summary>
public static class JsonLdProcessor
{
    /// <summary>Expands a JSON-LD document to expanded document form (an array of node objects).</summary>
    /// <param name="input">The JSON-LD document.</param>
    /// <param name="options">Processing options; null means the defaults (safe mode, bundled contexts).</param>
    /// <exception cref="JsonLdException">The document is invalid JSON-LD, violates safe mode, or exceeds the input limits.</exception>
    public static JsonArray Expand(JsonElement input, JsonLdOptions? options = null)
    {
        var expanded = ExpandInternal(input, options ?? JsonLdOptions.Default, out _);
        var result = new JsonArray();
        foreach (var item in expanded)
        {
            result.Add(ToNode(item));
        }

        return result;
    }

    /// <summary>Converts a JSON-LD document to an RDF dataset (the Deserialize JSON-LD to RDF algorithm).</summary>
    /// <param name="input">The JSON-LD document.</param>
    /// <param name="options">Processing options; null means the defaults (safe mode, bundled contexts).</param>
    /// <returns>The quads of the dataset, without duplicates. Blank node labels are <c>b0</c>, <c>b1</c>, ….</returns>
    /// <exception cref="JsonLdException">The document is invalid JSON-LD, violates safe mode, or exceeds the input limits.</exception>
    public static IReadOnlyList<Quad> ToRdf(JsonElement input, JsonLdOptions? options = null)
    {
        options ??= JsonLdOptions.Default;
        var expanded = ExpandInternal(input, options, out var session);
        return new RdfConverter(options, session).Convert(expanded);
    }

    internal static List<object?> ExpandInternal(JsonElement input, JsonLdOptions options, out Session session)
    {
        ArgumentNullException.ThrowIfNull(options);
        session = new Session(new WorkBudget(options.MaxElements, options.MaxDepth), options.SafeMode);
        var processor = ContextProcessor.For(options.DocumentLoader);
        var active = processor.Initial(options.Base, options.ProcessingMode, options.SafeMode);
        if (options.ExpandContext is { } expandContext)
        {
            var local = expandContext.ValueKind == JsonValueKind.Object && expandContext.TryGetProperty("@context", out var inner)
                ? inner
                : expandContext;
            active = processor.Process(active, local, options.Base, session, null, false, true, true);
        }

        return new Expander(processor, session, options.MaxDepth).ExpandDocument(active, input, options.Base);
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        JsonLiteral literal => JsonNode.Parse(literal.Value.GetRawText()),
        List<object?> list => ToArray(list),
        JMap map => ToObject(map),
        _ => throw new InvalidOperationException($"Unexpected expanded value {value.GetType()}."),
    };

    private static JsonArray ToArray(List<object?> list)
    {
        var array = new JsonArray();
        foreach (var item in list)
        {
            array.Add(ToNode(item));
        }

        return array;
    }

    private static JsonObject ToObject(JMap map)
    {
        var result = new JsonObject();
        foreach (var (key, item) in map)
        {
            result[key] = ToNode(item);
        }

        return result;
    }
}
