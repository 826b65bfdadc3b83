using Microcred.Web.Platform;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microcred.Web.Features.Shared;

/// Shown for every failed page request; the original status code is kept.
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var status = code ?? StatusCodes.Status500InternalServerError;
        Response.StatusCode = status;
        var original = ErrorHandling.OriginalPath(HttpContext) ?? "";
        (Heading, Message) = status switch
        {
            404 when original.StartsWith("/programs/", StringComparison.Ordinal) =>
                ("We couldn't find that program", "It may have been renamed or retired. The catalog lists every program you can enrol in."),
            404 when original.StartsWith("/learn/", StringComparison.Ordinal) =>
                ("We couldn't find that lesson", "It may have moved. My learning links to the next lesson of each of your programs."),
            404 => ("We couldn't find that page", "Check the address, or start again from the catalog."),
            403 => ("You don't have access to this page", "Your account does not have permission to see it."),
            400 => ("We couldn't process that request", "The form may have expired. Go back, reload the page and try again."),
            _ when status >= 500 => ("Something went wrong on our side", "The problem has been logged. Please try again in a few minutes."),
            _ => ("Something went wrong", "Please go back and try again."),
        };
    }
}
