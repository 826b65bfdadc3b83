using System.Text.Json;
using System.Text.Json.Nodes;
using Microcred.Credentials.JsonLd;
using Microcred.Credentials.Rdf;

namespace Microcred.Cli.Credentials;

/// <summary>
/// Where a verification's CPU time goes: the JSON-LD and RDFC-1.0 stages of eddsa-rdfc-2022, each
/// run alone over the same signed credentials the bench verified, so that a slower verify shows
/// which stage to look at. What the stages leave of a whole verify is parsing, the shape, issuer
/// and validity checks, resolving the key, SHA-256 and the raw Ed25519 verify.
/// </summary>
internal static class VerifyStages
{
    private const int MinimumOperations = 2000;

    /// <summary>CPU microseconds per credential of each stage, and the quads each input gives.</summary>
    internal sealed record Figures(
        double ToRdfCredential,
        double ToRdfProofConfiguration,
        double RdfcCredential,
        double RdfcProofConfiguration,
        int CredentialQuads,
        int ProofConfigurationQuads);

    public static Figures Measure(IReadOnlyList<byte[]> signed)
    {
        var documents = new List<JsonDocument>(signed.Count * 2);
        try
        {
            var credentials = new JsonElement[signed.Count];
            var configurations = new JsonElement[signed.Count];
            for (var i = 0; i < signed.Count; i++)
            {
                var (credential, configuration) = Split(signed[i]);
                documents.Add(credential);
                documents.Add(configuration);
                credentials[i] = credential.RootElement;
                configurations[i] = configuration.RootElement;
            }

            var credentialQuads = credentials.Select(c => JsonLdProcessor.ToRdf(c)).ToArray();
            var configurationQuads = configurations.Select(c => JsonLdProcessor.ToRdf(c)).ToArray();
            return new Figures(
                MicrosecondsEach(credentials, c => JsonLdProcessor.ToRdf(c)),
                MicrosecondsEach(configurations, c => JsonLdProcessor.ToRdf(c)),
                MicrosecondsEach(credentialQuads, q => Rdfc10Canonicalizer.Canonicalize(q)),
                MicrosecondsEach(configurationQuads, q => Rdfc10Canonicalizer.Canonicalize(q)),
                credentialQuads[0].Count,
                configurationQuads[0].Count);
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    /// <summary>
    /// The two inputs a Data Integrity proof hashes: the credential without its proof, and the proof
    /// configuration (the proof without proofValue, under the credential's @context).
    /// </summary>
    private static (JsonDocument Credential, JsonDocument ProofConfiguration) Split(byte[] signedCredential)
    {
        var credential = JsonNode.Parse(signedCredential)!.AsObject();
        var proof = credential["proof"]![0]!.AsObject();
        credential.Remove("proof");
        var configuration = new JsonObject { ["@context"] = credential["@context"]!.DeepClone() };
        foreach (var (name, value) in proof)
        {
            if (name != "proofValue")
            {
                configuration[name] = value?.DeepClone();
            }
        }
        return (JsonDocument.Parse(credential.ToJsonString()), JsonDocument.Parse(configuration.ToJsonString()));
    }

    private static double MicrosecondsEach<T>(IReadOnlyList<T> inputs, Action<T> stage)
    {
        // The warm-up before the bench ran these stages inside sign and verify; a short pass here
        // settles their direct callers too.
        for (var i = 0; i < 200; i++)
        {
            stage(inputs[i % inputs.Count]);
        }
        var passes = Math.Max(1, (MinimumOperations + inputs.Count - 1) / inputs.Count);
        var rate = BenchCommand.Measure(passes * inputs.Count, () =>
        {
            for (var pass = 0; pass < passes; pass++)
            {
                foreach (var input in inputs)
                {
                    stage(input);
                }
            }
        });
        return 1e6 / rate.PerCpuSecond;
    }
}
