using System.Security.Cryptography;
using System.Text;
using Microcred.Credentials.Rdf;

namespace Microcred.Credentials.Tests.Rdf;

public sealed class Rdfc10CanonicalizerTests
{
    private const string Ob = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#";
    private const string Credential = "urn:uuid:2f1c6a52-8d0e-4b7a-9c1e-5a7f3e9b2d41";

    /// <summary>A synthetic Open Badges credential: subject, identifier, criteria, alignment and result are blank nodes.</summary>
    private static List<Quad> CredentialLikeDataset(Func<string, string> label)
    {
        static RdfTerm I(string iri) => RdfTerm.Iri(iri);
        RdfTerm B(string name) => RdfTerm.Blank(label(name));
        var type = I("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
        var g = RdfTerm.DefaultGraph;
        return
        [
            new(I(Credential), type, I(Ob + "OpenBadgeCredential"), g),
            new(I(Credential), I("https://schema.org/name"), RdfTerm.Literal("Clinical Documentation Integrity Essentials"), g),
            new(I(Credential), I("https://www.w3.org/2018/credentials#validFrom"), RdfTerm.Literal("2025-03-14T09:30:00Z", "http://www.w3.org/2001/XMLSchema#dateTime"), g),
            new(I(Credential), I("https://www.w3.org/2018/credentials#credentialSubject"), B("subject"), g),
            new(B("subject"), type, I(Ob + "AchievementSubject"), g),
            new(B("subject"), I(Ob + "identifier"), B("identity"), g),
            new(B("subject"), I(Ob + "achievement"), I("https://microcred.example/achievements/cdi"), g),
            new(B("subject"), I(Ob + "result"), B("result"), g),
            new(B("identity"), I(Ob + "identityHash"), RdfTerm.Literal("sha256$6b86b273ff34fce19d6b804eff5a3f57"), g),
            new(B("identity"), I(Ob + "hashed"), RdfTerm.Literal("true", "http://www.w3.org/2001/XMLSchema#boolean"), g),
            new(I("https://microcred.example/achievements/cdi"), I(Ob + "criteria"), B("criteria"), g),
            new(I("https://microcred.example/achievements/cdi"), I(Ob + "alignment"), B("alignment"), g),
            new(B("criteria"), I(Ob + "narrative"), RdfTerm.Literal("Score at least 80% on the lab.\nSynthetic charts only."), g),
            new(B("alignment"), I(Ob + "targetName"), RdfTerm.LangLiteral("Documentation Practices", "en"), g),
            new(B("result"), I(Ob + "value"), RdfTerm.Literal("86"), g),
        ];
    }

    [Fact]
    public void Blank_node_labels_and_quad_order_do_not_change_the_canonical_form()
    {
        var original = CredentialLikeDataset(name => name);
        var relabelled = CredentialLikeDataset(name => "n" + name.Length + name[0]);
        relabelled.Reverse();

        var first = Rdfc10Canonicalizer.Canonicalize(original);
        var second = Rdfc10Canonicalizer.Canonicalize(relabelled);

        Assert.Equal(first.NQuads, second.NQuads);
        Assert.True(first.Utf8.Span.SequenceEqual(second.Utf8.Span));
        Assert.Equal(first.IssuedIdentifiers["criteria"], second.IssuedIdentifiers["n8c"]);
        Assert.Equal(first.IssuedIdentifiers["result"], second.IssuedIdentifiers["n6r"]);
    }

    [Fact]
    public void Every_blank_node_gets_a_distinct_canonical_label_and_the_output_is_sorted()
    {
        var result = Rdfc10Canonicalizer.Canonicalize(CredentialLikeDataset(name => name));

        Assert.Equal(["alignment", "criteria", "identity", "result", "subject"], result.IssuedIdentifiers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["c14n0", "c14n1", "c14n2", "c14n3", "c14n4"], result.IssuedIdentifiers.Values.Order(StringComparer.Ordinal));
        var lines = result.NQuads.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(15, lines.Length);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
        Assert.DoesNotContain("_:subject", result.NQuads, StringComparison.Ordinal);
        Assert.EndsWith(" .\n", result.NQuads, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8_bytes_are_the_encoding_of_the_text()
    {
        var result = Rdfc10Canonicalizer.Canonicalize(CredentialLikeDataset(name => name));
        Assert.Equal(Encoding.UTF8.GetBytes(result.NQuads), result.Utf8.ToArray());
    }

    [Fact]
    public void A_changed_literal_changes_the_canonical_bytes()
    {
        var dataset = CredentialLikeDataset(name => name);
        var tampered = CredentialLikeDataset(name => name);
        tampered[14] = tampered[14] with { Object = RdfTerm.Literal("96") };

        var original = Rdfc10Canonicalizer.Canonicalize(dataset);
        var changed = Rdfc10Canonicalizer.Canonicalize(tampered);

        Assert.NotEqual(SHA256.HashData(original.Utf8.Span), SHA256.HashData(changed.Utf8.Span));
    }

    [Fact]
    public void Repeated_quads_count_once()
    {
        var dataset = CredentialLikeDataset(name => name);
        var withRepeats = new List<Quad>(dataset);
        withRepeats.Insert(3, dataset[7]);
        withRepeats.Add(dataset[12]);
        withRepeats.Add(dataset[0]);

        Assert.Equal(Rdfc10Canonicalizer.Canonicalize(dataset).NQuads, Rdfc10Canonicalizer.Canonicalize(withRepeats).NQuads);
    }

    [Fact]
    public void Dataset_without_blank_nodes_is_only_sorted()
    {
        var quads = NQuads.Parse("<urn:ex:b> <urn:ex:p> \"2\" .\n<urn:ex:a> <urn:ex:p> \"1\" <urn:ex:g> .\n<urn:ex:a> <urn:ex:p> \"1\" .\n");
        var result = Rdfc10Canonicalizer.Canonicalize(quads);
        Assert.Equal("<urn:ex:a> <urn:ex:p> \"1\" .\n<urn:ex:a> <urn:ex:p> \"1\" <urn:ex:g> .\n<urn:ex:b> <urn:ex:p> \"2\" .\n", result.NQuads);
        Assert.Empty(result.IssuedIdentifiers);
    }

    [Fact]
    public void Empty_dataset_canonicalizes_to_nothing()
    {
        var result = Rdfc10Canonicalizer.Canonicalize([]);
        Assert.Equal("", result.NQuads);
        Assert.True(result.Utf8.IsEmpty);
        Assert.Empty(result.IssuedIdentifiers);
    }

    [Fact]
    public void Sha384_labels_differ_from_sha256_labels_where_the_hash_order_differs()
    {
        // Three blank nodes with unique first-degree hashes: their labels follow the hash order.
        var quads = NQuads.Parse(
            "_:x <urn:ex:p> \"1\" .\n_:y <urn:ex:p> \"2\" .\n_:z <urn:ex:p> \"3\" .\n_:w <urn:ex:p> \"4\" .\n");
        var sha256 = Rdfc10Canonicalizer.Canonicalize(quads);
        var sha384 = Rdfc10Canonicalizer.Canonicalize(quads, new Rdfc10Options { HashAlgorithm = HashAlgorithmName.SHA384 });

        Assert.Equal(ExpectedLabels(quads, bytes => SHA256.HashData(bytes)), sha256.IssuedIdentifiers);
        Assert.Equal(ExpectedLabels(quads, bytes => SHA384.HashData(bytes)), sha384.IssuedIdentifiers);
        Assert.NotEqual(sha256.IssuedIdentifiers, sha384.IssuedIdentifiers);
    }

    private static Dictionary<string, string> ExpectedLabels(IReadOnlyList<Quad> singleQuadNodes, Func<byte[], byte[]> hash)
    {
        var byHash = singleQuadNodes
            .Select(q => (Label: q.Subject.Value, Hash: Convert.ToHexStringLower(hash(Encoding.UTF8.GetBytes(NQuads.Serialize(q with { Subject = RdfTerm.Blank("a") }))))))
            .OrderBy(x => x.Hash, StringComparer.Ordinal)
            .ToList();
        return byHash.Select((x, i) => (x.Label, $"c14n{i}")).ToDictionary(x => x.Label, x => x.Item2);
    }

    [Fact]
    public void Unsupported_hash_algorithm_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Rdfc10Canonicalizer.Canonicalize(CredentialLikeDataset(name => name), new Rdfc10Options { HashAlgorithm = HashAlgorithmName.MD5 }));
        Assert.Contains("MD5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_work_limits_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rdfc10Canonicalizer.Canonicalize([], new Rdfc10Options { MaxWorkFactor = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rdfc10Canonicalizer.Canonicalize([], new Rdfc10Options { MaxDeepIterations = -1 }));
    }

    [Fact]
    public void Invalid_quad_is_refused_with_the_reason()
    {
        var quads = new[] { new Quad(RdfTerm.Literal("x"), RdfTerm.Iri("urn:ex:p"), RdfTerm.Iri("urn:ex:o"), RdfTerm.DefaultGraph) };
        var error = Assert.Throws<ArgumentException>(() => Rdfc10Canonicalizer.Canonicalize(quads));
        Assert.Contains("literal cannot be the subject", error.Message, StringComparison.Ordinal);
    }

    // Two disjoint two-node cycles: all four blank nodes share a first-degree hash.
    private const string DoubleCircle =
        "_:a <urn:ex:next> _:b .\n_:b <urn:ex:next> _:a .\n_:c <urn:ex:next> _:d .\n_:d <urn:ex:next> _:c .\n";

    [Fact]
    public void Dataset_that_needs_more_work_than_the_default_is_refused_with_a_clear_error()
    {
        var error = Assert.Throws<RdfCanonicalizationException>(() => Rdfc10Canonicalizer.Canonicalize(NQuads.Parse(DoubleCircle)));
        Assert.Contains("too much work to canonicalize", error.Message, StringComparison.Ordinal);
        Assert.Contains("4 runs = 4 blank nodes", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxWorkFactor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raising_the_work_factor_lets_that_dataset_canonicalize()
    {
        var result = Rdfc10Canonicalizer.Canonicalize(NQuads.Parse(DoubleCircle), new Rdfc10Options { MaxWorkFactor = 2 });
        Assert.Equal(
            "_:c14n0 <urn:ex:next> _:c14n1 .\n_:c14n1 <urn:ex:next> _:c14n0 .\n_:c14n2 <urn:ex:next> _:c14n3 .\n_:c14n3 <urn:ex:next> _:c14n2 .\n",
            result.NQuads);
    }

    [Fact]
    public void An_explicit_iteration_limit_replaces_the_work_factor()
    {
        var quads = NQuads.Parse(DoubleCircle);
        Assert.Equal(4, Rdfc10Canonicalizer.Canonicalize(quads, new Rdfc10Options { MaxWorkFactor = 0, MaxDeepIterations = 100 }).IssuedIdentifiers.Count);
        var error = Assert.Throws<RdfCanonicalizationException>(() =>
            Rdfc10Canonicalizer.Canonicalize(quads, new Rdfc10Options { MaxWorkFactor = 5, MaxDeepIterations = 1 }));
        Assert.Contains("1 runs, set by MaxDeepIterations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Work_factor_zero_still_canonicalizes_datasets_whose_blank_nodes_hash_apart()
    {
        var result = Rdfc10Canonicalizer.Canonicalize(CredentialLikeDataset(name => name), new Rdfc10Options { MaxWorkFactor = 0 });
        Assert.Equal(5, result.IssuedIdentifiers.Count);
    }

    [Fact]
    public void Clique_of_ten_blank_nodes_is_refused_even_at_work_factor_three()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 10; i++)
        {
            for (int j = 0; j < 10; j++)
            {
                if (i != j)
                {
                    text.Append($"_:n{i} <urn:ex:knows> _:n{j} .\n");
                }
            }
        }
        var error = Assert.Throws<RdfCanonicalizationException>(() =>
            Rdfc10Canonicalizer.Canonicalize(NQuads.Parse(text.ToString()), new Rdfc10Options { MaxWorkFactor = 3 }));
        Assert.Contains("1000 runs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_chain_of_identical_blank_nodes_is_refused_instead_of_overflowing_the_stack()
    {
        const int length = 5_000;
        var quads = new List<Quad>(length);
        var next = RdfTerm.Iri("urn:ex:next");
        for (int i = 0; i < length; i++)
        {
            quads.Add(new Quad(RdfTerm.Blank($"n{i}"), next, RdfTerm.Blank($"n{(i + 1) % length}"), RdfTerm.DefaultGraph));
        }
        // Run on a thread with a small stack so the recursion guard, not the work limit, must stop it.
        Exception? caught = null;
        var thread = new Thread(
            () => caught = Record.Exception(() =>
                Rdfc10Canonicalizer.Canonicalize(quads, new Rdfc10Options { MaxDeepIterations = long.MaxValue })),
            maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        var error = Assert.IsType<RdfCanonicalizationException>(caught);
        Assert.Contains("chained too deeply", error.Message, StringComparison.Ordinal);
    }
}
