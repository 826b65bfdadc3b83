using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Labs.Benchmark;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Cohort;

/// <summary>The EHR extract tables the quality-measure labs share (patients, encounters, conditions,
/// medications), written the same way for every lab so that a learner's queries carry over.</summary>
internal static class ClinicalTables
{
    public const string PatientsFile = "patients.csv";
    public const string EncountersFile = "encounters.csv";
    public const string ConditionsFile = "conditions.csv";
    public const string MedicationsFile = "medications.csv";

    public static readonly SqlTable PatientsTable = new(PatientsFile, "patients", new Dictionary<string, string>());
    public static readonly SqlTable EncountersTable = new(EncountersFile, "encounters", new Dictionary<string, string>());
    public static readonly SqlTable ConditionsTable = new(ConditionsFile, "conditions", new Dictionary<string, string>());
    public static readonly SqlTable MedicationsTable = new(MedicationsFile, "medications", new Dictionary<string, string>());

    public static string SystemName(string uri) => uri switch
    {
        CodeSystemUris.Icd10Cm => "ICD-10-CM",
        CodeSystemUris.Loinc => "LOINC",
        CodeSystemUris.RxNorm => "RxNorm",
        _ => uri,
    };

    public static CsvDocument Patients(IReadOnlyList<PatientRecord> patients)
    {
        var table = new CsvDocument("patient_id", "birth_date", "sex", "postal_code", "death_date");
        foreach (var record in patients)
        {
            var patient = record.Patient;
            table.Add(patient.Id, ScenarioFormat.Date(patient.BirthDate), ScenarioFormat.Sex(patient.Sex), patient.Address.PostalCode,
                ScenarioFormat.Date(patient.DeathDate));
        }

        return table;
    }

    /// <summary>Every encounter of the generated history (the measurement period and the year before).</summary>
    public static CsvDocument Encounters(IReadOnlyList<PatientRecord> patients)
    {
        var table = new CsvDocument("encounter_id", "patient_id", "class", "type_code", "type_display", "start_time", "end_time", "discharge_disposition");
        foreach (var record in patients)
        {
            foreach (var encounter in record.Encounters)
            {
                table.Add(encounter.Id, encounter.PatientId, ScenarioFormat.ClassCode(encounter.Class), encounter.Type.Code, encounter.Type.Display,
                    ScenarioFormat.DateTime(encounter.Start), ScenarioFormat.DateTime(encounter.End), ScenarioFormat.Disposition(encounter.Admission?.Disposition));
            }
        }

        return table;
    }

    public static CsvDocument Conditions(IReadOnlyList<PatientRecord> patients)
    {
        var table = new CsvDocument("condition_id", "patient_id", "code_system", "code", "display", "category", "onset_date", "abatement_date");
        foreach (var record in patients)
        {
            foreach (var condition in record.Conditions)
            {
                table.Add(condition.Id, condition.PatientId, SystemName(condition.Code.System), condition.Code.Code, condition.Code.Display,
                    ScenarioFormat.Category(condition.Category), ScenarioFormat.Date(condition.Onset), ScenarioFormat.Date(condition.Abatement));
            }
        }

        return table;
    }

    public static CsvDocument Medications(IReadOnlyList<PatientRecord> patients)
    {
        var table = new CsvDocument("medication_request_id", "patient_id", "rxnorm_code", "display", "authored_on", "status", "end_date");
        foreach (var record in patients)
        {
            foreach (var medication in record.Medications)
            {
                table.Add(medication.Id, medication.PatientId, medication.Medication.Code, medication.Medication.Display,
                    ScenarioFormat.Date(DateOnly.FromDateTime(medication.AuthoredOn)), ScenarioFormat.MedicationStatusCode(medication.Status),
                    ScenarioFormat.Date(medication.End));
            }
        }

        return table;
    }

    /// <summary>The task-statement section that describes the shared tables.</summary>
    public const string TableDescriptions = """
        - `patients.csv` — `patient_id`, `birth_date`, `sex`, `postal_code`, `death_date` (empty when alive).
        - `encounters.csv` — every encounter of 2024 and 2025: `encounter_id`, `patient_id`, `class`
          (`AMB` clinic or nursing-facility visit, `VR` video visit, `HH` home visit, `EMER` emergency
          department, `IMP` inpatient stay), `type_code`, `type_display`, `start_time`, `end_time` (local date-times;
          for an inpatient stay `end_time` is the discharge), `discharge_disposition` (inpatient stays only:
          `home`, `home-health`, `skilled-nursing`, `hospice`, `long-term-care`, `expired`).
        - `conditions.csv` — every diagnosis: `condition_id`, `patient_id`, `code_system` (`ICD-10-CM`),
          `code`, `display`, `category` (`problem-list-item` or `encounter-diagnosis`), `onset_date`,
          `abatement_date` (empty while active).
        - `medications.csv` — every prescription: `medication_request_id`, `patient_id`, `rxnorm_code`,
          `display`, `authored_on`, `status`, `end_date` (empty while active).
        """;
}
