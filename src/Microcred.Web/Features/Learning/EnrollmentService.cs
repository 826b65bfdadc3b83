using Microcred.Web.Data;
using Microcred.Web.Features.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Microcred.Web.Features.Learning;

internal enum EnrollOutcome
{
    Enrolled,
    AlreadyEnrolled,
    Reenrolled,
    ProgramNotFound,
    NotEnrollable,
}

internal enum CompleteOutcome
{
    Completed,
    AlreadyCompleted,
    LessonNotFound,
    NotEnrolled,
    EnrollmentNotActive,
}

internal sealed record LessonLink(Guid Id, string Slug, string Title);

internal sealed record OutlineModule(string Slug, string Title, string Summary, IReadOnlyList<LessonLink> Lessons);

internal sealed record EnrollmentProgress(
    Guid EnrollmentId,
    string ProgramSlug,
    string ProgramTitle,
    decimal Price,
    EnrollmentStatus Status,
    DateTime EnrolledAt,
    DateTime LastActivityAt,
    int CompletedLessons,
    int TotalLessons,
    LessonLink? NextLesson)
{
    /// The share of the program's current lessons the learner has completed, 0 to 1.
    public double Progress => TotalLessons == 0 ? 0 : (double)CompletedLessons / TotalLessons;

    public int Percent => (int)Math.Floor(Progress * 100);

    public bool IsComplete => TotalLessons > 0 && CompletedLessons == TotalLessons;
}

/// The learner's actions and views that both the pages and the API need.
internal sealed class EnrollmentService(AppDbContext db, TimeProvider clock)
{
    public async Task<(EnrollOutcome Outcome, Enrollment? Enrollment)> EnrollAsync(string userId, string programSlug, CancellationToken cancellationToken)
    {
        var program = await db.Programs.SingleOrDefaultAsync(p => p.Slug == programSlug && !p.IsRetired, cancellationToken);
        if (program is null)
        {
            return (EnrollOutcome.ProgramNotFound, null);
        }
        if (!program.IsEnrollable)
        {
            return (EnrollOutcome.NotEnrollable, null);
        }

        var now = clock.GetStoredUtcNow();
        var enrollment = await db.Enrollments.SingleOrDefaultAsync(e => e.UserId == userId && e.ProgramId == program.Id, cancellationToken);
        if (enrollment is not null)
        {
            if (!enrollment.Reactivate(program, now))
            {
                return (EnrollOutcome.AlreadyEnrolled, enrollment);
            }
            await db.SaveChangesAsync(cancellationToken);
            return (EnrollOutcome.Reenrolled, enrollment);
        }

        enrollment = Enrollment.Start(userId, program, now);
        db.Enrollments.Add(enrollment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two enrol requests raced; the unique (user, program) index let only one through.
            db.ChangeTracker.Clear();
            var existing = await db.Enrollments.AsNoTracking()
                .SingleOrDefaultAsync(e => e.UserId == userId && e.ProgramId == program.Id, cancellationToken);
            if (existing is null)
            {
                throw;
            }
            return (EnrollOutcome.AlreadyEnrolled, existing);
        }
        return (EnrollOutcome.Enrolled, enrollment);
    }

    /// Returns false when there was no current enrolment to withdraw from.
    public async Task<bool> WithdrawAsync(string userId, string programSlug, CancellationToken cancellationToken)
    {
        var enrollment = await db.Enrollments
            .Where(e => e.UserId == userId && db.Programs.Any(p => p.Id == e.ProgramId && p.Slug == programSlug))
            .SingleOrDefaultAsync(cancellationToken);
        if (enrollment is null || !enrollment.Withdraw(clock.GetStoredUtcNow()))
        {
            return false;
        }
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<(CompleteOutcome Outcome, LessonCompletion? Completion)> CompleteLessonAsync(string userId, Guid lessonId, CancellationToken cancellationToken)
    {
        var lesson = await db.Lessons.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lessonId, cancellationToken);
        if (lesson is null || lesson.IsRetired)
        {
            return (CompleteOutcome.LessonNotFound, null);
        }
        var enrollment = await db.Enrollments
            .Include(e => e.Completions)
            .SingleOrDefaultAsync(e => e.UserId == userId && e.ProgramId == lesson.ProgramId, cancellationToken);
        if (enrollment is null || enrollment.Status == EnrollmentStatus.Withdrawn)
        {
            return (CompleteOutcome.NotEnrolled, null);
        }

        var outcome = enrollment.CompleteLesson(lesson, clock.GetStoredUtcNow());
        switch (outcome)
        {
            case LessonCompletionOutcome.Completed:
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // A second request (another tab, a double click) recorded the same lesson
                    // first; the key on (enrolment, lesson) kept it single.
                    db.ChangeTracker.Clear();
                    var recorded = await db.LessonCompletions.AsNoTracking()
                        .SingleOrDefaultAsync(c => c.EnrollmentId == enrollment.Id && c.LessonId == lessonId, cancellationToken);
                    if (recorded is null)
                    {
                        throw;
                    }
                    return (CompleteOutcome.AlreadyCompleted, recorded);
                }
                return (CompleteOutcome.Completed, enrollment.Completions.Single(c => c.LessonId == lessonId));
            case LessonCompletionOutcome.AlreadyCompleted:
                return (CompleteOutcome.AlreadyCompleted, enrollment.Completions.Single(c => c.LessonId == lessonId));
            case LessonCompletionOutcome.EnrollmentNotActive:
                return (CompleteOutcome.EnrollmentNotActive, null);
            default:
                return (CompleteOutcome.LessonNotFound, null);
        }
    }

    /// The learner's enrolments, newest activity first, each with its progress and next lesson.
    public async Task<IReadOnlyList<EnrollmentProgress>> GetProgressAsync(string userId, CancellationToken cancellationToken, string? programSlug = null)
    {
        var enrollments = await db.Enrollments.AsNoTracking()
            .Where(e => e.UserId == userId)
            .Join(db.Programs, e => e.ProgramId, p => p.Id, (e, p) => new
            {
                e.Id,
                e.ProgramId,
                e.Status,
                e.EnrolledAt,
                e.LastActivityAt,
                p.Slug,
                p.Title,
                p.Price,
            })
            .Where(e => programSlug == null || e.Slug == programSlug)
            .ToListAsync(cancellationToken);
        if (enrollments.Count == 0)
        {
            return [];
        }

        var programIds = enrollments.Select(e => e.ProgramId).ToList();
        var enrollmentIds = enrollments.Select(e => e.Id).ToList();
        var lessons = await OrderedLessons(programIds).ToListAsync(cancellationToken);
        var completed = (await db.LessonCompletions.AsNoTracking()
                .Where(c => enrollmentIds.Contains(c.EnrollmentId))
                .Select(c => new { c.EnrollmentId, c.LessonId })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.EnrollmentId, c => c.LessonId);

        return enrollments
            .Select(e =>
            {
                var programLessons = lessons.Where(l => l.ProgramId == e.ProgramId).ToList();
                var done = completed[e.Id].ToHashSet();
                var next = programLessons.FirstOrDefault(l => !done.Contains(l.Id));
                return new EnrollmentProgress(
                    e.Id, e.Slug, e.Title, e.Price, e.Status, e.EnrolledAt, e.LastActivityAt,
                    programLessons.Count(l => done.Contains(l.Id)), programLessons.Count,
                    next is null ? null : new LessonLink(next.Id, next.Slug, next.Title));
            })
            .OrderByDescending(e => e.LastActivityAt)
            .ToList();
    }

    public async Task<IReadOnlyList<OutlineModule>> GetOutlineAsync(Guid programId, CancellationToken cancellationToken)
    {
        var lessons = await OrderedLessons([programId]).ToListAsync(cancellationToken);
        return lessons
            .GroupBy(l => (l.ModulePosition, l.ModuleSlug, l.ModuleTitle, l.ModuleSummary))
            .Select(g => new OutlineModule(g.Key.ModuleSlug, g.Key.ModuleTitle, g.Key.ModuleSummary,
                g.Select(l => new LessonLink(l.Id, l.Slug, l.Title)).ToList()))
            .ToList();
    }

    private IQueryable<OrderedLesson> OrderedLessons(List<Guid> programIds) =>
        db.Lessons.AsNoTracking()
            .Where(l => programIds.Contains(l.ProgramId) && !l.IsRetired)
            .Join(db.Modules, l => l.ModuleId, m => m.Id, (l, m) => new OrderedLesson
            {
                Id = l.Id,
                ProgramId = l.ProgramId,
                Slug = l.Slug,
                Title = l.Title,
                ModulePosition = m.Position,
                Position = l.Position,
                ModuleSlug = m.Slug,
                ModuleTitle = m.Title,
                ModuleSummary = m.Summary,
            })
            .OrderBy(l => l.ModulePosition)
            .ThenBy(l => l.Position);

    private sealed record OrderedLesson
    {
        public Guid Id { get; init; }
        public Guid ProgramId { get; init; }
        public required string Slug { get; init; }
        public required string Title { get; init; }
        public int ModulePosition { get; init; }
        public int Position { get; init; }
        public required string ModuleSlug { get; init; }
        public required string ModuleTitle { get; init; }
        public required string ModuleSummary { get; init; }
    }
}
