using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microcred.Web.Features.Learning;

internal sealed class MyLearningModel(EnrollmentService learning, UserManager<Identity.UserAccount> users) : PageModel
{
    public IReadOnlyList<EnrollmentProgress> Current { get; private set; } = [];
    public IReadOnlyList<EnrollmentProgress> Withdrawn { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var all = await learning.GetProgressAsync(users.GetUserId(User)!, cancellationToken);
        Current = all.Where(e => e.Status != EnrollmentStatus.Withdrawn).ToList();
        Withdrawn = all.Where(e => e.Status == EnrollmentStatus.Withdrawn).ToList();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(string? programSlug, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(programSlug))
        {
            return BadRequest();
        }
        TempData["Status"] = await learning.WithdrawAsync(users.GetUserId(User)!, programSlug, cancellationToken)
            ? "You have left the program. Your completed lessons are kept if you enrol again."
            : "You were not enrolled in that program.";
        return RedirectToPage();
    }
}
