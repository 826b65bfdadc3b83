using Microcred.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Microcred.Web.Features.Identity;

/// Makes sure the roles exist and, when `Seed:DemoAccounts` is on, the demo accounts too.
internal sealed class AccountSeeder(
    RoleManager<IdentityRole> roles,
    UserManager<UserAccount> users,
    IOptions<AccountSeedOptions> options,
    TimeProvider clock,
    ILogger<AccountSeeder> logger) : IStartupTask
{
    Task IStartupTask.RunAsync(CancellationToken cancellationToken) => SeedAsync();

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }
    }

    public async Task SeedAsync()
    {
        await EnsureRolesAsync();
        if (!options.Value.DemoAccounts)
        {
            return;
        }

        foreach (var (email, password, role, name) in DemoAccounts.All)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new UserAccount
                {
                    UserName = email,
                    Email = email,
                    EmailConfirmed = true,
                    DisplayName = name,
                    CreatedAt = clock.GetStoredUtcNow(),
                };
                Check(await users.CreateAsync(user, password), $"create demo account {email}");
            }
            if (!await users.IsInRoleAsync(user, role))
            {
                Check(await users.AddToRoleAsync(user, role), $"add {email} to {role}");
            }
            logger.LogWarning("Demo account {Email} ({Role}), password {Password}", email, role, password);
        }
        logger.LogWarning("Demo accounts are on (Seed:DemoAccounts=true); turn them off for a real deployment");
    }

    private static void Check(IdentityResult result, string action)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {action}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
