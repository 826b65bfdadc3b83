using Microcred.Web.Data;

namespace Microcred.Web.Features.Catalog;

internal static class CatalogModule
{
    public static WebApplicationBuilder AddCatalog(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ContentOptions>()
            .BindConfiguration(ContentOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Content:Path must name the folder that holds programs/.")
            .ValidateOnStart();
        builder.Services.AddScoped<ProgramCatalog>();
        builder.Services.AddScoped<CatalogSeeder>();
        builder.Services.AddScoped<IStartupTask>(provider => provider.GetRequiredService<CatalogSeeder>());
        return builder;
    }

    public static WebApplication MapCatalog(this WebApplication app)
    {
        app.MapCatalogApi();
        return app;
    }
}
