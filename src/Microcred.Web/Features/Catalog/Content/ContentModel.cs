namespace Microcred.Web.Features.Catalog.Content;

/// The front matter of `program.md`, exactly as written; every key is optional here so that a
/// missing one can be reported with its file and line instead of failing inside the YAML parser.
internal sealed record ProgramFrontMatter
{
    public string? Title { get; init; }
    public string? Kind { get; init; }
    public string? Area { get; init; }
    public string? Summary { get; init; }
    public string? Audience { get; init; }
    public List<string>? Competencies { get; init; }
    public decimal? EstimatedHours { get; init; }
    public string? Format { get; init; }
    public decimal? CreditHours { get; init; }
    public List<ContinuingEducationFrontMatter>? ContinuingEducation { get; init; }
    public decimal? Price { get; init; }
    public List<string>? StacksInto { get; init; }
    public List<string>? StackedFrom { get; init; }
}

internal sealed record ContinuingEducationFrontMatter
{
    public string? Type { get; init; }
    public decimal? Hours { get; init; }
}

/// The front matter of a module file. Knowledge checks and labs arrive here as further keys.
internal sealed record ModuleFrontMatter
{
    public string? Title { get; init; }
    public string? Summary { get; init; }
}

/// A program as loaded and validated, ready to seed.
internal sealed record ProgramContent(
    string Slug,
    string SourceFile,
    ProgramKind Kind,
    string Area,
    string Title,
    string Summary,
    string Audience,
    string DescriptionHtml,
    IReadOnlyList<string> Competencies,
    decimal EstimatedHours,
    string Format,
    decimal CreditHours,
    IReadOnlyList<ContinuingEducationContent> ContinuingEducation,
    decimal Price,
    IReadOnlyList<string> StacksInto,
    IReadOnlyList<string> StackedFrom,
    IReadOnlyList<ModuleContent> Modules);

internal sealed record ContinuingEducationContent(string Type, decimal Hours);

internal sealed record ModuleContent(string Slug, int Position, string Title, string Summary, IReadOnlyList<LessonContent> Lessons);

internal sealed record LessonContent(string Slug, int Position, string Title, string BodyHtml);

/// A problem in a content file; `Line` is 1-based in that file.
internal sealed record ContentError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

internal sealed record ContentLoadResult(IReadOnlyList<ProgramContent> Programs, IReadOnlyList<ContentError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// Thrown at start-up only: the site cannot serve a catalog whose content does not load.
internal sealed class ContentValidationException(IReadOnlyList<ContentError> errors)
    : Exception("The program content has errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ContentError> Errors { get; } = errors;
}
