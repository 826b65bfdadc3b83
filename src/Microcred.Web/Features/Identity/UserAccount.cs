using Microsoft.AspNetCore.Identity;

namespace Microcred.Web.Features.Identity;

/// A person who signs in: learner, instructor, program admin or organization admin (by role).
internal sealed class UserAccount : IdentityUser
{
    public string? DisplayName { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal static class Roles
{
    public const string Learner = "Learner";
    public const string Instructor = "Instructor";
    public const string ProgramAdmin = "ProgramAdmin";
    public const string OrgAdmin = "OrgAdmin";

    public static readonly IReadOnlyList<string> All = [Learner, Instructor, ProgramAdmin, OrgAdmin];
}
