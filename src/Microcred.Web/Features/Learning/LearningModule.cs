namespace Microcred.Web.Features.Learning;

internal static class LearningModule
{
    public static WebApplicationBuilder AddLearning(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<EnrollmentService>();
        return builder;
    }

    public static WebApplication MapLearning(this WebApplication app)
    {
        app.MapLearningApi();
        return app;
    }
}
