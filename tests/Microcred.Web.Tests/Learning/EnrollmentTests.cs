using Microcred.Web.Features.Catalog;
using Microcred.Web.Features.Learning;

namespace Microcred.Web.Tests.Learning;

/// The enrolment guards its own rules, whatever page or endpoint calls it.
public sealed class EnrollmentTests
{
    private static readonly DateTime Now = new(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    private static LearningProgram Program(string slug, decimal price = 0, ProgramKind kind = ProgramKind.Microcredential) => new()
    {
        Id = StableId.ForProgram(slug),
        Slug = slug,
        Kind = kind,
        Area = "telehealth",
        Title = slug,
        Summary = "s",
        Audience = "a",
        DescriptionHtml = "",
        Format = "Online, self-paced",
        Price = price,
    };

    private static Lesson LessonOf(LearningProgram program, string slug) => new()
    {
        Id = StableId.ForLesson(program.Slug, slug),
        ProgramId = program.Id,
        Slug = slug,
        Title = slug,
        BodyHtml = "",
    };

    [Fact]
    public void Free_program_enrolment_is_active_and_paid_one_waits_for_payment()
    {
        Assert.Equal(EnrollmentStatus.Active, Enrollment.Start("u1", Program("free"), Now).Status);
        Assert.Equal(EnrollmentStatus.PendingPayment, Enrollment.Start("u1", Program("paid", price: 99), Now).Status);
    }

    [Fact]
    public void Certificate_cannot_be_enrolled_in_directly() =>
        Assert.Throws<InvalidOperationException>(() => Enrollment.Start("u1", Program("cert", kind: ProgramKind.Certificate), Now));

    [Fact]
    public void Completing_a_lesson_records_it_once_and_moves_last_activity()
    {
        var program = Program("free");
        var enrollment = Enrollment.Start("u1", program, Now);
        var lesson = LessonOf(program, "one");

        Assert.Equal(LessonCompletionOutcome.Completed, enrollment.CompleteLesson(lesson, Now.AddHours(1)));
        Assert.Equal(LessonCompletionOutcome.AlreadyCompleted, enrollment.CompleteLesson(lesson, Now.AddHours(2)));

        var completion = Assert.Single(enrollment.Completions);
        Assert.Equal(Now.AddHours(1), completion.CompletedAt);
        Assert.Equal(Now.AddHours(1), enrollment.LastActivityAt);
    }

    [Fact]
    public void Lesson_of_another_program_is_refused()
    {
        var enrollment = Enrollment.Start("u1", Program("free"), Now);
        Assert.Equal(LessonCompletionOutcome.LessonNotInProgram, enrollment.CompleteLesson(LessonOf(Program("other"), "one"), Now));
        Assert.Empty(enrollment.Completions);
    }

    [Fact]
    public void Retired_lesson_is_refused()
    {
        var program = Program("free");
        var lesson = LessonOf(program, "old");
        lesson.IsRetired = true;
        Assert.Equal(LessonCompletionOutcome.LessonNotInProgram, Enrollment.Start("u1", program, Now).CompleteLesson(lesson, Now));
    }

    [Fact]
    public void Pending_or_withdrawn_enrolment_cannot_complete_lessons()
    {
        var paid = Program("paid", price: 50);
        var pending = Enrollment.Start("u1", paid, Now);
        Assert.Equal(LessonCompletionOutcome.EnrollmentNotActive, pending.CompleteLesson(LessonOf(paid, "one"), Now));

        var free = Program("free");
        var withdrawn = Enrollment.Start("u1", free, Now);
        Assert.True(withdrawn.Withdraw(Now));
        Assert.Equal(LessonCompletionOutcome.EnrollmentNotActive, withdrawn.CompleteLesson(LessonOf(free, "one"), Now));
        Assert.Empty(withdrawn.Completions);
    }

    [Fact]
    public void Withdrawing_keeps_completions_and_reactivating_restores_them()
    {
        var program = Program("free");
        var enrollment = Enrollment.Start("u1", program, Now);
        enrollment.CompleteLesson(LessonOf(program, "one"), Now);

        Assert.True(enrollment.Withdraw(Now.AddDays(1)));
        Assert.False(enrollment.Withdraw(Now.AddDays(2)));
        Assert.True(enrollment.Reactivate(program, Now.AddDays(3)));

        Assert.Equal(EnrollmentStatus.Active, enrollment.Status);
        Assert.True(enrollment.HasCompleted(StableId.ForLesson("free", "one")));
        Assert.False(enrollment.Reactivate(program, Now.AddDays(4)));
    }

    [Fact]
    public void Recorded_payment_opens_a_pending_enrolment_once()
    {
        var paid = Program("paid", price: 50);
        var enrollment = Enrollment.Start("u1", paid, Now);

        Assert.True(enrollment.RecordPayment(Now.AddDays(1)));
        Assert.Equal(EnrollmentStatus.Active, enrollment.Status);
        Assert.False(enrollment.RecordPayment(Now.AddDays(2)));
        Assert.Equal(LessonCompletionOutcome.Completed, enrollment.CompleteLesson(LessonOf(paid, "one"), Now.AddDays(2)));
    }

    [Fact]
    public void Lesson_ids_are_stable_and_distinct()
    {
        Assert.Equal(StableId.ForLesson("p", "a"), StableId.ForLesson("p", "a"));
        Assert.NotEqual(StableId.ForLesson("p", "a"), StableId.ForLesson("q", "a"));
        Assert.Equal(5, StableId.ForLesson("p", "a").Version);
    }
}
