namespace Microcred.Web.Platform.Email;

/// `Email:*` settings. Without `Email:Smtp:Host` messages are written as .eml files to the
/// pickup folder instead of being sent.
internal sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "Microcred <no-reply@example.org>";
    public string PickupDirectory { get; set; } = "data/mail";
    public SmtpSettings Smtp { get; set; } = new();

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

internal sealed class SmtpSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// Auto, StartTls, SslOnConnect or None (MailKit's SecureSocketOptions).
    public string Security { get; set; } = "Auto";
}
