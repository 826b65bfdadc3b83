using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Tables;

/// <summary>Storage type of a flat-table column.</summary>
public enum ColumnType
{
    /// <summary>Text.</summary>
    Text,

    /// <summary>Whole number (booleans are 0/1); INTEGER in SQLite.</summary>
    WholeNumber,

    /// <summary>Decimal number; REAL in SQLite.</summary>
    DecimalNumber,

    /// <summary>Date as yyyy-MM-dd.</summary>
    Date,

    /// <summary>Local date and time as yyyy-MM-ddTHH:mm:ss (the region's standard time).</summary>
    DateTime,
}

/// <summary>A column of a flat table.</summary>
/// <param name="Name">Column name (snake_case).</param>
/// <param name="Type">Storage type.</param>
public sealed record TableColumn(string Name, ColumnType Type);

/// <summary>A flat table: the same names, columns and ids in CSV and SQLite.</summary>
/// <param name="Name">Table (and CSV file) name.</param>
/// <param name="Columns">Columns in order; the first is the key (with <c>sequence</c> for child tables).</param>
/// <param name="IndexedColumns">Columns indexed in SQLite because graders aggregate or join on them.</param>
public sealed record TableDefinition(string Name, IReadOnlyList<TableColumn> Columns, IReadOnlyList<string> IndexedColumns);

/// <summary>
/// The flat-table schema shared by the CSV and SQLite outputs, and the mapping of the population model to
/// rows. Blood-pressure panels become two observation rows (<c>8480-6</c>, <c>8462-4</c>) with ids
/// <c>&lt;panel&gt;-1</c> and <c>&lt;panel&gt;-2</c> and the FHIR panel id in <c>panel_id</c>.
/// </summary>
public static class PopulationTables
{
    private static TableColumn T(string name) => new(name, ColumnType.Text);

    private static TableColumn I(string name) => new(name, ColumnType.WholeNumber);

    private static TableColumn R(string name) => new(name, ColumnType.DecimalNumber);

    private static TableColumn D(string name) => new(name, ColumnType.Date);

    private static TableColumn Dt(string name) => new(name, ColumnType.DateTime);

    internal const int Organizations = 0, Practitioners = 1, Locations = 2, Patients = 3, Encounters = 4, Appointments = 5, Conditions = 6,
        Observations = 7, Medications = 8, Allergies = 9, Immunizations = 10, Procedures = 11, Devices = 12, RemoteReadings = 13,
        Claims = 14, ClaimDiagnoses = 15, ClaimLines = 16;

    /// <summary>All tables, in the order they are written.</summary>
    public static IReadOnlyList<TableDefinition> All { get; } =
    [
        new("organizations", [T("id"), T("name"), T("kind"), T("address_line"), T("city"), T("state"), T("postal_code"), T("phone")], ["kind"]),
        new("practitioners", [T("id"), T("identifier"), T("given_name"), T("family_name"), T("credential"), T("specialty"), T("organization_id")], ["organization_id"]),
        new("locations", [T("id"), T("name"), T("kind"), T("organization_id"), T("address_line"), T("city"), T("state"), T("postal_code")], ["organization_id"]),
        new("patients",
        [
            T("id"), T("mrn"), T("member_id"), T("ssn"), T("given_name"), T("family_name"), T("sex"), D("birth_date"), D("death_date"),
            T("address_line"), T("city"), T("state"), T("postal_code"), T("zip3"), T("phone"), T("email"), T("payer_kind"), T("payer_id"),
            T("primary_practitioner_id"), T("primary_organization_id"),
        ], ["zip3", "birth_date", "payer_kind", "primary_organization_id"]),
        new("encounters",
        [
            T("id"), T("patient_id"), T("class"), T("type_code"), T("type_display"), Dt("start_time"), Dt("end_time"), T("practitioner_id"),
            T("organization_id"), T("location_id"), T("reason_code"), T("reason_display"), T("appointment_id"), I("admission_planned"),
            T("admitted_from_encounter_id"), T("discharge_disposition"),
        ], ["patient_id", "class", "type_code", "start_time", "reason_code"]),
        new("appointments",
        [
            T("id"), T("patient_id"), T("practitioner_id"), T("location_id"), Dt("start_time"), Dt("end_time"), Dt("booked_at"), T("status"),
            Dt("cancelled_at"), I("virtual"), T("service_type"), T("encounter_id"),
        ], ["patient_id", "status", "start_time", "practitioner_id"]),
        new("conditions",
        [
            T("id"), T("patient_id"), T("code"), T("display"), T("category"), D("onset_date"), D("abatement_date"), D("recorded_date"), T("encounter_id"),
        ], ["patient_id", "code", "encounter_id"]),
        new("observations",
        [
            T("id"), T("panel_id"), T("patient_id"), T("encounter_id"), T("category"), T("code"), T("display"), Dt("effective_time"), R("value"), T("unit"),
        ], ["patient_id", "code", "encounter_id", "effective_time"]),
        new("medications",
        [
            T("id"), T("patient_id"), T("encounter_id"), T("practitioner_id"), T("code"), T("display"), Dt("authored_on"), T("status"), D("end_date"),
            T("reason_condition_id"), T("dosage"), I("refills"),
        ], ["patient_id", "code", "status"]),
        new("allergies",
        [
            T("id"), T("patient_id"), T("code"), T("substance"), T("category"), T("criticality"), T("reaction"), D("recorded_date"),
        ], ["patient_id", "code"]),
        new("immunizations", [T("id"), T("patient_id"), T("encounter_id"), T("code"), T("display"), Dt("occurrence_time"), T("lot_number")], ["patient_id", "code", "occurrence_time"]),
        new("procedures",
        [
            T("id"), T("patient_id"), T("encounter_id"), T("code_system"), T("code"), T("display"), Dt("performed_time"), T("practitioner_id"),
        ], ["patient_id", "code", "encounter_id"]),
        new("devices", [T("id"), T("patient_id"), T("kind"), T("serial_number"), D("enrolled_from"), D("enrolled_to")], ["patient_id"]),
        new("remote_readings",
        [
            T("id"), T("patient_id"), T("device_id"), T("kind"), Dt("taken_time"), R("systolic"), R("diastolic"), R("value"), T("unit"),
        ], ["patient_id", "device_id", "taken_time"]),
        new("claims",
        [
            T("id"), T("patient_id"), T("encounter_id"), T("kind"), T("payer_id"), T("provider_organization_id"), D("created_date"),
            D("service_start"), D("service_end"), R("total"),
        ], ["patient_id", "encounter_id", "payer_id", "service_start"]),
        new("claim_diagnoses", [T("claim_id"), I("sequence"), T("code"), T("display")], ["claim_id", "code"]),
        new("claim_lines", [T("claim_id"), I("sequence"), T("code_system"), T("code"), T("display"), R("amount")], ["claim_id", "code"]),
    ];

    /// <summary>The snake_case name of an enum value, computed once per value: rows name several per record.</summary>
    internal static string Snake<T>(T value)
        where T : struct, Enum => SnakeNames<T>.Names[value];

    private static class SnakeNames<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v => SnakeCase(v.ToString()));
    }

    private static string SnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static string SystemName(string uri) => uri switch
    {
        CodeSystemUris.Hcpcs => "HCPCS",
        CodeSystemUris.Icd10Pcs => "ICD-10-PCS",
        CodeSystemUris.RxNorm => "RxNorm",
        _ => uri,
    };

    internal static void ReferenceRows(ReferenceData reference, IRowTarget target)
    {
        foreach (var o in reference.Organizations)
        {
            target.Add(Organizations, [o.Id, o.Name, Snake(o.Kind), o.Address.Line, o.Address.City, o.Address.State, o.Address.PostalCode, o.Phone]);
        }
        foreach (var p in reference.Practitioners)
        {
            target.Add(Practitioners, [p.Id, p.Identifier, p.GivenName, p.FamilyName, p.Credential, p.Specialty, p.OrganizationId]);
        }
        foreach (var l in reference.Locations)
        {
            target.Add(Locations, [l.Id, l.Name, Snake(l.Kind), l.OrganizationId, l.Address.Line, l.Address.City, l.Address.State, l.Address.PostalCode]);
        }
    }

    internal static void PatientRows(PatientRecord record, IRowTarget target)
    {
        var p = record.Patient;
        target.Add(Patients,
        [
            p.Id, p.Mrn, p.MemberId, p.Ssn, p.GivenName, p.FamilyName, Snake(p.Sex), p.BirthDate, p.DeathDate, p.Address.Line, p.Address.City,
            p.Address.State, p.Address.PostalCode, p.Address.Zip3, p.Phone, p.Email, Snake(p.PayerKind), p.PayerId, p.PrimaryPractitionerId, p.PrimaryOrganizationId,
        ]);
        foreach (var e in record.Encounters)
        {
            target.Add(Encounters,
            [
                e.Id, e.PatientId, Snake(e.Class), e.Type.Code, e.Type.Display, e.Start, e.End, e.PractitionerId, e.OrganizationId, e.LocationId,
                e.Reason?.Code, e.Reason?.Display, e.AppointmentId, e.Admission is null ? null : e.Admission.Planned, e.Admission?.FromEmergencyEncounterId,
                e.Admission is null ? null : Snake(e.Admission.Disposition),
            ]);
        }
        foreach (var a in record.Appointments)
        {
            target.Add(Appointments,
            [
                a.Id, a.PatientId, a.PractitionerId, a.LocationId, a.Start, a.End, a.BookedAt, Snake(a.Status), a.CancelledAt, a.Virtual, a.ServiceType, a.EncounterId,
            ]);
        }
        foreach (var c in record.Conditions)
        {
            target.Add(Conditions, [c.Id, c.PatientId, c.Code.Code, c.Code.Display, Snake(c.Category), c.Onset, c.Abatement, c.Recorded, c.EncounterId]);
        }
        foreach (var o in record.Observations)
        {
            var category = Snake(o.Category);
            if (o.Components.Count == 0)
            {
                target.Add(Observations, [o.Id, null, o.PatientId, o.EncounterId, category, o.Code.Code, o.Code.Display, o.Effective, o.Value, o.Unit]);
                continue;
            }
            for (var i = 0; i < o.Components.Count; i++)
            {
                var component = o.Components[i];
                target.Add(Observations,
                [
                    o.Id + "-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), o.Id, o.PatientId, o.EncounterId, category,
                    component.Code.Code, component.Code.Display, o.Effective, component.Value, component.Unit,
                ]);
            }
        }
        foreach (var m in record.Medications)
        {
            target.Add(Medications,
            [
                m.Id, m.PatientId, m.EncounterId, m.PractitionerId, m.Medication.Code, m.Medication.Display, m.AuthoredOn, Snake(m.Status), m.End,
                m.ReasonConditionId, m.DosageText, m.Refills,
            ]);
        }
        foreach (var a in record.Allergies)
        {
            target.Add(Allergies, [a.Id, a.PatientId, a.Code?.Code, a.Substance, Snake(a.Category), a.HighCriticality ? "high" : "low", a.Reaction, a.Recorded]);
        }
        foreach (var i in record.Immunizations)
        {
            target.Add(Immunizations, [i.Id, i.PatientId, i.EncounterId, i.Vaccine.Code, i.Vaccine.Display, i.Occurrence, i.LotNumber]);
        }
        foreach (var x in record.Procedures)
        {
            target.Add(Procedures, [x.Id, x.PatientId, x.EncounterId, SystemName(x.Code.System), x.Code.Code, x.Code.Display, x.Performed, x.PractitionerId]);
        }
        foreach (var d in record.Devices)
        {
            target.Add(Devices, [d.Id, d.PatientId, Snake(d.Kind), d.SerialNumber, d.EnrolledFrom, d.EnrolledTo]);
        }
        foreach (var r in record.RemoteReadings)
        {
            target.Add(RemoteReadings, [r.Id, r.PatientId, r.DeviceId, Snake(r.Kind), r.Taken, r.Systolic, r.Diastolic, r.Value, r.Unit]);
        }
        foreach (var c in record.Claims)
        {
            target.Add(Claims, [c.Id, c.PatientId, c.EncounterId, Snake(c.Kind), c.PayerId, c.ProviderOrganizationId, c.Created, c.ServiceStart, c.ServiceEnd, c.Total]);
            foreach (var d in c.Diagnoses)
            {
                target.Add(ClaimDiagnoses, [c.Id, d.Sequence, d.Code.Code, d.Code.Display]);
            }
            foreach (var l in c.Lines)
            {
                target.Add(ClaimLines, [c.Id, l.Sequence, SystemName(l.Service.System), l.Service.Code, l.Service.Display, l.Amount]);
            }
        }
    }
}

/// <summary>Receives rows in table order of appearance.</summary>
internal interface IRowTarget
{
    void Add(int table, object?[] values);
}
