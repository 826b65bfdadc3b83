using Microcred.Web.Data;
using Microcred.Web.Features.Learning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microcred.Web.Features.Catalog;

internal sealed record ContinuingEducationResponse(string Type, decimal Hours);

internal sealed record ProgramSummaryResponse(
    string Slug,
    string Title,
    string Kind,
    string Area,
    string Summary,
    decimal EstimatedHours,
    decimal Price,
    IReadOnlyList<ContinuingEducationResponse> CeCredits);

internal sealed record LessonResponse(Guid Id, string Slug, string Title);

internal sealed record ModuleResponse(string Slug, string Title, string Summary, IReadOnlyList<LessonResponse> Lessons);

internal sealed record ProgramDetailResponse(
    string Slug,
    string Title,
    string Kind,
    string Area,
    string Summary,
    string Audience,
    IReadOnlyList<string> Competencies,
    decimal EstimatedHours,
    string Format,
    decimal CreditHours,
    decimal Price,
    IReadOnlyList<ContinuingEducationResponse> CeCredits,
    IReadOnlyList<string> StacksInto,
    IReadOnlyList<string> StackedFrom,
    IReadOnlyList<ModuleResponse> Modules,
    string OutcomesDisclaimer);

internal static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/programs").WithTags("Catalog");
        group.MapGet("/", ListPrograms).WithName("ListPrograms").WithSummary("Programs in the catalog, optionally filtered by area and text.");
        group.MapGet("/{slug}", GetProgram).WithName("GetProgram").WithSummary("One program with its competencies and modules.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ProgramSummaryResponse>>> ListPrograms(
        ProgramCatalog catalog, string? area, string? q, CancellationToken cancellationToken)
    {
        var cards = await catalog.ListAsync(area, q, cancellationToken);
        IReadOnlyList<ProgramSummaryResponse> response = cards
            .Select(c => new ProgramSummaryResponse(
                c.Slug, c.Title, KindName(c.Kind), c.Area, c.Summary, c.EstimatedHours, c.Price,
                c.ContinuingEducation.Select(e => new ContinuingEducationResponse(e.Type, e.Hours)).ToList()))
            .ToList();
        return TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<ProgramDetailResponse>, ProblemHttpResult>> GetProgram(
        string slug, ProgramCatalog catalog, EnrollmentService learning, CancellationToken cancellationToken)
    {
        var program = await catalog.FindAsync(slug, cancellationToken);
        if (program is null)
        {
            return TypedResults.Problem(
                title: "Program not found", detail: $"There is no program '{slug}' in the catalog.",
                statusCode: StatusCodes.Status404NotFound);
        }
        var outline = await learning.GetOutlineAsync(program.Id, cancellationToken);
        return TypedResults.Ok(new ProgramDetailResponse(
            program.Slug, program.Title, KindName(program.Kind), program.Area, program.Summary, program.Audience,
            program.Competencies, program.EstimatedHours, program.Format, program.CreditHours, program.Price,
            program.ContinuingEducation.Select(e => new ContinuingEducationResponse(e.Type, e.Hours)).ToList(),
            program.StacksInto.Select(p => p.Slug).ToList(),
            program.StackedFrom.Select(p => p.Slug).ToList(),
            outline.Select(m => new ModuleResponse(m.Slug, m.Title, m.Summary,
                m.Lessons.Select(l => new LessonResponse(l.Id, l.Slug, l.Title)).ToList())).ToList(),
            CatalogText.OutcomesDisclaimer));
    }

    private static string KindName(ProgramKind kind) => kind == ProgramKind.Certificate ? "certificate" : "microcredential";
}
