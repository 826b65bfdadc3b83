using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microcred.Web.Features.Identity;
using Microcred.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microcred.Web.Tests.Identity;

public abstract partial class AccountTests
{
    private readonly MicrocredAppFactory app;

    protected AccountTests(MicrocredAppFactory app)
    {
        app.EnsureAvailable();
        this.app = app;
    }

    [SkippableFact]
    public async Task Registered_learner_has_the_learner_role_and_lands_on_my_learning()
    {
        using var visitor = app.CreateVisitor();
        var email = app.NewEmail();
        var page = await visitor.RegisterAsync(email);

        Assert.Equal("/learning", page.Path);
        var roles = await app.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<UserAccount>>();
            return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
        });
        Assert.Equal([Roles.Learner], roles);
    }

    [SkippableFact]
    public async Task Registration_with_a_weak_password_explains_why_and_creates_nothing()
    {
        using var visitor = app.CreateVisitor();
        var email = app.NewEmail();
        var page = await visitor.RegisterAsync(email, "short");

        Assert.Equal("/account/register", page.Path);
        Assert.Contains("at least 10 characters", page.Document.QuerySelector(".error-summary")!.TextContent);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [SkippableFact]
    public async Task Learner_signs_out_and_in_again()
    {
        var email = app.NewEmail();
        using var learner = await app.RegisterLearnerAsync(email);
        var signedOut = await learner.SignOutAsync();
        Assert.Equal("/account/login", signedOut.Path);
        Assert.Contains("You are signed out", signedOut.Text);

        var signedIn = await learner.SignInAsync(email);
        Assert.Equal("/learning", signedIn.Path);
    }

    [SkippableFact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var email = app.NewEmail();
        using (await app.RegisterLearnerAsync(email))
        {
        }
        using var attacker = app.CreateVisitor();
        for (var i = 0; i < 5; i++)
        {
            var failed = await attacker.SignInAsync(email, "wrong-password-1");
            Assert.Equal("/account/login", failed.Path);
        }

        var locked = await attacker.SignInAsync(email);
        Assert.Equal("/account/login", locked.Path);
        Assert.Contains("locked", locked.Document.QuerySelector(".error-summary")!.TextContent);
        var lockoutEnd = await app.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync());
        Assert.True(lockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
    }

    [SkippableFact]
    public async Task Password_reset_mail_lands_in_the_pickup_folder_and_its_link_sets_a_new_password()
    {
        var email = app.NewEmail();
        using (await app.RegisterLearnerAsync(email))
        {
        }
        using var visitor = app.CreateVisitor();
        var forgot = await visitor.GetAsync("/account/forgot-password");
        var sent = await visitor.SubmitAsync(forgot, "main form", new Dictionary<string, string> { ["Email"] = email });
        Assert.Contains("we have sent it a link", sent.Text);

        var message = Directory.GetFiles(app.MailFolder, "*.eml")
            .Select(File.ReadAllText)
            .Single(text => text.Contains(email, StringComparison.Ordinal));
        var unfolded = message.Replace("=\r\n", "", StringComparison.Ordinal).Replace("=\n", "", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal);
        var link = ResetLink().Match(unfolded).Value;
        Assert.StartsWith("https://localhost/account/reset-password?email=", link);

        var reset = await visitor.GetAsync(link["https://localhost".Length..]);
        var done = await visitor.SubmitAsync(reset, "main form", new Dictionary<string, string> { ["Input.Password"] = "a-brand-new-pass-7" });
        Assert.Equal("/account/login", done.Path);
        var signedIn = await visitor.SignInAsync(email, "a-brand-new-pass-7");
        Assert.Equal("/learning", signedIn.Path);
    }

    [SkippableFact]
    public async Task Forgot_password_for_an_unknown_address_looks_the_same_and_sends_nothing()
    {
        using var visitor = app.CreateVisitor();
        var email = app.NewEmail("nobody");
        var forgot = await visitor.GetAsync("/account/forgot-password");
        var sent = await visitor.SubmitAsync(forgot, "main form", new Dictionary<string, string> { ["Email"] = email });

        Assert.Contains("we have sent it a link", sent.Text);
        Assert.DoesNotContain(Directory.Exists(app.MailFolder) ? Directory.GetFiles(app.MailFolder) : [],
            file => File.ReadAllText(file).Contains(email, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Form_post_without_its_antiforgery_token_is_rejected_with_400_and_writes_nothing()
    {
        using var visitor = app.CreateVisitor();
        var email = app.NewEmail();
        await visitor.GetAsync("/account/register");
        var response = await visitor.Client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Synthetic Learner",
            ["Input.Email"] = email,
            ["Input.Password"] = Visitor.DefaultPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [SkippableFact]
    public async Task Enrol_post_without_its_antiforgery_token_is_rejected_with_400_and_writes_nothing()
    {
        using var learner = await app.RegisterLearnerAsync();
        var response = await learner.Client.PostAsync("/learning/enroll", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["programSlug"] = "fixture-clinical-notes",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await app.QueryAsync(db => db.Enrollments.AnyAsync(e => db.Users.Any(u => u.Id == e.UserId && u.Email == learner.Email))));
    }

    [SkippableFact]
    public async Task Identity_api_issues_a_bearer_token_and_refuses_a_bad_password_with_a_problem()
    {
        using var client = app.CreateClient();
        var email = app.NewEmail("api");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/identity/register", new { email, password = Visitor.DefaultPassword })).StatusCode);

        var bad = await client.PostAsJsonAsync("/api/v1/identity/login", new { email, password = "nope-nope-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);

        var good = await client.PostAsJsonAsync("/api/v1/identity/login", new { email, password = Visitor.DefaultPassword });
        var token = await good.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("Bearer", token.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("refreshToken").GetString()));
    }

    [SkippableFact]
    public async Task Account_registered_through_the_api_is_a_learner()
    {
        using var client = app.CreateClient();
        var email = app.NewEmail("api");
        (await client.PostAsJsonAsync("/api/v1/identity/register", new { email, password = Visitor.DefaultPassword })).EnsureSuccessStatusCode();
        var duplicate = await client.PostAsJsonAsync("/api/v1/identity/register", new { email, password = Visitor.DefaultPassword });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);

        var roles = await app.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<UserAccount>>();
            return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
        });
        Assert.Equal([Roles.Learner], roles);
    }

    [GeneratedRegex(@"https://localhost/account/reset-password\?email=[^\s""<]+")]
    private static partial Regex ResetLink();
}

public sealed class SqliteAccountTests(SqliteAppFactory app) : AccountTests(app), IClassFixture<SqliteAppFactory>;

public sealed class PostgresAccountTests(PostgresAppFactory app) : AccountTests(app), IClassFixture<PostgresAppFactory>;
