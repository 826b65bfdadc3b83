using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Microcred.Web.Tests.Infrastructure;

/// A page as the visitor sees it after following any redirects.
public sealed record PageView(HttpStatusCode Status, string Path, IHtmlDocument Document, HttpResponseMessage Response)
{
    public string Text => Document.Body?.TextContent ?? "";

    public string H1 => Document.QuerySelector("h1")?.TextContent.Trim() ?? "";
}

/// Someone using the site through its pages: keeps cookies, reads HTML, submits forms with the
/// anti-forgery token the page gave it.
public sealed class Visitor(HttpClient client) : IDisposable
{
    public const string DefaultPassword = "correct-horse-42";
    private static readonly HtmlParser Parser = new();

    public HttpClient Client => client;
    public string? Email { get; private set; }

    public async Task<PageView> GetAsync(string url) => await FollowAsync(await client.GetAsync(url));

    /// Fills the form matched by `selector` on `page` (hidden fields included) and submits it.
    public async Task<PageView> SubmitAsync(PageView page, string selector, IDictionary<string, string>? fields = null)
    {
        var form = page.Document.QuerySelector<IHtmlFormElement>(selector)
            ?? throw new InvalidOperationException($"No form '{selector}' on {page.Path}.");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            if (input.Type is "checkbox" && !input.IsChecked)
            {
                continue;
            }
            values.Add(new(input.Name!, input.Value));
        }
        foreach (var select in form.QuerySelectorAll<IHtmlSelectElement>("select[name]"))
        {
            values.Add(new(select.Name!, select.Value ?? ""));
        }
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            values.RemoveAll(v => v.Key == name);
            values.Add(new(name, value));
        }

        var action = form.GetAttribute("action");
        if (string.IsNullOrEmpty(action))
        {
            action = page.Path;
        }
        var method = (form.GetAttribute("method") ?? "get").ToUpperInvariant();
        if (method is "GET")
        {
            var query = string.Join('&', values.Select(v => $"{Uri.EscapeDataString(v.Key)}={Uri.EscapeDataString(v.Value)}"));
            return await GetAsync($"{action}?{query}");
        }
        return await FollowAsync(await client.PostAsync(action, new FormUrlEncodedContent(values)));
    }

    public async Task<PageView> RegisterAsync(string email, string password = DefaultPassword)
    {
        var page = await GetAsync("/account/register");
        var result = await SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Synthetic Learner",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Email = email;
        return result;
    }

    public async Task<PageView> SignInAsync(string email, string password = DefaultPassword)
    {
        var page = await GetAsync("/account/login");
        Email = email;
        return await SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    public async Task<PageView> SignOutAsync()
    {
        var page = await GetAsync("/learning");
        return await SubmitAsync(page, "header form");
    }

    /// Presses "Enrol" on the program page.
    public async Task<PageView> EnrollAsync(string programSlug)
    {
        var page = await GetAsync($"/programs/{programSlug}");
        return await SubmitAsync(page, ".enrol-box form");
    }

    /// Presses "Mark complete" on the lesson page.
    public async Task<PageView> CompleteLessonAsync(string programSlug, string lessonSlug)
    {
        var page = await GetAsync($"/learn/{programSlug}/{lessonSlug}");
        return await SubmitAsync(page, ".lesson-actions form");
    }

    /// Presses "Unenrol" for the program on My learning.
    public async Task<PageView> UnenrollAsync(string programSlug)
    {
        var page = await GetAsync("/learning");
        var form = page.Document.QuerySelectorAll<IHtmlFormElement>(".enrollment form")
            .Single(f => f.QuerySelector<IHtmlInputElement>("input[name=programSlug]")?.Value == programSlug);
        form.Id = "unenrol-target";
        return await SubmitAsync(page, "#unenrol-target");
    }

    public async Task<PageView> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 10 && (int)response.StatusCode is >= 300 and < 400; hops++)
        {
            var location = response.Headers.Location!;
            response = await client.GetAsync(location);
        }
        var html = await response.Content.ReadAsStringAsync();
        var document = await Parser.ParseDocumentAsync(html);
        return new PageView(response.StatusCode, response.RequestMessage!.RequestUri!.PathAndQuery, document, response);
    }

    public void Dispose() => client.Dispose();
}
