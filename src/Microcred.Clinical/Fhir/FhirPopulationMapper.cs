using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Population;
using F = Hl7.Fhir.Model;

namespace Microcred.Clinical.Fhir;

/// <summary>How resources refer to each other in mapped output.</summary>
public enum FhirReferenceStyle
{
    /// <summary>Relative references such as <c>Patient/p0000001</c> (bulk-data NDJSON, servers).</summary>
    Relative,

    /// <summary>
    /// References to the patient's own resources as <c>urn:uuid:</c> fullUrls inside one bundle; shared
    /// reference data (organizations, practitioners, locations) stays relative.
    /// </summary>
    BundleInternal,
}

/// <summary>
/// Maps the population model to FHIR R4 resources (Firely SDK). Every resource carries the HL7
/// <c>HTEST</c> (test health data) tag in meta.tag, identifiers use synthetic identifier systems, and codes
/// come only from the bundled shippable code systems.
/// </summary>
public sealed class FhirPopulationMapper
{
    /// <summary>The tag on every resource (meta.tag) marking it as synthetic test data; a new instance per call.</summary>
    public static F.Coding SyntheticTag => new("http://terminology.hl7.org/CodeSystem/v3-ActReason", "HTEST", "test health data");

    /// <summary>Identifier system of patient medical record numbers.</summary>
    public const string MrnSystem = CodeSystemUris.SyntheticIdentifierPrefix + "mrn";

    /// <summary>Identifier system of health-plan member ids.</summary>
    public const string MemberIdSystem = CodeSystemUris.SyntheticIdentifierPrefix + "member-id";

    /// <summary>Identifier system of practitioner staff ids.</summary>
    public const string PractitionerIdSystem = CodeSystemUris.SyntheticIdentifierPrefix + "practitioner";

    /// <summary>Identifier system of organization ids.</summary>
    public const string OrganizationIdSystem = CodeSystemUris.SyntheticIdentifierPrefix + "organization";

    /// <summary>The US SSN identifier system; the values are in the never-issued 9xx range.</summary>
    public const string SsnSystem = "http://hl7.org/fhir/sid/us-ssn";

    private readonly TimeSpan _offset;
    private readonly string _offsetText;
    private readonly FhirReferenceStyle _style;

    // Writers reuse immutable-by-convention elements (codings, meta) across resources to spare allocation;
    // resources handed to callers never share elements, so callers may edit them freely.
    private readonly bool _reuseElements;
    private readonly ConcurrentDictionary<object, F.CodeableConcept>? _concepts;
    private readonly F.Meta? _sharedMeta;

    /// <summary>Creates a mapper for one population.</summary>
    /// <param name="reference">The population's reference data (its region gives the time-zone offset).</param>
    /// <param name="style">How references are written.</param>
    public FhirPopulationMapper(ReferenceData reference, FhirReferenceStyle style)
        : this(reference, style, reuseElements: false)
    {
    }

    internal FhirPopulationMapper(ReferenceData reference, FhirReferenceStyle style, bool reuseElements)
    {
        ArgumentNullException.ThrowIfNull(reference);
        _offset = TimeSpan.FromHours(reference.Region.StandardUtcOffsetHours);
        _offsetText = (_offset < TimeSpan.Zero ? "-" : "+") + _offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        _style = style;
        _reuseElements = reuseElements;
        if (reuseElements)
        {
            _concepts = new ConcurrentDictionary<object, F.CodeableConcept>();
            _sharedMeta = Tagged();
        }
    }

    /// <summary>A stable UUID for a resource (deterministic, derived from type and id), used in <c>urn:uuid:</c> fullUrls.</summary>
    public static Guid ResourceUuid(string resourceType, string id)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        ArgumentNullException.ThrowIfNull(id);
        return ResourceUuid(Encoding.UTF8.GetBytes(resourceType), id);
    }

    internal static Guid ResourceUuid(ReadOnlySpan<byte> resourceType, string id)
    {
        var length = "microcred:"u8.Length + resourceType.Length + 1 + Encoding.UTF8.GetByteCount(id);
        Span<byte> name = length <= 256 ? stackalloc byte[length] : new byte[length];
        "microcred:"u8.CopyTo(name);
        resourceType.CopyTo(name["microcred:"u8.Length..]);
        name["microcred:"u8.Length + resourceType.Length] = (byte)'/';
        Encoding.UTF8.GetBytes(id, name[("microcred:"u8.Length + resourceType.Length + 1)..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(name, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>The shared reference data as Organization, Practitioner and Location resources.</summary>
    public static IEnumerable<F.Resource> ReferenceResources(ReferenceData reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        foreach (var organization in reference.Organizations)
        {
            yield return Organization(organization);
        }
        foreach (var practitioner in reference.Practitioners)
        {
            yield return Practitioner(practitioner);
        }
        foreach (var location in reference.Locations)
        {
            yield return Location(location);
        }
    }

    /// <summary>All of one patient's resources, patient first, each list in chronological order.</summary>
    public IEnumerable<F.Resource> PatientResources(PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var patient = record.Patient;
        yield return Patient(patient);
        if (patient.PayerId is not null)
        {
            yield return Coverage(patient);
        }
        foreach (var x in record.Appointments)
        {
            yield return Appointment(x);
        }
        foreach (var x in record.Encounters)
        {
            yield return Encounter(x);
        }
        foreach (var x in record.Conditions)
        {
            yield return Condition(x);
        }
        foreach (var x in record.Observations)
        {
            yield return Observation(x);
        }
        foreach (var x in record.Medications)
        {
            yield return MedicationRequest(x);
        }
        foreach (var x in record.Allergies)
        {
            yield return AllergyIntolerance(x);
        }
        foreach (var x in record.Immunizations)
        {
            yield return Immunization(x);
        }
        foreach (var x in record.Procedures)
        {
            yield return Procedure(x);
        }
        foreach (var x in record.Devices)
        {
            yield return Device(x);
        }
        foreach (var x in record.RemoteReadings)
        {
            yield return RemoteReading(x);
        }
        foreach (var x in record.Claims)
        {
            yield return Claim(x, patient);
        }
    }

    /// <summary>
    /// One patient as a transaction bundle: each entry has a <c>urn:uuid:</c> fullUrl and a PUT request to
    /// its stable id; internal references use the fullUrls. Load the reference-data bundle first.
    /// </summary>
    public F.Bundle PatientBundle(PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bundle = new F.Bundle { Type = F.Bundle.BundleType.Transaction, Meta = Tagged() };
        foreach (var resource in PatientResources(record))
        {
            bundle.Entry.Add(TransactionEntry(resource));
        }
        return bundle;
    }

    /// <summary>The reference data as a transaction bundle of PUT entries.</summary>
    public static F.Bundle ReferenceBundle(ReferenceData reference)
    {
        var bundle = new F.Bundle { Type = F.Bundle.BundleType.Transaction, Meta = Tagged() };
        foreach (var resource in ReferenceResources(reference))
        {
            bundle.Entry.Add(TransactionEntry(resource));
        }
        return bundle;
    }

    private static F.Bundle.EntryComponent TransactionEntry(F.Resource resource) => new()
    {
        FullUrl = "urn:uuid:" + ResourceUuid(resource.TypeName, resource.Id!),
        Resource = resource,
        Request = new F.Bundle.RequestComponent { Method = F.Bundle.HTTPVerb.PUT, Url = resource.TypeName + "/" + resource.Id },
    };

    // ------------------------------------------------------------------ references

    private F.ResourceReference Own(string type, string id) => _style == FhirReferenceStyle.BundleInternal
        ? new F.ResourceReference("urn:uuid:" + ResourceUuid(type, id))
        : new F.ResourceReference(type + "/" + id);

    private static F.ResourceReference Shared(string type, string id) => new(type + "/" + id);

    private static F.Meta Tagged() => new() { Tag = [SyntheticTag] };

    private F.Meta Meta() => _sharedMeta ?? Tagged();

    private static F.CodeableConcept NewConcept(string system, string code, string display) => new(system, code, display, null);

    private F.CodeableConcept Concept(ClinicalCode code)
    {
        if (_concepts is null)
        {
            return new F.CodeableConcept(code.System, code.Code, code.Display, null);
        }
        return _concepts.GetOrAdd(code, static c =>
        {
            var clinical = (ClinicalCode)c;
            return new F.CodeableConcept(clinical.System, clinical.Code, clinical.Display, null);
        });
    }

    private F.CodeableConcept Concept(string system, string code, string display)
    {
        if (_concepts is null)
        {
            return new F.CodeableConcept(system, code, display, null);
        }
        return _concepts.GetOrAdd((system, code), static (_, arg) => new F.CodeableConcept(arg.system, arg.code, arg.display, null), (system, code, display));
    }

    private F.FhirDateTime Instant(DateTime local) =>
        new(local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + _offsetText);

    private static F.FhirDateTime Day(DateOnly date) => new(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static F.Quantity Quantity(decimal value, string unit) => new() { Value = value, Unit = unit, System = CodeSystemUris.Ucum, Code = unit };

    private static F.Address Address(Population.Address address) => new()
    {
        Line = [address.Line],
        City = address.City,
        State = address.State,
        PostalCode = address.PostalCode,
        Country = "US",
    };

    // ------------------------------------------------------------------ reference data

    private static F.Organization Organization(Organization organization) => new()
    {
        Id = organization.Id,
        Meta = Tagged(),
        Identifier = [new F.Identifier(OrganizationIdSystem, organization.Id)],
        Active = true,
        Type = [organization.Kind == OrganizationKind.Payer
            ? NewConcept("http://terminology.hl7.org/CodeSystem/organization-type", "pay", "Payer")
            : NewConcept("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")],
        Name = organization.Name,
        Telecom = [new F.ContactPoint(F.ContactPoint.ContactPointSystem.Phone, F.ContactPoint.ContactPointUse.Work, organization.Phone)],
        Address = [Address(organization.Address)],
    };

    private static F.Practitioner Practitioner(Practitioner practitioner) => new()
    {
        Id = practitioner.Id,
        Meta = Tagged(),
        Identifier = [new F.Identifier(PractitionerIdSystem, practitioner.Identifier)],
        Active = true,
        Name = [new F.HumanName { Use = F.HumanName.NameUse.Official, Family = practitioner.FamilyName, Given = [practitioner.GivenName], Suffix = [practitioner.Credential] }],
        Qualification = [new F.Practitioner.QualificationComponent { Code = new F.CodeableConcept { Text = practitioner.Credential + ", " + practitioner.Specialty } }],
    };

    private static F.Location Location(Location location)
    {
        var type = location.Kind switch
        {
            LocationKind.Clinic => ("OF", "Outpatient facility"),
            LocationKind.EmergencyDepartment => ("ER", "Emergency room"),
            LocationKind.InpatientWard => ("HU", "Hospital unit"),
            LocationKind.NursingFacility => ("NCCF", "Nursing or custodial care facility"),
            LocationKind.PatientHome => ("PTRES", "Patient's Residence"),
            _ => ((string?)null, (string?)null),
        };
        var resource = new F.Location
        {
            Id = location.Id,
            Meta = Tagged(),
            Status = F.Location.LocationStatus.Active,
            Name = location.Name,
            Mode = F.Location.LocationMode.Instance,
            ManagingOrganization = Shared("Organization", location.OrganizationId),
            Address = Address(location.Address),
        };
        if (type.Item1 is not null)
        {
            resource.Type = [NewConcept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", type.Item1, type.Item2!)];
        }
        else
        {
            resource.Type = [new F.CodeableConcept { Text = "Telehealth service" }];
        }
        return resource;
    }

    // ------------------------------------------------------------------ patient data

    private F.CodeableConcept MrnType => Concept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number");

    private F.CodeableConcept SsnType => Concept("http://terminology.hl7.org/CodeSystem/v2-0203", "SS", "Social Security number");

    private F.CodeableConcept MemberType => Concept("http://terminology.hl7.org/CodeSystem/v2-0203", "MB", "Member Number");

    private F.Patient Patient(Patient patient)
    {
        var resource = new F.Patient
        {
            Id = patient.Id,
            Meta = Meta(),
            Identifier = [new F.Identifier(MrnSystem, patient.Mrn) { Type = MrnType, Use = F.Identifier.IdentifierUse.Usual }],
            Active = true,
            Name = [new F.HumanName { Use = F.HumanName.NameUse.Official, Family = patient.FamilyName, Given = [patient.GivenName] }],
            Telecom =
            [
                new F.ContactPoint(F.ContactPoint.ContactPointSystem.Phone, F.ContactPoint.ContactPointUse.Home, patient.Phone),
                new F.ContactPoint(F.ContactPoint.ContactPointSystem.Email, F.ContactPoint.ContactPointUse.Home, patient.Email),
            ],
            Gender = patient.Sex == AdministrativeSex.Female ? F.AdministrativeGender.Female : F.AdministrativeGender.Male,
            BirthDate = DateText(patient.BirthDate),
            Address = [Address(patient.Address)],
            GeneralPractitioner = [Shared("Practitioner", patient.PrimaryPractitionerId)],
            ManagingOrganization = Shared("Organization", patient.PrimaryOrganizationId),
        };
        if (patient.Ssn is not null)
        {
            resource.Identifier.Add(new F.Identifier(SsnSystem, patient.Ssn) { Type = SsnType });
        }
        if (patient.DeathDate is { } death)
        {
            resource.Deceased = Day(death);
        }
        return resource;
    }

    private F.Coverage Coverage(Patient patient) => new()
    {
        Id = patient.Id + "-cov",
        Meta = Meta(),
        Identifier = [new F.Identifier(MemberIdSystem, patient.MemberId) { Type = MemberType }],
        Status = F.FinancialResourceStatusCodes.Active,
        Type = patient.PayerKind switch
        {
            PayerKind.Medicare or PayerKind.Medicaid => Concept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PUBLICPOL", "public healthcare"),
            _ => Concept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "EHCPOL", "extended healthcare"),
        },
        SubscriberId = patient.MemberId,
        Beneficiary = Own("Patient", patient.Id),
        Relationship = Concept("http://terminology.hl7.org/CodeSystem/subscriber-relationship", "self", "Self"),
        Payor = [Shared("Organization", patient.PayerId!)],
    };

    private F.Appointment Appointment(Appointment appointment)
    {
        var resource = new F.Appointment
        {
            Id = appointment.Id,
            Meta = Meta(),
            Status = appointment.Status switch
            {
                AppointmentStatus.Booked => F.Appointment.AppointmentStatus.Booked,
                AppointmentStatus.Fulfilled => F.Appointment.AppointmentStatus.Fulfilled,
                AppointmentStatus.NoShow => F.Appointment.AppointmentStatus.Noshow,
                _ => F.Appointment.AppointmentStatus.Cancelled,
            },
            ServiceType = [new F.CodeableConcept { Text = appointment.ServiceType }],
            Start = new DateTimeOffset(appointment.Start, _offset),
            End = new DateTimeOffset(appointment.End, _offset),
            Created = Instant(appointment.BookedAt).Value,
            Participant =
            [
                new F.Appointment.ParticipantComponent { Actor = Own("Patient", appointment.PatientId), Status = F.ParticipationStatus.Accepted },
                new F.Appointment.ParticipantComponent { Actor = Shared("Practitioner", appointment.PractitionerId), Status = F.ParticipationStatus.Accepted },
                new F.Appointment.ParticipantComponent { Actor = Shared("Location", appointment.LocationId), Status = F.ParticipationStatus.Accepted },
            ],
        };
        if (appointment.Virtual)
        {
            resource.AppointmentType = new F.CodeableConcept { Text = "Telehealth" };
        }
        if (appointment.CancelledAt is { } cancelled)
        {
            var when = Instant(cancelled).Value;
            resource.CancelationReason = new F.CodeableConcept
            {
                Coding = [new F.Coding("http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason", "pat", "Patient")],
                Text = appointment.Status == AppointmentStatus.CancelledLate ? "Cancelled by patient less than 24 hours before" : "Cancelled by patient in advance",
            };
            resource.Comment = "Cancelled " + when;
        }
        return resource;
    }

    private F.Encounter Encounter(Encounter encounter)
    {
        var (classCode, classDisplay) = encounter.Class switch
        {
            EncounterClass.Ambulatory => ("AMB", "ambulatory"),
            EncounterClass.Emergency => ("EMER", "emergency"),
            EncounterClass.Inpatient => ("IMP", "inpatient encounter"),
            EncounterClass.Virtual => ("VR", "virtual"),
            _ => ("HH", "home health"),
        };
        var resource = new F.Encounter
        {
            Id = encounter.Id,
            Meta = Meta(),
            Status = F.Encounter.EncounterStatus.Finished,
            Class = new F.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", classCode, classDisplay),
            Type = [Concept(encounter.Type)],
            Subject = Own("Patient", encounter.PatientId),
            Participant = [new F.Encounter.ParticipantComponent { Individual = Shared("Practitioner", encounter.PractitionerId) }],
            Period = new F.Period(Instant(encounter.Start), Instant(encounter.End)),
            ServiceProvider = Shared("Organization", encounter.OrganizationId),
            Location = [new F.Encounter.LocationComponent { Location = Shared("Location", encounter.LocationId) }],
        };
        if (encounter.Reason is { } reason)
        {
            resource.ReasonCode = [Concept(reason)];
        }
        if (encounter.AppointmentId is { } appointment)
        {
            resource.Appointment = [Own("Appointment", appointment)];
        }
        if (encounter.Admission is { } admission)
        {
            resource.Priority = admission.Planned
                ? Concept("http://terminology.hl7.org/CodeSystem/v3-ActPriority", "EL", "elective")
                : Concept("http://terminology.hl7.org/CodeSystem/v3-ActPriority", "EM", "emergency");
            var (dispositionCode, dispositionDisplay) = admission.Disposition switch
            {
                DischargeDisposition.Home => ("home", "Home"),
                DischargeDisposition.SkilledNursing => ("snf", "Skilled nursing facility"),
                DischargeDisposition.Hospice => ("hosp", "Hospice"),
                DischargeDisposition.LongTermCare => ("long", "Long-term care"),
                DischargeDisposition.Expired => ("exp", "Expired"),
                _ => ("oth", "Other"),
            };
            var disposition = admission.Disposition == DischargeDisposition.HomeHealth
                ? new F.CodeableConcept("http://terminology.hl7.org/CodeSystem/discharge-disposition", dispositionCode, dispositionDisplay, "Home with home health services")
                : Concept("http://terminology.hl7.org/CodeSystem/discharge-disposition", dispositionCode, dispositionDisplay);
            resource.Hospitalization = new F.Encounter.HospitalizationComponent
            {
                AdmitSource = admission.FromEmergencyEncounterId is not null
                    ? Concept("http://terminology.hl7.org/CodeSystem/admit-source", "emd", "From accident/emergency department")
                    : Concept("http://terminology.hl7.org/CodeSystem/admit-source", "gp", "General Practitioner referral"),
                DischargeDisposition = disposition,
            };
            if (admission.FromEmergencyEncounterId is { } ed)
            {
                // R4 has no element linking an admission to the ED visit before it; the ED encounter's id
                // travels as the pre-admission identifier, and the tables carry it as admitted_from_encounter_id.
                resource.Hospitalization.PreAdmissionIdentifier = new F.Identifier(CodeSystemUris.SyntheticIdentifierPrefix + "encounter", ed);
            }
        }
        return resource;
    }

    private F.Condition Condition(Condition condition)
    {
        var resolved = condition.Abatement is not null;
        var resource = new F.Condition
        {
            Id = condition.Id,
            Meta = Meta(),
            ClinicalStatus = resolved
                ? Concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved", "Resolved")
                : Concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
            VerificationStatus = Concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"),
            Category = [condition.Category == ConditionCategory.ProblemListItem
                ? Concept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")
                : Concept("http://terminology.hl7.org/CodeSystem/condition-category", "encounter-diagnosis", "Encounter Diagnosis")],
            Code = Concept(condition.Code),
            Subject = Own("Patient", condition.PatientId),
            Onset = Day(condition.Onset),
            RecordedDate = DateText(condition.Recorded),
        };
        if (condition.EncounterId is { } encounter)
        {
            resource.Encounter = Own("Encounter", encounter);
        }
        if (condition.Abatement is { } abatement)
        {
            resource.Abatement = Day(abatement);
        }
        return resource;
    }

    private F.CodeableConcept ObservationCategory(ObservationCategory category) => category switch
    {
        Population.ObservationCategory.VitalSigns => Concept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs"),
        Population.ObservationCategory.Laboratory => Concept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory"),
        _ => Concept("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey"),
    };

    private F.Observation Observation(Observation observation)
    {
        var resource = new F.Observation
        {
            Id = observation.Id,
            Meta = Meta(),
            Status = F.ObservationStatus.Final,
            Category = [ObservationCategory(observation.Category)],
            Code = Concept(observation.Code),
            Subject = Own("Patient", observation.PatientId),
            Effective = Instant(observation.Effective),
        };
        if (observation.EncounterId is { } encounter)
        {
            resource.Encounter = Own("Encounter", encounter);
        }
        if (observation.Value is { } value)
        {
            resource.Value = Quantity(value, observation.Unit!);
        }
        foreach (var component in observation.Components)
        {
            resource.Component.Add(new F.Observation.ComponentComponent { Code = Concept(component.Code), Value = Quantity(component.Value, component.Unit) });
        }
        return resource;
    }

    private F.MedicationRequest MedicationRequest(MedicationRequest request)
    {
        var resource = new F.MedicationRequest
        {
            Id = request.Id,
            Meta = Meta(),
            Status = request.Status switch
            {
                MedicationStatus.Active => F.MedicationRequest.MedicationrequestStatus.Active,
                MedicationStatus.Completed => F.MedicationRequest.MedicationrequestStatus.Completed,
                _ => F.MedicationRequest.MedicationrequestStatus.Stopped,
            },
            Intent = F.MedicationRequest.MedicationRequestIntent.Order,
            Medication = Concept(request.Medication),
            Subject = Own("Patient", request.PatientId),
            AuthoredOn = Instant(request.AuthoredOn).Value,
            Requester = Shared("Practitioner", request.PractitionerId),
            DosageInstruction = [new F.Dosage { Text = request.DosageText }],
            DispenseRequest = new F.MedicationRequest.DispenseRequestComponent { NumberOfRepeatsAllowed = request.Refills },
        };
        if (request.EncounterId is { } encounter)
        {
            resource.Encounter = Own("Encounter", encounter);
        }
        if (request.ReasonConditionId is { } reason)
        {
            resource.ReasonReference = [Own("Condition", reason)];
        }
        if (request.End is { } end)
        {
            resource.DispenseRequest.ValidityPeriod = new F.Period(Day(DateOnly.FromDateTime(request.AuthoredOn)), Day(end));
        }
        return resource;
    }

    private F.AllergyIntolerance AllergyIntolerance(AllergyIntolerance allergy)
    {
        var code = allergy.Code is { } coded
            ? new F.CodeableConcept(coded.System, coded.Code, coded.Display, allergy.Substance)
            : new F.CodeableConcept { Text = allergy.Substance };
        return new F.AllergyIntolerance
        {
            Id = allergy.Id,
            Meta = Meta(),
            ClinicalStatus = Concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"),
            VerificationStatus = Concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", "Confirmed"),
            Type = F.AllergyIntolerance.AllergyIntoleranceType.Allergy,
            Category = [allergy.Category switch
            {
                AllergyCategory.Medication => F.AllergyIntolerance.AllergyIntoleranceCategory.Medication,
                AllergyCategory.Food => F.AllergyIntolerance.AllergyIntoleranceCategory.Food,
                _ => F.AllergyIntolerance.AllergyIntoleranceCategory.Environment,
            }],
            Criticality = allergy.HighCriticality ? F.AllergyIntolerance.AllergyIntoleranceCriticality.High : F.AllergyIntolerance.AllergyIntoleranceCriticality.Low,
            Code = code,
            Patient = Own("Patient", allergy.PatientId),
            RecordedDate = DateText(allergy.Recorded),
            Reaction = [new F.AllergyIntolerance.ReactionComponent { Manifestation = [new F.CodeableConcept { Text = allergy.Reaction }] }],
        };
    }

    private F.Immunization Immunization(Immunization immunization)
    {
        var resource = new F.Immunization
        {
            Id = immunization.Id,
            Meta = Meta(),
            Status = F.Immunization.ImmunizationStatusCodes.Completed,
            VaccineCode = Concept(immunization.Vaccine),
            Patient = Own("Patient", immunization.PatientId),
            Occurrence = Instant(immunization.Occurrence),
            PrimarySource = true,
            LotNumber = immunization.LotNumber,
        };
        if (immunization.EncounterId is { } encounter)
        {
            resource.Encounter = Own("Encounter", encounter);
        }
        return resource;
    }

    private F.Procedure Procedure(Procedure procedure) => new()
    {
        Id = procedure.Id,
        Meta = Meta(),
        Status = F.EventStatus.Completed,
        Code = Concept(procedure.Code),
        Subject = Own("Patient", procedure.PatientId),
        Encounter = Own("Encounter", procedure.EncounterId),
        Performed = Instant(procedure.Performed),
        Performer = [new F.Procedure.PerformerComponent { Actor = Shared("Practitioner", procedure.PractitionerId) }],
    };

    private F.Device Device(Device device) => new()
    {
        Id = device.Id,
        Meta = Meta(),
        Status = F.Device.FHIRDeviceStatus.Active,
        SerialNumber = device.SerialNumber,
        DeviceName = [new F.Device.DeviceNameComponent { Name = DeviceName(device.Kind), Type = F.DeviceNameType.UserFriendlyName }],
        Type = new F.CodeableConcept { Text = DeviceName(device.Kind) },
        Patient = Own("Patient", device.PatientId),
        Note = [new F.Annotation { Text = $"Remote monitoring enrolment {DateText(device.EnrolledFrom)} to {DateText(device.EnrolledTo)}" }],
    };

    private static string DeviceName(RemoteReadingKind kind) => kind switch
    {
        RemoteReadingKind.BloodPressure => "Home blood pressure monitor",
        RemoteReadingKind.Weight => "Home weight scale",
        _ => "Home blood glucose monitor",
    };

    private F.Observation RemoteReading(RemoteReading reading)
    {
        var resource = new F.Observation
        {
            Id = reading.Id,
            Meta = Meta(),
            Status = F.ObservationStatus.Final,
            Subject = Own("Patient", reading.PatientId),
            Effective = Instant(reading.Taken),
            Device = Own("Device", reading.DeviceId),
        };
        switch (reading.Kind)
        {
            case RemoteReadingKind.BloodPressure:
                resource.Category = [ObservationCategory(Population.ObservationCategory.VitalSigns)];
                resource.Code = Concept(CodeCatalog.Loinc("85354-9"));
                resource.Component.Add(new F.Observation.ComponentComponent { Code = Concept(CodeCatalog.Loinc("8480-6")), Value = Quantity(reading.Systolic!.Value, reading.Unit) });
                resource.Component.Add(new F.Observation.ComponentComponent { Code = Concept(CodeCatalog.Loinc("8462-4")), Value = Quantity(reading.Diastolic!.Value, reading.Unit) });
                break;
            case RemoteReadingKind.Weight:
                resource.Category = [ObservationCategory(Population.ObservationCategory.VitalSigns)];
                resource.Code = Concept(CodeCatalog.Loinc("29463-7"));
                resource.Value = Quantity(reading.Value!.Value, reading.Unit);
                break;
            default:
                resource.Category = [ObservationCategory(Population.ObservationCategory.Laboratory)];
                resource.Code = Concept(CodeCatalog.Loinc("41653-7"));
                resource.Value = Quantity(reading.Value!.Value, reading.Unit);
                break;
        }
        return resource;
    }

    private F.Claim Claim(Claim claim, Patient patient)
    {
        var resource = new F.Claim
        {
            Id = claim.Id,
            Meta = Meta(),
            Status = F.FinancialResourceStatusCodes.Active,
            Type = claim.Kind == ClaimKind.Institutional
                ? Concept("http://terminology.hl7.org/CodeSystem/claim-type", "institutional", "Institutional")
                : Concept("http://terminology.hl7.org/CodeSystem/claim-type", "professional", "Professional"),
            Use = F.ClaimUseCode.Claim,
            Patient = Own("Patient", claim.PatientId),
            BillablePeriod = new F.Period(Day(claim.ServiceStart), Day(claim.ServiceEnd)),
            Created = DateText(claim.Created),
            Insurer = Shared("Organization", claim.PayerId),
            Provider = Shared("Organization", claim.ProviderOrganizationId),
            Priority = Concept("http://terminology.hl7.org/CodeSystem/processpriority", "normal", "Normal"),
            Insurance = [new F.Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = Own("Coverage", patient.Id + "-cov") }],
            Total = new F.Money { Value = claim.Total, Currency = F.Money.Currencies.USD },
        };
        foreach (var diagnosis in claim.Diagnoses)
        {
            resource.Diagnosis.Add(new F.Claim.DiagnosisComponent { Sequence = diagnosis.Sequence, Diagnosis = Concept(diagnosis.Code) });
        }
        foreach (var line in claim.Lines)
        {
            resource.Item.Add(new F.Claim.ItemComponent
            {
                Sequence = line.Sequence,
                ProductOrService = Concept(line.Service),
                Net = new F.Money { Value = line.Amount, Currency = F.Money.Currencies.USD },
                Encounter = [Own("Encounter", claim.EncounterId)],
            });
        }
        return resource;
    }
}
