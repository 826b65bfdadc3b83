using System.Text;
using System.Text.Json;
using Microcred.Credentials.JsonLd;

namespace Microcred.Credentials.Tests.JsonLd;

public sealed class InputLimitTests
{
    private static readonly JsonDocumentOptions Deep = new() { MaxDepth = 100_000 };

    [Fact]
    public void Deeply_nested_objects_fail_with_a_depth_error_not_a_crash()
    {
        const int depth = 20_000;
        var json = new StringBuilder("{\"@context\": {\"@vocab\": \"https://example.org/\"}, \"p\": ");
        for (var i = 0; i < depth; i++)
        {
            json.Append("{\"p\": ");
        }

        json.Append('1').Append('}', depth + 1);
        using var document = JsonDocument.Parse(json.ToString(), Deep);

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document.RootElement));

        Assert.Equal(JsonLdErrorCodes.MaxDepthExceeded, error.Code);
    }

    [Fact]
    public void Deeply_nested_arrays_fail_with_a_depth_error()
    {
        const int depth = 20_000;
        var json = "{\"@context\": {\"@vocab\": \"https://example.org/\"}, \"p\": " + new string('[', depth) + new string(']', depth) + "}";
        using var document = JsonDocument.Parse(json, Deep);

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document.RootElement));

        Assert.Equal(JsonLdErrorCodes.MaxDepthExceeded, error.Code);
    }

    [Fact]
    public void Deeply_nested_scoped_contexts_fail_with_a_depth_error()
    {
        const int depth = 5_000;
        var json = new StringBuilder("{\"@context\": ");
        for (var i = 0; i < depth; i++)
        {
            json.Append("{\"t\": {\"@id\": \"https://example.org/t\", \"@context\": ");
        }

        json.Append("{}").Insert(json.Length, "}}", depth);

        json.Append(", \"t\": 1}");
        using var document = JsonDocument.Parse(json.ToString(), Deep);

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document.RootElement));

        Assert.Equal(JsonLdErrorCodes.MaxDepthExceeded, error.Code);
    }

    [Fact]
    public void Huge_input_fails_with_a_size_error()
    {
        var json = new StringBuilder("{\"@context\": {\"@vocab\": \"https://example.org/\"}, \"p\": [");
        for (var i = 0; i < 300_000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"q\": ").Append(i).Append('}');
        }

        json.Append("]}");
        using var document = JsonDocument.Parse(json.ToString());

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document.RootElement));

        Assert.Equal(JsonLdErrorCodes.MaxElementsExceeded, error.Code);
    }

    [Fact]
    public void Large_inline_context_applied_at_every_node_hits_the_work_limit()
    {
        var context = new StringBuilder("{\"@vocab\": \"https://example.org/\"");
        for (var i = 0; i < 2_000; i++)
        {
            context.Append(",\"t").Append(i).Append("\": \"https://example.org/t").Append(i).Append('"');
        }

        context.Append('}');
        var json = new StringBuilder("{\"@context\": {\"@vocab\": \"https://example.org/\"}, \"p\": [");
        for (var i = 0; i < 1_000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"@context\": ").Append(context).Append(", \"q\": 1}");
        }

        json.Append("]}");
        using var document = JsonDocument.Parse(json.ToString());

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document.RootElement));

        Assert.Equal(JsonLdErrorCodes.MaxElementsExceeded, error.Code);
    }

    [Fact]
    public void Limits_can_be_raised_for_trusted_large_documents()
    {
        var json = new StringBuilder("{\"@context\": {\"@vocab\": \"https://example.org/\"}, \"@id\": \"https://example.org/s\", \"p\": [");
        for (var i = 0; i < 50_000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(i);
        }

        json.Append("]}");
        using var document = JsonDocument.Parse(json.ToString());

        var quads = JsonLdProcessor.ToRdf(document.RootElement, new JsonLdOptions { MaxElements = 1_000_000 });

        Assert.Equal(50_000, quads.Count);
    }
}
