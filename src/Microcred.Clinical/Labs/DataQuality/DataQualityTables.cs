using System.Globalization;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.DataQuality;

/// <summary>The three extract tables as rows of strings, derived from a population patient. Planning and
/// writing both go through here, so a planted defect always refers to a row the files contain.</summary>
internal static class DataQualityTables
{
    public static readonly string[] PatientColumns = ["patient_id", "mrn", "family_name", "given_name", "sex", "birth_date", "zip", "payer"];
    public static readonly string[] EncounterColumns = ["encounter_id", "patient_id", "class", "start", "end", "diagnosis_code"];
    public static readonly string[] VitalsColumns = ["vitals_id", "encounter_id", "measured_at", "systolic", "diastolic", "heart_rate", "resp_rate", "temp_c", "spo2", "weight_kg", "height_cm", "bmi"];

    public static string[] PatientRow(Patient p) =>
    [
        p.Id, p.Mrn, p.FamilyName, p.GivenName, p.Sex == AdministrativeSex.Female ? "F" : "M", Date(p.BirthDate), p.Address.PostalCode, p.PayerKind.ToString(),
    ];

    public static IEnumerable<string[]> EncounterRows(PatientRecord record) =>
        record.Encounters.Select(e => new[] { e.Id, e.PatientId, e.Class.ToString(), Time(e.Start), Time(e.End), e.Reason?.Code ?? string.Empty });

    public static IEnumerable<string[]> VitalsRows(PatientRecord record)
    {
        foreach (var group in record.Observations.Where(o => o.Category == ObservationCategory.VitalSigns && o.EncounterId is not null).GroupBy(o => o.EncounterId!))
        {
            var byCode = new Dictionary<string, Observation>(StringComparer.Ordinal);
            foreach (var observation in group)
            {
                byCode.TryAdd(observation.Code.Code, observation);
            }

            var bp = byCode.GetValueOrDefault("85354-9");
            yield return
            [
                group.Key + "-v", group.Key, Time(group.Min(o => o.Effective)),
                Number(bp?.Components[0].Value), Number(bp?.Components[1].Value),
                Number(byCode.GetValueOrDefault("8867-4")?.Value), Number(byCode.GetValueOrDefault("9279-1")?.Value),
                Number(byCode.GetValueOrDefault("8310-5")?.Value), Number(byCode.GetValueOrDefault("59408-5")?.Value),
                Number(byCode.GetValueOrDefault("29463-7")?.Value), Number(byCode.GetValueOrDefault("8302-2")?.Value),
                Number(byCode.GetValueOrDefault("39156-5")?.Value),
            ];
        }
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static DateTime ParseTime(string text) => DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
