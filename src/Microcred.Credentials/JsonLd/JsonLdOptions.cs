using System.Text.Json;

namespace Microcred.Credentials.JsonLd;

/// <summary>How <c>@direction</c> on a string is represented in RDF (the <c>rdfDirection</c> option).</summary>
public enum RdfDirection
{
    /// <summary>The base direction is not represented; the literal keeps only its language.</summary>
    None,

    /// <summary>The literal gets the datatype <c>https://www.w3.org/ns/i18n#{language}_{direction}</c>.</summary>
    I18nDatatype,

    /// <summary>The literal becomes a blank node with <c>rdf:value</c>, <c>rdf:language</c> and <c>rdf:direction</c>.</summary>
    CompoundLiteral,
}

/// <summary>The JSON-LD processing mode.</summary>
public enum JsonLdProcessingMode
{
    /// <summary>JSON-LD 1.1 (the default).</summary>
    JsonLd11,

    /// <summary>JSON-LD 1.0: 1.1 features are errors.</summary>
    JsonLd10,
}

/// <summary>Options for <see cref="JsonLdProcessor"/>. The defaults suit credentials: safe mode on, bundled contexts only.</summary>
public sealed class JsonLdOptions
{
    /// <summary>The base IRI of the document, used to resolve relative IRIs; null for none.</summary>
    public string? Base { get; init; }

    /// <summary>Serves context URLs. Defaults to <see cref="BundledContexts.Loader"/>, which never touches the network.</summary>
    public IJsonLdDocumentLoader DocumentLoader { get; init; } = BundledContexts.Loader;

    /// <summary>
    /// When true (the default), anything that would be silently dropped or left relative is an error
    /// with code <see cref="JsonLdErrorCodes.SafeModeViolation"/>: a term no context defines, a relative
    /// <c>@id</c> or <c>@type</c>, an invalid language tag, a free-floating value.
    /// </summary>
    public bool SafeMode { get; init; } = true;

    /// <summary>How base direction is represented in RDF. Defaults to <see cref="RdfDirection.None"/>.</summary>
    public RdfDirection RdfDirection { get; init; }

    /// <summary>When true, triples with blank-node predicates are kept (generalized RDF). Off by default.</summary>
    public bool ProduceGeneralizedRdf { get; init; }

    /// <summary>A context applied before the document's own <c>@context</c>, if any.</summary>
    public JsonElement? ExpandContext { get; init; }

    /// <summary>The processing mode; JSON-LD 1.1 by default.</summary>
    public JsonLdProcessingMode ProcessingMode { get; init; }

    /// <summary>The maximum nesting depth of the input (arrays and objects). Defaults to 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// The maximum amount of work: JSON values visited plus term definitions copied while applying
    /// inline contexts. Defaults to 200,000, far above any credential.
    /// </summary>
    public int MaxElements { get; init; } = 200_000;

    internal static JsonLdOptions Default { get; } = new();
}
