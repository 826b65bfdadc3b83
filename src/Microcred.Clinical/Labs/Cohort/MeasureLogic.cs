using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Cohort;

/// <summary>Why a patient in a quality measure's initial population leaves the denominator.</summary>
[Flags]
internal enum MeasureExclusion
{
    None = 0,
    Hospice = 1,
    Palliative = 2,
    LongTermCare = 4,
    FrailtyWithAdvancedIllness = 8,
    KidneyFailure = 16,
    Pregnancy = 32,
}

/// <summary>Switches that reproduce the usual ways a measure is miscomputed; the default is the measure
/// as the task states it. Graders compute the variants to recognise a learner's mistake from their counts.</summary>
internal sealed record MeasureRules
{
    public static readonly MeasureRules Correct = new();

    public bool EmergencyAndInpatientVisitsQualify { get; init; }

    public bool AgeAtPeriodStart { get; init; }

    public bool AgeGateIgnoredForFrailtyAndNursingHome { get; init; }

    public bool PalliativeEncountersOnly { get; init; }

    public bool AnyNursingFacilityVisit { get; init; }

    public bool FrailtyAlone { get; init; }
}

/// <summary>The operational definitions shared by the diabetes and blood-pressure measure labs, stated
/// the same way in their task statements and in the SQL references.</summary>
internal static class MeasureLogic
{
    /// <summary>Encounter types that count as a qualifying visit.</summary>
    public static readonly IReadOnlySet<string> QualifyingVisitTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        EncounterTypes.OfficeVisit.Code, EncounterTypes.PreventiveVisit.Code, EncounterTypes.AnnualWellnessVisit.Code,
        EncounterTypes.AcuteVisit.Code, EncounterTypes.TelehealthVisit.Code, EncounterTypes.HomeHealthVisit.Code,
        EncounterTypes.NursingFacilityVisit.Code,
    };

    /// <summary>ICD-10-CM prefixes of the advanced illnesses the data carries.</summary>
    public static readonly string[] AdvancedIllnessPrefixes = ["I50.", "J44.", "G30.", "C34.", "N18.5", "N18.6"];

    public const string FrailtyCode = "R54";
    public const string PalliativeCode = "Z51.5";
    public const string DementiaMedication = "997223";
    public const string PregnancyCode = "Z33.1";
    public static readonly string[] KidneyFailureCodes = ["N18.6", "Z99.2", "Z94.0"];

    public static int Age(Patient patient, DateOnly periodStart, DateOnly periodEnd, MeasureRules rules) =>
        patient.AgeOn(rules.AgeAtPeriodStart ? periodStart : periodEnd);

    public static bool InPeriod(DateTime time, DateOnly start, DateOnly end)
    {
        var day = DateOnly.FromDateTime(time);
        return day >= start && day <= end;
    }

    /// <summary>Active at any time between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static bool ActiveBetween(Condition condition, DateOnly from, DateOnly to) =>
        condition.Onset <= to && (condition.Abatement is null || condition.Abatement >= from);

    public static bool HasQualifyingVisit(PatientRecord record, DateOnly start, DateOnly end, MeasureRules rules)
    {
        foreach (var encounter in record.Encounters)
        {
            if (!InPeriod(encounter.Start, start, end))
            {
                continue;
            }

            if (QualifyingVisitTypes.Contains(encounter.Type.Code) ||
                (rules.EmergencyAndInpatientVisitsQualify && encounter.Class is EncounterClass.Emergency or EncounterClass.Inpatient))
            {
                return true;
            }
        }

        return false;
    }

    public static MeasureExclusion Exclusions(PatientRecord record, DateOnly start, DateOnly end, bool kidneyAndPregnancy, MeasureRules rules)
    {
        var result = MeasureExclusion.None;
        var age = Age(record.Patient, start, end, rules);
        var senior = age >= 66 || rules.AgeGateIgnoredForFrailtyAndNursingHome;
        DateOnly? firstFacilityVisit = null;
        DateOnly? lastFacilityVisit = null;
        foreach (var encounter in record.Encounters)
        {
            var type = encounter.Type.Code;
            if (InPeriod(encounter.Start, start, end))
            {
                if (type == EncounterTypes.HospiceVisit.Code)
                {
                    result |= MeasureExclusion.Hospice;
                }
                else if (type == EncounterTypes.PalliativeConsult.Code)
                {
                    result |= MeasureExclusion.Palliative;
                }
                else if (type == EncounterTypes.NursingFacilityVisit.Code)
                {
                    var day = DateOnly.FromDateTime(encounter.Start);
                    firstFacilityVisit ??= day;
                    lastFacilityVisit = day;
                }
            }

            if (encounter.Admission is { Disposition: DischargeDisposition.Hospice } && InPeriod(encounter.End, start, end))
            {
                result |= MeasureExclusion.Hospice;
            }
        }

        if (senior && firstFacilityVisit is { } first && lastFacilityVisit is { } last &&
            (rules.AnyNursingFacilityVisit || last.DayNumber - first.DayNumber > 90))
        {
            result |= MeasureExclusion.LongTermCare;
        }

        var frailty = false;
        var advancedIllness = false;
        var lookbackStart = start.AddYears(-1);
        foreach (var condition in record.Conditions)
        {
            var code = condition.Code.Code;
            if (code == PalliativeCode && !rules.PalliativeEncountersOnly && condition.Onset >= start && condition.Onset <= end)
            {
                result |= MeasureExclusion.Palliative;
            }
            else if (code == FrailtyCode && ActiveBetween(condition, start, end))
            {
                frailty = true;
            }
            else if (IsAdvancedIllness(code) && ActiveBetween(condition, lookbackStart, end))
            {
                advancedIllness = true;
            }

            if (kidneyAndPregnancy)
            {
                if (Array.IndexOf(KidneyFailureCodes, code) >= 0 && condition.Onset <= end)
                {
                    result |= MeasureExclusion.KidneyFailure;
                }
                else if (code == PregnancyCode && ActiveBetween(condition, start, end))
                {
                    result |= MeasureExclusion.Pregnancy;
                }
            }
        }

        if (senior && frailty && !advancedIllness && !rules.FrailtyAlone)
        {
            foreach (var medication in record.Medications)
            {
                if (medication.Medication.Code == DementiaMedication && DateOnly.FromDateTime(medication.AuthoredOn) <= end &&
                    (medication.End is null || medication.End >= lookbackStart))
                {
                    advancedIllness = true;
                    break;
                }
            }
        }

        if (senior && frailty && (advancedIllness || rules.FrailtyAlone))
        {
            result |= MeasureExclusion.FrailtyWithAdvancedIllness;
        }

        return result;
    }

    public static bool IsAdvancedIllness(string code)
    {
        foreach (var prefix in AdvancedIllnessPrefixes)
        {
            if (code.StartsWith(prefix, StringComparison.Ordinal) || code == prefix.TrimEnd('.'))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly bool[] QualifyingTypeIndex = [.. EncounterTypes.All.Select(t => QualifyingVisitTypes.Contains(t.Code))];
    private static readonly byte HospiceType = ClinicalColumns.TypeIndex(EncounterTypes.HospiceVisit.Code);
    private static readonly byte PalliativeType = ClinicalColumns.TypeIndex(EncounterTypes.PalliativeConsult.Code);
    private static readonly byte NursingFacilityType = ClinicalColumns.TypeIndex(EncounterTypes.NursingFacilityVisit.Code);

    /// <summary><see cref="HasQualifyingVisit(PatientRecord, DateOnly, DateOnly, MeasureRules)"/> on the flat rows.</summary>
    public static bool HasQualifyingVisit(ClinicalColumns columns, int patient, DateOnly start, DateOnly end, bool acuteVisitsQualify)
    {
        int from = start.DayNumber, to = end.DayNumber;
        var encounters = columns.Encounters;
        for (var e = columns.EncounterFrom[patient]; e < columns.EncounterFrom[patient + 1]; e++)
        {
            var encounter = encounters[e];
            if (encounter.StartDay >= from && encounter.StartDay <= to &&
                (QualifyingTypeIndex[encounter.Type] || (acuteVisitsQualify && encounter.Class is EncounterClass.Emergency or EncounterClass.Inpatient)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether any condition with this meaning is active between two days.</summary>
    public static bool HasCondition(ClinicalColumns columns, int patient, CodeMeaning meaning, int fromDay, int toDay)
    {
        var conditions = columns.Conditions;
        for (var c = columns.ConditionFrom[patient]; c < columns.ConditionFrom[patient + 1]; c++)
        {
            var condition = conditions[c];
            if ((condition.Meaning & meaning) != 0 && condition.OnsetDay <= toDay && condition.AbatementDay >= fromDay)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><see cref="Exclusions(PatientRecord, DateOnly, DateOnly, bool, MeasureRules)"/> on the flat rows.</summary>
    public static MeasureExclusion Exclusions(ClinicalColumns columns, int patient, DateOnly start, DateOnly end, bool kidneyAndPregnancy, MeasureRules rules)
    {
        var result = MeasureExclusion.None;
        var senior = columns.Age(patient, rules.AgeAtPeriodStart ? start : end) >= 66 || rules.AgeGateIgnoredForFrailtyAndNursingHome;
        int from = start.DayNumber, to = end.DayNumber, lookback = start.AddYears(-1).DayNumber;
        var firstFacility = int.MaxValue;
        var lastFacility = int.MinValue;
        var encounters = columns.Encounters;
        for (var e = columns.EncounterFrom[patient]; e < columns.EncounterFrom[patient + 1]; e++)
        {
            var encounter = encounters[e];
            if (encounter.StartDay >= from && encounter.StartDay <= to)
            {
                if (encounter.Type == HospiceType)
                {
                    result |= MeasureExclusion.Hospice;
                }
                else if (encounter.Type == PalliativeType)
                {
                    result |= MeasureExclusion.Palliative;
                }
                else if (encounter.Type == NursingFacilityType)
                {
                    firstFacility = Math.Min(firstFacility, encounter.StartDay);
                    lastFacility = Math.Max(lastFacility, encounter.StartDay);
                }
            }

            if (encounter.Disposition == DischargeDisposition.Hospice && encounter.EndDay >= from && encounter.EndDay <= to)
            {
                result |= MeasureExclusion.Hospice;
            }
        }

        if (senior && firstFacility != int.MaxValue && (rules.AnyNursingFacilityVisit || lastFacility - firstFacility > 90))
        {
            result |= MeasureExclusion.LongTermCare;
        }

        bool frailty = false, advancedIllness = false;
        var conditions = columns.Conditions;
        for (var c = columns.ConditionFrom[patient]; c < columns.ConditionFrom[patient + 1]; c++)
        {
            var condition = conditions[c];
            var meaning = condition.Meaning;
            if ((meaning & CodeMeaning.Palliative) != 0 && !rules.PalliativeEncountersOnly && condition.OnsetDay >= from && condition.OnsetDay <= to)
            {
                result |= MeasureExclusion.Palliative;
            }
            else if ((meaning & CodeMeaning.Frailty) != 0 && condition.OnsetDay <= to && condition.AbatementDay >= from)
            {
                frailty = true;
            }
            else if ((meaning & CodeMeaning.AdvancedIllness) != 0 && condition.OnsetDay <= to && condition.AbatementDay >= lookback)
            {
                advancedIllness = true;
            }

            if (kidneyAndPregnancy)
            {
                if ((meaning & CodeMeaning.KidneyFailure) != 0 && condition.OnsetDay <= to)
                {
                    result |= MeasureExclusion.KidneyFailure;
                }
                else if ((meaning & CodeMeaning.Pregnancy) != 0 && condition.OnsetDay <= to && condition.AbatementDay >= from)
                {
                    result |= MeasureExclusion.Pregnancy;
                }
            }
        }

        if (senior && frailty && !advancedIllness && !rules.FrailtyAlone)
        {
            var medications = columns.Medications;
            for (var m = columns.MedicationFrom[patient]; m < columns.MedicationFrom[patient + 1] && !advancedIllness; m++)
            {
                advancedIllness = medications[m].DementiaMedication && medications[m].AuthoredDay <= to && medications[m].EndDay >= lookback;
            }
        }

        if (senior && frailty && (advancedIllness || rules.FrailtyAlone))
        {
            result |= MeasureExclusion.FrailtyWithAdvancedIllness;
        }

        return result;
    }
}
