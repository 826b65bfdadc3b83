using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microcred.Web.Features.Learning;

/// Public because the .NET 10 validation generator skips internal request types.
public sealed record EnrollRequest
{
    [Required(ErrorMessage = "programSlug is required.")]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "programSlug must be a program slug, for example ehr-documentation-clinical-workflows.")]
    [StringLength(100)]
    public string? ProgramSlug { get; init; }
}

internal sealed record EnrollmentResponse(
    Guid Id,
    string ProgramSlug,
    string ProgramTitle,
    string Status,
    DateTime EnrolledAt,
    DateTime LastActivityAt,
    int CompletedLessons,
    int TotalLessons,
    double Progress,
    Guid? NextLessonId)
{
    public static EnrollmentResponse From(EnrollmentProgress p) => new(
        p.EnrollmentId, p.ProgramSlug, p.ProgramTitle, p.Status.ToString(), p.EnrolledAt, p.LastActivityAt,
        p.CompletedLessons, p.TotalLessons, Math.Round(p.Progress, 4), p.NextLesson?.Id);
}

internal sealed record LessonCompletionResponse(Guid LessonId, DateTime CompletedAt, bool AlreadyCompleted);

internal static class LearningApi
{
    public static IEndpointRouteBuilder MapLearningApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Learning").RequireAuthorization();
        group.MapPost("/enrollments", Enroll).WithName("Enroll")
            .WithSummary("Enrol the signed-in learner in a program (a paid program's enrolment waits for payment).");
        group.MapGet("/me/enrollments", ListMyEnrollments).WithName("ListMyEnrollments")
            .WithSummary("The signed-in learner's enrolments with progress.");
        group.MapDelete("/me/enrollments/{programSlug}", Withdraw).WithName("Withdraw")
            .WithSummary("Unenrol; completed lessons are kept for a later re-enrolment.");
        group.MapPost("/me/lessons/{lessonId:guid}/complete", CompleteLesson).WithName("CompleteLesson")
            .WithSummary("Mark a lesson complete; doing it twice changes nothing.");
        return app;
    }

    public static async Task<Results<Created<EnrollmentResponse>, Ok<EnrollmentResponse>, ProblemHttpResult>> Enroll(
        EnrollRequest request, ClaimsPrincipal user, EnrollmentService learning, CancellationToken cancellationToken)
    {
        var userId = UserId(user);
        var slug = request.ProgramSlug!;
        var (outcome, _) = await learning.EnrollAsync(userId, slug, cancellationToken);
        if (outcome == EnrollOutcome.ProgramNotFound)
        {
            return TypedResults.Problem(title: "Program not found", detail: $"There is no program '{slug}' in the catalog.",
                statusCode: StatusCodes.Status404NotFound);
        }
        if (outcome == EnrollOutcome.NotEnrollable)
        {
            return TypedResults.Problem(title: "Program does not take enrolments",
                detail: $"'{slug}' is a certificate earned by completing its microcredentials; enrol in those instead.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var progress = EnrollmentResponse.From((await learning.GetProgressAsync(userId, cancellationToken, slug)).Single());
        return outcome == EnrollOutcome.Enrolled
            ? TypedResults.Created($"/api/v1/me/enrollments/{slug}", progress)
            : TypedResults.Ok(progress);
    }

    public static async Task<Ok<IReadOnlyList<EnrollmentResponse>>> ListMyEnrollments(
        ClaimsPrincipal user, EnrollmentService learning, CancellationToken cancellationToken)
    {
        IReadOnlyList<EnrollmentResponse> response = (await learning.GetProgressAsync(UserId(user), cancellationToken))
            .Select(EnrollmentResponse.From)
            .ToList();
        return TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Withdraw(
        string programSlug, ClaimsPrincipal user, EnrollmentService learning, CancellationToken cancellationToken)
    {
        return await learning.WithdrawAsync(UserId(user), programSlug, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Not enrolled", detail: $"You have no current enrolment in '{programSlug}'.",
                statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Ok<LessonCompletionResponse>, ProblemHttpResult>> CompleteLesson(
        Guid lessonId, ClaimsPrincipal user, EnrollmentService learning, CancellationToken cancellationToken)
    {
        var (outcome, completion) = await learning.CompleteLessonAsync(UserId(user), lessonId, cancellationToken);
        return outcome switch
        {
            CompleteOutcome.Completed or CompleteOutcome.AlreadyCompleted => TypedResults.Ok(
                new LessonCompletionResponse(lessonId, completion!.CompletedAt, outcome == CompleteOutcome.AlreadyCompleted)),
            CompleteOutcome.NotEnrolled => TypedResults.Problem(title: "Not enrolled",
                detail: "Enrol in the lesson's program before completing its lessons.", statusCode: StatusCodes.Status403Forbidden),
            CompleteOutcome.EnrollmentNotActive => TypedResults.Problem(title: "Enrolment not active",
                detail: "The enrolment is waiting for payment; its lessons open once it is paid.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Problem(title: "Lesson not found", detail: $"There is no lesson '{lessonId}'.",
                statusCode: StatusCodes.Status404NotFound),
        };
    }

    private static string UserId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("An authorized request has no user id.");
}
