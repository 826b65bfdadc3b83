namespace Microcred.Credentials.Rdf;

/// <summary>The kind of an RDF term.</summary>
public enum RdfTermKind
{
    /// <summary>An absolute IRI.</summary>
    Iri,
    /// <summary>A blank node; <see cref="RdfTerm.Value"/> is its label without the <c>_:</c> prefix.</summary>
    BlankNode,
    /// <summary>A literal with a datatype IRI and, for <c>rdf:langString</c>, a language tag.</summary>
    Literal,
    /// <summary>The default graph (only valid in the graph position of a quad).</summary>
    DefaultGraph,
}

/// <summary>
/// An RDF 1.1 term. Literals always carry a datatype: <c>xsd:string</c> for plain strings and
/// <c>rdf:langString</c> when <see cref="Language"/> is set.
/// </summary>
public readonly record struct RdfTerm(RdfTermKind Kind, string Value, string? Datatype = null, string? Language = null)
{
    /// <summary>The IRI of <c>xsd:string</c>.</summary>
    public const string XsdString = "http://www.w3.org/2001/XMLSchema#string";

    /// <summary>The IRI of <c>rdf:langString</c>.</summary>
    public const string RdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

    /// <summary>The default graph.</summary>
    public static RdfTerm DefaultGraph { get; } = new(RdfTermKind.DefaultGraph, string.Empty);

    /// <summary>An IRI term.</summary>
    public static RdfTerm Iri(string iri) => new(RdfTermKind.Iri, iri);

    /// <summary>A blank node with the given label (without <c>_:</c>).</summary>
    public static RdfTerm Blank(string label) => new(RdfTermKind.BlankNode, label);

    /// <summary>A typed literal; a null datatype means <c>xsd:string</c>.</summary>
    public static RdfTerm Literal(string lexical, string? datatype = null) =>
        new(RdfTermKind.Literal, lexical, datatype ?? XsdString);

    /// <summary>A language-tagged string.</summary>
    public static RdfTerm LangLiteral(string lexical, string language) =>
        new(RdfTermKind.Literal, lexical, RdfLangString, language);

    /// <summary>True for a blank node.</summary>
    public bool IsBlank => Kind == RdfTermKind.BlankNode;
}

/// <summary>An RDF quad; <paramref name="Graph"/> is <see cref="RdfTerm.DefaultGraph"/> for a triple in the default graph.</summary>
/// <param name="Subject">An IRI or blank node.</param>
/// <param name="Predicate">An IRI.</param>
/// <param name="Object">An IRI, blank node or literal.</param>
/// <param name="Graph">An IRI, blank node, or the default graph.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Subject, predicate, object are RDF's own names.")]
public readonly record struct Quad(RdfTerm Subject, RdfTerm Predicate, RdfTerm Object, RdfTerm Graph);
