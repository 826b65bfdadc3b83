using System.Net;
using AngleSharp.Dom;
using Microcred.Web.Features.Learning;
using Microcred.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Microcred.Web.Tests.Learning;

/// The learner's path through the pages: register, browse, enrol, learn, leave and come back.
public abstract class LearnerPathTests
{
    private const string FreeProgram = "fixture-clinical-notes";
    private const string PaidProgram = "fixture-paid-analytics";
    private readonly MicrocredAppFactory app;

    protected LearnerPathTests(MicrocredAppFactory app)
    {
        app.EnsureAvailable();
        this.app = app;
    }

    [SkippableFact]
    public async Task Learner_registers_enrols_completes_lessons_and_resumes_where_they_stopped()
    {
        using var learner = await app.RegisterLearnerAsync();

        var catalog = await learner.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, catalog.Status);
        var search = await learner.SubmitAsync(catalog, "form[role=search]", new Dictionary<string, string> { ["q"] = "problem list" });
        Assert.Equal(["Fixture Clinical Notes"], search.Document.QuerySelectorAll(".card h3").Select(h => h.TextContent.Trim()));

        var program = await learner.GetAsync($"/programs/{FreeProgram}");
        Assert.Equal("Fixture Clinical Notes", program.H1);
        Assert.Contains("does not guarantee employment", program.Text);

        var firstLesson = await learner.EnrollAsync(FreeProgram);
        Assert.Equal($"/learn/{FreeProgram}/why-structured-data-matters", firstLesson.Path);
        Assert.Equal("Why structured data matters", firstLesson.H1);
        Assert.Null(firstLesson.Document.QuerySelector("a[rel=prev]"));
        Assert.Equal($"/learn/{FreeProgram}/problem-lists-and-the-clinical-record",
            firstLesson.Document.QuerySelector("a[rel=next]")?.GetAttribute("href"));

        var second = await learner.CompleteLessonAsync(FreeProgram, "why-structured-data-matters");
        Assert.Equal($"/learn/{FreeProgram}/problem-lists-and-the-clinical-record", second.Path);
        Assert.Contains("done", second.Document.QuerySelector($".outline-list a[href='/learn/{FreeProgram}/why-structured-data-matters']")!.ParentElement!.ClassName);

        var myLearning = await learner.GetAsync("/learning");
        var progress = myLearning.Document.QuerySelector("progress")!;
        Assert.Equal("1", progress.GetAttribute("value"));
        Assert.Equal("3", progress.GetAttribute("max"));
        Assert.Contains("1 of 3 lessons done (33%)", myLearning.Text);
        Assert.Contains("Resume", myLearning.Document.QuerySelector(".enrollment a.button")!.TextContent);
        Assert.Equal($"/learn/{FreeProgram}/problem-lists-and-the-clinical-record",
            myLearning.Document.QuerySelector(".enrollment a.button")!.GetAttribute("href"));
    }

    [SkippableFact]
    public async Task Completing_a_lesson_twice_records_it_once()
    {
        using var learner = await app.RegisterLearnerAsync();
        await learner.EnrollAsync(FreeProgram);
        var lesson = await learner.GetAsync($"/learn/{FreeProgram}/why-structured-data-matters");
        var token = lesson.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>(".lesson-actions input[name=__RequestVerificationToken]")!.Value;

        await learner.CompleteLessonAsync(FreeProgram, "why-structured-data-matters");
        var again = await learner.Client.PostAsync($"/learn/{FreeProgram}/why-structured-data-matters?handler=Complete",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);

        var completions = await app.QueryAsync(db => db.LessonCompletions.CountAsync(c =>
            db.Enrollments.Any(e => e.Id == c.EnrollmentId && db.Users.Any(u => u.Id == e.UserId && u.Email == learner.Email))));
        Assert.Equal(1, completions);
    }

    [SkippableFact]
    public async Task Unenrolling_and_enrolling_again_brings_progress_back()
    {
        using var learner = await app.RegisterLearnerAsync();
        await learner.EnrollAsync(FreeProgram);
        await learner.CompleteLessonAsync(FreeProgram, "why-structured-data-matters");
        await learner.CompleteLessonAsync(FreeProgram, "problem-lists-and-the-clinical-record");

        var left = await learner.UnenrollAsync(FreeProgram);
        Assert.Contains("You have left the program", left.Text);
        Assert.Empty(left.Document.QuerySelectorAll(".enrollment"));
        Assert.Contains("Programs you left", left.Text);
        var closedLesson = await learner.GetAsync($"/learn/{FreeProgram}/reconciling-medications-at-a-visit");
        Assert.Equal($"/programs/{FreeProgram}", closedLesson.Path);

        var back = await learner.EnrollAsync(FreeProgram);
        Assert.Equal($"/learn/{FreeProgram}/reconciling-medications-at-a-visit", back.Path);
        Assert.Contains("your earlier progress is still here", back.Text);
        var myLearning = await learner.GetAsync("/learning");
        Assert.Contains("2 of 3 lessons done (66%)", myLearning.Text);
    }

    [SkippableFact]
    public async Task Mark_complete_moves_on_to_the_next_unfinished_lesson_after_the_current_one()
    {
        using var learner = await app.RegisterLearnerAsync();
        await learner.EnrollAsync(FreeProgram);

        var afterSecond = await learner.CompleteLessonAsync(FreeProgram, "problem-lists-and-the-clinical-record");
        Assert.Equal($"/learn/{FreeProgram}/reconciling-medications-at-a-visit", afterSecond.Path);
        var afterLast = await learner.CompleteLessonAsync(FreeProgram, "reconciling-medications-at-a-visit");
        Assert.Equal($"/learn/{FreeProgram}/why-structured-data-matters", afterLast.Path);
    }

    [SkippableFact]
    public async Task Finishing_the_last_lesson_shows_the_program_complete()
    {
        using var learner = await app.RegisterLearnerAsync();
        await learner.EnrollAsync(FreeProgram);
        await learner.CompleteLessonAsync(FreeProgram, "why-structured-data-matters");
        await learner.CompleteLessonAsync(FreeProgram, "problem-lists-and-the-clinical-record");
        var done = await learner.CompleteLessonAsync(FreeProgram, "reconciling-medications-at-a-visit");

        Assert.Equal("/learning", done.Path);
        Assert.Contains("3 of 3 lessons done (100%)", done.Text);
        Assert.Contains("All lessons complete", done.Text);
    }

    [SkippableFact]
    public async Task Paid_program_records_a_pending_enrolment_and_keeps_lessons_closed()
    {
        using var learner = await app.RegisterLearnerAsync();
        var program = await learner.GetAsync($"/programs/{PaidProgram}");
        Assert.Contains("$149.00", program.Document.QuerySelector(".enrol-box")!.TextContent);

        var enrolled = await learner.EnrollAsync(PaidProgram);
        Assert.Equal("/learning", enrolled.Path);
        Assert.Contains("Pending payment", enrolled.Text);
        Assert.Null(enrolled.Document.QuerySelector("progress"));

        var lesson = await learner.GetAsync($"/learn/{PaidProgram}/counting-a-daily-census");
        Assert.Equal($"/programs/{PaidProgram}", lesson.Path);
        Assert.Contains("Enrolment pending payment", lesson.Text);
        var status = await app.QueryAsync(db => db.Enrollments.Where(e => db.Users.Any(u => u.Id == e.UserId && u.Email == learner.Email)).Select(e => e.Status).SingleAsync());
        Assert.Equal(EnrollmentStatus.PendingPayment, status);
    }

    [SkippableFact]
    public async Task My_learning_shows_an_empty_state_before_any_enrolment()
    {
        using var learner = await app.RegisterLearnerAsync();
        var page = await learner.GetAsync("/learning");
        Assert.Contains("You are not enrolled in any program yet", page.Text);
        Assert.Equal("/", page.Document.QuerySelector(".empty-state a.button")!.GetAttribute("href"));
    }

    [SkippableFact]
    public async Task Signed_out_visitor_is_sent_to_sign_in_and_back()
    {
        using var visitor = app.CreateVisitor();
        var response = await visitor.Client.GetAsync("/learning");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);

        var email = app.NewEmail();
        using (var registered = await app.RegisterLearnerAsync(email))
        {
        }
        var login = await visitor.FollowAsync(response);
        var signedIn = await visitor.SubmitAsync(login, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Visitor.DefaultPassword,
        });
        Assert.Equal("/learning", signedIn.Path);
        Assert.Equal("My learning", signedIn.H1);
    }

    [SkippableFact]
    public async Task Certificate_page_lists_its_microcredentials_and_offers_no_enrolment()
    {
        using var learner = await app.RegisterLearnerAsync();
        var page = await learner.GetAsync("/programs/fixture-certificate");
        Assert.Null(page.Document.QuerySelector(".enrol-box form"));
        var stacked = page.Document.QuerySelectorAll("section[aria-labelledby=stacked-heading] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/programs/{FreeProgram}", $"/programs/{PaidProgram}"], stacked);
        Assert.Contains("18.5 hours", page.Text);
    }
}

public sealed class SqliteLearnerPathTests(SqliteAppFactory app) : LearnerPathTests(app), IClassFixture<SqliteAppFactory>;

public sealed class PostgresLearnerPathTests(PostgresAppFactory app) : LearnerPathTests(app), IClassFixture<PostgresAppFactory>;
