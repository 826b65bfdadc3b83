using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microcred.Web.Features.Learning;

/// The target of every "Enrol" button; it has nothing to show of its own.
internal sealed class EnrollModel(EnrollmentService learning, UserManager<Identity.UserAccount> users) : PageModel
{
    public IActionResult OnGet() => Redirect("/learning");

    public async Task<IActionResult> OnPostAsync(string? programSlug, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(programSlug))
        {
            return BadRequest();
        }
        var userId = users.GetUserId(User)!;
        var (outcome, enrollment) = await learning.EnrollAsync(userId, programSlug, cancellationToken);
        switch (outcome)
        {
            case EnrollOutcome.ProgramNotFound:
                return NotFound();
            case EnrollOutcome.NotEnrollable:
                return Redirect($"/programs/{programSlug}");
        }

        if (enrollment is { IsActive: false })
        {
            TempData["Status"] = "Your place is reserved. The lessons open once the payment is recorded.";
            return Redirect("/learning");
        }
        var progress = (await learning.GetProgressAsync(userId, cancellationToken, programSlug)).Single();
        TempData["Status"] = outcome == EnrollOutcome.Reenrolled
            ? "Welcome back: your earlier progress is still here."
            : "You are enrolled.";
        return progress.NextLesson is { } next
            ? Redirect($"/learn/{programSlug}/{next.Slug}")
            : Redirect("/learning");
    }
}
