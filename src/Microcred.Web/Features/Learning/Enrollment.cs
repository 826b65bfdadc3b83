using Microcred.Web.Features.Catalog;

namespace Microcred.Web.Features.Learning;

internal enum EnrollmentStatus
{
    Active,
    PendingPayment,
    Withdrawn,
}

internal enum LessonCompletionOutcome
{
    Completed,
    AlreadyCompleted,
    EnrollmentNotActive,
    LessonNotInProgram,
}

/// A learner's place in one program. It owns the learner's lesson completions, which stay when
/// the learner withdraws so that re-enrolling brings the progress back.
internal sealed class Enrollment
{
    private readonly List<LessonCompletion> completions = [];

    private Enrollment()
    {
        UserId = "";
    }

    public Guid Id { get; private set; }
    public string UserId { get; private set; }
    public Guid ProgramId { get; private set; }
    public EnrollmentStatus Status { get; private set; }
    public DateTime EnrolledAt { get; private set; }
    public DateTime LastActivityAt { get; private set; }
    public IReadOnlyCollection<LessonCompletion> Completions => completions;

    /// A paid program waits for payment before its lessons open; payment itself is outside the site.
    public static Enrollment Start(string userId, LearningProgram program, DateTime now)
    {
        if (!program.IsEnrollable)
        {
            throw new InvalidOperationException($"Program '{program.Slug}' does not take enrolments.");
        }
        return new Enrollment
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            ProgramId = program.Id,
            Status = program.IsFree ? EnrollmentStatus.Active : EnrollmentStatus.PendingPayment,
            EnrolledAt = now,
            LastActivityAt = now,
        };
    }

    public bool IsActive => Status == EnrollmentStatus.Active;

    public bool HasCompleted(Guid lessonId) => completions.Exists(c => c.LessonId == lessonId);

    /// Records that the learner finished a lesson. Completing the same lesson again changes nothing.
    public LessonCompletionOutcome CompleteLesson(Lesson lesson, DateTime now)
    {
        if (lesson.ProgramId != ProgramId || lesson.IsRetired)
        {
            return LessonCompletionOutcome.LessonNotInProgram;
        }
        if (Status != EnrollmentStatus.Active)
        {
            return LessonCompletionOutcome.EnrollmentNotActive;
        }
        if (HasCompleted(lesson.Id))
        {
            return LessonCompletionOutcome.AlreadyCompleted;
        }
        completions.Add(new LessonCompletion(Id, lesson.Id, now));
        LastActivityAt = now;
        return LessonCompletionOutcome.Completed;
    }

    /// Returns false when the learner had already withdrawn.
    public bool Withdraw(DateTime now)
    {
        if (Status == EnrollmentStatus.Withdrawn)
        {
            return false;
        }
        Status = EnrollmentStatus.Withdrawn;
        LastActivityAt = now;
        return true;
    }

    /// Re-enrolment after withdrawing; the earlier completions count again.
    public bool Reactivate(LearningProgram program, DateTime now)
    {
        if (Status != EnrollmentStatus.Withdrawn || program.Id != ProgramId || !program.IsEnrollable)
        {
            return false;
        }
        Status = program.IsFree ? EnrollmentStatus.Active : EnrollmentStatus.PendingPayment;
        LastActivityAt = now;
        return true;
    }

    /// Payment happens outside the site; once it is recorded the lessons open.
    public bool RecordPayment(DateTime now)
    {
        if (Status != EnrollmentStatus.PendingPayment)
        {
            return false;
        }
        Status = EnrollmentStatus.Active;
        LastActivityAt = now;
        return true;
    }

    public void RecordActivity(DateTime now)
    {
        if (now > LastActivityAt)
        {
            LastActivityAt = now;
        }
    }
}

internal sealed class LessonCompletion(Guid enrollmentId, Guid lessonId, DateTime completedAt)
{
    public Guid EnrollmentId { get; private set; } = enrollmentId;
    public Guid LessonId { get; private set; } = lessonId;
    public DateTime CompletedAt { get; private set; } = completedAt;
}
