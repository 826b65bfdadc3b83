namespace Microcred.Web.Platform;

/// `Site:*` settings: how the deployment names itself to the outside world.
internal sealed class SiteOptions
{
    public const string Section = "Site";

    /// The public base URL (e.g. https://learn.example.org) used in e-mailed links; when empty,
    /// links are built from the incoming request.
    public string? PublicBaseUrl { get; set; }

    public string Name { get; set; } = "Microcred";

    public bool HasValidBaseUrl =>
        string.IsNullOrWhiteSpace(PublicBaseUrl)
        || (Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));

    public string BaseUrlFor(HttpRequest request) =>
        string.IsNullOrWhiteSpace(PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : PublicBaseUrl.TrimEnd('/');
}
