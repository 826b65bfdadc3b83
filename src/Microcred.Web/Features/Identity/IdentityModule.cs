using Microcred.Web.Data;
using Microcred.Web.Platform;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;

namespace Microcred.Web.Features.Identity;

internal static class IdentityModule
{
    private const string ByPathScheme = "Microcred.ByPath";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccountSeedOptions>().BindConfiguration(AccountSeedOptions.Section);

        // Cookies for the pages and bearer tokens for the API, on the one AppDbContext.
        services.AddIdentityApiEndpoints<UserAccount>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "microcred.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = PlatformModule.CookieSecurity(builder.Environment);
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            options.SlidingExpiration = true;
        });

        // Identity's default challenge answers 401 everywhere; a person opening a page should be
        // sent to the sign-in page instead, while the API keeps its plain 401/403.
        services.AddAuthentication()
            .AddPolicyScheme(ByPathScheme, null, options => options.ForwardDefaultSelector = context =>
                ErrorHandling.IsApiRequest(context) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme);
        services.Configure<AuthenticationOptions>(options =>
        {
            options.DefaultChallengeScheme = ByPathScheme;
            options.DefaultForbidScheme = ByPathScheme;
        });

        services.AddTransient<IEmailSender<UserAccount>, AccountEmailSender>();
        services.AddScoped<AccountSeeder>();
        services.AddScoped<IStartupTask>(provider => provider.GetRequiredService<AccountSeeder>());
        return builder;
    }

    public static WebApplication MapAccounts(this WebApplication app)
    {
        app.MapGroup("/api/v1/identity").WithTags("Identity").MapIdentityApi<UserAccount>()
            .AddEndpointFilter(GiveApiRegistrationsTheLearnerRole);
        return app;
    }

    /// Identity's own /register endpoint knows nothing of roles; an account made there is a
    /// learner, exactly as one made on the registration page.
    private static async ValueTask<object?> GiveApiRegistrationsTheLearnerRole(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (context.Arguments.OfType<RegisterRequest>().FirstOrDefault() is { } registration
            && (result as INestedHttpResult)?.Result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK })
        {
            var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<UserAccount>>();
            if (await users.FindByEmailAsync(registration.Email) is { } user)
            {
                await users.AddToRoleAsync(user, Roles.Learner);
            }
        }
        return result;
    }
}
