using Microcred.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Microcred.Web.Features.Learning;

internal sealed class LessonModel(AppDbContext db, EnrollmentService learning, UserManager<Identity.UserAccount> users) : PageModel
{
    public string ProgramSlug { get; private set; } = "";
    public string ProgramTitle { get; private set; } = "";
    public string ModuleTitle { get; private set; } = "";
    public LessonLink Lesson { get; private set; } = new(Guid.Empty, "", "");
    public string BodyHtml { get; private set; } = "";
    public IReadOnlyList<OutlineModule> Outline { get; private set; } = [];
    public HashSet<Guid> Completed { get; private set; } = [];
    public LessonLink? Previous { get; private set; }
    public LessonLink? Next { get; private set; }
    public int Number { get; private set; }
    public int Total { get; private set; }
    public int DoneCount => Outline.SelectMany(m => m.Lessons).Count(l => Completed.Contains(l.Id));
    public bool IsDone => Completed.Contains(Lesson.Id);

    public async Task<IActionResult> OnGetAsync(string programSlug, string lessonSlug, CancellationToken cancellationToken)
    {
        var found = await FindAsync(programSlug, lessonSlug, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }
        var enrollment = await db.Enrollments.AsNoTracking()
            .Where(e => e.UserId == users.GetUserId(User) && e.ProgramId == found.ProgramId)
            .Select(e => new { e.Id, e.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (enrollment is not { Status: EnrollmentStatus.Active })
        {
            // Lessons open to active enrolments only; the program page says how to get one.
            return Redirect($"/programs/{programSlug}");
        }

        ProgramSlug = programSlug;
        ProgramTitle = found.ProgramTitle;
        ModuleTitle = found.ModuleTitle;
        Lesson = new LessonLink(found.Id, found.Slug, found.Title);
        BodyHtml = found.BodyHtml;
        Outline = await learning.GetOutlineAsync(found.ProgramId, cancellationToken);
        Completed = (await db.LessonCompletions.AsNoTracking()
            .Where(c => c.EnrollmentId == enrollment.Id)
            .Select(c => c.LessonId)
            .ToListAsync(cancellationToken)).ToHashSet();

        var ordered = Outline.SelectMany(m => m.Lessons).ToList();
        var index = ordered.FindIndex(l => l.Id == found.Id);
        Number = index + 1;
        Total = ordered.Count;
        Previous = index > 0 ? ordered[index - 1] : null;
        Next = index + 1 < ordered.Count ? ordered[index + 1] : null;
        return Page();
    }

    public async Task<IActionResult> OnPostCompleteAsync(string programSlug, string lessonSlug, CancellationToken cancellationToken)
    {
        var found = await FindAsync(programSlug, lessonSlug, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }
        var userId = users.GetUserId(User)!;
        var (outcome, _) = await learning.CompleteLessonAsync(userId, found.Id, cancellationToken);
        switch (outcome)
        {
            case CompleteOutcome.NotEnrolled or CompleteOutcome.EnrollmentNotActive:
                return Redirect($"/programs/{programSlug}");
            case CompleteOutcome.LessonNotFound:
                return NotFound();
        }

        // Carry on with the next unfinished lesson after this one, then any earlier one left open.
        var ordered = (await learning.GetOutlineAsync(found.ProgramId, cancellationToken)).SelectMany(m => m.Lessons).ToList();
        var done = (await db.LessonCompletions.AsNoTracking()
            .Where(c => db.Enrollments.Any(e => e.Id == c.EnrollmentId && e.UserId == userId && e.ProgramId == found.ProgramId))
            .Select(c => c.LessonId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var index = ordered.FindIndex(l => l.Id == found.Id);
        var next = ordered.Skip(index + 1).Concat(ordered.Take(index)).FirstOrDefault(l => !done.Contains(l.Id));
        if (next is not null)
        {
            TempData["Status"] = $"“{found.Title}” is complete.";
            return Redirect($"/learn/{programSlug}/{next.Slug}");
        }
        TempData["Status"] = $"You completed every lesson of {found.ProgramTitle}.";
        return Redirect("/learning");
    }

    private Task<FoundLesson?> FindAsync(string programSlug, string lessonSlug, CancellationToken cancellationToken) =>
        db.Lessons.AsNoTracking()
            .Where(l => l.Slug == lessonSlug && !l.IsRetired)
            .Join(db.Programs.Where(p => p.Slug == programSlug && !p.IsRetired), l => l.ProgramId, p => p.Id, (l, p) => new { l, p })
            .Join(db.Modules, x => x.l.ModuleId, m => m.Id, (x, m) => new FoundLesson
            {
                Id = x.l.Id,
                ProgramId = x.p.Id,
                Slug = x.l.Slug,
                Title = x.l.Title,
                BodyHtml = x.l.BodyHtml,
                ProgramTitle = x.p.Title,
                ModuleTitle = m.Title,
            })
            .SingleOrDefaultAsync(cancellationToken);

    private sealed record FoundLesson
    {
        public Guid Id { get; init; }
        public Guid ProgramId { get; init; }
        public required string Slug { get; init; }
        public required string Title { get; init; }
        public required string BodyHtml { get; init; }
        public required string ProgramTitle { get; init; }
        public required string ModuleTitle { get; init; }
    }
}
