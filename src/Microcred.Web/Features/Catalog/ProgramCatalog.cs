using Microcred.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Microcred.Web.Features.Catalog;

internal sealed record CreditView(string Type, decimal Hours);

internal sealed record ProgramRef(string Slug, string Title);

internal sealed record ProgramCard(
    string Slug,
    string Title,
    ProgramKind Kind,
    string Area,
    string Summary,
    decimal EstimatedHours,
    decimal Price,
    IReadOnlyList<CreditView> ContinuingEducation,
    IReadOnlyList<string> Competencies)
{
    public string AreaName => ProgramAreas.NameOf(Area);
}

internal sealed record ProgramPage(
    Guid Id,
    string Slug,
    string Title,
    ProgramKind Kind,
    string Area,
    string Summary,
    string Audience,
    string DescriptionHtml,
    IReadOnlyList<string> Competencies,
    decimal EstimatedHours,
    string Format,
    decimal CreditHours,
    decimal Price,
    IReadOnlyList<CreditView> ContinuingEducation,
    IReadOnlyList<ProgramRef> StacksInto,
    IReadOnlyList<ProgramRef> StackedFrom)
{
    public string AreaName => ProgramAreas.NameOf(Area);
    public bool IsEnrollable => Kind == ProgramKind.Microcredential;
}

/// Read side of the catalog for the pages and the API. The catalog is a few dozen programs at
/// most, so text search runs in memory over the projected cards, the same on both providers.
internal sealed class ProgramCatalog(AppDbContext db)
{
    public async Task<IReadOnlyList<ProgramCard>> ListAsync(string? area, string? search, CancellationToken cancellationToken)
    {
        var query = db.Programs.AsNoTracking().Where(p => !p.IsRetired);
        if (!string.IsNullOrWhiteSpace(area))
        {
            query = query.Where(p => p.Area == area);
        }
        var cards = await query
            .OrderBy(p => p.Position)
            .Select(p => new ProgramCard(
                p.Slug, p.Title, p.Kind, p.Area, p.Summary, p.EstimatedHours, p.Price,
                p.ContinuingEducation.Select(c => new CreditView(c.Type, c.Hours)).ToList(),
                p.Competencies))
            .ToListAsync(cancellationToken);

        var terms = (search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return terms.Length == 0
            ? cards
            : cards.Where(card => terms.All(term =>
                    card.Title.Contains(term, StringComparison.OrdinalIgnoreCase)
                    || card.Summary.Contains(term, StringComparison.OrdinalIgnoreCase)
                    || card.Competencies.Any(c => c.Contains(term, StringComparison.OrdinalIgnoreCase))))
                .ToList();
    }

    public async Task<ProgramPage?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var program = await db.Programs.AsNoTracking()
            .Where(p => p.Slug == slug && !p.IsRetired)
            .Select(p => new
            {
                p.Id, p.Slug, p.Title, p.Kind, p.Area, p.Summary, p.Audience, p.DescriptionHtml, p.Competencies,
                p.EstimatedHours, p.Format, p.CreditHours, p.Price, p.StacksInto, p.StackedFrom,
                ContinuingEducation = p.ContinuingEducation.Select(c => new CreditView(c.Type, c.Hours)).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (program is null)
        {
            return null;
        }

        var related = program.StacksInto.Concat(program.StackedFrom).ToList();
        var titles = await db.Programs.AsNoTracking()
            .Where(p => related.Contains(p.Slug) && !p.IsRetired)
            .Select(p => new ProgramRef(p.Slug, p.Title))
            .ToDictionaryAsync(p => p.Slug, cancellationToken);
        IReadOnlyList<ProgramRef> Named(List<string> slugs) =>
            slugs.Where(titles.ContainsKey).Select(s => titles[s]).ToList();

        return new ProgramPage(
            program.Id, program.Slug, program.Title, program.Kind, program.Area, program.Summary, program.Audience,
            program.DescriptionHtml, program.Competencies, program.EstimatedHours, program.Format, program.CreditHours,
            program.Price, program.ContinuingEducation, Named(program.StacksInto), Named(program.StackedFrom));
    }
}
