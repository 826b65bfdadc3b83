using System.Net;
using Microcred.Web.Tests.Infrastructure;

namespace Microcred.Web.Tests.Catalog;

public abstract class CatalogPageTests
{
    private readonly MicrocredAppFactory app;

    protected CatalogPageTests(MicrocredAppFactory app)
    {
        app.EnsureAvailable();
        this.app = app;
    }

    private static List<string> CardTitles(PageView page) =>
        page.Document.QuerySelectorAll(".card h3").Select(h => h.TextContent.Trim()).ToList();

    [SkippableFact]
    public async Task Catalog_lists_microcredentials_before_certificates()
    {
        using var visitor = app.CreateVisitor();
        var page = await visitor.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["Fixture Clinical Notes", "Fixture Paid Dashboards", "Fixture Graduate Certificate"], CardTitles(page));
        Assert.Contains("Free", page.Text);
        Assert.Contains("$149.00", page.Text);
    }

    [SkippableFact]
    public async Task Area_filter_works_without_script()
    {
        using var visitor = app.CreateVisitor();
        var page = await visitor.GetAsync("/");
        var filtered = await visitor.SubmitAsync(page, "form[role=search]", new Dictionary<string, string> { ["area"] = "healthcare-administration" });

        Assert.Equal(["Fixture Paid Dashboards"], CardTitles(filtered));
        Assert.Equal("healthcare-administration", filtered.Document.QuerySelector("#area option[selected]")?.GetAttribute("value"));
    }

    [SkippableFact]
    public async Task Search_matches_competencies_case_insensitively()
    {
        using var visitor = app.CreateVisitor();
        var page = await visitor.GetAsync("/?q=CENSUS+dashboard");
        Assert.Equal(["Fixture Paid Dashboards"], CardTitles(page));
    }

    [SkippableFact]
    public async Task Search_without_matches_shows_an_empty_state()
    {
        using var visitor = app.CreateVisitor();
        var page = await visitor.GetAsync("/?q=astrophysics");
        Assert.Empty(CardTitles(page));
        Assert.Contains("No program matches", page.Text);
    }

    [SkippableFact]
    public async Task Program_page_shows_everything_a_learner_decides_on()
    {
        using var visitor = app.CreateVisitor();
        var page = await visitor.GetAsync("/programs/fixture-clinical-notes");

        Assert.Equal("Fixture Clinical Notes", page.H1);
        Assert.Contains("Test learners who need a free program", page.Text);
        Assert.Equal(3, page.Document.QuerySelectorAll("section[aria-labelledby=competencies-heading] li").Length);
        Assert.Contains("6 hours", page.Text);
        Assert.Contains("Online, self-paced", page.Text);
        Assert.Contains("ANCC nursing contact hours: 6 h", page.Text);
        Assert.Equal("/programs/fixture-certificate", page.Document.QuerySelector("section[aria-labelledby=stacks-heading] a")?.GetAttribute("href"));
        Assert.Equal(["Structured notes", "Reconciliation"], page.Document.QuerySelectorAll(".outline h3").Select(h => h.TextContent));
        Assert.Contains("Completing this program does not guarantee employment, job advancement or a change in salary", page.Text);
        Assert.Equal("Free", page.Document.QuerySelector(".price")?.TextContent);
    }

    [SkippableFact]
    public async Task Lesson_markdown_cannot_inject_script()
    {
        using var learner = await app.RegisterLearnerAsync();
        await learner.EnrollAsync("fixture-clinical-notes");
        var lesson = await learner.GetAsync("/learn/fixture-clinical-notes/problem-lists-and-the-clinical-record");

        Assert.Empty(lesson.Document.QuerySelectorAll("main script"));
        Assert.Contains("<script>alert('not allowed')</script>", lesson.Document.QuerySelector(".prose")!.TextContent);
    }

    [SkippableFact]
    public async Task Unknown_program_is_a_friendly_404_page()
    {
        using var visitor = app.CreateVisitor();
        var page = await visitor.GetAsync("/programs/no-such-program");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("We couldn't find that program", page.H1);
        Assert.Equal("text/html", page.Response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", page.Text);
    }

    [SkippableFact]
    public async Task Unknown_page_is_a_friendly_404_page()
    {
        using var visitor = app.CreateVisitor();
        var page = await visitor.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("We couldn't find that page", page.H1);
    }
}

public sealed class SqliteCatalogPageTests(SqliteAppFactory app) : CatalogPageTests(app), IClassFixture<SqliteAppFactory>;

public sealed class PostgresCatalogPageTests(PostgresAppFactory app) : CatalogPageTests(app), IClassFixture<PostgresAppFactory>;
