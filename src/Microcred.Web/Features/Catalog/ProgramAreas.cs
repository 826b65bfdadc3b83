namespace Microcred.Web.Features.Catalog;

/// The program areas of the catalog, keyed as in the content files.
internal static class ProgramAreas
{
    public static readonly IReadOnlyList<(string Key, string Name, string Description)> All =
    [
        ("clinical-documentation", "Clinical documentation", "Clinical and hospital settings: documentation practices, data entry, digital health records"),
        ("healthcare-administration", "Healthcare administration", "Reporting, operational data analysis, resource planning"),
        ("telehealth", "Telehealth and remote care", "Virtual care workflows, remote monitoring, digital communication"),
        ("billing-compliance", "Billing and compliance", "Coding systems, documentation standards, patient-data privacy"),
        ("public-health", "Public health", "Population health data, community trends, program evaluation"),
        ("informatics-foundations", "Informatics foundations", "EHRs, data management and governance, information systems"),
    ];

    public static bool IsKnown(string key) => All.Any(a => a.Key == key);

    public static string NameOf(string key) => All.FirstOrDefault(a => a.Key == key).Name ?? key;
}

internal static class CatalogText
{
    public const string OutcomesDisclaimer =
        "Completing this program does not guarantee employment, job advancement or a change in salary; " +
        "individual results vary with experience, education and the labour market.";
}
