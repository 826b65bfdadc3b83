using Microcred.Web.Features.Catalog;
using Microcred.Web.Features.Catalog.Content;

namespace Microcred.Web.Tests.Catalog;

/// Content files are validated on load; every error names the file and the line to fix.
public sealed class ContentLoaderTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "microcred-content-" + Guid.NewGuid().ToString("N")[..10]);

    private const string GoodProgram = """
        ---
        title: Sample Program
        kind: microcredential
        area: telehealth
        summary: A short sample program.
        audience: Nurses who run virtual visits.
        competencies:
          - Plan a virtual visit
          - Triage remote monitoring alerts
          - Explain data flows to a patient
        estimatedHours: 8
        format: Online, self-paced
        creditHours: 1
        continuingEducation:
          - type: ANCC nursing contact hours
            hours: 8
        price: 0
        ---
        The sample program's description.
        """;

    private const string GoodModule = """
        ---
        title: Virtual visits
        summary: How a virtual visit runs.
        ---
        # Before the visit

        Check the synthetic patient's device.

        # During the visit

        Confirm identity with two synthetic identifiers.
        """;

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(root, "programs", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
    }

    private ContentError SingleError()
    {
        var result = ContentLoader.Load(root);
        Assert.Empty(result.Programs);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Valid_program_loads_with_modules_lessons_and_rendered_html()
    {
        Write("sample-program/program.md", GoodProgram);
        Write("sample-program/01-virtual-visits.md", GoodModule);

        var result = ContentLoader.Load(root);

        Assert.Empty(result.Errors);
        var program = Assert.Single(result.Programs);
        Assert.Equal("sample-program", program.Slug);
        Assert.Equal(ProgramKind.Microcredential, program.Kind);
        Assert.Equal(8m, program.EstimatedHours);
        Assert.Equal("<p>The sample program's description.</p>", program.DescriptionHtml.Trim());
        var module = Assert.Single(program.Modules);
        Assert.Equal(("virtual-visits", 1), (module.Slug, module.Position));
        Assert.Equal(["before-the-visit", "during-the-visit"], module.Lessons.Select(l => l.Slug));
        Assert.Equal("<p>Check the synthetic patient's device.</p>", module.Lessons[0].BodyHtml.Trim());
    }

    [Fact]
    public void Fixture_catalog_used_by_the_integration_tests_loads_cleanly()
    {
        var result = ContentLoader.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "content"));
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Programs.Count);
    }

    [Fact]
    public void Malformed_yaml_names_the_file_and_line()
    {
        Write("sample-program/program.md", GoodProgram.Replace("format: Online, self-paced", "format: [Online, self-paced"));
        Write("sample-program/01-virtual-visits.md", GoodModule);

        var error = SingleError();

        Assert.Equal("content/programs/sample-program/program.md", error.File);
        Assert.InRange(error.Line, 12, 18);
        Assert.Contains("not valid YAML", error.Message);
    }

    [Fact]
    public void Unknown_key_is_an_error_at_its_line()
    {
        Write("sample-program/program.md", GoodProgram.Replace("format: Online", "duration: 3 weeks\nformat: Online"));
        Write("sample-program/01-virtual-visits.md", GoodModule);

        var error = SingleError();

        Assert.Equal(("content/programs/sample-program/program.md", 12), (error.File, error.Line));
        Assert.Equal("unknown key 'duration'", error.Message);
        Assert.Equal("content/programs/sample-program/program.md:12: unknown key 'duration'", error.ToString());
    }

    [Fact]
    public void Unknown_key_in_a_module_is_an_error_at_its_line()
    {
        Write("sample-program/program.md", GoodProgram);
        Write("sample-program/01-virtual-visits.md", GoodModule.Replace("summary:", "quiz: later\nsummary:"));

        var error = SingleError();

        Assert.Equal(("content/programs/sample-program/01-virtual-visits.md", 3), (error.File, error.Line));
        Assert.Equal("unknown key 'quiz'", error.Message);
    }

    [Fact]
    public void Missing_title_is_an_error_naming_the_key()
    {
        Write("sample-program/program.md", GoodProgram.Replace("title: Sample Program\n", ""));
        Write("sample-program/01-virtual-visits.md", GoodModule);

        var error = SingleError();

        Assert.Equal(("content/programs/sample-program/program.md", 1), (error.File, error.Line));
        Assert.Equal("missing required key 'title'", error.Message);
    }

    [Fact]
    public void Value_of_the_wrong_type_names_the_key_and_line()
    {
        Write("sample-program/program.md", GoodProgram.Replace("estimatedHours: 8", "estimatedHours: eight"));
        Write("sample-program/01-virtual-visits.md", GoodModule);

        var error = SingleError();

        Assert.Equal(11, error.Line);
        Assert.StartsWith("'estimatedHours' has an invalid value", error.Message);
    }

    [Fact]
    public void Hours_outside_the_microcredential_range_are_rejected()
    {
        Write("sample-program/program.md", GoodProgram.Replace("estimatedHours: 8", "estimatedHours: 40"));
        Write("sample-program/01-virtual-visits.md", GoodModule);

        var error = SingleError();

        Assert.Equal(11, error.Line);
        Assert.Contains("6 to 15 hours", error.Message);
    }

    [Fact]
    public void Unknown_area_lists_the_valid_ones()
    {
        Write("sample-program/program.md", GoodProgram.Replace("area: telehealth", "area: cardiology"));
        Write("sample-program/01-virtual-visits.md", GoodModule);

        var error = SingleError();

        Assert.Equal(4, error.Line);
        Assert.Contains("clinical-documentation", error.Message);
    }

    [Fact]
    public void Too_few_competencies_are_rejected()
    {
        Write("sample-program/program.md", GoodProgram.Replace("  - Explain data flows to a patient\n", "").Replace("  - Triage remote monitoring alerts\n", ""));
        Write("sample-program/01-virtual-visits.md", GoodModule);

        var error = SingleError();

        Assert.Equal(7, error.Line);
        Assert.Contains("3 to 6", error.Message);
    }

    [Fact]
    public void Duplicate_lesson_slug_across_modules_names_both_places()
    {
        Write("sample-program/program.md", GoodProgram);
        Write("sample-program/01-virtual-visits.md", GoodModule);
        Write("sample-program/02-follow-up.md", """
            ---
            title: Follow-up
            summary: After the visit.
            ---
            # Before  the visit!

            A second lesson whose title makes the same slug.
            """);

        var error = SingleError();

        Assert.Equal(("content/programs/sample-program/02-follow-up.md", 5), (error.File, error.Line));
        Assert.Contains("duplicate lesson slug 'before-the-visit'", error.Message);
        Assert.Contains("01-virtual-visits.md:5", error.Message);
    }

    [Fact]
    public void Stacks_into_an_unknown_program_is_an_error_at_the_entry()
    {
        Write("sample-program/program.md", GoodProgram.Replace("price: 0", "price: 0\nstacksInto:\n  - missing-certificate"));
        Write("sample-program/01-virtual-visits.md", GoodModule);

        var error = SingleError();

        Assert.Equal(19, error.Line);
        Assert.Contains("'missing-certificate', which is not a program folder", error.Message);
    }

    [Fact]
    public void Certificate_and_microcredential_must_name_each_other()
    {
        Write("sample-program/program.md", GoodProgram.Replace("price: 0", "price: 0\nstacksInto:\n  - sample-certificate"));
        Write("sample-program/01-virtual-visits.md", GoodModule);
        Write("sample-certificate/program.md", """
            ---
            title: Sample Certificate
            kind: certificate
            area: informatics-foundations
            summary: A certificate.
            audience: Everyone.
            competencies: [One thing, Another thing, A third thing]
            format: Online, self-paced
            creditHours: 9
            price: 0
            stackedFrom: [some-other-program]
            ---
            """);

        var errors = ContentLoader.Load(root).Errors;

        Assert.Contains(errors, e => e.File.EndsWith("sample-program/program.md", StringComparison.Ordinal) && e.Message.Contains("does not list 'sample-program'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.File.EndsWith("sample-certificate/program.md", StringComparison.Ordinal) && e.Message.Contains("'some-other-program', which is not a program folder", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_front_matter_is_reported_on_line_1()
    {
        Write("sample-program/program.md", GoodProgram);
        Write("sample-program/01-virtual-visits.md", "# A lesson without front matter\n\nText.\n");

        var error = SingleError();

        Assert.Equal(("content/programs/sample-program/01-virtual-visits.md", 1), (error.File, error.Line));
        Assert.Contains("missing YAML front matter", error.Message);
    }

    [Fact]
    public void Text_before_the_first_lesson_heading_is_rejected()
    {
        Write("sample-program/program.md", GoodProgram);
        Write("sample-program/01-virtual-visits.md", GoodModule.Replace("# Before the visit", "Stray paragraph.\n\n# Before the visit"));

        var error = SingleError();

        Assert.Equal(5, error.Line);
        Assert.Contains("text before the first lesson", error.Message);
    }

    [Fact]
    public void Badly_named_module_file_is_rejected()
    {
        Write("sample-program/program.md", GoodProgram);
        Write("sample-program/01-virtual-visits.md", GoodModule);
        Write("sample-program/virtual-visits-2.md", GoodModule);

        var error = SingleError();

        Assert.Equal("content/programs/sample-program/virtual-visits-2.md", error.File);
        Assert.Contains("NN-<module-slug>.md", error.Message);
    }

    [Fact]
    public void Raw_html_in_a_lesson_is_shown_as_text_never_run()
    {
        Write("sample-program/program.md", GoodProgram);
        Write("sample-program/01-virtual-visits.md", GoodModule.Replace("Check the synthetic patient's device.", "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>"));

        var result = ContentLoader.Load(root);

        Assert.Empty(result.Errors);
        var html = result.Programs[0].Modules[0].Lessons[0].BodyHtml;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void Javascript_link_is_rejected_with_its_line()
    {
        Write("sample-program/program.md", GoodProgram);
        Write("sample-program/01-virtual-visits.md", GoodModule.Replace("Confirm identity", "[Click](javascript:alert(1)) to confirm identity"));

        var error = SingleError();

        Assert.Equal(11, error.Line);
        Assert.Contains("javascript:alert(1)", error.Message);
    }

    [Fact]
    public void Certificate_without_hours_takes_the_sum_of_its_microcredentials()
    {
        var result = ContentLoader.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "content"));
        var certificate = result.Programs.Single(p => p.Kind == ProgramKind.Certificate);
        Assert.Equal(18.5m, certificate.EstimatedHours);
    }

    [Theory]
    [InlineData("Why structured data matters", "why-structured-data-matters")]
    [InlineData("HL7® FHIR: “quotes” & more", "hl7-fhir-quotes-more")]
    [InlineData("  ICD-10-CM -- coding  ", "icd-10-cm-coding")]
    public void Lesson_slug_is_made_from_the_title(string title, string slug) =>
        Assert.Equal(slug, ContentLoader.Slugify(title));
}
