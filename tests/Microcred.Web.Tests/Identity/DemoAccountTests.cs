using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microcred.Web.Features.Identity;
using Microcred.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Microcred.Web.Tests.Identity;

/// The demo accounts the README lists are the ones the site creates, and they sign in.
public sealed partial class DemoAccountTests(SqliteAppFactory app) : IClassFixture<SqliteAppFactory>
{
    private static string ReadmeText()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Microcred.slnx")))
            {
                return File.ReadAllText(Path.Combine(folder.FullName, "README.md"));
            }
        }
        throw new InvalidOperationException("The repository root (Microcred.slnx) is not above the test output folder.");
    }

    [GeneratedRegex(@"^\| `([^`]+@example\.org)` \| `([^`]+)` \| (\w+) \|$", RegexOptions.Multiline)]
    private static partial Regex DemoAccountRow();

    [Fact]
    public async Task Demo_accounts_in_the_readme_exist_and_sign_in_with_the_listed_passwords()
    {
        var documented = DemoAccountRow().Matches(ReadmeText()).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();
        Assert.Equal(DemoAccounts.All.Select(a => (a.Email, a.Password, a.Role)), documented);
        Assert.All(documented, a => Assert.DoesNotMatch(@"20\d\d", a.Item2));

        using var demo = app.WithWebHostBuilder(builder => builder.UseSetting("Seed:DemoAccounts", "true"));
        using var client = demo.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        foreach (var (email, password, _) in documented)
        {
            var login = await client.PostAsJsonAsync("/api/v1/identity/login", new { email, password });
            Assert.True(login.StatusCode == HttpStatusCode.OK, $"{email} could not sign in with {password}: {login.StatusCode}");
        }
    }
}
