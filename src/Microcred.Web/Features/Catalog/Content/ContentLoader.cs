using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.Yaml;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Microcred.Web.Features.Catalog.Content;

/// Reads `programs/<slug>/program.md` and its numbered module files, validates them, and renders
/// lesson Markdown to HTML. Every problem is collected with its file and line; nothing is thrown.
internal static partial class ContentLoader
{
    public const int MaxSummaryLength = 300;

    // Raw HTML is disabled and generic attributes are left out, so content cannot add script or
    // event handlers to a page; links are checked below for the same reason.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .UseGridTables()
        .UseEmphasisExtras()
        .UseDefinitionLists()
        .UseFootnotes()
        .UseAbbreviations()
        .UseFigures()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private static readonly HashSet<string> SafeSchemes = ["http", "https", "mailto"];

    public static ContentLoadResult Load(string contentRoot)
    {
        var errors = new List<ContentError>();
        var programsFolder = Path.Combine(contentRoot, "programs");
        if (!Directory.Exists(programsFolder))
        {
            return new([], []);
        }

        var loaded = new List<(ProgramContent Content, FrontMatter<ProgramFrontMatter> FrontMatter)>();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in Directory.GetDirectories(programsFolder).Order(StringComparer.Ordinal))
        {
            var before = errors.Count;
            var program = LoadProgram(contentRoot, folder, errors);
            if (program is null || errors.Count > before)
            {
                failed.Add(Path.GetFileName(folder));
            }
            else
            {
                loaded.Add(program.Value);
            }
        }

        var programs = CheckReferences(loaded, failed, errors);
        return new(errors.Count == 0 ? programs : [], errors);
    }

    private static (ProgramContent, FrontMatter<ProgramFrontMatter>)? LoadProgram(string contentRoot, string folder, List<ContentError> errors)
    {
        var slug = Path.GetFileName(folder);
        var programPath = Path.Combine(folder, "program.md");
        var programFile = DisplayPath(contentRoot, programPath);
        if (!SlugPattern().IsMatch(slug))
        {
            errors.Add(new(DisplayPath(contentRoot, folder), 1,
                $"program folder '{slug}' is not a slug: use lowercase letters, digits and single hyphens"));
            return null;
        }
        if (!File.Exists(programPath))
        {
            errors.Add(new(programFile, 1, "missing program.md: every program folder needs one"));
            return null;
        }

        var document = Markdown.Parse(File.ReadAllText(programPath), Pipeline);
        var frontMatter = FrontMatter<ProgramFrontMatter>.Read(programFile, document, errors);
        CheckLinks(programFile, document, errors);
        var modules = LoadModules(contentRoot, folder, slug, errors, out var moduleFiles);
        if (frontMatter is null)
        {
            return null;
        }

        var meta = frontMatter.Value;
        var title = Required(frontMatter, meta.Title, "title", errors);
        var summary = Required(frontMatter, meta.Summary, "summary", errors);
        var audience = Required(frontMatter, meta.Audience, "audience", errors);
        var format = Required(frontMatter, meta.Format, "format", errors);
        if (summary.Length > MaxSummaryLength)
        {
            errors.Add(frontMatter.Error("summary", $"'summary' has {summary.Length} characters; the catalog card allows at most {MaxSummaryLength}"));
        }

        var kind = ProgramKind.Microcredential;
        if (Required(frontMatter, meta.Kind, "kind", errors) is { Length: > 0 } kindText)
        {
            if (kindText is "microcredential" or "certificate")
            {
                kind = kindText == "certificate" ? ProgramKind.Certificate : ProgramKind.Microcredential;
            }
            else
            {
                errors.Add(frontMatter.Error("kind", $"'kind' is '{kindText}'; it must be microcredential or certificate"));
            }
        }

        var area = Required(frontMatter, meta.Area, "area", errors);
        if (area.Length > 0 && !ProgramAreas.IsKnown(area))
        {
            errors.Add(frontMatter.Error("area",
                $"'area' is '{area}'; it must be one of {string.Join(", ", ProgramAreas.All.Select(a => a.Key))}"));
        }

        var competencies = meta.Competencies ?? [];
        if (meta.Competencies is null)
        {
            errors.Add(frontMatter.Error("competencies", "missing required key 'competencies' (3 to 6 outcome statements)"));
        }
        else if (competencies.Count is < 3 or > 6)
        {
            errors.Add(frontMatter.Error("competencies", $"'competencies' has {competencies.Count} statements; a program states 3 to 6"));
        }
        for (var i = 0; i < competencies.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(competencies[i]))
            {
                errors.Add(frontMatter.ItemError("competencies", i, "a competency statement is empty"));
            }
        }

        var estimatedHours = meta.EstimatedHours ?? 0;
        if (kind == ProgramKind.Microcredential)
        {
            if (meta.EstimatedHours is null)
            {
                errors.Add(frontMatter.Error("estimatedHours", "missing required key 'estimatedHours'"));
            }
            else if (estimatedHours is < 6 or > 15)
            {
                errors.Add(frontMatter.Error("estimatedHours", $"'estimatedHours' is {estimatedHours}; a microcredential takes 6 to 15 hours"));
            }
        }
        else if (meta.EstimatedHours is <= 0)
        {
            errors.Add(frontMatter.Error("estimatedHours", "'estimatedHours' must be more than 0"));
        }

        var creditHours = meta.CreditHours ?? 0;
        if (meta.CreditHours is null)
        {
            errors.Add(frontMatter.Error("creditHours", "missing required key 'creditHours' (0 if the program carries no academic credit)"));
        }
        else if (creditHours < 0)
        {
            errors.Add(frontMatter.Error("creditHours", "'creditHours' must not be negative"));
        }

        var price = meta.Price ?? 0;
        if (meta.Price is null)
        {
            errors.Add(frontMatter.Error("price", "missing required key 'price' (0 means free)"));
        }
        else if (price < 0)
        {
            errors.Add(frontMatter.Error("price", "'price' must not be negative"));
        }

        var credits = new List<ContinuingEducationContent>();
        var creditList = meta.ContinuingEducation ?? [];
        for (var i = 0; i < creditList.Count; i++)
        {
            var credit = creditList[i];
            if (string.IsNullOrWhiteSpace(credit.Type))
            {
                errors.Add(frontMatter.ItemError("continuingEducation", i, "a continuing-education entry needs a 'type'"));
            }
            else if (credit.Hours is not > 0)
            {
                errors.Add(frontMatter.ItemError("continuingEducation", i, $"continuing-education credit '{credit.Type}' needs 'hours' greater than 0"));
            }
            else
            {
                credits.Add(new(credit.Type.Trim(), credit.Hours.Value));
            }
        }

        var stacksInto = CheckSlugs(frontMatter, meta.StacksInto, "stacksInto", errors);
        var stackedFrom = CheckSlugs(frontMatter, meta.StackedFrom, "stackedFrom", errors);
        if (kind == ProgramKind.Certificate)
        {
            if (stacksInto.Count > 0)
            {
                errors.Add(frontMatter.Error("stacksInto", "a certificate lists the microcredentials it is made of in 'stackedFrom', not 'stacksInto'"));
            }
            if (stackedFrom.Count == 0)
            {
                errors.Add(frontMatter.Error("stackedFrom", "a certificate must list the microcredentials that stack into it in 'stackedFrom'"));
            }
            if (moduleFiles > 0)
            {
                errors.Add(new(programFile, 1, "a certificate has no modules of its own; move its module files to a microcredential"));
            }
        }
        else
        {
            if (stackedFrom.Count > 0)
            {
                errors.Add(frontMatter.Error("stackedFrom", "only a certificate lists 'stackedFrom'; a microcredential names what it counts toward in 'stacksInto'"));
            }
            if (moduleFiles == 0)
            {
                errors.Add(new(programFile, 1, "a microcredential needs at least one module file (01-<module-slug>.md)"));
            }
        }

        var content = new ProgramContent(
            slug, programFile, kind, area, title, summary, audience, Render(document),
            competencies.Select(c => c.Trim()).ToList(), estimatedHours, format, creditHours, credits, price,
            stacksInto, stackedFrom, modules.Select(m => m.Content).ToList());
        return (content, frontMatter);
    }

    private static List<(ModuleContent Content, string File)> LoadModules(
        string contentRoot, string folder, string programSlug, List<ContentError> errors, out int moduleFiles)
    {
        moduleFiles = 0;
        var modules = new List<(ModuleContent Content, string File)>();
        var lessonSlugs = new Dictionary<string, (string Title, string File, int Line)>(StringComparer.Ordinal);
        var positions = new Dictionary<int, string>();
        foreach (var path in Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name == "program.md")
            {
                continue;
            }

            moduleFiles++;
            var file = DisplayPath(contentRoot, path);
            var match = ModuleFileName().Match(name);
            if (!match.Success)
            {
                errors.Add(new(file, 1, $"'{name}' is not a module file name: use NN-<module-slug>.md, for example 01-structured-documentation.md"));
                continue;
            }

            var position = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (!positions.TryAdd(position, name))
            {
                errors.Add(new(file, 1, $"module number {match.Groups[1].Value} is already used by {positions[position]}"));
                continue;
            }

            var document = Markdown.Parse(File.ReadAllText(path), Pipeline);
            var frontMatter = FrontMatter<ModuleFrontMatter>.Read(file, document, errors);
            CheckLinks(file, document, errors);
            var lessons = ReadLessons(file, document, programSlug, lessonSlugs, errors);
            if (frontMatter is null)
            {
                continue;
            }

            var title = Required(frontMatter, frontMatter.Value.Title, "title", errors);
            var summary = Required(frontMatter, frontMatter.Value.Summary, "summary", errors);
            modules.Add((new ModuleContent(match.Groups[2].Value, position, title, summary, lessons), file));
        }
        return modules;
    }

    private static List<LessonContent> ReadLessons(
        string file,
        MarkdownDocument document,
        string programSlug,
        Dictionary<string, (string Title, string File, int Line)> lessonSlugs,
        List<ContentError> errors)
    {
        var drafts = new List<(string Title, int Line, List<Block> Blocks)>();
        var reportedStrayText = false;
        foreach (var block in document)
        {
            if (block is YamlFrontMatterBlock or LinkReferenceDefinitionGroup)
            {
                continue;
            }
            if (block is HeadingBlock { Level: 1 } heading)
            {
                drafts.Add((PlainText(heading.Inline), heading.Line + 1, []));
            }
            else if (drafts.Count > 0)
            {
                drafts[^1].Blocks.Add(block);
            }
            else if (!reportedStrayText)
            {
                reportedStrayText = true;
                errors.Add(new(file, block.Line + 1, "text before the first lesson: each lesson starts with a level-1 heading ('# Lesson title')"));
            }
        }

        if (drafts.Count == 0)
        {
            errors.Add(new(file, 1, "the module has no lessons: each lesson starts with a level-1 heading ('# Lesson title')"));
        }

        var lessons = new List<LessonContent>();
        foreach (var (title, line, blocks) in drafts)
        {
            var slug = Slugify(title);
            if (slug.Length == 0)
            {
                errors.Add(new(file, line, "a lesson heading needs a title with letters or digits"));
                continue;
            }
            if (lessonSlugs.TryGetValue(slug, out var first))
            {
                errors.Add(new(file, line,
                    $"duplicate lesson slug '{slug}' in program '{programSlug}': '{title}' and '{first.Title}' ({first.File}:{first.Line}); lesson titles must differ within a program"));
                continue;
            }
            lessonSlugs.Add(slug, (title, file, line));
            if (blocks.Count == 0)
            {
                errors.Add(new(file, line, $"lesson '{title}' has no text"));
                continue;
            }
            lessons.Add(new(slug, lessons.Count + 1, title, Render(blocks)));
        }
        return lessons;
    }

    private static List<ProgramContent> CheckReferences(
        List<(ProgramContent Content, FrontMatter<ProgramFrontMatter> FrontMatter)> loaded,
        HashSet<string> failed,
        List<ContentError> errors)
    {
        var bySlug = loaded.ToDictionary(p => p.Content.Slug, StringComparer.Ordinal);
        foreach (var (program, frontMatter) in loaded)
        {
            for (var i = 0; i < program.StacksInto.Count; i++)
            {
                var target = program.StacksInto[i];
                if (failed.Contains(target))
                {
                    continue;
                }
                if (!bySlug.TryGetValue(target, out var certificate))
                {
                    errors.Add(frontMatter.ItemError("stacksInto", i, $"'stacksInto' names '{target}', which is not a program folder in content/programs"));
                }
                else if (certificate.Content.Kind != ProgramKind.Certificate)
                {
                    errors.Add(frontMatter.ItemError("stacksInto", i, $"'stacksInto' names '{target}', which is a microcredential, not a certificate"));
                }
                else if (!certificate.Content.StackedFrom.Contains(program.Slug))
                {
                    errors.Add(frontMatter.ItemError("stacksInto", i,
                        $"'stacksInto' names '{target}', but {certificate.Content.SourceFile} does not list '{program.Slug}' in 'stackedFrom'"));
                }
            }
            for (var i = 0; i < program.StackedFrom.Count; i++)
            {
                var source = program.StackedFrom[i];
                if (failed.Contains(source))
                {
                    continue;
                }
                if (!bySlug.TryGetValue(source, out var microcredential))
                {
                    errors.Add(frontMatter.ItemError("stackedFrom", i, $"'stackedFrom' names '{source}', which is not a program folder in content/programs"));
                }
                else if (microcredential.Content.Kind != ProgramKind.Microcredential)
                {
                    errors.Add(frontMatter.ItemError("stackedFrom", i, $"'stackedFrom' names '{source}', which is a certificate, not a microcredential"));
                }
                else if (!microcredential.Content.StacksInto.Contains(program.Slug))
                {
                    errors.Add(frontMatter.ItemError("stackedFrom", i,
                        $"'stackedFrom' names '{source}', but {microcredential.Content.SourceFile} does not list '{program.Slug}' in 'stacksInto'"));
                }
            }
        }

        // A certificate that states no hours of its own takes the sum of its parts.
        return loaded
            .Select(p => p.Content is { Kind: ProgramKind.Certificate, EstimatedHours: 0 } certificate
                ? certificate with
                {
                    EstimatedHours = certificate.StackedFrom.Sum(s => bySlug.TryGetValue(s, out var m) ? m.Content.EstimatedHours : 0),
                }
                : p.Content)
            .ToList();
    }

    private static string Required<T>(FrontMatter<T> frontMatter, string? value, string key, List<ContentError> errors)
        where T : class
    {
        if (value is null)
        {
            errors.Add(frontMatter.Error(key, $"missing required key '{key}'"));
            return "";
        }
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(frontMatter.Error(key, $"'{key}' must not be empty"));
            return "";
        }
        return value.Trim();
    }

    private static List<string> CheckSlugs(FrontMatter<ProgramFrontMatter> frontMatter, List<string>? slugs, string key, List<ContentError> errors)
    {
        var valid = new List<string>();
        for (var i = 0; i < (slugs?.Count ?? 0); i++)
        {
            var slug = slugs![i];
            if (slug is null || !SlugPattern().IsMatch(slug))
            {
                errors.Add(frontMatter.ItemError(key, i, $"'{key}' entry '{slug}' is not a program slug"));
            }
            else
            {
                valid.Add(slug);
            }
        }
        return valid;
    }

    private static void CheckLinks(string file, MarkdownDocument document, List<ContentError> errors)
    {
        foreach (var inline in document.Descendants<Inline>())
        {
            var url = inline switch
            {
                LinkInline link => link.Url,
                AutolinkInline autolink when !autolink.IsEmail => autolink.Url,
                _ => null,
            };
            if (url is null || url.StartsWith('#') || url.StartsWith('/'))
            {
                continue;
            }
            var scheme = UrlScheme().Match(url);
            if (scheme.Success && !SafeSchemes.Contains(scheme.Groups[1].Value.ToLowerInvariant()))
            {
                errors.Add(new(file, inline.Line + 1, $"link '{url}' is not allowed: use an http, https or mailto link, or a relative one"));
            }
        }
    }

    private static string Render(IEnumerable<Block> blocks)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        foreach (var block in blocks)
        {
            renderer.Render(block);
        }
        writer.Flush();
        return writer.ToString();
    }

    private static string PlainText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return "";
        }
        var text = new StringBuilder();
        foreach (var part in inline.Descendants<Inline>())
        {
            switch (part)
            {
                case LiteralInline literal:
                    text.Append(literal.Content);
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
            }
        }
        return text.ToString().Trim();
    }

    internal static string Slugify(string title)
    {
        var slug = new StringBuilder(title.Length);
        var pendingHyphen = false;
        foreach (var c in title)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && slug.Length > 0)
                {
                    slug.Append('-');
                }
                slug.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }
        }
        return slug.ToString();
    }

    private static string DisplayPath(string contentRoot, string path) =>
        "content/" + Path.GetRelativePath(contentRoot, path).Replace('\\', '/');

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    internal static partial Regex SlugPattern();

    [GeneratedRegex(@"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")]
    private static partial Regex ModuleFileName();

    [GeneratedRegex("^([a-zA-Z][a-zA-Z0-9+.-]*):")]
    private static partial Regex UrlScheme();
}
