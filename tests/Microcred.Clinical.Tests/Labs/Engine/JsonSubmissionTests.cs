using System.Text;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.Submissions;

namespace Microcred.Clinical.Tests.Labs.Engine;

public class JsonSubmissionTests
{
    private static string? Problem(string json) => JsonSubmission.Read(LabSubmission.FromText(json), "JSON").FatalIssue?.Message;

    [Fact]
    public void Nesting_at_the_limit_is_accepted_and_one_deeper_is_refused()
    {
        var atLimit = new string('[', SubmissionLimits.MaxJsonDepth) + new string(']', SubmissionLimits.MaxJsonDepth);
        var tooDeep = new string('[', SubmissionLimits.MaxJsonDepth + 1) + new string(']', SubmissionLimits.MaxJsonDepth + 1);

        Assert.Null(Problem(atLimit));
        Assert.Contains("nested more than 32 levels", Problem(tooDeep), StringComparison.Ordinal);
    }

    [Fact]
    public void Very_deep_nesting_is_refused_without_recursion()
    {
        var json = new string('[', 100_000);

        Assert.Contains("nested more than 32 levels", Problem(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_are_refused_with_the_key_and_place()
    {
        var problem = Problem("{\"items\":[{\"action\":\"stop\",\"action\":\"continue\"}]}");

        Assert.Contains("The key \"action\" appears twice", problem, StringComparison.Ordinal);
        Assert.Contains("$.items[0]", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_key_in_sibling_objects_is_fine()
    {
        Assert.Null(Problem("[{\"a\":1},{\"a\":2}]"));
    }

    [Theory]
    [InlineData("{\"value\": 1e309}", "too large to be a number")]
    [InlineData("{\"value\": -1e309}", "too large to be a number")]
    [InlineData("{\"value\": 123456789012345678901234567890}", "outside the accepted range")]
    [InlineData("{\"value\": NaN}", "not well-formed")]
    [InlineData("{\"value\": Infinity}", "not well-formed")]
    [InlineData("{\"a\": 1,}", "not well-formed")]
    [InlineData("{\"a\": 1} // note", "not well-formed")]
    [InlineData("{\"a\": ", "not well-formed")]
    public void Hostile_or_broken_numbers_and_syntax_are_refused(string json, string expected)
    {
        Assert.Contains(expected, Problem(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_string_is_refused()
    {
        var json = "{\"note\":\"" + new string('x', SubmissionLimits.MaxJsonStringChars + 1) + "\"}";

        Assert.Contains("$.note is longer than 65,536 characters", Problem(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_array_is_refused()
    {
        var json = "[" + string.Join(',', Enumerable.Repeat("0", SubmissionLimits.MaxJsonArrayItems + 1)) + "]";

        Assert.Contains("more than 20,000 items", Problem(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_given_to_a_JSON_lab_is_named_as_the_wrong_kind()
    {
        Assert.Contains("looks like CSV or plain text, but this lab expects JSON", Problem("a,b\n1,2\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_key_names_are_quoted_in_paths()
    {
        var problem = Problem("{\"=cmd|x\":{\"=cmd|x\":1,\"=cmd|x\":2}}");

        Assert.Contains("[\"=cmd|x\"]", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Well_formed_document_is_returned()
    {
        var read = JsonSubmission.Read(LabSubmission.FromBytes(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"a\":[1,2]}")).ToArray()), "JSON");

        Assert.Empty(read.Issues);
        Assert.Equal(2, read.Value!.RootElement.GetProperty("a").GetArrayLength());
    }
}
