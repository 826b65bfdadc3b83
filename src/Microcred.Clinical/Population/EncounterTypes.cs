using Microcred.Clinical.CodeSystems;

namespace Microcred.Clinical.Population;

/// <summary>
/// The project's own encounter-type codes. Visit-level CPT codes may not be redistributed, so encounters
/// are typed with this small local code system; HCPCS Level II codes appear as procedures where they exist.
/// </summary>
public static class EncounterTypes
{
    private static ClinicalCode Code(string code, string display) => new(CodeSystemUris.MicrocredEncounterType, code, display);

    /// <summary>Office visit for a chronic problem or follow-up.</summary>
    public static ClinicalCode OfficeVisit { get; } = Code("office-visit", "Office visit");

    /// <summary>Preventive visit (adult physical or well-child visit).</summary>
    public static ClinicalCode PreventiveVisit { get; } = Code("preventive-visit", "Preventive care visit");

    /// <summary>Medicare annual wellness visit.</summary>
    public static ClinicalCode AnnualWellnessVisit { get; } = Code("annual-wellness-visit", "Annual wellness visit");

    /// <summary>Same-day visit for an acute problem.</summary>
    public static ClinicalCode AcuteVisit { get; } = Code("acute-visit", "Acute care visit");

    /// <summary>Telehealth video visit.</summary>
    public static ClinicalCode TelehealthVisit { get; } = Code("telehealth-visit", "Telehealth video visit");

    /// <summary>Monthly review of remote-monitoring readings (virtual).</summary>
    public static ClinicalCode RemoteMonitoringReview { get; } = Code("remote-monitoring-review", "Remote monitoring review");

    /// <summary>Emergency department visit.</summary>
    public static ClinicalCode EmergencyVisit { get; } = Code("emergency-visit", "Emergency department visit");

    /// <summary>Inpatient hospital stay.</summary>
    public static ClinicalCode InpatientStay { get; } = Code("inpatient-stay", "Inpatient hospital stay");

    /// <summary>Skilled nursing visit at home by a home health agency.</summary>
    public static ClinicalCode HomeHealthVisit { get; } = Code("home-health-visit", "Home health nursing visit");

    /// <summary>Hospice visit at home.</summary>
    public static ClinicalCode HospiceVisit { get; } = Code("hospice-visit", "Hospice care visit");

    /// <summary>Clinician visit to a long-term care resident in a nursing facility.</summary>
    public static ClinicalCode NursingFacilityVisit { get; } = Code("nursing-facility-visit", "Nursing facility visit");

    /// <summary>Palliative care consultation.</summary>
    public static ClinicalCode PalliativeConsult { get; } = Code("palliative-care-consult", "Palliative care consultation");

    /// <summary>All encounter types.</summary>
    public static IReadOnlyList<ClinicalCode> All { get; } =
    [
        OfficeVisit, PreventiveVisit, AnnualWellnessVisit, AcuteVisit, TelehealthVisit, RemoteMonitoringReview,
        EmergencyVisit, InpatientStay, HomeHealthVisit, HospiceVisit, NursingFacilityVisit, PalliativeConsult,
    ];
}
