namespace Microcred.Web.Features.Identity;

/// `Seed:DemoAccounts`: create one account per role under example.org, for demonstrations.
internal sealed class AccountSeedOptions
{
    public const string Section = "Seed";

    public bool DemoAccounts { get; set; }
}

internal static class DemoAccounts
{
    public static readonly IReadOnlyList<(string Email, string Password, string Role, string Name)> All =
    [
        ("learner@example.org", "Learner-demo-2025", Roles.Learner, "Demo Learner"),
        ("instructor@example.org", "Instructor-demo-2025", Roles.Instructor, "Demo Instructor"),
        ("programadmin@example.org", "ProgramAdmin-demo-2025", Roles.ProgramAdmin, "Demo Program Admin"),
        ("orgadmin@example.org", "OrgAdmin-demo-2025", Roles.OrgAdmin, "Demo Organization Admin"),
    ];
}
