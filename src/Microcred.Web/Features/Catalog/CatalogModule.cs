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
        return builder;
    }

    public static WebApplication MapCatalog(this WebApplication app)
    {
        app.MapCatalogApi();
        return app;
    }

    public static async Task SeedCatalogAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CatalogSeeder>().SeedAsync(cancellationToken);
    }
}
