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
        ("learner@example.org", "Learner-demo-pass-1", Roles.Learner, "Demo Learner"),
        ("instructor@example.org", "Instructor-demo-pass-1", Roles.Instructor, "Demo Instructor"),
        ("programadmin@example.org", "ProgramAdmin-demo-pass-1", Roles.ProgramAdmin, "Demo Program Admin"),
        ("orgadmin@example.org", "OrgAdmin-demo-pass-1", Roles.OrgAdmin, "Demo Organization Admin"),
    ];
}
