using Microcred.Credentials.OpenBadges;

namespace Microcred.Credentials.Tests.Credentials;

/// <summary>Synthetic issuers, achievements and credentials for the tests.</summary>
internal static class Samples
{
    public static Achievement Achievement() => new()
    {
        Id = "https://academy.example.org/achievements/ehr-documentation",
        AchievementType = "MicroCredential",
        Name = "EHR Documentation Practices",
        Description = "Documents encounters accurately and completely in an electronic health record.",
        Criteria = new Criteria { Narrative = "Passed the charting lab on synthetic patients with a score of at least 80 %." },
        Image = new Image { Id = "https://academy.example.org/badges/ehr-documentation.png", Caption = "EHR Documentation badge" },
        CreditsAvailable = 3.5,
        Alignment =
        [
            new Alignment
            {
                TargetName = "Health Information Science and Technology",
                TargetUrl = "https://competencies.example.org/amia/F4",
                TargetFramework = "AMIA Health Informatics Core Competencies",
                TargetCode = "F4",
                TargetType = "CFItem",
            },
        ],
        ResultDescription =
        [
            new ResultDescription { Id = "https://academy.example.org/achievements/ehr-documentation/score", Name = "Lab score", ResultType = "Percent", ValueMin = "0", ValueMax = "100", RequiredValue = "80" },
        ],
        Tag = ["health informatics", "documentation"],
        HumanCode = "HI-101",
        FieldOfStudy = "Health Informatics",
    };

    public static Profile Issuer(string did) => new()
    {
        Id = did,
        Name = "Example College of Medicine — Health Informatics",
        Url = "https://academy.example.org",
        Email = "credentials@academy.example.org",
        Description = "Short, skills-based microcredentials for healthcare professionals.",
    };

    public static OpenBadgeCredentialBuilder Builder(string did) => new(Issuer(did), Achievement());
}
