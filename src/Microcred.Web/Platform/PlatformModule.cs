using MailKit.Security;
using Microcred.Web.Data;
using Microcred.Web.Platform.Email;
using Microcred.Web.Platform.Secrets;
using Microsoft.Extensions.Options;
using MimeKit;
using Scalar.AspNetCore;

namespace Microcred.Web.Platform;

internal static class PlatformModule
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Serves wwwroot from the project when running from the build output in any environment;
        // a published app has its own copy and ignores this.
        builder.WebHost.UseStaticWebAssets();
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<SiteOptions>()
            .BindConfiguration(SiteOptions.Section)
            .Validate(o => o.HasValidBaseUrl, "Site:PublicBaseUrl must be an absolute http or https URL, for example https://learn.example.org.")
            .ValidateOnStart();
        services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .Validate(o => MailboxAddress.TryParse(o.From, out _), "Email:From must be an e-mail address, for example 'Microcred <no-reply@example.org>'.")
            .Validate(o => Enum.TryParse<SecureSocketOptions>(o.Smtp.Security, ignoreCase: true, out _),
                "Email:Smtp:Security must be Auto, StartTls, SslOnConnect or None.")
            .Validate(o => o.Smtp.Port is > 0 and < 65536, "Email:Smtp:Port must be a TCP port number.")
            .ValidateOnStart();
        services.AddSingleton<PickupFolderMailTransport>();
        services.AddSingleton<SmtpMailTransport>();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSmtp
            ? sp.GetRequiredService<SmtpMailTransport>()
            : sp.GetRequiredService<PickupFolderMailTransport>());

        builder.AddErrorHandling();
        builder.AddTelemetry();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");

        services.AddKeyEncryption();

        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Features";
            options.Conventions.AuthorizeFolder("/Learning");
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "microcred.antiforgery";
            options.Cookie.SecurePolicy = CookieSecurity(builder.Environment);
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddOpenApi();
        services.AddValidation();
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(180));
        return builder;
    }

    /// Secure cookies everywhere except Development, where http://localhost has to work.
    public static CookieSecurePolicy CookieSecurity(IWebHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseErrorHandling();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapPlatform(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapOpenApi();
        app.MapScalarApiReference(SecurityHeaders.ApiReferencePath, options => options
            .WithTitle("Microcred API")
            .DisableDefaultFonts());
        app.MapRazorPages();
        return app;
    }
}
