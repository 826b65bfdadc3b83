using System.Globalization;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Cohort;

/// <summary>How population values are written in scenario files: ISO dates, local date-times without an
/// offset, HL7 v3 encounter class codes, lowercase dispositions and invariant numbers.</summary>
internal static class ScenarioFormat
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : string.Empty;

    public static string DateTime(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(decimal? value) => value is { } v ? Number(v) : string.Empty;

    public static string Number(double value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0.############", CultureInfo.InvariantCulture);

    public static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>HL7 v3 ActCode for the encounter class, as FHIR Encounter.class carries it.</summary>
    public static string ClassCode(EncounterClass encounterClass) => encounterClass switch
    {
        EncounterClass.Ambulatory => "AMB",
        EncounterClass.Emergency => "EMER",
        EncounterClass.Inpatient => "IMP",
        EncounterClass.Virtual => "VR",
        EncounterClass.HomeHealth => "HH",
        _ => throw new ArgumentOutOfRangeException(nameof(encounterClass), encounterClass, "Unknown encounter class."),
    };

    public static string Disposition(DischargeDisposition? disposition) => disposition switch
    {
        null => string.Empty,
        DischargeDisposition.Home => "home",
        DischargeDisposition.HomeHealth => "home-health",
        DischargeDisposition.SkilledNursing => "skilled-nursing",
        DischargeDisposition.Hospice => "hospice",
        DischargeDisposition.LongTermCare => "long-term-care",
        DischargeDisposition.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(disposition), disposition, "Unknown disposition."),
    };

    public static string Sex(AdministrativeSex sex) => sex == AdministrativeSex.Female ? "female" : "male";

    public static string Category(ConditionCategory category) =>
        category == ConditionCategory.ProblemListItem ? "problem-list-item" : "encounter-diagnosis";

    public static string MedicationStatusCode(MedicationStatus status) => status switch
    {
        MedicationStatus.Active => "active",
        MedicationStatus.Completed => "completed",
        _ => "stopped",
    };

    public static string AppointmentStatusCode(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Booked => "booked",
        AppointmentStatus.Fulfilled => "fulfilled",
        AppointmentStatus.NoShow => "noshow",
        AppointmentStatus.CancelledInAdvance => "cancelled",
        _ => "cancelled",
    };

    /// <summary>Patient index from a population id (<c>p0000042</c> → 41), or -1 when it is not one.</summary>
    public static int PatientIndex(string? id, int patientCount)
    {
        if (id is null || id.Length != 8 || id[0] != 'p')
        {
            return -1;
        }

        var number = 0;
        for (var i = 1; i < 8; i++)
        {
            var c = id[i];
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }

            number = (number * 10) + (c - '0');
        }

        return number >= 1 && number <= patientCount ? number - 1 : -1;
    }
}
