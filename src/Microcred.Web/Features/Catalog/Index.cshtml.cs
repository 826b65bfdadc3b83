using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microcred.Web.Features.Catalog;

internal sealed class IndexModel(ProgramCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Area { get; set; }

    public IReadOnlyList<ProgramCard> Programs { get; private set; } = [];

    public bool IsFiltered => !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrWhiteSpace(Area);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var area = Area is not null && ProgramAreas.IsKnown(Area) ? Area : null;
        Programs = await catalog.ListAsync(area, Q, cancellationToken);
    }
}
