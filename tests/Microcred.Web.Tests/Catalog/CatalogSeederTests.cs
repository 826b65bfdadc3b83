using Microcred.Web.Features.Catalog;
using Microcred.Web.Features.Catalog.Content;
using Microcred.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microcred.Web.Tests.Catalog;

/// Re-seeding brings the catalog in line with the files and never loses a learner's progress.
public abstract class CatalogSeederTests : IAsyncLifetime
{
    private const string Program = "fixture-clinical-notes";
    private readonly string content = Path.Combine(Path.GetTempPath(), "microcred-seed-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly MicrocredAppFactory app;

    protected CatalogSeederTests(MicrocredAppFactory app)
    {
        app.EnsureAvailable();
        this.app = app;
        CopyFolder(Path.Combine(AppContext.BaseDirectory, "Fixtures", "content"), content);
        app.ContentPath = content;
    }

    public Task InitializeAsync() => app.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await ((IAsyncLifetime)app).DisposeAsync();
        Directory.Delete(content, recursive: true);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private string ModuleFile(string name) => Path.Combine(content, "programs", Program, name);

    private Task<int> SeedAsync() =>
        app.WithServicesAsync(services => services.GetRequiredService<CatalogSeeder>().SeedAsync());

    private async Task<Visitor> LearnerWithTwoLessonsDoneAsync()
    {
        var learner = await app.RegisterLearnerAsync();
        await learner.EnrollAsync(Program);
        await learner.CompleteLessonAsync(Program, "why-structured-data-matters");
        await learner.CompleteLessonAsync(Program, "problem-lists-and-the-clinical-record");
        return learner;
    }

    [SkippableFact]
    public async Task Seeding_unchanged_content_again_changes_nothing()
    {
        using var learner = await LearnerWithTwoLessonsDoneAsync();
        var before = await app.QueryAsync(db => db.Lessons.OrderBy(l => l.Id).Select(l => new { l.Id, l.Title, l.ModuleId, l.IsRetired }).ToListAsync());

        await SeedAsync();
        await SeedAsync();

        var after = await app.QueryAsync(db => db.Lessons.OrderBy(l => l.Id).Select(l => new { l.Id, l.Title, l.ModuleId, l.IsRetired }).ToListAsync());
        Assert.Equal(before, after);
        Assert.Equal(2, await app.QueryAsync(db => db.LessonCompletions.CountAsync()));
        Assert.Equal(3, await app.QueryAsync(db => db.Programs.CountAsync()));
    }

    [SkippableFact]
    public async Task Edited_lesson_text_and_a_new_lesson_arrive_while_progress_stays()
    {
        using var learner = await LearnerWithTwoLessonsDoneAsync();
        var module = ModuleFile("02-reconciliation.md");
        File.WriteAllText(module, File.ReadAllText(module).Replace("fixes the differences", "corrects every difference", StringComparison.Ordinal)
            + "\n# Closing the loop with the patient\n\nTell the synthetic patient what changed.\n");

        await SeedAsync();

        var page = await learner.GetAsync("/learning");
        Assert.Contains("2 of 4 lessons done (50%)", page.Text);
        var lesson = await learner.GetAsync($"/learn/{Program}/reconciling-medications-at-a-visit");
        Assert.Contains("corrects every difference", lesson.Text);
        Assert.Equal($"/learn/{Program}/closing-the-loop-with-the-patient", lesson.Document.QuerySelector("a[rel=next]")?.GetAttribute("href"));
    }

    [SkippableFact]
    public async Task Removed_lesson_with_completions_is_retired_and_one_without_is_deleted()
    {
        using var learner = await LearnerWithTwoLessonsDoneAsync();
        var first = ModuleFile("01-structured-notes.md");
        var text = File.ReadAllText(first);
        File.WriteAllText(first, text[..text.IndexOf("# Problem lists", StringComparison.Ordinal)]);
        File.Delete(ModuleFile("02-reconciliation.md"));

        await SeedAsync();

        var lessons = await app.QueryAsync(db => db.Lessons.Where(l => l.ProgramId == StableId.ForProgram(Program))
            .Select(l => new { l.Slug, l.IsRetired }).OrderBy(l => l.Slug).ToListAsync());
        Assert.Equal(
            [new { Slug = "problem-lists-and-the-clinical-record", IsRetired = true }, new { Slug = "why-structured-data-matters", IsRetired = false }],
            lessons);
        Assert.Equal(2, await app.QueryAsync(db => db.LessonCompletions.CountAsync()));
        var page = await learner.GetAsync("/learning");
        Assert.Contains("1 of 1 lessons done (100%)", page.Text);

        // The lesson comes back when the content does, with its completion intact.
        File.WriteAllText(first, text);
        await SeedAsync();
        page = await learner.GetAsync("/learning");
        Assert.Contains("2 of 2 lessons done (100%)", page.Text);
    }

    [SkippableFact]
    public async Task Removed_program_with_enrolments_is_retired_from_the_catalog()
    {
        using var learner = await LearnerWithTwoLessonsDoneAsync();
        Directory.Delete(Path.Combine(content, "programs", "fixture-paid-analytics"), recursive: true);
        Directory.Delete(Path.Combine(content, "programs", Program), recursive: true);
        var certificate = Path.Combine(content, "programs", "fixture-certificate", "program.md");
        File.WriteAllText(certificate, File.ReadAllText(certificate)
            .Replace("  - fixture-clinical-notes\n  - fixture-paid-analytics\n", "  - fixture-other\n", StringComparison.Ordinal));
        CopyFolder(Path.Combine(AppContext.BaseDirectory, "Fixtures", "content", "programs", "fixture-paid-analytics"),
            Path.Combine(content, "programs", "fixture-other"));
        var other = Path.Combine(content, "programs", "fixture-other", "program.md");
        File.WriteAllText(other, File.ReadAllText(other).Replace("Fixture Paid Dashboards", "Fixture Other", StringComparison.Ordinal));

        await SeedAsync();

        var programs = await app.QueryAsync(db => db.Programs.Select(p => new { p.Slug, p.IsRetired }).OrderBy(p => p.Slug).ToListAsync());
        Assert.Equal(
            [new { Slug = "fixture-certificate", IsRetired = false }, new { Slug = "fixture-clinical-notes", IsRetired = true }, new { Slug = "fixture-other", IsRetired = false }],
            programs);
        var catalog = await learner.GetAsync("/");
        Assert.DoesNotContain("Fixture Clinical Notes", catalog.Text);
        Assert.Equal(2, await app.QueryAsync(db => db.LessonCompletions.CountAsync()));
    }

    [SkippableFact]
    public async Task Invalid_content_stops_seeding_and_leaves_the_catalog_as_it_was()
    {
        _ = await app.QueryAsync(db => db.Programs.CountAsync());
        var module = ModuleFile("01-structured-notes.md");
        File.WriteAllText(module, File.ReadAllText(module).Replace("title: Structured notes", "title: Structured notes\nquiz: soon", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<ContentValidationException>(SeedAsync);

        Assert.Contains("content/programs/fixture-clinical-notes/01-structured-notes.md:3: unknown key 'quiz'", error.Message);
        Assert.Equal("Structured notes", await app.QueryAsync(db => db.Modules.Where(m => m.Slug == "structured-notes").Select(m => m.Title).SingleAsync()));
    }
}

public sealed class SqliteCatalogSeederTests() : CatalogSeederTests(new SqliteAppFactory());

public sealed class PostgresCatalogSeederTests() : CatalogSeederTests(new PostgresAppFactory());
