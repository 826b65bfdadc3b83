using Microcred.Web.Features.Identity;
using Microcred.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Microcred.Web.Tests.Identity;

public sealed class CreateAdminTests(SqliteAppFactory app) : IClassFixture<SqliteAppFactory>
{
    private async Task<(int Code, string Output, string Error)> RunAsync(string stdin, bool redirected, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        _ = app.Services;
        var code = await CreateAdminCommand.RunAsync(app.Services, ["create-admin", .. args], new StringReader(stdin), output, error, redirected);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Create_admin_without_a_password_prints_a_generated_one_that_signs_in()
    {
        var email = app.NewEmail("admin");
        var (code, output, _) = await RunAsync("", redirected: false, "--email", email);

        Assert.Equal(0, code);
        var password = output.Split("Password (shown once): ")[1].Trim();
        Assert.True(password.Length >= 20);
        var isAdmin = await app.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<UserAccount>>();
            var user = await users.FindByEmailAsync(email);
            return await users.IsInRoleAsync(user!, Roles.ProgramAdmin) && await users.CheckPasswordAsync(user!, password);
        });
        Assert.True(isAdmin);
    }

    [Fact]
    public async Task Create_admin_reads_the_password_from_redirected_input_and_never_prints_it()
    {
        var email = app.NewEmail("admin");
        var (code, output, _) = await RunAsync("piped-secret-99\n", redirected: true, "--email", email);

        Assert.Equal(0, code);
        Assert.DoesNotContain("piped-secret-99", output);
        using var visitor = app.CreateVisitor();
        var signedIn = await visitor.SignInAsync(email, "piped-secret-99");
        Assert.Equal("/learning", signedIn.Path);
    }

    [Fact]
    public async Task Create_admin_promotes_an_existing_account()
    {
        var email = app.NewEmail();
        using (await app.RegisterLearnerAsync(email))
        {
        }
        var (code, _, _) = await RunAsync("", redirected: false, "--email", email, "--password", "new-admin-pass-1");

        Assert.Equal(0, code);
        var roles = await app.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<UserAccount>>();
            return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
        });
        Assert.Contains(Roles.ProgramAdmin, roles);
        Assert.Contains(Roles.Learner, roles);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--email not-an-address")]
    [InlineData("--email a@example.org --role x")]
    public async Task Create_admin_with_bad_arguments_explains_usage_and_fails(string args)
    {
        var (code, _, error) = await RunAsync("", redirected: false, args.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, code);
        Assert.Contains("Usage: create-admin --email", error);
    }

    [Fact]
    public async Task Create_admin_with_a_weak_password_fails_with_the_reason()
    {
        var (code, _, error) = await RunAsync("", redirected: false, "--email", app.NewEmail("admin"), "--password", "short");
        Assert.Equal(1, code);
        Assert.Contains("at least 10 characters", error);
    }
}
