namespace Microcred.Web.Features.Catalog;

internal enum ProgramKind
{
    Microcredential,
    Certificate,
}

/// A microcredential or a certificate in the catalog. Its content comes from `content/programs`;
/// the seeder overwrites it on every start, so nothing a learner does is stored here.
internal sealed class LearningProgram
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public ProgramKind Kind { get; set; }
    public required string Area { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public required string Audience { get; set; }
    public required string DescriptionHtml { get; set; }
    public List<string> Competencies { get; set; } = [];
    public decimal EstimatedHours { get; set; }
    public required string Format { get; set; }
    public decimal CreditHours { get; set; }
    public decimal Price { get; set; }
    public List<ContinuingEducationCredit> ContinuingEducation { get; set; } = [];
    public List<string> StacksInto { get; set; } = [];
    public List<string> StackedFrom { get; set; } = [];
    public int Position { get; set; }

    /// No longer in the content but kept because learners enrolled in it.
    public bool IsRetired { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<Module> Modules { get; set; } = [];

    public bool IsFree => Price == 0;
    public bool IsEnrollable => Kind == ProgramKind.Microcredential && !IsRetired;
}

internal sealed class ContinuingEducationCredit
{
    public required string Type { get; set; }
    public decimal Hours { get; set; }
}

internal sealed class Module
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public required string Slug { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public bool IsRetired { get; set; }
    public List<Lesson> Lessons { get; set; } = [];
}

internal sealed class Lesson
{
    /// Derived from the program and lesson slugs, so it is the same on every machine and
    /// survives re-seeding; the API uses it as the lesson's identifier.
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public Guid ModuleId { get; set; }
    public required string Slug { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public required string BodyHtml { get; set; }

    /// Removed from the content but kept because learners completed it.
    public bool IsRetired { get; set; }
}
