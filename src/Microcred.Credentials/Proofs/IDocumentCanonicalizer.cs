using System.Text.Json;

namespace Microcred.Credentials.Proofs;

/// <summary>
/// Turns a JSON-LD document into its canonical RDF (RDFC-1.0 N-Quads, UTF-8). Both Ed25519 suites
/// hash exactly these bytes, so this is the one place JSON-LD processing enters signing.
/// </summary>
internal interface IDocumentCanonicalizer
{
    /// <exception cref="CredentialFormatException">The document cannot be expanded in safe mode or canonicalized.</exception>
    ReadOnlyMemory<byte> Canonicalize(JsonElement document);
}
