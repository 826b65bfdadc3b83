using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Cohort;

/// <summary>What a diagnosis code means to the measures, decided once per distinct code.</summary>
[Flags]
internal enum CodeMeaning : ushort
{
    None = 0,
    Diabetes = 1,
    Hypertension = 2,
    Frailty = 4,
    Palliative = 8,
    AdvancedIllness = 16,
    KidneyFailure = 32,
    Pregnancy = 64,
}

/// <summary>An encounter row: days are <see cref="DateOnly.DayNumber"/> values of the local date.</summary>
internal readonly record struct EncounterColumn(int StartDay, int EndDay, EncounterClass Class, byte Type, DischargeDisposition? Disposition);

/// <summary>A diagnosis row; an active condition has <see cref="AbatementDay"/> = int.MaxValue.</summary>
internal readonly record struct ConditionColumn(CodeMeaning Meaning, int OnsetDay, int AbatementDay);

/// <summary>A prescription row; an open order has <see cref="EndDay"/> = int.MaxValue.</summary>
internal readonly record struct MedicationColumn(bool DementiaMedication, int AuthoredDay, int EndDay);

/// <summary>An observation row: HbA1c in tenths of a percent, or a blood pressure (systolic, diastolic).</summary>
internal readonly record struct ObservationColumn(long Ticks, int Day, int Encounter, short Value, short Diastolic, bool Cancelled, bool Acute);

/// <summary>
/// A scenario's clinical records as flat arrays, one row per record, grouped by patient (row ranges per
/// patient): the grader's in-memory copy of the scenario tables. Walking the population's object graph
/// costs a cache miss per record; these rows are read in order, so a 100,000-patient measure is computed
/// in tens of milliseconds, as a database scans its tables.
/// </summary>
internal sealed class ClinicalColumns
{
    private static readonly IReadOnlyList<string> TypeCodes = [.. EncounterTypes.All.Select(t => t.Code)];

    private ClinicalColumns(int patients)
    {
        BirthYear = new int[patients];
        BirthMonthDay = new int[patients];
        DeathDay = new int[patients];
        Zip3 = new int[patients];
        EncounterFrom = new int[patients + 1];
        ConditionFrom = new int[patients + 1];
        MedicationFrom = new int[patients + 1];
        ObservationFrom = new int[patients + 1];
    }

    public int PatientCount => BirthYear.Length;

    public int[] BirthYear { get; }

    /// <summary>Month × 100 + day of birth.</summary>
    public int[] BirthMonthDay { get; }

    /// <summary>Day of death, or int.MaxValue.</summary>
    public int[] DeathDay { get; }

    /// <summary>Index into <see cref="Zip3Codes"/>.</summary>
    public int[] Zip3 { get; }

    public List<string> Zip3Codes { get; } = [];

    public int[] EncounterFrom { get; }

    public int[] ConditionFrom { get; }

    public int[] MedicationFrom { get; }

    public int[] ObservationFrom { get; }

    public EncounterColumn[] Encounters { get; private set; } = [];

    public ConditionColumn[] Conditions { get; private set; } = [];

    public MedicationColumn[] Medications { get; private set; } = [];

    public ObservationColumn[] Observations { get; private set; } = [];

    public static byte TypeIndex(string code)
    {
        for (var i = 0; i < TypeCodes.Count; i++)
        {
            if (TypeCodes[i] == code)
            {
                return (byte)i;
            }
        }

        throw new ArgumentException($"Unknown encounter type {code}.", nameof(code));
    }

    public static CodeMeaning Meaning(string code)
    {
        var meaning = CodeMeaning.None;
        if (code.StartsWith("E10", StringComparison.Ordinal) || code.StartsWith("E11", StringComparison.Ordinal) || code.StartsWith("E13", StringComparison.Ordinal))
        {
            meaning |= CodeMeaning.Diabetes;
        }

        if (code == "I10")
        {
            meaning |= CodeMeaning.Hypertension;
        }

        if (code == MeasureLogic.FrailtyCode)
        {
            meaning |= CodeMeaning.Frailty;
        }

        if (code == MeasureLogic.PalliativeCode)
        {
            meaning |= CodeMeaning.Palliative;
        }

        if (MeasureLogic.IsAdvancedIllness(code))
        {
            meaning |= CodeMeaning.AdvancedIllness;
        }

        if (Array.IndexOf(MeasureLogic.KidneyFailureCodes, code) >= 0)
        {
            meaning |= CodeMeaning.KidneyFailure;
        }

        if (code == MeasureLogic.PregnancyCode)
        {
            meaning |= CodeMeaning.Pregnancy;
        }

        return meaning;
    }

    /// <summary>Builds the rows. <paramref name="observations"/> gives each patient's observation rows (HbA1c
    /// or blood pressure, as the lab needs), in any order; they are sorted by time.</summary>
    public static ClinicalColumns Build(IReadOnlyList<PatientRecord> patients, Func<int, PatientRecord, IEnumerable<(Observation? Observation, long Ticks, short Value, short Diastolic, bool Cancelled, string? EncounterId)>> observations)
    {
        var columns = new ClinicalColumns(patients.Count);
        var encounters = new List<EncounterColumn>(patients.Count * 12);
        var conditions = new List<ConditionColumn>(patients.Count * 3);
        var medications = new List<MedicationColumn>(patients.Count * 3);
        var rows = new List<ObservationColumn>(patients.Count * 3);
        var meanings = new Dictionary<string, CodeMeaning>(StringComparer.Ordinal);
        var zip3s = new Dictionary<string, int>(StringComparer.Ordinal);
        var encounterIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var p = 0; p < patients.Count; p++)
        {
            var record = patients[p];
            var patient = record.Patient;
            columns.BirthYear[p] = patient.BirthDate.Year;
            columns.BirthMonthDay[p] = (patient.BirthDate.Month * 100) + patient.BirthDate.Day;
            columns.DeathDay[p] = patient.DeathDate?.DayNumber ?? int.MaxValue;
            if (!zip3s.TryGetValue(patient.Address.Zip3, out var zip))
            {
                zip = zip3s[patient.Address.Zip3] = columns.Zip3Codes.Count;
                columns.Zip3Codes.Add(patient.Address.Zip3);
            }

            columns.Zip3[p] = zip;
            columns.EncounterFrom[p] = encounters.Count;
            encounterIndex.Clear();
            foreach (var encounter in record.Encounters)
            {
                encounterIndex[encounter.Id] = encounters.Count;
                encounters.Add(new EncounterColumn(DateOnly.FromDateTime(encounter.Start).DayNumber, DateOnly.FromDateTime(encounter.End).DayNumber,
                    encounter.Class, TypeIndex(encounter.Type.Code), encounter.Admission?.Disposition));
            }

            columns.ConditionFrom[p] = conditions.Count;
            foreach (var condition in record.Conditions)
            {
                if (!meanings.TryGetValue(condition.Code.Code, out var meaning))
                {
                    meaning = meanings[condition.Code.Code] = Meaning(condition.Code.Code);
                }

                if (meaning != CodeMeaning.None)
                {
                    conditions.Add(new ConditionColumn(meaning, condition.Onset.DayNumber, condition.Abatement?.DayNumber ?? int.MaxValue));
                }
            }

            columns.MedicationFrom[p] = medications.Count;
            foreach (var medication in record.Medications)
            {
                if (medication.Medication.Code == MeasureLogic.DementiaMedication)
                {
                    medications.Add(new MedicationColumn(true, DateOnly.FromDateTime(medication.AuthoredOn).DayNumber, medication.End?.DayNumber ?? int.MaxValue));
                }
            }

            columns.ObservationFrom[p] = rows.Count;
            var first = rows.Count;
            foreach (var (_, ticks, value, diastolic, cancelled, encounterId) in observations(p, record))
            {
                var encounter = encounterId is not null && encounterIndex.TryGetValue(encounterId, out var e) ? e : -1;
                var acute = encounter >= 0 && encounters[encounter].Class is EncounterClass.Emergency or EncounterClass.Inpatient;
                rows.Add(new ObservationColumn(ticks, DateOnly.FromDateTime(new DateTime(ticks)).DayNumber, encounter, value, diastolic, cancelled, acute));
            }

            rows.Sort(first, rows.Count - first, Comparer<ObservationColumn>.Create((a, b) => a.Ticks.CompareTo(b.Ticks)));
        }

        columns.EncounterFrom[patients.Count] = encounters.Count;
        columns.ConditionFrom[patients.Count] = conditions.Count;
        columns.MedicationFrom[patients.Count] = medications.Count;
        columns.ObservationFrom[patients.Count] = rows.Count;
        columns.Encounters = [.. encounters];
        columns.Conditions = [.. conditions];
        columns.Medications = [.. medications];
        columns.Observations = [.. rows];
        return columns;
    }

    /// <summary>Age in whole years on a day (birthdays counted by month and day).</summary>
    public int Age(int patient, DateOnly on)
    {
        var age = on.Year - BirthYear[patient];
        return (on.Month * 100) + on.Day < BirthMonthDay[patient] ? age - 1 : age;
    }
}
