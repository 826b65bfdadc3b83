using System.Security.Cryptography;
using System.Text.Json;
using Microcred.Credentials.Rdf;

namespace Microcred.Credentials.Tests.Rdf;

/// <summary>
/// The W3C RDF Dataset Canonicalization test suite (w3c/rdf-canon, tests/manifest.jsonld), read
/// from ../shared/w3c/rdf-canon/tests next to the repository.
/// </summary>
public sealed class RdfCanonTestSuite
{
    private static readonly Lazy<Manifest> Suite = new(Manifest.Load);

    public static TheoryData<string> TestIds()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Suite.Value.Entries)
        {
            data.Add(entry.Id);
        }
        return data;
    }

    [Fact]
    public void Manifest_lists_the_86_tests_of_the_suite()
    {
        var entries = Suite.Value.Entries;
        Assert.Equal(86, entries.Count);
        Assert.Equal(64, entries.Count(e => e.Type == "rdfc:RDFC10EvalTest"));
        Assert.Equal(21, entries.Count(e => e.Type == "rdfc:RDFC10MapTest"));
        Assert.Equal(1, entries.Count(e => e.Type == "rdfc:RDFC10NegativeEvalTest"));
        Assert.Equal(2, entries.Count(e => e.HashAlgorithm is not null));
    }

    [Theory]
    [MemberData(nameof(TestIds))]
    public void W3c_rdf_canon_test_passes(string id)
    {
        var entry = Suite.Value.Entries.Single(e => e.Id == id);
        var input = NQuads.Parse(File.ReadAllText(Suite.Value.PathOf(entry.Action)));
        var options = OptionsFor(entry);

        switch (entry.Type)
        {
            case "rdfc:RDFC10EvalTest":
            {
                var result = Rdfc10Canonicalizer.Canonicalize(input, options);
                Assert.Equal(File.ReadAllText(Suite.Value.PathOf(entry.Result!)), result.NQuads);
                Assert.Equal(File.ReadAllBytes(Suite.Value.PathOf(entry.Result!)), result.Utf8.ToArray());
                break;
            }
            case "rdfc:RDFC10MapTest":
            {
                var result = Rdfc10Canonicalizer.Canonicalize(input, options);
                var expected = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Suite.Value.PathOf(entry.Result!)))!;
                Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), result.IssuedIdentifiers.OrderBy(p => p.Key, StringComparer.Ordinal));
                break;
            }
            case "rdfc:RDFC10NegativeEvalTest":
            {
                var error = Assert.Throws<RdfCanonicalizationException>(() => Rdfc10Canonicalizer.Canonicalize(input, options));
                Assert.Contains("too much work", error.Message, StringComparison.Ordinal);
                break;
            }
            default:
                Assert.Fail($"Test {id} has type {entry.Type}, which this runner does not know.");
                break;
        }
    }

    /// <summary>
    /// The manifest marks how much work each test needs; the default work factor covers "low",
    /// and the harder tests get the factors rdf-canonize needs for them.
    /// </summary>
    private static Rdfc10Options OptionsFor(ManifestEntry entry) => new()
    {
        HashAlgorithm = entry.HashAlgorithm switch
        {
            null => HashAlgorithmName.SHA256,
            "SHA256" => HashAlgorithmName.SHA256,
            "SHA384" => HashAlgorithmName.SHA384,
            var other => throw new InvalidOperationException($"Test {entry.Id} asks for hash algorithm {other}."),
        },
        MaxWorkFactor = entry.ComputationalComplexity switch
        {
            "low" => Rdfc10Options.Default.MaxWorkFactor,
            "medium" => 2,
            "high" => 3,
            var other => throw new InvalidOperationException($"Test {entry.Id} has computationalComplexity '{other}'."),
        },
    };

    private sealed record ManifestEntry(string Id, string Type, string Action, string? Result, string? HashAlgorithm, string? ComputationalComplexity);

    private sealed class Manifest
    {
        private readonly string _directory;

        private Manifest(string directory, List<ManifestEntry> entries)
        {
            _directory = directory;
            Entries = entries;
        }

        public List<ManifestEntry> Entries { get; }

        public string PathOf(string relative) => Path.Combine(_directory, relative);

        public static Manifest Load()
        {
            string directory = SharedFolder.Path("w3c", "rdf-canon", "tests");
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "manifest.jsonld")));
            var entries = new List<ManifestEntry>();
            foreach (var entry in document.RootElement.GetProperty("entries").EnumerateArray())
            {
                entries.Add(new ManifestEntry(
                    entry.GetProperty("id").GetString()!.TrimStart('#'),
                    entry.GetProperty("type").GetString()!,
                    entry.GetProperty("action").GetString()!,
                    entry.TryGetProperty("result", out var result) ? result.GetString() : null,
                    entry.TryGetProperty("hashAlgorithm", out var hash) ? hash.GetString() : null,
                    entry.TryGetProperty("computationalComplexity", out var complexity) ? complexity.GetString() : null));
            }
            return new Manifest(directory, entries);
        }
    }
}
