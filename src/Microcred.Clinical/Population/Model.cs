using Microcred.Clinical.CodeSystems;

namespace Microcred.Clinical.Population;

/// <summary>Administrative sex as recorded for the synthetic patient.</summary>
public enum AdministrativeSex
{
    /// <summary>Female.</summary>
    Female,

    /// <summary>Male.</summary>
    Male,
}

/// <summary>The setting of an encounter (maps to the HL7 v3 ActCode encounter classes).</summary>
public enum EncounterClass
{
    /// <summary>Clinic or office visit in person (AMB).</summary>
    Ambulatory,

    /// <summary>Emergency department visit (EMER).</summary>
    Emergency,

    /// <summary>Inpatient stay with admission and discharge (IMP).</summary>
    Inpatient,

    /// <summary>Video or telephone encounter (VR).</summary>
    Virtual,

    /// <summary>Home health or hospice visit at the patient's home (HH).</summary>
    HomeHealth,
}

/// <summary>What became of a booked appointment.</summary>
public enum AppointmentStatus
{
    /// <summary>Still booked (in the future relative to the as-of date).</summary>
    Booked,

    /// <summary>The patient came; an encounter records the visit.</summary>
    Fulfilled,

    /// <summary>The patient did not come and did not cancel.</summary>
    NoShow,

    /// <summary>Cancelled 24 hours or more before the start.</summary>
    CancelledInAdvance,

    /// <summary>Cancelled less than 24 hours before the start.</summary>
    CancelledLate,
}

/// <summary>Kind of coverage a patient has.</summary>
public enum PayerKind
{
    /// <summary>Medicare (65 and over, or disability / end-stage renal disease).</summary>
    Medicare,

    /// <summary>Medicaid.</summary>
    Medicaid,

    /// <summary>Employer or individual commercial plan.</summary>
    Commercial,

    /// <summary>No insurance; no claims are generated.</summary>
    SelfPay,
}

/// <summary>Kind of organization in the shared reference data.</summary>
public enum OrganizationKind
{
    /// <summary>Acute-care hospital with an emergency department.</summary>
    Hospital,

    /// <summary>Primary-care clinic.</summary>
    Clinic,

    /// <summary>Home health agency.</summary>
    HomeHealthAgency,

    /// <summary>Hospice provider.</summary>
    Hospice,

    /// <summary>Long-term care nursing facility.</summary>
    NursingFacility,

    /// <summary>Health plan (payer).</summary>
    Payer,
}

/// <summary>Kind of physical or virtual place where care happens.</summary>
public enum LocationKind
{
    /// <summary>Clinic examination rooms.</summary>
    Clinic,

    /// <summary>Hospital emergency department.</summary>
    EmergencyDepartment,

    /// <summary>Hospital inpatient ward.</summary>
    InpatientWard,

    /// <summary>Long-term care nursing facility.</summary>
    NursingFacility,

    /// <summary>The patient's home (home health, hospice, remote monitoring).</summary>
    PatientHome,

    /// <summary>A telehealth service.</summary>
    Virtual,
}

/// <summary>Whether a condition is on the problem list or was diagnosed for one encounter.</summary>
public enum ConditionCategory
{
    /// <summary>Chronic problem-list item.</summary>
    ProblemListItem,

    /// <summary>Diagnosis made for one encounter (acute problems).</summary>
    EncounterDiagnosis,
}

/// <summary>Observation category (HL7 observation-category codes).</summary>
public enum ObservationCategory
{
    /// <summary>vital-signs.</summary>
    VitalSigns,

    /// <summary>laboratory.</summary>
    Laboratory,

    /// <summary>survey (questionnaire scores such as PHQ-9).</summary>
    Survey,
}

/// <summary>State of a medication order at the as-of date.</summary>
public enum MedicationStatus
{
    /// <summary>Still being taken.</summary>
    Active,

    /// <summary>A finite course that ran its length.</summary>
    Completed,

    /// <summary>Stopped before its planned end (replaced, or the patient died).</summary>
    Stopped,
}

/// <summary>What a home-monitoring device measures.</summary>
public enum RemoteReadingKind
{
    /// <summary>Home blood-pressure cuff (systolic and diastolic, mm[Hg]).</summary>
    BloodPressure,

    /// <summary>Glucometer (capillary glucose, mg/dL).</summary>
    Glucose,

    /// <summary>Bathroom scale (kg).</summary>
    Weight,
}

/// <summary>Claim form type.</summary>
public enum ClaimKind
{
    /// <summary>Professional claim (clinic, virtual, home health).</summary>
    Professional,

    /// <summary>Institutional claim (emergency department, inpatient).</summary>
    Institutional,
}

/// <summary>Where an inpatient went at discharge.</summary>
public enum DischargeDisposition
{
    /// <summary>Home, self-care.</summary>
    Home,

    /// <summary>Home with home health services.</summary>
    HomeHealth,

    /// <summary>Skilled nursing facility.</summary>
    SkilledNursing,

    /// <summary>Hospice.</summary>
    Hospice,

    /// <summary>Long-term care facility.</summary>
    LongTermCare,

    /// <summary>Died during the stay (not a live discharge).</summary>
    Expired,
}

/// <summary>Allergy category (FHIR AllergyIntolerance.category).</summary>
public enum AllergyCategory
{
    /// <summary>Medication.</summary>
    Medication,

    /// <summary>Food.</summary>
    Food,

    /// <summary>Environment.</summary>
    Environment,
}

/// <summary>A postal address; the city/state/ZIP are real-looking, the street line is synthetic.</summary>
/// <param name="Line">Street line (synthetic street names).</param>
/// <param name="City">City.</param>
/// <param name="State">Two-letter state code.</param>
/// <param name="PostalCode">Five-digit ZIP code.</param>
public sealed record Address(string Line, string City, string State, string PostalCode)
{
    /// <summary>The first three digits of the ZIP code (what HIPAA Safe Harbor may keep).</summary>
    public string Zip3 => PostalCode[..3];
}

/// <summary>A synthetic patient's demographics and synthetic identifiers.</summary>
public sealed record Patient
{
    /// <summary>Stable id, e.g. <c>p0000042</c>; also the FHIR resource id.</summary>
    public required string Id { get; init; }

    /// <summary>Medical record number, always <c>SYN-</c> followed by eight digits.</summary>
    public required string Mrn { get; init; }

    /// <summary>Health-plan member id (<c>SYNM</c> + digits); null for self-pay patients.</summary>
    public string? MemberId { get; init; }

    /// <summary>Social security number in the never-issued 9xx range, or null (most children, some adults).</summary>
    public string? Ssn { get; init; }

    /// <summary>Given name (from the project's synthetic name lists).</summary>
    public required string GivenName { get; init; }

    /// <summary>Family name (from the project's synthetic name lists).</summary>
    public required string FamilyName { get; init; }

    /// <summary>Administrative sex.</summary>
    public required AdministrativeSex Sex { get; init; }

    /// <summary>Date of birth.</summary>
    public required DateOnly BirthDate { get; init; }

    /// <summary>Date of death when the patient died on or before the as-of date.</summary>
    public DateOnly? DeathDate { get; init; }

    /// <summary>Home address (a nursing-facility resident's address is the facility's).</summary>
    public required Address Address { get; init; }

    /// <summary>Phone number, always in the fictional 555-0100..555-0199 range.</summary>
    public required string Phone { get; init; }

    /// <summary>E-mail address, always under example.org.</summary>
    public required string Email { get; init; }

    /// <summary>Kind of coverage.</summary>
    public required PayerKind PayerKind { get; init; }

    /// <summary>The payer organization's id; null for self-pay.</summary>
    public string? PayerId { get; init; }

    /// <summary>Primary-care practitioner id.</summary>
    public required string PrimaryPractitionerId { get; init; }

    /// <summary>Primary-care clinic (organization) id.</summary>
    public required string PrimaryOrganizationId { get; init; }

    /// <summary>Age in whole years on a given date.</summary>
    public int AgeOn(DateOnly date)
    {
        var age = date.Year - BirthDate.Year;
        return BirthDate.AddYears(age) > date ? age - 1 : age;
    }
}

/// <summary>A provider or payer organization from the shared reference data.</summary>
public sealed record Organization
{
    /// <summary>Stable id, e.g. <c>org-003</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Synthetic name.</summary>
    public required string Name { get; init; }

    /// <summary>Kind of organization.</summary>
    public required OrganizationKind Kind { get; init; }

    /// <summary>Address.</summary>
    public required Address Address { get; init; }

    /// <summary>Phone in the fictional 555-01xx range.</summary>
    public required string Phone { get; init; }
}

/// <summary>A clinician from the shared reference data.</summary>
public sealed record Practitioner
{
    /// <summary>Stable id, e.g. <c>pr-0007</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Synthetic staff identifier (<c>SYNP-</c> + digits); no NPIs are generated.</summary>
    public required string Identifier { get; init; }

    /// <summary>Given name.</summary>
    public required string GivenName { get; init; }

    /// <summary>Family name.</summary>
    public required string FamilyName { get; init; }

    /// <summary>Credential: MD, DO, NP, PA or RN.</summary>
    public required string Credential { get; init; }

    /// <summary>Specialty in plain words (Family Medicine, Emergency Medicine, Hospital Medicine, ...).</summary>
    public required string Specialty { get; init; }

    /// <summary>The organization the practitioner works for.</summary>
    public required string OrganizationId { get; init; }
}

/// <summary>A place of care from the shared reference data.</summary>
public sealed record Location
{
    /// <summary>Stable id, e.g. <c>loc-012</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary>Kind of location.</summary>
    public required LocationKind Kind { get; init; }

    /// <summary>Owning organization.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>Address (the organization's).</summary>
    public required Address Address { get; init; }
}

/// <summary>Admission details of an inpatient encounter.</summary>
/// <param name="Planned">True for an elective (scheduled) admission; planned admissions are not readmissions.</param>
/// <param name="FromEmergencyEncounterId">The emergency encounter that led to this admission, if any.</param>
/// <param name="Disposition">Where the patient went at discharge.</param>
public sealed record Admission(bool Planned, string? FromEmergencyEncounterId, DischargeDisposition Disposition);

/// <summary>An encounter between the patient and the care system.</summary>
public sealed record Encounter
{
    /// <summary>Stable id, e.g. <c>p0000042-e007</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Patient id.</summary>
    public required string PatientId { get; init; }

    /// <summary>Setting.</summary>
    public required EncounterClass Class { get; init; }

    /// <summary>Encounter type from the project's own encounter-type code system.</summary>
    public required ClinicalCode Type { get; init; }

    /// <summary>Start (region local time).</summary>
    public required DateTime Start { get; init; }

    /// <summary>End (region local time); for inpatients, the discharge time.</summary>
    public required DateTime End { get; init; }

    /// <summary>Attending or visiting practitioner.</summary>
    public required string PractitionerId { get; init; }

    /// <summary>Service provider organization.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>Location.</summary>
    public required string LocationId { get; init; }

    /// <summary>Main reason (ICD-10-CM), if recorded.</summary>
    public ClinicalCode? Reason { get; init; }

    /// <summary>The appointment this encounter fulfilled, if it was booked.</summary>
    public string? AppointmentId { get; init; }

    /// <summary>Admission details for inpatient encounters; null otherwise.</summary>
    public Admission? Admission { get; init; }
}

/// <summary>A booked appointment and what became of it.</summary>
public sealed record Appointment
{
    /// <summary>Stable id, e.g. <c>p0000042-ap003</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Patient id.</summary>
    public required string PatientId { get; init; }

    /// <summary>Practitioner id.</summary>
    public required string PractitionerId { get; init; }

    /// <summary>Location id.</summary>
    public required string LocationId { get; init; }

    /// <summary>Scheduled start (region local time).</summary>
    public required DateTime Start { get; init; }

    /// <summary>Scheduled end (region local time).</summary>
    public required DateTime End { get; init; }

    /// <summary>When it was booked (region local time).</summary>
    public required DateTime BookedAt { get; init; }

    /// <summary>Outcome.</summary>
    public required AppointmentStatus Status { get; init; }

    /// <summary>When it was cancelled, for cancelled appointments.</summary>
    public DateTime? CancelledAt { get; init; }

    /// <summary>True for telehealth appointments.</summary>
    public required bool Virtual { get; init; }

    /// <summary>Plain description of the service booked.</summary>
    public required string ServiceType { get; init; }

    /// <summary>The encounter that fulfilled it.</summary>
    public string? EncounterId { get; init; }
}

/// <summary>A diagnosis (ICD-10-CM) on the problem list or for one encounter.</summary>
public sealed record Condition
{
    /// <summary>Stable id, e.g. <c>p0000042-c03</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Patient id.</summary>
    public required string PatientId { get; init; }

    /// <summary>ICD-10-CM code.</summary>
    public required ClinicalCode Code { get; init; }

    /// <summary>Problem-list item or encounter diagnosis.</summary>
    public required ConditionCategory Category { get; init; }

    /// <summary>Onset date (may precede the generated history window).</summary>
    public required DateOnly Onset { get; init; }

    /// <summary>Resolution date, for resolved conditions.</summary>
    public DateOnly? Abatement { get; init; }

    /// <summary>Date first recorded.</summary>
    public required DateOnly Recorded { get; init; }

    /// <summary>The encounter where it was diagnosed, when that is inside the generated history.</summary>
    public string? EncounterId { get; init; }
}

/// <summary>One component of a panel observation (e.g. systolic in a blood-pressure panel).</summary>
/// <param name="Code">LOINC code.</param>
/// <param name="Value">Numeric value.</param>
/// <param name="Unit">UCUM unit.</param>
public sealed record ObservationComponent(ClinicalCode Code, decimal Value, string Unit);

/// <summary>A vital sign, lab result or survey score, coded in LOINC with UCUM units.</summary>
public sealed record Observation
{
    /// <summary>Stable id, e.g. <c>p0000042-o0031</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Patient id.</summary>
    public required string PatientId { get; init; }

    /// <summary>The encounter it was taken in.</summary>
    public string? EncounterId { get; init; }

    /// <summary>Category.</summary>
    public required ObservationCategory Category { get; init; }

    /// <summary>LOINC code.</summary>
    public required ClinicalCode Code { get; init; }

    /// <summary>When it was taken (region local time).</summary>
    public required DateTime Effective { get; init; }

    /// <summary>Numeric value; null for panels, whose values are in <see cref="Components"/>.</summary>
    public decimal? Value { get; init; }

    /// <summary>UCUM unit of <see cref="Value"/>.</summary>
    public string? Unit { get; init; }

    /// <summary>Components of a panel (blood pressure: 8480-6 systolic, 8462-4 diastolic).</summary>
    public IReadOnlyList<ObservationComponent> Components { get; init; } = [];
}

/// <summary>A prescription (RxNorm).</summary>
public sealed record MedicationRequest
{
    /// <summary>Stable id, e.g. <c>p0000042-m02</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Patient id.</summary>
    public required string PatientId { get; init; }

    /// <summary>The encounter where it was prescribed, when inside the generated history.</summary>
    public string? EncounterId { get; init; }

    /// <summary>Prescriber.</summary>
    public required string PractitionerId { get; init; }

    /// <summary>RxNorm code of the product.</summary>
    public required ClinicalCode Medication { get; init; }

    /// <summary>When it was written (region local time).</summary>
    public required DateTime AuthoredOn { get; init; }

    /// <summary>Status at the as-of date.</summary>
    public required MedicationStatus Status { get; init; }

    /// <summary>When it ended, for completed or stopped orders.</summary>
    public DateOnly? End { get; init; }

    /// <summary>The condition it treats.</summary>
    public string? ReasonConditionId { get; init; }

    /// <summary>Dosage instructions in words.</summary>
    public required string DosageText { get; init; }

    /// <summary>Number of refills allowed.</summary>
    public required int Refills { get; init; }
}

/// <summary>An allergy or intolerance.</summary>
public sealed record AllergyIntolerance
{
    /// <summary>Stable id, e.g. <c>p0000042-a1</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Patient id.</summary>
    public required string PatientId { get; init; }

    /// <summary>RxNorm ingredient for drug allergies; null for food and environment, which are text only.</summary>
    public ClinicalCode? Code { get; init; }

    /// <summary>Substance in words.</summary>
    public required string Substance { get; init; }

    /// <summary>Category.</summary>
    public required AllergyCategory Category { get; init; }

    /// <summary>True for high criticality.</summary>
    public required bool HighCriticality { get; init; }

    /// <summary>Reaction in words.</summary>
    public required string Reaction { get; init; }

    /// <summary>Date recorded.</summary>
    public required DateOnly Recorded { get; init; }
}

/// <summary>A vaccine given (CVX).</summary>
public sealed record Immunization
{
    /// <summary>Stable id, e.g. <c>p0000042-i03</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Patient id.</summary>
    public required string PatientId { get; init; }

    /// <summary>The encounter where it was given.</summary>
    public string? EncounterId { get; init; }

    /// <summary>CVX code.</summary>
    public required ClinicalCode Vaccine { get; init; }

    /// <summary>When it was given (region local time).</summary>
    public required DateTime Occurrence { get; init; }

    /// <summary>Synthetic lot number (<c>SYNLOT</c> + digits).</summary>
    public required string LotNumber { get; init; }
}

/// <summary>A procedure, coded in HCPCS Level II or ICD-10-PCS (never CPT).</summary>
public sealed record Procedure
{
    /// <summary>Stable id, e.g. <c>p0000042-x02</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Patient id.</summary>
    public required string PatientId { get; init; }

    /// <summary>The encounter it belongs to.</summary>
    public required string EncounterId { get; init; }

    /// <summary>HCPCS Level II or ICD-10-PCS code.</summary>
    public required ClinicalCode Code { get; init; }

    /// <summary>When it was performed (region local time).</summary>
    public required DateTime Performed { get; init; }

    /// <summary>Performer.</summary>
    public required string PractitionerId { get; init; }
}

/// <summary>A home-monitoring device issued to a patient enrolled in remote monitoring.</summary>
public sealed record Device
{
    /// <summary>Stable id, e.g. <c>p0000042-d1</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Patient id.</summary>
    public required string PatientId { get; init; }

    /// <summary>What it measures.</summary>
    public required RemoteReadingKind Kind { get; init; }

    /// <summary>Synthetic serial number (<c>SYNDEV-</c> + digits), a device identifier under Safe Harbor.</summary>
    public required string SerialNumber { get; init; }

    /// <summary>First day of remote-monitoring enrolment.</summary>
    public required DateOnly EnrolledFrom { get; init; }

    /// <summary>Last day of enrolment (the as-of date or death date when still enrolled).</summary>
    public required DateOnly EnrolledTo { get; init; }
}

/// <summary>A reading transmitted by a home-monitoring device.</summary>
public sealed record RemoteReading
{
    /// <summary>Stable id, e.g. <c>p0000042-r00017</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Patient id.</summary>
    public required string PatientId { get; init; }

    /// <summary>The device that sent it.</summary>
    public required string DeviceId { get; init; }

    /// <summary>What was measured.</summary>
    public required RemoteReadingKind Kind { get; init; }

    /// <summary>When it was taken (region local time).</summary>
    public required DateTime Taken { get; init; }

    /// <summary>Systolic, for blood pressure.</summary>
    public decimal? Systolic { get; init; }

    /// <summary>Diastolic, for blood pressure.</summary>
    public decimal? Diastolic { get; init; }

    /// <summary>Value, for glucose (mg/dL) and weight (kg).</summary>
    public decimal? Value { get; init; }

    /// <summary>UCUM unit.</summary>
    public required string Unit { get; init; }
}

/// <summary>A diagnosis on a claim, in billing order.</summary>
/// <param name="Sequence">1 for the principal diagnosis.</param>
/// <param name="Code">ICD-10-CM code.</param>
public sealed record ClaimDiagnosis(int Sequence, ClinicalCode Code);

/// <summary>A billed line.</summary>
/// <param name="Sequence">Line number from 1.</param>
/// <param name="Service">HCPCS Level II or ICD-10-PCS code.</param>
/// <param name="Amount">Charge in US dollars.</param>
public sealed record ClaimLine(int Sequence, ClinicalCode Service, decimal Amount);

/// <summary>A claim sent to the patient's payer for one encounter.</summary>
public sealed record Claim
{
    /// <summary>Stable id, e.g. <c>p0000042-cl007</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Patient id.</summary>
    public required string PatientId { get; init; }

    /// <summary>The encounter billed.</summary>
    public required string EncounterId { get; init; }

    /// <summary>Professional or institutional.</summary>
    public required ClaimKind Kind { get; init; }

    /// <summary>Payer organization id.</summary>
    public required string PayerId { get; init; }

    /// <summary>Billing provider organization id.</summary>
    public required string ProviderOrganizationId { get; init; }

    /// <summary>Date the claim was created.</summary>
    public required DateOnly Created { get; init; }

    /// <summary>First day of service.</summary>
    public required DateOnly ServiceStart { get; init; }

    /// <summary>Last day of service.</summary>
    public required DateOnly ServiceEnd { get; init; }

    /// <summary>Total charge in US dollars.</summary>
    public required decimal Total { get; init; }

    /// <summary>Diagnoses, principal first.</summary>
    public required IReadOnlyList<ClaimDiagnosis> Diagnoses { get; init; }

    /// <summary>Billed lines (may be empty when only the visit itself is billed).</summary>
    public required IReadOnlyList<ClaimLine> Lines { get; init; }
}

/// <summary>One synthetic patient with everything recorded about them, in chronological order per list.</summary>
public sealed record PatientRecord
{
    /// <summary>The patient.</summary>
    public required Patient Patient { get; init; }

    /// <summary>Encounters by start time.</summary>
    public required IReadOnlyList<Encounter> Encounters { get; init; }

    /// <summary>Appointments by start time.</summary>
    public required IReadOnlyList<Appointment> Appointments { get; init; }

    /// <summary>Conditions by onset.</summary>
    public required IReadOnlyList<Condition> Conditions { get; init; }

    /// <summary>Observations by time.</summary>
    public required IReadOnlyList<Observation> Observations { get; init; }

    /// <summary>Prescriptions by date written.</summary>
    public required IReadOnlyList<MedicationRequest> Medications { get; init; }

    /// <summary>Allergies.</summary>
    public required IReadOnlyList<AllergyIntolerance> Allergies { get; init; }

    /// <summary>Immunizations by date.</summary>
    public required IReadOnlyList<Immunization> Immunizations { get; init; }

    /// <summary>Procedures by date.</summary>
    public required IReadOnlyList<Procedure> Procedures { get; init; }

    /// <summary>Home-monitoring devices (empty unless enrolled in remote monitoring).</summary>
    public required IReadOnlyList<Device> Devices { get; init; }

    /// <summary>Home readings by time.</summary>
    public required IReadOnlyList<RemoteReading> RemoteReadings { get; init; }

    /// <summary>Claims by service date (none for self-pay patients).</summary>
    public required IReadOnlyList<Claim> Claims { get; init; }
}
