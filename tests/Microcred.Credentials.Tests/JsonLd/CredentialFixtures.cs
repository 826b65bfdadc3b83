using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microcred.Credentials.Tests.JsonLd;

/// <summary>
/// Synthetic Open Badges 3.0 documents. The expected N-Quads beside them were produced once with
/// jsonld.js 9.0.0 (safe mode, the offline loader of ../shared/tools/ob3-verifier), the library the
/// independent verifier uses, so matching them means our RDF is what that verifier signs and checks.
/// </summary>
internal static class CredentialFixtures
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "JsonLd", "Fixtures");

    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public static JsonDocument Document(string name) => JsonDocument.Parse(Text(name));

    public static JsonObject Node(string name) => JsonNode.Parse(Text(name))!.AsObject();

    public static JsonDocument ToDocument(JsonNode node) => JsonDocument.Parse(node.ToJsonString());
}
