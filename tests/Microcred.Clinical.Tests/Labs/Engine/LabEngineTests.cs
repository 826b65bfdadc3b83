using System.Text;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.Submissions;

namespace Microcred.Clinical.Tests.Labs.Engine;

public class LabEngineTests
{
    [Fact]
    public void Grader_that_throws_still_returns_a_failed_grade_with_a_generic_message()
    {
        var lab = new ThrowingLab();

        var grade = lab.Grade(new LabScenarioRequest(1), LabSubmission.FromText("anything"));

        Assert.Equal(0, grade.Score);
        Assert.False(grade.Passed);
        Assert.Equal(["first", "second"], grade.Criteria.Select(c => c.Id));
        Assert.All(grade.Criteria, c => Assert.Contains("unexpected problem", c.Feedback, StringComparison.Ordinal));
        Assert.DoesNotContain(grade.Criteria, c => c.Feedback.Contains("boom", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_scenario_parameter_is_refused_by_create_and_reported_by_grade()
    {
        var lab = new ThrowingLab();
        var request = new LabScenarioRequest(1) { Parameters = new Dictionary<string, int> { ["patients"] = 5 } };

        var exception = Assert.Throws<ArgumentException>(() => lab.CreateScenario(request));
        Assert.Contains("unknown scenario parameter \"patients\"", exception.Message, StringComparison.Ordinal);
        Assert.Contains("unknown scenario parameter", lab.Grade(request, LabSubmission.FromText("x")).Criteria[0].Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_readme_carries_the_task_statement_and_lists_the_files()
    {
        var scenario = new ThrowingLab().CreateScenario(new LabScenarioRequest(42));

        var readme = scenario.Files[0];
        Assert.Equal("README.md", readme.Path);
        Assert.Contains("# Lab 99: Throwing lab", readme.Content, StringComparison.Ordinal);
        Assert.Contains("Do the thing.", readme.Content, StringComparison.Ordinal);
        Assert.Contains("- Seed: `42`", readme.Content, StringComparison.Ordinal);
        Assert.Contains("- `data.csv` — Some data.", readme.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_files_are_written_under_the_output_directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "microcred-lab-" + Guid.NewGuid().ToString("N"));
        try
        {
            new ThrowingLab().CreateScenario(new LabScenarioRequest(42)).WriteTo(directory);

            Assert.Equal("a,b\n1,2\n", File.ReadAllText(Path.Combine(directory, "data.csv")));
            Assert.True(File.Exists(Path.Combine(directory, "README.md")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(10, 3, 4, 7)]
    [InlineData(10, 4, 4, 10)]
    [InlineData(10, 0, 4, 0)]
    [InlineData(10, 0, 0, 10)]
    [InlineData(25, 2, 3, 16)]
    public void Share_rounds_down(int max, double earned, double possible, int expected)
    {
        Assert.Equal(expected, GradeSheet.Share(max, earned, possible));
    }

    [Fact]
    public void Feedback_list_shows_a_few_items_and_counts_the_rest()
    {
        var list = new FeedbackList(2);
        list.AddRange(["one", "two", "three", "four"]);

        Assert.Equal("Summary\n- one\n- two\n- … and 2 more.", list.Render("Summary"));
    }

    [Fact]
    public void Excerpt_quotes_truncates_and_escapes_controls()
    {
        Assert.Equal("\"=1+1\\t\\r\\n\\u0007\"", Excerpt.Quote("=1+1\t\r\n\a"));
        Assert.Equal("\"abcde…\"", Excerpt.Quote("abcdefgh", 5));
        Assert.Equal("\"say \\\"hi\\\"\"", Excerpt.Quote("say \"hi\""));
    }

    [Fact]
    public async Task Reading_a_stream_keeps_only_the_limit_plus_one_but_counts_everything()
    {
        var size = SubmissionLimits.MaxBytes + 500_000;
        using var stream = new MemoryStream(new byte[size]);

        var submission = await LabSubmission.ReadAsync(stream, "big.csv");

        Assert.Equal(size, submission.Length);
        Assert.True(submission.ExceedsSizeLimit);
        Assert.Equal(SubmissionLimits.MaxBytes + 1, submission.Content.Length);
    }

    [Fact]
    public void Lab_random_streams_are_reproducible_and_differ_by_purpose()
    {
        var first = Enumerable.Range(0, 5).Select(_ => 0UL).ToList();
        var a = LabRandom.For(7, "lab");
        var b = LabRandom.For(7, "lab");
        var c = LabRandom.For(7, "other");

        var fromA = Enumerable.Range(0, 5).Select(_ => a.NextUInt64()).ToList();
        Assert.Equal(fromA, Enumerable.Range(0, 5).Select(_ => b.NextUInt64()));
        Assert.NotEqual(fromA, Enumerable.Range(0, 5).Select(_ => c.NextUInt64()));
        Assert.NotEqual(first, fromA);
    }

    [Fact]
    public void Catalog_finds_labs_by_number_and_slug_and_refuses_duplicates()
    {
        var catalog = new LabCatalog([new ThrowingLab()]);

        Assert.Same(catalog.Labs[0], catalog.Find("99"));
        Assert.Same(catalog.Labs[0], catalog.Find("Throwing-Lab"));
        Assert.Null(catalog.Find("nope"));
        Assert.Null(catalog.Find(""));
        Assert.Throws<ArgumentException>(() => new LabCatalog([new ThrowingLab(), new ThrowingLab()]));
    }

    [Fact]
    public void Csv_document_quotes_when_needed_and_refuses_formula_cells()
    {
        var csv = new CsvDocument("a", "b");
        csv.Add("x, y", "say \"hi\"");
        csv.Add("-3.5", null);

        Assert.Equal("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n-3.5,\n", csv.ToString());
        Assert.Throws<InvalidOperationException>(() => csv.Add("=1+1", "b"));
    }

    [Fact]
    public void Number_parsing_names_the_problem()
    {
        Assert.False(SubmissionNumbers.TryParse("1e309", 0, 1000, out _, out var huge));
        Assert.Contains("too large", huge, StringComparison.Ordinal);
        Assert.False(SubmissionNumbers.TryParse("NaN", 0, 1000, out _, out var nan));
        Assert.Contains("not a number", nan, StringComparison.Ordinal);
        Assert.False(SubmissionNumbers.TryParse("1,200", 0, 1000, out _, out var comma));
        Assert.Contains("thousands separators", comma, StringComparison.Ordinal);
        Assert.False(SubmissionNumbers.TryParse("5000", 0, 1000, out _, out var range));
        Assert.Contains("outside the accepted range 0 to 1000", range, StringComparison.Ordinal);
        Assert.False(SubmissionNumbers.TryParseInteger("99999999999999999999999", 0, 10, out _, out var overflow));
        Assert.Contains("too large", overflow, StringComparison.Ordinal);
        Assert.True(SubmissionNumbers.TryParse(" 98.6 ", 0, 1000, out var value, out _));
        Assert.Equal(98.6, value);
    }

    [Fact]
    public void Fhir_reader_accepts_bundle_array_and_single_resource()
    {
        const string observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}";

        var bundle = FhirSubmission.Read(LabSubmission.FromText($"{{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{{\"fullUrl\":\"urn:uuid:1\",\"resource\":{observation}}},{{\"request\":{{}}}}]}}"));
        var array = FhirSubmission.Read(LabSubmission.FromText($"[{observation}, 3]"));
        var single = FhirSubmission.Read(LabSubmission.FromText(observation));

        Assert.Equal("Bundle", bundle.Value!.Shape);
        Assert.IsType<Hl7.Fhir.Model.Observation>(bundle.Value.Entries[0].Resource);
        Assert.Equal("urn:uuid:1", bundle.Value.Entries[0].FullUrl);
        Assert.Contains("entry[1] is an entry without a resource", bundle.Value.Entries[1].ParseIssues[0], StringComparison.Ordinal);
        Assert.Equal("array", array.Value!.Shape);
        Assert.Contains("[1] is a number", array.Value.Entries[1].ParseIssues[0], StringComparison.Ordinal);
        Assert.Equal("resource", single.Value!.Shape);
    }

    [Fact]
    public void Fhir_reader_reports_unknown_elements_and_wrong_types()
    {
        var read = FhirSubmission.Read(LabSubmission.FromText("[{\"resourceType\":\"Observation\",\"status\":\"final\",\"colour\":\"red\",\"code\":{\"text\":\"x\"},\"valueQuantity\":{\"value\":\"high\"}}]"));

        var entry = read.Value!.Entries[0];
        Assert.NotEmpty(entry.ParseIssues);
        Assert.Contains(entry.ParseIssues, i => i.Contains("colour", StringComparison.Ordinal));
    }

    [Fact]
    public void Fhir_reader_refuses_too_many_entries()
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i <= SubmissionLimits.MaxBundleEntries; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append("{\"resourceType\":\"Basic\"}");
        }

        var read = FhirSubmission.Read(LabSubmission.FromText(builder.Append(']').ToString()));

        Assert.Contains("5,001 resources; the limit is 5,000", read.FatalIssue!.Message, StringComparison.Ordinal);
    }

    private sealed class ThrowingLab : Lab<string>
    {
        private static readonly CriterionDefinition First = new("first", "First", 60);
        private static readonly CriterionDefinition Second = new("second", "Second", 40);

        public override LabInfo Info { get; } = new(99, "throwing-lab", "Throwing lab", ProgramArea.InformaticsFoundations, 70, "Throws.");

        public override string TaskStatement => "Do the thing.";

        internal override IReadOnlyList<CriterionDefinition> Criteria { get; } = [First, Second];

        internal override string BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters) => "truth";

        internal override void WriteScenario(string scenario, ScenarioFileSet files)
        {
            var csv = new CsvDocument("a", "b");
            csv.Add("1", "2");
            files.AddCsv("data.csv", "Some data.", csv);
        }

        internal override void GradeSubmission(string scenario, LabSubmission submission, GradeSheet sheet)
        {
            sheet.Award(First, 60, "ok");
            throw new InvalidOperationException("boom");
        }
    }
}
