using System.Text.Json;

namespace Microcred.Credentials.Proofs;

/// <summary>JSON-LD (safe mode, bundled contexts) to RDF, then RDFC-1.0.</summary>
internal sealed class RdfcDocumentCanonicalizer : IDocumentCanonicalizer
{
    public static RdfcDocumentCanonicalizer Shared { get; } = new();

    public ReadOnlyMemory<byte> Canonicalize(JsonElement document) =>
        throw new CredentialFormatException("JSON-LD processing is not part of this build yet.");
}
