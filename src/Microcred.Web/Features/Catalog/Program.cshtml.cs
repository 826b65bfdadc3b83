using Microcred.Web.Features.Learning;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microcred.Web.Features.Catalog;

internal sealed class ProgramModel(ProgramCatalog catalog, EnrollmentService learning, UserManager<Identity.UserAccount> users) : PageModel
{
    public ProgramPage? Program { get; private set; }
    public IReadOnlyList<OutlineModule> Outline { get; private set; } = [];
    public EnrollmentProgress? Enrollment { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        Program = await catalog.FindAsync(slug, cancellationToken);
        if (Program is null)
        {
            return NotFound();
        }
        Outline = await learning.GetOutlineAsync(Program.Id, cancellationToken);
        if (users.GetUserId(User) is { } userId)
        {
            Enrollment = (await learning.GetProgressAsync(userId, cancellationToken, slug)).SingleOrDefault();
        }
        return Page();
    }
}
