namespace Microcred.Clinical.Labs;

/// <summary>The program area a lab belongs to; the same six areas the catalog uses for programs.</summary>
public enum ProgramArea
{
    /// <summary>Clinical and hospital settings: documentation practices, data entry, digital health records.</summary>
    ClinicalDocumentation,

    /// <summary>Healthcare administration: reporting, operational data analysis, resource planning.</summary>
    HealthcareAdministration,

    /// <summary>Telehealth and remote care: virtual care workflows, remote monitoring, digital communication.</summary>
    Telehealth,

    /// <summary>Billing and compliance: coding systems, documentation standards, patient-data privacy.</summary>
    BillingCompliance,

    /// <summary>Public health: population health data, community trends, program evaluation.</summary>
    PublicHealth,

    /// <summary>Informatics foundations: EHRs, data management and governance, information systems.</summary>
    InformaticsFoundations,
}

/// <summary>The content keys of <see cref="ProgramArea"/> values (as used in program front matter).</summary>
public static class ProgramAreaKeys
{
    /// <summary>The area's key, for example <c>clinical-documentation</c>.</summary>
    public static string ToKey(this ProgramArea area) => area switch
    {
        ProgramArea.ClinicalDocumentation => "clinical-documentation",
        ProgramArea.HealthcareAdministration => "healthcare-administration",
        ProgramArea.Telehealth => "telehealth",
        ProgramArea.BillingCompliance => "billing-compliance",
        ProgramArea.PublicHealth => "public-health",
        ProgramArea.InformaticsFoundations => "informatics-foundations",
        _ => throw new ArgumentOutOfRangeException(nameof(area), area, "Unknown program area."),
    };
}
