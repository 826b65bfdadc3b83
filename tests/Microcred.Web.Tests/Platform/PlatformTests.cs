using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microcred.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Microcred.Web.Tests.Platform;

public abstract class PlatformTests
{
    private readonly MicrocredAppFactory app;

    protected PlatformTests(MicrocredAppFactory app)
    {
        app.EnsureAvailable();
        this.app = app;
    }

    [SkippableFact]
    public async Task Health_endpoint_checks_the_database()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [SkippableTheory]
    [InlineData("/")]
    [InlineData("/programs/fixture-clinical-notes")]
    [InlineData("/account/login")]
    [InlineData("/api/v1/programs")]
    [InlineData("/programs/no-such-program")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        // HSTS is never sent for localhost, so the request names a public host.
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://learn.example.org") });
        var response = await client.GetAsync(path);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [SkippableFact]
    public async Task Pages_have_no_inline_script_or_style()
    {
        using var learner = await app.RegisterLearnerAsync();
        await learner.EnrollAsync("fixture-clinical-notes");
        foreach (var path in new[] { "/", "/programs/fixture-clinical-notes", "/learning", "/learn/fixture-clinical-notes/why-structured-data-matters", "/account/login" })
        {
            var page = await learner.GetAsync(path);
            Assert.All(page.Document.QuerySelectorAll("script"), s => Assert.True(s.HasAttribute("src"), $"inline script on {path}"));
            Assert.Empty(page.Document.QuerySelectorAll("style"));
            Assert.Empty(page.Document.QuerySelectorAll("[style]"));
        }
    }

    [SkippableFact]
    public async Task Auth_cookie_is_secure_http_only_and_same_site_lax()
    {
        using var visitor = app.CreateVisitor();
        var register = await visitor.GetAsync("/account/register");
        var form = register.Document.QuerySelector("main form")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await visitor.Client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.DisplayName"] = "Synthetic Learner",
            ["Input.Email"] = app.NewEmail(),
            ["Input.Password"] = Visitor.DefaultPassword,
        }));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("microcred.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("secure", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
    }

    [SkippableFact]
    public async Task OpenApi_document_describes_the_v1_api()
    {
        using var client = app.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/v1/programs", paths);
        Assert.Contains("/api/v1/programs/{slug}", paths);
        Assert.Contains("/api/v1/enrollments", paths);
        Assert.Contains("/api/v1/me/enrollments", paths);
        Assert.Contains("/api/v1/me/lessons/{lessonId}/complete", paths);
        Assert.Contains("/api/v1/identity/login", paths);
    }

    [SkippableFact]
    public async Task Api_reference_page_serves_its_script_from_the_site()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true });
        var response = await client.GetAsync("/api/reference");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("https://", html.Replace("https://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var url = new Uri(response.RequestMessage!.RequestUri!, script);
            Assert.Equal("localhost", url.Host);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        }
        Assert.Contains("connect-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [SkippableFact]
    public async Task Unexpected_failure_shows_a_friendly_page_and_an_api_problem_without_a_stack_trace()
    {
        var clock = new BreakableClock();
        using var broken = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        using var api = broken.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        var page = new Visitor(broken.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false }));
        var form = await page.GetAsync("/account/register");
        clock.Broken = true;

        var failedPage = await page.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Synthetic Learner",
            ["Input.Email"] = app.NewEmail(),
            ["Input.Password"] = Visitor.DefaultPassword,
        });
        Assert.Equal(HttpStatusCode.InternalServerError, failedPage.Status);
        Assert.Equal("Something went wrong on our side", failedPage.H1);
        Assert.DoesNotContain("BreakableClock", failedPage.Document.DocumentElement.OuterHtml);

        clock.Broken = false;
        using var learner = await broken.CreateApiLearnerForTestAsync(app.NewEmail("api"));
        clock.Broken = true;
        var failedApi = await learner.PostAsJsonAsync("/api/v1/enrollments", new { programSlug = "fixture-clinical-notes" });
        Assert.Equal(HttpStatusCode.InternalServerError, failedApi.StatusCode);
        Assert.Equal("application/problem+json", failedApi.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("BreakableClock", await failedApi.Content.ReadAsStringAsync());
        clock.Broken = false;
    }

    private sealed class BreakableClock : TimeProvider
    {
        public volatile bool Broken;

        public override DateTimeOffset GetUtcNow() =>
            Broken ? throw new InvalidOperationException("BreakableClock was told to fail") : base.GetUtcNow();
    }
}

internal static class FactoryExtensions
{
    public static async Task<HttpClient> CreateApiLearnerForTestAsync(this WebApplicationFactory<Program> factory, string email)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        (await client.PostAsJsonAsync("/api/v1/identity/register", new { email, password = Visitor.DefaultPassword })).EnsureSuccessStatusCode();
        var login = await client.PostAsJsonAsync("/api/v1/identity/login", new { email, password = Visitor.DefaultPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }
}

public sealed class SqlitePlatformTests(SqliteAppFactory app) : PlatformTests(app), IClassFixture<SqliteAppFactory>;

public sealed class PostgresPlatformTests(PostgresAppFactory app) : PlatformTests(app), IClassFixture<PostgresAppFactory>;
