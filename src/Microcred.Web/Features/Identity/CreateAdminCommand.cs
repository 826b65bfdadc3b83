using System.Net.Mail;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Microcred.Web.Features.Identity;

/// `dotnet run --project src/Microcred.Web -- create-admin --email X [--password P]`: makes (or
/// promotes) a program administrator on the configured database and exits without serving.
/// Without --password the password is read from standard input when it is redirected, or else
/// generated and printed once.
internal static class CreateAdminCommand
{
    public const string Name = "create-admin";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error, bool inputRedirected)
    {
        string? email = null;
        string? password = null;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--email" when i + 1 < args.Length:
                    email = args[++i];
                    break;
                case "--password" when i + 1 < args.Length:
                    password = args[++i];
                    break;
                default:
                    await error.WriteLineAsync($"Unknown or incomplete option '{args[i]}'. Usage: {Name} --email <address> [--password <password>]");
                    return 2;
            }
        }
        if (email is null || !MailAddress.TryCreate(email, out _))
        {
            await error.WriteLineAsync($"{Name} needs a valid --email address. Usage: {Name} --email <address> [--password <password>]");
            return 2;
        }

        var generated = false;
        if (password is null && inputRedirected)
        {
            password = (await input.ReadLineAsync())?.Trim();
        }
        if (string.IsNullOrEmpty(password))
        {
            password = GeneratePassword();
            generated = true;
        }

        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountSeeder>().EnsureRolesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var user = await users.FindByEmailAsync(email);
        IdentityResult result;
        if (user is null)
        {
            user = new UserAccount
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                CreatedAt = DateTime.UtcNow,
            };
            result = await users.CreateAsync(user, password);
        }
        else
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            result = await users.ResetPasswordAsync(user, token, password);
        }
        if (result.Succeeded && !await users.IsInRoleAsync(user, Roles.ProgramAdmin))
        {
            result = await users.AddToRoleAsync(user, Roles.ProgramAdmin);
        }
        if (!result.Succeeded)
        {
            await error.WriteLineAsync($"Could not create the administrator: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            return 1;
        }

        await output.WriteLineAsync($"{email} is a {Roles.ProgramAdmin}.");
        if (generated)
        {
            await output.WriteLineAsync($"Password (shown once): {password}");
        }
        return 0;
    }

    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var groups = Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(alphabet, 5));
        // Identity requires a digit and a lowercase letter; the suffix guarantees both.
        return string.Join('-', groups) + "-7k";
    }
}
