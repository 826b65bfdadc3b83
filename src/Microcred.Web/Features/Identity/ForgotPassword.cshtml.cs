using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using Microcred.Web.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Microcred.Web.Features.Identity;

internal sealed class ForgotPasswordModel(UserManager<UserAccount> users, IEmailSender<UserAccount> email, IOptions<SiteOptions> site) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.org.")]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // The answer is the same whether or not the address has an account, so the form cannot
        // be used to find out who studies here.
        var user = await users.FindByEmailAsync(Email);
        if (user is not null)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
            var link = $"{site.Value.BaseUrlFor(Request)}/account/reset-password?email={Uri.EscapeDataString(Email)}&code={code}";
            await email.SendPasswordResetLinkAsync(user, Email, HtmlEncoder.Default.Encode(link));
        }
        Sent = true;
        return Page();
    }
}
