using System.Globalization;
using Microcred.Credentials.OpenBadges;

namespace Microcred.Cli.Credentials;

/// <summary>Synthetic learners and achievements for demonstration credentials (all under example.org).</summary>
internal static class DemoCredentials
{
    private static readonly string[] GivenNames = ["Avery", "Jordan", "Riley", "Morgan", "Casey", "Quinn", "Rowan", "Sage", "Emerson", "Parker"];
    private static readonly string[] FamilyNames = ["Sample", "Testwell", "Demo", "Fictional", "Placeholder", "Synthetic", "Example", "Mockford"];

    public static IReadOnlyList<Achievement> Achievements { get; } =
    [
        Make("ehr-documentation", "EHR Documentation Practices", "Documents encounters accurately and completely in an electronic health record.", "HI-101", 1.5),
        Make("fhir-r4-fundamentals", "FHIR R4 Fundamentals", "Models, queries and validates HL7 FHIR R4 resources for common clinical data.", "HI-120", 2),
        Make("quality-measures", "Clinical Quality Measures", "Computes eCQM-style measures such as diabetes HbA1c control from synthetic patient data.", "HI-210", 2.5),
        Make("privacy-deidentification", "Patient Data Privacy and De-identification", "Applies the HIPAA Safe Harbor method to remove the 18 identifiers from a data set.", "HI-150", 1),
    ];

    public static (string Name, string Email) Learner(int index)
    {
        var given = GivenNames[index % GivenNames.Length];
        var family = FamilyNames[(index / GivenNames.Length) % FamilyNames.Length];
        var number = index.ToString("D5", CultureInfo.InvariantCulture);
        return ($"{given} {family} (synthetic {number})", $"learner{number}@example.org");
    }

    private static Achievement Make(string slug, string name, string description, string code, double credits) => new()
    {
        Id = $"https://academy.example.org/achievements/{slug}",
        AchievementType = "MicroCredential",
        Name = name,
        Description = description,
        Criteria = new Criteria { Narrative = "Completed the modules and passed the hands-on lab on synthetic EHR data with a score of at least 80 %." },
        CreditsAvailable = credits,
        HumanCode = code,
        FieldOfStudy = "Health Informatics",
        Tag = ["health informatics", "synthetic data"],
    };
}
