using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microcred.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Microcred.Web.Tests.Learning;

/// The JSON API under /api/v1, used with a bearer token from the Identity endpoints.
public abstract class LearningApiTests
{
    private readonly MicrocredAppFactory app;

    protected LearningApiTests(MicrocredAppFactory app)
    {
        app.EnsureAvailable();
        this.app = app;
    }

    [SkippableFact]
    public async Task Program_list_gives_slug_title_area_hours_and_ce_credits()
    {
        using var client = app.CreateClient();
        var programs = await client.GetFromJsonAsync<JsonElement>("/api/v1/programs");

        var notes = programs.EnumerateArray().Single(p => p.GetProperty("slug").GetString() == "fixture-clinical-notes");
        Assert.Equal("Fixture Clinical Notes", notes.GetProperty("title").GetString());
        Assert.Equal("clinical-documentation", notes.GetProperty("area").GetString());
        Assert.Equal(6m, notes.GetProperty("estimatedHours").GetDecimal());
        var credit = Assert.Single(notes.GetProperty("ceCredits").EnumerateArray());
        Assert.Equal("ANCC nursing contact hours", credit.GetProperty("type").GetString());
        Assert.Equal(6m, credit.GetProperty("hours").GetDecimal());

        var filtered = await client.GetFromJsonAsync<JsonElement>("/api/v1/programs?area=healthcare-administration");
        Assert.Equal(["fixture-paid-analytics"], filtered.EnumerateArray().Select(p => p.GetProperty("slug").GetString()));
    }

    [SkippableFact]
    public async Task Program_detail_lists_modules_with_stable_lesson_ids()
    {
        using var client = app.CreateClient();
        var program = await client.GetFromJsonAsync<JsonElement>("/api/v1/programs/fixture-clinical-notes");

        Assert.Equal(3, program.GetProperty("competencies").GetArrayLength());
        Assert.Equal(["fixture-certificate"], program.GetProperty("stacksInto").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("does not guarantee employment", program.GetProperty("outcomesDisclaimer").GetString());
        var lessons = program.GetProperty("modules").EnumerateArray().SelectMany(m => m.GetProperty("lessons").EnumerateArray()).ToList();
        Assert.Equal(3, lessons.Count);
        var expected = Web.Features.Catalog.StableId.ForLesson("fixture-clinical-notes", "why-structured-data-matters");
        Assert.Equal(expected, lessons[0].GetProperty("id").GetGuid());
    }

    [SkippableFact]
    public async Task Unknown_program_is_a_404_problem()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/api/v1/programs/no-such-program");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("no-such-program", problem.GetProperty("detail").GetString());
    }

    [SkippableFact]
    public async Task Learner_enrols_completes_a_lesson_and_sees_progress_through_the_api()
    {
        using var client = await app.CreateApiLearnerAsync();
        var lessonId = Web.Features.Catalog.StableId.ForLesson("fixture-clinical-notes", "why-structured-data-matters");

        var enrol = await client.PostAsJsonAsync("/api/v1/enrollments", new { programSlug = "fixture-clinical-notes" });
        Assert.Equal(HttpStatusCode.Created, enrol.StatusCode);
        var again = await client.PostAsJsonAsync("/api/v1/enrollments", new { programSlug = "fixture-clinical-notes" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var complete = await client.PostAsync($"/api/v1/me/lessons/{lessonId}/complete", null);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var first = await complete.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(first.GetProperty("alreadyCompleted").GetBoolean());
        var twice = await (await client.PostAsync($"/api/v1/me/lessons/{lessonId}/complete", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(twice.GetProperty("alreadyCompleted").GetBoolean());
        Assert.Equal(first.GetProperty("completedAt").GetDateTime(), twice.GetProperty("completedAt").GetDateTime());

        var mine = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/enrollments");
        var enrollment = Assert.Single(mine.EnumerateArray());
        Assert.Equal("Active", enrollment.GetProperty("status").GetString());
        Assert.Equal(1, enrollment.GetProperty("completedLessons").GetInt32());
        Assert.Equal(3, enrollment.GetProperty("totalLessons").GetInt32());
        Assert.Equal(0.3333, enrollment.GetProperty("progress").GetDouble(), 4);
        Assert.Equal(Web.Features.Catalog.StableId.ForLesson("fixture-clinical-notes", "problem-lists-and-the-clinical-record"),
            enrollment.GetProperty("nextLessonId").GetGuid());

        var withdraw = await client.DeleteAsync("/api/v1/me/enrollments/fixture-clinical-notes");
        Assert.Equal(HttpStatusCode.NoContent, withdraw.StatusCode);
        var afterWithdraw = await client.PostAsync($"/api/v1/me/lessons/{lessonId}/complete", null);
        Assert.Equal(HttpStatusCode.Forbidden, afterWithdraw.StatusCode);
    }

    [SkippableFact]
    public async Task Simultaneous_requests_enrol_once_and_complete_a_lesson_once()
    {
        using var client = await app.CreateApiLearnerAsync();
        var lessonId = Web.Features.Catalog.StableId.ForLesson("fixture-clinical-notes", "why-structured-data-matters");

        var enrolments = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.PostAsJsonAsync("/api/v1/enrollments", new { programSlug = "fixture-clinical-notes" })));
        Assert.All(enrolments, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        var completions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.PostAsync($"/api/v1/me/lessons/{lessonId}/complete", null)));
        Assert.All(completions, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var mine = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/enrollments");
        Assert.Equal(1, Assert.Single(mine.EnumerateArray()).GetProperty("completedLessons").GetInt32());
    }

    [SkippableFact]
    public async Task Invalid_enrolment_body_is_a_400_problem_naming_the_field_and_writes_nothing()
    {
        using var client = await app.CreateApiLearnerAsync();
        var before = await app.QueryAsync(db => db.Enrollments.CountAsync());

        var missing = await client.PostAsJsonAsync("/api/v1/enrollments", new { });
        var malformed = await client.PostAsJsonAsync("/api/v1/enrollments", new { programSlug = "Not A Slug!" });

        foreach (var response in new[] { missing, malformed })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
            Assert.Contains(fields, f => f.Equals("programSlug", StringComparison.OrdinalIgnoreCase));
        }
        Assert.Equal(before, await app.QueryAsync(db => db.Enrollments.CountAsync()));
    }

    [SkippableFact]
    public async Task Unreadable_json_is_a_400_problem()
    {
        using var client = await app.CreateApiLearnerAsync();
        var response = await client.PostAsync("/api/v1/enrollments", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task Enrolling_in_an_unknown_program_is_a_404_problem_and_writes_nothing()
    {
        using var client = await app.CreateApiLearnerAsync();
        var before = await app.QueryAsync(db => db.Enrollments.CountAsync());
        var response = await client.PostAsJsonAsync("/api/v1/enrollments", new { programSlug = "no-such-program" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await app.QueryAsync(db => db.Enrollments.CountAsync()));
    }

    [SkippableFact]
    public async Task Certificate_takes_no_direct_enrolment()
    {
        using var client = await app.CreateApiLearnerAsync();
        var response = await client.PostAsJsonAsync("/api/v1/enrollments", new { programSlug = "fixture-certificate" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [SkippableFact]
    public async Task Completing_a_lesson_without_an_enrolment_is_a_403_problem_and_writes_nothing()
    {
        using var client = await app.CreateApiLearnerAsync();
        var lessonId = Web.Features.Catalog.StableId.ForLesson("fixture-clinical-notes", "why-structured-data-matters");
        var before = await app.QueryAsync(db => db.LessonCompletions.CountAsync());

        var response = await client.PostAsync($"/api/v1/me/lessons/{lessonId}/complete", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        Assert.Equal(before, await app.QueryAsync(db => db.LessonCompletions.CountAsync()));
    }

    [SkippableFact]
    public async Task Completing_a_lesson_of_a_pending_paid_enrolment_is_a_409_problem()
    {
        using var client = await app.CreateApiLearnerAsync();
        var enrol = await client.PostAsJsonAsync("/api/v1/enrollments", new { programSlug = "fixture-paid-analytics" });
        var enrollment = await enrol.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PendingPayment", enrollment.GetProperty("status").GetString());

        var lessonId = Web.Features.Catalog.StableId.ForLesson("fixture-paid-analytics", "counting-a-daily-census");
        var response = await client.PostAsync($"/api/v1/me/lessons/{lessonId}/complete", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task Unknown_lesson_is_a_404_problem()
    {
        using var client = await app.CreateApiLearnerAsync();
        var response = await client.PostAsync($"/api/v1/me/lessons/{Guid.NewGuid()}/complete", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [SkippableFact]
    public async Task Anonymous_api_call_is_a_401_problem_not_a_redirect()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/api/v1/me/enrollments");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class SqliteLearningApiTests(SqliteAppFactory app) : LearningApiTests(app), IClassFixture<SqliteAppFactory>;

public sealed class PostgresLearningApiTests(PostgresAppFactory app) : LearningApiTests(app), IClassFixture<PostgresAppFactory>;
