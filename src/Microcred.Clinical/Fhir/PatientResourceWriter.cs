using System.Buffers.Text;
using System.Text.Json;
using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Population;
using Hl7.Fhir.Serialization;

namespace Microcred.Clinical.Fhir;

/// <summary>Where <see cref="PatientResourceWriter"/> puts each resource it writes.</summary>
internal abstract class ResourceJsonTarget
{
    /// <summary>Returns the writer positioned where the resource object is to start.</summary>
    /// <param name="resourceType">The resource type.</param>
    /// <param name="id">The resource id.</param>
    /// <param name="fullUrl">The resource's <c>urn:uuid:</c> fullUrl when bundle-internal references are written; else empty.</param>
    public abstract Utf8JsonWriter BeginResource(string resourceType, string id, ReadOnlySpan<byte> fullUrl);

    /// <summary>Called after the resource object has been closed.</summary>
    public abstract void EndResource();
}

/// <summary>
/// Writes a patient's FHIR R4 resources as JSON straight from the population model, with the same elements,
/// element order, value formats and escaping as <see cref="FhirPopulationMapper"/> mapped to Firely POCOs and
/// serialized by the Firely SDK. Patient output is bound by serialization cost, and the SDK's serializer,
/// generic over any POCO, costs about ten times as much as writing these few fixed shapes directly; tests hold
/// the output byte-identical to the SDK's for every resource type and variant the population produces.
/// Not thread-safe: it keeps the UUIDs of the patient being written (each is a SHA-256 hash, and a patient's
/// own id alone is referred to by nearly every resource), so use one per thread or per patient.
/// </summary>
internal sealed class PatientResourceWriter
{
    private const int MaxReference = 256;

    private static readonly ClinicalCode BloodPressurePanel = CodeCatalog.Loinc("85354-9");
    private static readonly ClinicalCode Systolic = CodeCatalog.Loinc("8480-6");
    private static readonly ClinicalCode Diastolic = CodeCatalog.Loinc("8462-4");
    private static readonly ClinicalCode BodyWeight = CodeCatalog.Loinc("29463-7");
    private static readonly ClinicalCode Glucose = CodeCatalog.Loinc("41653-7");

    private readonly TimeSpan _offset;
    private readonly byte[] _offsetText;
    private readonly FhirReferenceStyle _style;
    private readonly Dictionary<(string Type, string Id), Guid> _uuids = [];

    public PatientResourceWriter(ReferenceData reference, FhirReferenceStyle style)
    {
        ArgumentNullException.ThrowIfNull(reference);
        _offset = TimeSpan.FromHours(reference.Region.StandardUtcOffsetHours);
        _offsetText = System.Text.Encoding.ASCII.GetBytes((_offset < TimeSpan.Zero ? "-" : "+") + _offset.Duration().ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture));
        _style = style;
    }

    /// <summary>Writes every resource of the patient, in the order of <see cref="FhirPopulationMapper.PatientResources"/>.</summary>
    public void Write(PatientRecord record, ResourceJsonTarget target)
    {
        ArgumentNullException.ThrowIfNull(record);
        _uuids.Clear();
        var patient = record.Patient;
        Patient(target, patient);
        if (patient.PayerId is not null)
        {
            Coverage(target, patient);
        }
        foreach (var x in record.Appointments)
        {
            Appointment(target, x);
        }
        foreach (var x in record.Encounters)
        {
            Encounter(target, x);
        }
        foreach (var x in record.Conditions)
        {
            Condition(target, x);
        }
        foreach (var x in record.Observations)
        {
            Observation(target, x);
        }
        foreach (var x in record.Medications)
        {
            MedicationRequest(target, x);
        }
        foreach (var x in record.Allergies)
        {
            AllergyIntolerance(target, x);
        }
        foreach (var x in record.Immunizations)
        {
            Immunization(target, x);
        }
        foreach (var x in record.Procedures)
        {
            Procedure(target, x);
        }
        foreach (var x in record.Devices)
        {
            Device(target, x);
        }
        foreach (var x in record.RemoteReadings)
        {
            RemoteReading(target, x);
        }
        foreach (var x in record.Claims)
        {
            Claim(target, x, patient);
        }
    }

    // ------------------------------------------------------------------ resources

    private void Patient(ResourceJsonTarget target, Patient patient)
    {
        var w = Open(target, "Patient", patient.Id);
        w.WriteStartArray("identifier"u8);
        w.WriteStartObject();
        w.WriteString("use"u8, "usual"u8);
        Concept(w, "type"u8, "http://terminology.hl7.org/CodeSystem/v2-0203"u8, "MR"u8, "Medical record number"u8);
        w.WriteString("system"u8, FhirPopulationMapper.MrnSystem);
        w.WriteString("value"u8, patient.Mrn);
        w.WriteEndObject();
        if (patient.Ssn is not null)
        {
            w.WriteStartObject();
            Concept(w, "type"u8, "http://terminology.hl7.org/CodeSystem/v2-0203"u8, "SS"u8, "Social Security number"u8);
            w.WriteString("system"u8, FhirPopulationMapper.SsnSystem);
            w.WriteString("value"u8, patient.Ssn);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("active"u8, true);
        w.WriteStartArray("name"u8);
        w.WriteStartObject();
        w.WriteString("use"u8, "official"u8);
        w.WriteString("family"u8, patient.FamilyName);
        w.WriteStartArray("given"u8);
        w.WriteStringValue(patient.GivenName);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("telecom"u8);
        ContactPoint(w, "phone"u8, patient.Phone, "home"u8);
        ContactPoint(w, "email"u8, patient.Email, "home"u8);
        w.WriteEndArray();
        w.WriteString("gender"u8, patient.Sex == AdministrativeSex.Female ? "female"u8 : "male"u8);
        Date(w, "birthDate"u8, patient.BirthDate);
        if (patient.DeathDate is { } death)
        {
            Date(w, "deceasedDateTime"u8, death);
        }
        w.WriteStartArray("address"u8);
        Address(w, patient.Address);
        w.WriteEndArray();
        w.WriteStartArray("generalPractitioner"u8);
        SharedReference(w, default, "Practitioner/"u8, patient.PrimaryPractitionerId);
        w.WriteEndArray();
        SharedReference(w, "managingOrganization"u8, "Organization/"u8, patient.PrimaryOrganizationId);
        Close(target, w);
    }

    private void Coverage(ResourceJsonTarget target, Patient patient)
    {
        var w = Open(target, "Coverage", patient.Id + "-cov");
        w.WriteStartArray("identifier"u8);
        w.WriteStartObject();
        Concept(w, "type"u8, "http://terminology.hl7.org/CodeSystem/v2-0203"u8, "MB"u8, "Member Number"u8);
        w.WriteString("system"u8, FhirPopulationMapper.MemberIdSystem);
        OptionalString(w, "value"u8, patient.MemberId);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("status"u8, "active"u8);
        if (patient.PayerKind is PayerKind.Medicare or PayerKind.Medicaid)
        {
            Concept(w, "type"u8, "http://terminology.hl7.org/CodeSystem/v3-ActCode"u8, "PUBLICPOL"u8, "public healthcare"u8);
        }
        else
        {
            Concept(w, "type"u8, "http://terminology.hl7.org/CodeSystem/v3-ActCode"u8, "EHCPOL"u8, "extended healthcare"u8);
        }
        OptionalString(w, "subscriberId"u8, patient.MemberId);
        OwnReference(w, "beneficiary"u8, "Patient", patient.Id);
        Concept(w, "relationship"u8, "http://terminology.hl7.org/CodeSystem/subscriber-relationship"u8, "self"u8, "Self"u8);
        w.WriteStartArray("payor"u8);
        SharedReference(w, default, "Organization/"u8, patient.PayerId!);
        w.WriteEndArray();
        Close(target, w);
    }

    private void Appointment(ResourceJsonTarget target, Appointment appointment)
    {
        var w = Open(target, "Appointment", appointment.Id);
        w.WriteString("status"u8, appointment.Status switch
        {
            AppointmentStatus.Booked => "booked"u8,
            AppointmentStatus.Fulfilled => "fulfilled"u8,
            AppointmentStatus.NoShow => "noshow"u8,
            _ => "cancelled"u8,
        });
        if (appointment.CancelledAt is not null)
        {
            w.WriteStartObject("cancelationReason"u8);
            w.WriteStartArray("coding"u8);
            Coding(w, "http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason"u8, "pat"u8, "Patient"u8);
            w.WriteEndArray();
            w.WriteString("text"u8, appointment.Status == AppointmentStatus.CancelledLate
                ? "Cancelled by patient less than 24 hours before"u8
                : "Cancelled by patient in advance"u8);
            w.WriteEndObject();
        }
        w.WriteStartArray("serviceType"u8);
        TextConcept(w, default, appointment.ServiceType);
        w.WriteEndArray();
        if (appointment.Virtual)
        {
            TextConcept(w, "appointmentType"u8, "Telehealth");
        }
        InstantValue(w, "start"u8, appointment.Start);
        InstantValue(w, "end"u8, appointment.End);
        LocalTime(w, "created"u8, appointment.BookedAt);
        if (appointment.CancelledAt is { } cancelled)
        {
            Span<byte> text = stackalloc byte[64];
            "Cancelled "u8.CopyTo(text);
            var length = 10 + FormatLocalTime(cancelled, text[10..]);
            w.WriteString("comment"u8, text[..length]);
        }
        w.WriteStartArray("participant"u8);
        w.WriteStartObject();
        OwnReference(w, "actor"u8, "Patient", appointment.PatientId);
        w.WriteString("status"u8, "accepted"u8);
        w.WriteEndObject();
        w.WriteStartObject();
        SharedReference(w, "actor"u8, "Practitioner/"u8, appointment.PractitionerId);
        w.WriteString("status"u8, "accepted"u8);
        w.WriteEndObject();
        w.WriteStartObject();
        SharedReference(w, "actor"u8, "Location/"u8, appointment.LocationId);
        w.WriteString("status"u8, "accepted"u8);
        w.WriteEndObject();
        w.WriteEndArray();
        Close(target, w);
    }

    private void Encounter(ResourceJsonTarget target, Encounter encounter)
    {
        var w = Open(target, "Encounter", encounter.Id);
        w.WriteString("status"u8, "finished"u8);
        w.WriteStartObject("class"u8);
        w.WriteString("system"u8, "http://terminology.hl7.org/CodeSystem/v3-ActCode"u8);
        switch (encounter.Class)
        {
            case EncounterClass.Ambulatory:
                w.WriteString("code"u8, "AMB"u8);
                w.WriteString("display"u8, "ambulatory"u8);
                break;
            case EncounterClass.Emergency:
                w.WriteString("code"u8, "EMER"u8);
                w.WriteString("display"u8, "emergency"u8);
                break;
            case EncounterClass.Inpatient:
                w.WriteString("code"u8, "IMP"u8);
                w.WriteString("display"u8, "inpatient encounter"u8);
                break;
            case EncounterClass.Virtual:
                w.WriteString("code"u8, "VR"u8);
                w.WriteString("display"u8, "virtual"u8);
                break;
            default:
                w.WriteString("code"u8, "HH"u8);
                w.WriteString("display"u8, "home health"u8);
                break;
        }
        w.WriteEndObject();
        w.WriteStartArray("type"u8);
        Concept(w, default, encounter.Type);
        w.WriteEndArray();
        if (encounter.Admission is { } priority)
        {
            if (priority.Planned)
            {
                Concept(w, "priority"u8, "http://terminology.hl7.org/CodeSystem/v3-ActPriority"u8, "EL"u8, "elective"u8);
            }
            else
            {
                Concept(w, "priority"u8, "http://terminology.hl7.org/CodeSystem/v3-ActPriority"u8, "EM"u8, "emergency"u8);
            }
        }
        OwnReference(w, "subject"u8, "Patient", encounter.PatientId);
        w.WriteStartArray("participant"u8);
        w.WriteStartObject();
        SharedReference(w, "individual"u8, "Practitioner/"u8, encounter.PractitionerId);
        w.WriteEndObject();
        w.WriteEndArray();
        if (encounter.AppointmentId is { } appointment)
        {
            w.WriteStartArray("appointment"u8);
            OwnReference(w, default, "Appointment", appointment);
            w.WriteEndArray();
        }
        w.WriteStartObject("period"u8);
        LocalTime(w, "start"u8, encounter.Start);
        LocalTime(w, "end"u8, encounter.End);
        w.WriteEndObject();
        if (encounter.Reason is { } reason)
        {
            w.WriteStartArray("reasonCode"u8);
            Concept(w, default, reason);
            w.WriteEndArray();
        }
        if (encounter.Admission is { } admission)
        {
            w.WriteStartObject("hospitalization"u8);
            if (admission.FromEmergencyEncounterId is { } ed)
            {
                w.WriteStartObject("preAdmissionIdentifier"u8);
                w.WriteString("system"u8, EncounterIdentifierSystem);
                w.WriteString("value"u8, ed);
                w.WriteEndObject();
                Concept(w, "admitSource"u8, "http://terminology.hl7.org/CodeSystem/admit-source"u8, "emd"u8, "From accident/emergency department"u8);
            }
            else
            {
                Concept(w, "admitSource"u8, "http://terminology.hl7.org/CodeSystem/admit-source"u8, "gp"u8, "General Practitioner referral"u8);
            }
            var system = "http://terminology.hl7.org/CodeSystem/discharge-disposition"u8;
            switch (admission.Disposition)
            {
                case DischargeDisposition.Home:
                    Concept(w, "dischargeDisposition"u8, system, "home"u8, "Home"u8);
                    break;
                case DischargeDisposition.SkilledNursing:
                    Concept(w, "dischargeDisposition"u8, system, "snf"u8, "Skilled nursing facility"u8);
                    break;
                case DischargeDisposition.Hospice:
                    Concept(w, "dischargeDisposition"u8, system, "hosp"u8, "Hospice"u8);
                    break;
                case DischargeDisposition.LongTermCare:
                    Concept(w, "dischargeDisposition"u8, system, "long"u8, "Long-term care"u8);
                    break;
                case DischargeDisposition.Expired:
                    Concept(w, "dischargeDisposition"u8, system, "exp"u8, "Expired"u8);
                    break;
                case DischargeDisposition.HomeHealth:
                    w.WriteStartObject("dischargeDisposition"u8);
                    w.WriteStartArray("coding"u8);
                    Coding(w, system, "oth"u8, "Other"u8);
                    w.WriteEndArray();
                    w.WriteString("text"u8, "Home with home health services"u8);
                    w.WriteEndObject();
                    break;
                default:
                    Concept(w, "dischargeDisposition"u8, system, "oth"u8, "Other"u8);
                    break;
            }
            w.WriteEndObject();
        }
        w.WriteStartArray("location"u8);
        w.WriteStartObject();
        SharedReference(w, "location"u8, "Location/"u8, encounter.LocationId);
        w.WriteEndObject();
        w.WriteEndArray();
        SharedReference(w, "serviceProvider"u8, "Organization/"u8, encounter.OrganizationId);
        Close(target, w);
    }

    private const string EncounterIdentifierSystem = CodeSystemUris.SyntheticIdentifierPrefix + "encounter";

    private void Condition(ResourceJsonTarget target, Condition condition)
    {
        var w = Open(target, "Condition", condition.Id);
        if (condition.Abatement is not null)
        {
            Concept(w, "clinicalStatus"u8, "http://terminology.hl7.org/CodeSystem/condition-clinical"u8, "resolved"u8, "Resolved"u8);
        }
        else
        {
            Concept(w, "clinicalStatus"u8, "http://terminology.hl7.org/CodeSystem/condition-clinical"u8, "active"u8, "Active"u8);
        }
        Concept(w, "verificationStatus"u8, "http://terminology.hl7.org/CodeSystem/condition-ver-status"u8, "confirmed"u8, "Confirmed"u8);
        w.WriteStartArray("category"u8);
        if (condition.Category == ConditionCategory.ProblemListItem)
        {
            Concept(w, default, "http://terminology.hl7.org/CodeSystem/condition-category"u8, "problem-list-item"u8, "Problem List Item"u8);
        }
        else
        {
            Concept(w, default, "http://terminology.hl7.org/CodeSystem/condition-category"u8, "encounter-diagnosis"u8, "Encounter Diagnosis"u8);
        }
        w.WriteEndArray();
        Concept(w, "code"u8, condition.Code);
        OwnReference(w, "subject"u8, "Patient", condition.PatientId);
        if (condition.EncounterId is { } encounter)
        {
            OwnReference(w, "encounter"u8, "Encounter", encounter);
        }
        Date(w, "onsetDateTime"u8, condition.Onset);
        if (condition.Abatement is { } abatement)
        {
            Date(w, "abatementDateTime"u8, abatement);
        }
        Date(w, "recordedDate"u8, condition.Recorded);
        Close(target, w);
    }

    private void Observation(ResourceJsonTarget target, Observation observation)
    {
        var w = Open(target, "Observation", observation.Id);
        w.WriteString("status"u8, "final"u8);
        w.WriteStartArray("category"u8);
        ObservationCategory(w, observation.Category);
        w.WriteEndArray();
        Concept(w, "code"u8, observation.Code);
        OwnReference(w, "subject"u8, "Patient", observation.PatientId);
        if (observation.EncounterId is { } encounter)
        {
            OwnReference(w, "encounter"u8, "Encounter", encounter);
        }
        LocalTime(w, "effectiveDateTime"u8, observation.Effective);
        if (observation.Value is { } value)
        {
            Quantity(w, "valueQuantity"u8, value, observation.Unit);
        }
        if (observation.Components.Count > 0)
        {
            w.WriteStartArray("component"u8);
            foreach (var component in observation.Components)
            {
                w.WriteStartObject();
                Concept(w, "code"u8, component.Code);
                Quantity(w, "valueQuantity"u8, component.Value, component.Unit);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Close(target, w);
    }

    private void MedicationRequest(ResourceJsonTarget target, MedicationRequest request)
    {
        var w = Open(target, "MedicationRequest", request.Id);
        w.WriteString("status"u8, request.Status switch
        {
            MedicationStatus.Active => "active"u8,
            MedicationStatus.Completed => "completed"u8,
            _ => "stopped"u8,
        });
        w.WriteString("intent"u8, "order"u8);
        Concept(w, "medicationCodeableConcept"u8, request.Medication);
        OwnReference(w, "subject"u8, "Patient", request.PatientId);
        if (request.EncounterId is { } encounter)
        {
            OwnReference(w, "encounter"u8, "Encounter", encounter);
        }
        LocalTime(w, "authoredOn"u8, request.AuthoredOn);
        SharedReference(w, "requester"u8, "Practitioner/"u8, request.PractitionerId);
        if (request.ReasonConditionId is { } reason)
        {
            w.WriteStartArray("reasonReference"u8);
            OwnReference(w, default, "Condition", reason);
            w.WriteEndArray();
        }
        w.WriteStartArray("dosageInstruction"u8);
        w.WriteStartObject();
        w.WriteString("text"u8, request.DosageText);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("dispenseRequest"u8);
        if (request.End is { } end)
        {
            w.WriteStartObject("validityPeriod"u8);
            Date(w, "start"u8, DateOnly.FromDateTime(request.AuthoredOn));
            Date(w, "end"u8, end);
            w.WriteEndObject();
        }
        w.WriteNumber("numberOfRepeatsAllowed"u8, request.Refills);
        w.WriteEndObject();
        Close(target, w);
    }

    private void AllergyIntolerance(ResourceJsonTarget target, AllergyIntolerance allergy)
    {
        var w = Open(target, "AllergyIntolerance", allergy.Id);
        Concept(w, "clinicalStatus"u8, "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"u8, "active"u8, "Active"u8);
        Concept(w, "verificationStatus"u8, "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"u8, "confirmed"u8, "Confirmed"u8);
        w.WriteString("type"u8, "allergy"u8);
        w.WriteStartArray("category"u8);
        w.WriteStringValue(allergy.Category switch
        {
            AllergyCategory.Medication => "medication"u8,
            AllergyCategory.Food => "food"u8,
            _ => "environment"u8,
        });
        w.WriteEndArray();
        w.WriteString("criticality"u8, allergy.HighCriticality ? "high"u8 : "low"u8);
        w.WriteStartObject("code"u8);
        if (allergy.Code is { } coded)
        {
            w.WriteStartArray("coding"u8);
            Coding(w, coded);
            w.WriteEndArray();
        }
        w.WriteString("text"u8, allergy.Substance);
        w.WriteEndObject();
        OwnReference(w, "patient"u8, "Patient", allergy.PatientId);
        Date(w, "recordedDate"u8, allergy.Recorded);
        w.WriteStartArray("reaction"u8);
        w.WriteStartObject();
        w.WriteStartArray("manifestation"u8);
        TextConcept(w, default, allergy.Reaction);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        Close(target, w);
    }

    private void Immunization(ResourceJsonTarget target, Immunization immunization)
    {
        var w = Open(target, "Immunization", immunization.Id);
        w.WriteString("status"u8, "completed"u8);
        Concept(w, "vaccineCode"u8, immunization.Vaccine);
        OwnReference(w, "patient"u8, "Patient", immunization.PatientId);
        if (immunization.EncounterId is { } encounter)
        {
            OwnReference(w, "encounter"u8, "Encounter", encounter);
        }
        LocalTime(w, "occurrenceDateTime"u8, immunization.Occurrence);
        w.WriteBoolean("primarySource"u8, true);
        w.WriteString("lotNumber"u8, immunization.LotNumber);
        Close(target, w);
    }

    private void Procedure(ResourceJsonTarget target, Procedure procedure)
    {
        var w = Open(target, "Procedure", procedure.Id);
        w.WriteString("status"u8, "completed"u8);
        Concept(w, "code"u8, procedure.Code);
        OwnReference(w, "subject"u8, "Patient", procedure.PatientId);
        OwnReference(w, "encounter"u8, "Encounter", procedure.EncounterId);
        LocalTime(w, "performedDateTime"u8, procedure.Performed);
        w.WriteStartArray("performer"u8);
        w.WriteStartObject();
        SharedReference(w, "actor"u8, "Practitioner/"u8, procedure.PractitionerId);
        w.WriteEndObject();
        w.WriteEndArray();
        Close(target, w);
    }

    private void Device(ResourceJsonTarget target, Device device)
    {
        var w = Open(target, "Device", device.Id);
        var name = device.Kind switch
        {
            RemoteReadingKind.BloodPressure => "Home blood pressure monitor"u8,
            RemoteReadingKind.Weight => "Home weight scale"u8,
            _ => "Home blood glucose monitor"u8,
        };
        w.WriteString("status"u8, "active"u8);
        w.WriteString("serialNumber"u8, device.SerialNumber);
        w.WriteStartArray("deviceName"u8);
        w.WriteStartObject();
        w.WriteString("name"u8, name);
        w.WriteString("type"u8, "user-friendly-name"u8);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("type"u8);
        w.WriteString("text"u8, name);
        w.WriteEndObject();
        OwnReference(w, "patient"u8, "Patient", device.PatientId);
        w.WriteStartArray("note"u8);
        w.WriteStartObject();
        Span<byte> note = stackalloc byte[64];
        "Remote monitoring enrolment "u8.CopyTo(note);
        var length = 28 + FormatDate(device.EnrolledFrom, note[28..]);
        " to "u8.CopyTo(note[length..]);
        length += 4;
        length += FormatDate(device.EnrolledTo, note[length..]);
        w.WriteString("text"u8, note[..length]);
        w.WriteEndObject();
        w.WriteEndArray();
        Close(target, w);
    }

    private void RemoteReading(ResourceJsonTarget target, RemoteReading reading)
    {
        var w = Open(target, "Observation", reading.Id);
        w.WriteString("status"u8, "final"u8);
        w.WriteStartArray("category"u8);
        ObservationCategory(w, reading.Kind == RemoteReadingKind.Glucose ? Population.ObservationCategory.Laboratory : Population.ObservationCategory.VitalSigns);
        w.WriteEndArray();
        Concept(w, "code"u8, reading.Kind switch
        {
            RemoteReadingKind.BloodPressure => BloodPressurePanel,
            RemoteReadingKind.Weight => BodyWeight,
            _ => Glucose,
        });
        OwnReference(w, "subject"u8, "Patient", reading.PatientId);
        LocalTime(w, "effectiveDateTime"u8, reading.Taken);
        if (reading.Kind != RemoteReadingKind.BloodPressure)
        {
            Quantity(w, "valueQuantity"u8, reading.Value!.Value, reading.Unit);
        }
        OwnReference(w, "device"u8, "Device", reading.DeviceId);
        if (reading.Kind == RemoteReadingKind.BloodPressure)
        {
            w.WriteStartArray("component"u8);
            w.WriteStartObject();
            Concept(w, "code"u8, Systolic);
            Quantity(w, "valueQuantity"u8, reading.Systolic!.Value, reading.Unit);
            w.WriteEndObject();
            w.WriteStartObject();
            Concept(w, "code"u8, Diastolic);
            Quantity(w, "valueQuantity"u8, reading.Diastolic!.Value, reading.Unit);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        Close(target, w);
    }

    private void Claim(ResourceJsonTarget target, Claim claim, Patient patient)
    {
        var w = Open(target, "Claim", claim.Id);
        w.WriteString("status"u8, "active"u8);
        if (claim.Kind == ClaimKind.Institutional)
        {
            Concept(w, "type"u8, "http://terminology.hl7.org/CodeSystem/claim-type"u8, "institutional"u8, "Institutional"u8);
        }
        else
        {
            Concept(w, "type"u8, "http://terminology.hl7.org/CodeSystem/claim-type"u8, "professional"u8, "Professional"u8);
        }
        w.WriteString("use"u8, "claim"u8);
        OwnReference(w, "patient"u8, "Patient", claim.PatientId);
        w.WriteStartObject("billablePeriod"u8);
        Date(w, "start"u8, claim.ServiceStart);
        Date(w, "end"u8, claim.ServiceEnd);
        w.WriteEndObject();
        Date(w, "created"u8, claim.Created);
        SharedReference(w, "insurer"u8, "Organization/"u8, claim.PayerId);
        SharedReference(w, "provider"u8, "Organization/"u8, claim.ProviderOrganizationId);
        Concept(w, "priority"u8, "http://terminology.hl7.org/CodeSystem/processpriority"u8, "normal"u8, "Normal"u8);
        if (claim.Diagnoses.Count > 0)
        {
            w.WriteStartArray("diagnosis"u8);
            foreach (var diagnosis in claim.Diagnoses)
            {
                w.WriteStartObject();
                w.WriteNumber("sequence"u8, diagnosis.Sequence);
                Concept(w, "diagnosisCodeableConcept"u8, diagnosis.Code);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteStartArray("insurance"u8);
        w.WriteStartObject();
        w.WriteNumber("sequence"u8, 1);
        w.WriteBoolean("focal"u8, true);
        OwnReference(w, "coverage"u8, "Coverage", patient.Id + "-cov");
        w.WriteEndObject();
        w.WriteEndArray();
        if (claim.Lines.Count > 0)
        {
            w.WriteStartArray("item"u8);
            foreach (var line in claim.Lines)
            {
                w.WriteStartObject();
                w.WriteNumber("sequence"u8, line.Sequence);
                Concept(w, "productOrService"u8, line.Service);
                Money(w, "net"u8, line.Amount);
                w.WriteStartArray("encounter"u8);
                OwnReference(w, default, "Encounter", claim.EncounterId);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Money(w, "total"u8, claim.Total);
        Close(target, w);
    }

    // ------------------------------------------------------------------ building blocks

    private Utf8JsonWriter Open(ResourceJsonTarget target, string resourceType, string id)
    {
        Span<byte> fullUrl = stackalloc byte[FullUrlLength];
        var w = target.BeginResource(resourceType, id, _style == FhirReferenceStyle.BundleInternal ? FullUrl(resourceType, id, fullUrl) : default);
        w.WriteStartObject();
        w.WriteString("resourceType"u8, resourceType);
        w.WriteString("id"u8, id);
        w.WriteStartObject("meta"u8);
        w.WriteStartArray("tag"u8);
        Coding(w, "http://terminology.hl7.org/CodeSystem/v3-ActReason"u8, "HTEST"u8, "test health data"u8);
        w.WriteEndArray();
        w.WriteEndObject();
        return w;
    }

    private static void Close(ResourceJsonTarget target, Utf8JsonWriter w)
    {
        w.WriteEndObject();
        target.EndResource();
    }

    private static void StartObject(Utf8JsonWriter w, ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }
    }

    private static void OptionalString(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Coding(Utf8JsonWriter w, ReadOnlySpan<byte> system, ReadOnlySpan<byte> code, ReadOnlySpan<byte> display)
    {
        w.WriteStartObject();
        w.WriteString("system"u8, system);
        w.WriteString("code"u8, code);
        w.WriteString("display"u8, display);
        w.WriteEndObject();
    }

    private static void Coding(Utf8JsonWriter w, ClinicalCode code)
    {
        w.WriteStartObject();
        w.WriteString("system"u8, code.System);
        w.WriteString("code"u8, code.Code);
        w.WriteString("display"u8, code.Display);
        w.WriteEndObject();
    }

    /// <summary>A CodeableConcept with one coding; an empty name writes it as an array item.</summary>
    private static void Concept(Utf8JsonWriter w, ReadOnlySpan<byte> name, ReadOnlySpan<byte> system, ReadOnlySpan<byte> code, ReadOnlySpan<byte> display)
    {
        StartObject(w, name);
        w.WriteStartArray("coding"u8);
        Coding(w, system, code, display);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Concept(Utf8JsonWriter w, ReadOnlySpan<byte> name, ClinicalCode code)
    {
        StartObject(w, name);
        w.WriteStartArray("coding"u8);
        Coding(w, code);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void TextConcept(Utf8JsonWriter w, ReadOnlySpan<byte> name, string text)
    {
        StartObject(w, name);
        w.WriteString("text"u8, text);
        w.WriteEndObject();
    }

    private static void ObservationCategory(Utf8JsonWriter w, ObservationCategory category)
    {
        var system = "http://terminology.hl7.org/CodeSystem/observation-category"u8;
        switch (category)
        {
            case Population.ObservationCategory.VitalSigns:
                Concept(w, default, system, "vital-signs"u8, "Vital Signs"u8);
                break;
            case Population.ObservationCategory.Laboratory:
                Concept(w, default, system, "laboratory"u8, "Laboratory"u8);
                break;
            default:
                Concept(w, default, system, "survey"u8, "Survey"u8);
                break;
        }
    }

    private static void ContactPoint(Utf8JsonWriter w, ReadOnlySpan<byte> system, string value, ReadOnlySpan<byte> use)
    {
        w.WriteStartObject();
        w.WriteString("system"u8, system);
        w.WriteString("value"u8, value);
        w.WriteString("use"u8, use);
        w.WriteEndObject();
    }

    private static void Address(Utf8JsonWriter w, Population.Address address)
    {
        w.WriteStartObject();
        w.WriteStartArray("line"u8);
        w.WriteStringValue(address.Line);
        w.WriteEndArray();
        w.WriteString("city"u8, address.City);
        w.WriteString("state"u8, address.State);
        w.WriteString("postalCode"u8, address.PostalCode);
        w.WriteString("country"u8, "US"u8);
        w.WriteEndObject();
    }

    private static void Quantity(Utf8JsonWriter w, ReadOnlySpan<byte> name, decimal value, string? unit)
    {
        w.WriteStartObject(name);
        w.WriteNumber("value"u8, value);
        OptionalString(w, "unit"u8, unit);
        w.WriteString("system"u8, CodeSystemUris.Ucum);
        OptionalString(w, "code"u8, unit);
        w.WriteEndObject();
    }

    private static void Money(Utf8JsonWriter w, ReadOnlySpan<byte> name, decimal value)
    {
        w.WriteStartObject(name);
        w.WriteNumber("value"u8, value);
        w.WriteString("currency"u8, "USD"u8);
        w.WriteEndObject();
    }

    /// <summary>A reference to reference data (organizations, practitioners, locations): always relative.</summary>
    private static void SharedReference(Utf8JsonWriter w, ReadOnlySpan<byte> name, ReadOnlySpan<byte> typeAndSlash, string id)
    {
        Span<byte> text = stackalloc byte[MaxReference];
        typeAndSlash.CopyTo(text);
        var length = typeAndSlash.Length + System.Text.Encoding.UTF8.GetBytes(id, text[typeAndSlash.Length..]);
        StartObject(w, name);
        w.WriteString("reference"u8, text[..length]);
        w.WriteEndObject();
    }

    /// <summary>A reference to one of the patient's own resources, relative or by <c>urn:uuid:</c> fullUrl.</summary>
    private void OwnReference(Utf8JsonWriter w, ReadOnlySpan<byte> name, string type, string id)
    {
        StartObject(w, name);
        if (_style == FhirReferenceStyle.BundleInternal)
        {
            Span<byte> fullUrl = stackalloc byte[FullUrlLength];
            w.WriteString("reference"u8, FullUrl(type, id, fullUrl));
        }
        else
        {
            Span<byte> text = stackalloc byte[MaxReference];
            var length = System.Text.Encoding.UTF8.GetBytes(type, text);
            text[length++] = (byte)'/';
            length += System.Text.Encoding.UTF8.GetBytes(id, text[length..]);
            w.WriteString("reference"u8, text[..length]);
        }
        w.WriteEndObject();
    }

    private const int FullUrlLength = 45;

    /// <summary>Writes <c>urn:uuid:</c> and the resource's stable UUID into the destination and returns that part.</summary>
    private Span<byte> FullUrl(string type, string id, Span<byte> destination)
    {
        if (!_uuids.TryGetValue((type, id), out var uuid))
        {
            Span<byte> typeName = stackalloc byte[MaxReference];
            uuid = FhirPopulationMapper.ResourceUuid(typeName[..System.Text.Encoding.UTF8.GetBytes(type, typeName)], id);
            _uuids[(type, id)] = uuid;
        }
        "urn:uuid:"u8.CopyTo(destination);
        if (!uuid.TryFormat(destination[9..], out var written, "D"))
        {
            throw new InvalidOperationException("The destination is too small for a UUID.");
        }
        return destination[..(9 + written)];
    }

    private static void Date(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateOnly date)
    {
        Span<byte> text = stackalloc byte[10];
        FormatDate(date, text);
        w.WriteString(name, text);
    }

    /// <summary>A local time as a FHIR dateTime with the region's offset, to the second (as the mapper writes it).</summary>
    private void LocalTime(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateTime local)
    {
        Span<byte> text = stackalloc byte[32];
        var length = FormatLocalTime(local, text);
        w.WriteString(name, text[..length]);
    }

    /// <summary>
    /// A local time as a FHIR instant (Appointment.start and end): the SDK writes the DateTimeOffset with a
    /// fraction of a second when there is one, so such values go through the SDK's own conversion.
    /// </summary>
    private void InstantValue(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateTime local)
    {
        if (local.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            w.WriteString(name, PrimitiveTypeConverter.ConvertTo<string>(new DateTimeOffset(local, _offset)));
            return;
        }
        LocalTime(w, name, local);
    }

    private int FormatLocalTime(DateTime local, Span<byte> destination)
    {
        FormatDate(DateOnly.FromDateTime(local), destination);
        destination[10] = (byte)'T';
        TwoDigits(local.Hour, destination[11..]);
        destination[13] = (byte)':';
        TwoDigits(local.Minute, destination[14..]);
        destination[16] = (byte)':';
        TwoDigits(local.Second, destination[17..]);
        _offsetText.CopyTo(destination[19..]);
        return 19 + _offsetText.Length;
    }

    private static int FormatDate(DateOnly date, Span<byte> destination)
    {
        if (date.Year < 1000 || !Utf8Formatter.TryFormat(date.Year, destination, out _))
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, "Dates before the year 1000 are not written.");
        }
        destination[4] = (byte)'-';
        TwoDigits(date.Month, destination[5..]);
        destination[7] = (byte)'-';
        TwoDigits(date.Day, destination[8..]);
        return 10;
    }

    private static void TwoDigits(int value, Span<byte> destination)
    {
        destination[0] = (byte)('0' + (value / 10));
        destination[1] = (byte)('0' + (value % 10));
    }
}
