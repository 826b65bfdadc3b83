using System.Net;
using Microcred.Web.Platform.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Microcred.Web.Features.Identity;

/// Composes the account e-mails Identity asks for; the configured transport delivers them.
/// Identity hands links over HTML-encoded, so the plain-text part decodes them again.
internal sealed class AccountEmailSender(IMailTransport transport, IOptions<EmailOptions> options) : IEmailSender<UserAccount>
{
    public Task SendConfirmationLinkAsync(UserAccount user, string email, string confirmationLink) =>
        SendAsync(email, "Confirm your Microcred account",
            $"Confirm your e-mail address by opening this link:\n\n{WebUtility.HtmlDecode(confirmationLink)}\n",
            $"<p>Confirm your e-mail address by <a href=\"{confirmationLink}\">opening this link</a>.</p>");

    public Task SendPasswordResetLinkAsync(UserAccount user, string email, string resetLink) =>
        SendAsync(email, "Reset your Microcred password",
            $"Someone asked to reset the password of your Microcred account. If it was you, open this link within a day:\n\n{WebUtility.HtmlDecode(resetLink)}\n\nIf it was not you, ignore this message; your password stays as it is.\n",
            $"<p>Someone asked to reset the password of your Microcred account. If it was you, <a href=\"{resetLink}\">choose a new password</a> within a day.</p><p>If it was not you, ignore this message; your password stays as it is.</p>");

    public Task SendPasswordResetCodeAsync(UserAccount user, string email, string resetCode) =>
        SendAsync(email, "Your Microcred password reset code",
            $"Your password reset code is:\n\n{resetCode}\n\nIf you did not ask for it, ignore this message.\n",
            $"<p>Your password reset code is:</p><p><code>{WebUtility.HtmlEncode(resetCode)}</code></p><p>If you did not ask for it, ignore this message.</p>");

    private Task SendAsync(string email, string subject, string text, string html)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(email));
        message.Subject = subject;
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return transport.SendAsync(message, CancellationToken.None);
    }
}
