using System.Net;
using Microcred.Web.Data;
using Microcred.Web.Features.Catalog;
using Microcred.Web.Features.Catalog.Content;
using Microcred.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microcred.Web.Tests.Catalog;

/// The programs in the repository's content/ folder (copied beside the app at build time).
public static class RealCatalog
{
    public static string ContentPath => Path.Combine(AppContext.BaseDirectory, "content");

    public static readonly string[] MicrocredentialSlugs =
    [
        "ehr-documentation-clinical-workflows",
        "healthcare-data-analytics-dashboards",
        "telehealth-remote-patient-monitoring",
        "medical-coding-documentation-privacy",
        "population-health-program-evaluation",
        "health-data-management-governance",
    ];

    public const string CertificateSlug = "graduate-certificate-health-informatics";
}

public sealed class RealCatalogContentTests
{
    [Fact]
    public void Repository_content_loads_without_errors()
    {
        var result = ContentLoader.Load(RealCatalog.ContentPath);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(
            RealCatalog.MicrocredentialSlugs.Append(RealCatalog.CertificateSlug).Order(),
            result.Programs.Select(p => p.Slug).Order());
    }

    [Fact]
    public void Each_program_area_has_one_microcredential_and_the_certificate_stacks_all_six()
    {
        var programs = ContentLoader.Load(RealCatalog.ContentPath).Programs;
        var microcredentials = programs.Where(p => p.Kind == ProgramKind.Microcredential).ToList();

        Assert.Equal(ProgramAreas.All.Select(a => a.Key).Order(), microcredentials.Select(p => p.Area).Order());
        var certificate = programs.Single(p => p.Kind == ProgramKind.Certificate);
        Assert.Equal(RealCatalog.MicrocredentialSlugs.Order(), certificate.StackedFrom.Order());
        Assert.All(microcredentials, p => Assert.Contains(RealCatalog.CertificateSlug, p.StacksInto));
        Assert.All(microcredentials, p => Assert.InRange(p.EstimatedHours, 6, 15));
    }
}

/// The whole learner path, run over every microcredential of the real catalog.
public abstract class RealCatalogPathTests
{
    private readonly MicrocredAppFactory app;

    protected RealCatalogPathTests(MicrocredAppFactory app)
    {
        app.EnsureAvailable();
        app.ContentPath = RealCatalog.ContentPath;
        this.app = app;
    }

    [SkippableFact]
    public async Task Catalog_shows_six_microcredentials_and_the_certificate()
    {
        using var visitor = app.CreateVisitor();
        var page = await visitor.GetAsync("/");
        var links = page.Document.QuerySelectorAll(".card h3 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(RealCatalog.MicrocredentialSlugs.Append(RealCatalog.CertificateSlug).Select(s => $"/programs/{s}").Order(), links.Order());

        var certificate = await visitor.GetAsync($"/programs/{RealCatalog.CertificateSlug}");
        Assert.Equal(6, certificate.Document.QuerySelectorAll("section[aria-labelledby=stacked-heading] a").Length);
    }

    [SkippableTheory]
    [MemberData(nameof(Slugs))]
    public async Task Learner_completes_every_lesson_of_the_program(string slug)
    {
        using var learner = await app.RegisterLearnerAsync();
        var program = await learner.GetAsync($"/programs/{slug}");
        Assert.Equal(HttpStatusCode.OK, program.Status);
        Assert.InRange(program.Document.QuerySelectorAll("section[aria-labelledby=competencies-heading] li").Length, 3, 6);
        Assert.Contains("does not guarantee employment", program.Text);

        var lesson = await learner.EnrollAsync(slug);
        if (lesson.Path == "/learning")
        {
            // A paid program waits for payment, which is recorded outside the site.
            Assert.Contains("Pending payment", lesson.Text);
            await app.WithServicesAsync(async services =>
            {
                var db = services.GetRequiredService<AppDbContext>();
                var enrollment = await db.Enrollments.SingleAsync(e => db.Users.Any(u => u.Id == e.UserId && u.Email == learner.Email));
                Assert.True(enrollment.RecordPayment(DateTime.UtcNow));
                return await db.SaveChangesAsync();
            });
            var myLearning = await learner.GetAsync("/learning");
            lesson = await learner.GetAsync(myLearning.Document.QuerySelector(".enrollment a.button")!.GetAttribute("href")!);
        }
        var seen = 0;
        while (lesson.Path.StartsWith($"/learn/{slug}/", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.OK, lesson.Status);
            Assert.NotEmpty(lesson.Document.QuerySelector(".prose")!.TextContent.Trim());
            seen++;
            lesson = await learner.SubmitAsync(lesson, ".lesson-actions form");
        }

        Assert.Equal("/learning", lesson.Path);
        Assert.Contains($"{seen} of {seen} lessons done (100%)", lesson.Text);
        Assert.InRange(seen, 3, 15);
    }

    public static TheoryData<string> Slugs() => new(RealCatalog.MicrocredentialSlugs);
}

public sealed class SqliteRealCatalogPathTests(SqliteAppFactory app) : RealCatalogPathTests(app), IClassFixture<SqliteAppFactory>;

public sealed class PostgresRealCatalogPathTests(PostgresAppFactory app) : RealCatalogPathTests(app), IClassFixture<PostgresAppFactory>;
