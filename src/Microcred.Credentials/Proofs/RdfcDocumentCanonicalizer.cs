using System.Text.Json;
using Microcred.Credentials.JsonLd;
using Microcred.Credentials.Rdf;

namespace Microcred.Credentials.Proofs;

/// <summary>
/// JSON-LD 1.1 to RDF in safe mode over the bundled contexts (never the network), then RDFC-1.0.
/// Both steps cache what they can across calls; this class holds no state of its own.
/// </summary>
internal sealed class RdfcDocumentCanonicalizer(JsonLdOptions options) : IDocumentCanonicalizer
{
    public static RdfcDocumentCanonicalizer Shared { get; } = new(new JsonLdOptions());

    public ReadOnlyMemory<byte> Canonicalize(JsonElement document)
    {
        IReadOnlyList<Quad> quads;
        try
        {
            quads = JsonLdProcessor.ToRdf(document, options);
        }
        catch (JsonLdException e)
        {
            throw new CredentialFormatException(Describe(e), e);
        }
        try
        {
            return Rdfc10Canonicalizer.Canonicalize(quads).Utf8;
        }
        catch (RdfCanonicalizationException e)
        {
            throw new CredentialFormatException($"RDF canonicalization refused the document: {e.Message}", e);
        }
    }

    private static string Describe(JsonLdException e) => e.Code switch
    {
        JsonLdErrorCodes.SafeModeViolation => $"JSON-LD safe mode: {e.Message}",
        JsonLdErrorCodes.LoadingRemoteContextFailed => $"unknown context: {e.Message}",
        _ => $"JSON-LD error ({e.Code}): {e.Message}",
    };
}
