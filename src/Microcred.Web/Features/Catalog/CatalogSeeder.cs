using Microcred.Web.Data;
using Microcred.Web.Features.Catalog.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Microcred.Web.Features.Catalog;

internal sealed class ContentOptions
{
    public const string Section = "Content";

    /// The folder that holds `programs/`; by default the copy of `content/` beside the app.
    public string Path { get; set; } = System.IO.Path.Combine(AppContext.BaseDirectory, "content");
}

/// Brings the catalog tables in line with the content files. Idempotent: programs, modules and
/// lessons are matched by slug and updated in place; learner progress is never touched, and a
/// lesson that learners completed is retired rather than deleted when it leaves the content.
internal sealed class CatalogSeeder(AppDbContext db, IOptions<ContentOptions> options, TimeProvider clock, ILogger<CatalogSeeder> logger) : IStartupTask
{
    Task IStartupTask.RunAsync(CancellationToken cancellationToken) => SeedAsync(cancellationToken);

    public async Task<int> SeedAsync(CancellationToken cancellationToken = default)
    {
        var root = System.IO.Path.GetFullPath(options.Value.Path);
        var result = ContentLoader.Load(root);
        if (!result.Succeeded)
        {
            throw new ContentValidationException(result.Errors);
        }
        if (result.Programs.Count == 0)
        {
            logger.LogWarning("No programs found under {ContentPath}/programs; the catalog is empty", root);
        }

        var now = clock.GetStoredUtcNow();
        var existing = await db.Programs
            .Include(p => p.Modules).ThenInclude(m => m.Lessons)
            .AsSplitQuery()
            .ToDictionaryAsync(p => p.Slug, StringComparer.Ordinal, cancellationToken);
        var completedLessonIds = (await db.LessonCompletions.Select(c => c.LessonId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var enrolledProgramIds = (await db.Enrollments.Select(e => e.ProgramId).Distinct().ToListAsync(cancellationToken)).ToHashSet();

        var ordered = result.Programs
            .OrderBy(p => p.Kind)
            .ThenBy(p => ProgramAreas.All.ToList().FindIndex(a => a.Key == p.Area))
            .ThenBy(p => p.Title, StringComparer.Ordinal)
            .ToList();
        for (var position = 0; position < ordered.Count; position++)
        {
            var content = ordered[position];
            if (!existing.Remove(content.Slug, out var program))
            {
                program = new LearningProgram
                {
                    Id = StableId.ForProgram(content.Slug),
                    Slug = content.Slug,
                    Area = content.Area,
                    Title = content.Title,
                    Summary = content.Summary,
                    Audience = content.Audience,
                    DescriptionHtml = content.DescriptionHtml,
                    Format = content.Format,
                };
                db.Programs.Add(program);
            }
            Apply(program, content, position, now, completedLessonIds);
        }

        foreach (var removed in existing.Values)
        {
            if (enrolledProgramIds.Contains(removed.Id))
            {
                removed.IsRetired = true;
            }
            else
            {
                db.Lessons.RemoveRange(removed.Modules.SelectMany(m => m.Lessons));
                db.Programs.Remove(removed);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Catalog seeded from {ContentPath}: {ProgramCount} programs", root, ordered.Count);
        return ordered.Count;
    }

    private void Apply(LearningProgram program, ProgramContent content, int position, DateTime now, HashSet<Guid> completedLessonIds)
    {
        program.Kind = content.Kind;
        program.Area = content.Area;
        program.Title = content.Title;
        program.Summary = content.Summary;
        program.Audience = content.Audience;
        program.DescriptionHtml = content.DescriptionHtml;
        program.Competencies = [.. content.Competencies];
        program.EstimatedHours = content.EstimatedHours;
        program.Format = content.Format;
        program.CreditHours = content.CreditHours;
        program.Price = content.Price;
        program.StacksInto = [.. content.StacksInto];
        program.StackedFrom = [.. content.StackedFrom];
        program.Position = position;
        program.IsRetired = false;
        program.UpdatedAt = now;
        if (!program.ContinuingEducation.Select(c => (c.Type, c.Hours)).SequenceEqual(content.ContinuingEducation.Select(c => (c.Type, c.Hours))))
        {
            program.ContinuingEducation = content.ContinuingEducation.Select(c => new ContinuingEducationCredit { Type = c.Type, Hours = c.Hours }).ToList();
        }

        var modules = program.Modules.ToDictionary(m => m.Slug, StringComparer.Ordinal);
        var lessons = program.Modules.SelectMany(m => m.Lessons).ToDictionary(l => l.Slug, StringComparer.Ordinal);
        foreach (var moduleContent in content.Modules)
        {
            if (!modules.Remove(moduleContent.Slug, out var module))
            {
                module = new Module
                {
                    Id = StableId.ForModule(program.Slug, moduleContent.Slug),
                    ProgramId = program.Id,
                    Slug = moduleContent.Slug,
                    Title = moduleContent.Title,
                    Summary = moduleContent.Summary,
                };
                program.Modules.Add(module);
            }
            module.Position = moduleContent.Position;
            module.Title = moduleContent.Title;
            module.Summary = moduleContent.Summary;
            module.IsRetired = false;

            foreach (var lessonContent in moduleContent.Lessons)
            {
                if (lessons.Remove(lessonContent.Slug, out var lesson))
                {
                    if (lesson.ModuleId != module.Id)
                    {
                        // The lesson moved to another module in the content; follow it.
                        program.Modules.First(m => m.Id == lesson.ModuleId).Lessons.Remove(lesson);
                        module.Lessons.Add(lesson);
                    }
                }
                else
                {
                    lesson = new Lesson
                    {
                        Id = StableId.ForLesson(program.Slug, lessonContent.Slug),
                        ProgramId = program.Id,
                        Slug = lessonContent.Slug,
                        Title = lessonContent.Title,
                        BodyHtml = lessonContent.BodyHtml,
                    };
                    module.Lessons.Add(lesson);
                }
                lesson.ModuleId = module.Id;
                lesson.Position = lessonContent.Position;
                lesson.Title = lessonContent.Title;
                lesson.BodyHtml = lessonContent.BodyHtml;
                lesson.IsRetired = false;
            }
        }

        foreach (var gone in lessons.Values)
        {
            if (completedLessonIds.Contains(gone.Id))
            {
                gone.IsRetired = true;
            }
            else
            {
                program.Modules.First(m => m.Id == gone.ModuleId).Lessons.Remove(gone);
                db.Lessons.Remove(gone);
            }
        }
        foreach (var gone in modules.Values)
        {
            if (gone.Lessons.Count > 0)
            {
                gone.IsRetired = true;
            }
            else
            {
                program.Modules.Remove(gone);
                db.Modules.Remove(gone);
            }
        }
    }
}
