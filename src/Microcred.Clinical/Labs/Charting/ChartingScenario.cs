using System.Globalization;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Charting;

/// <summary>A vital sign the note reports and the learner charts: its LOINC codes, the UCUM units
/// accepted with their conversion to the canonical unit, and the tolerance on the canonical value.</summary>
internal sealed record VitalSign(string Key, string Name, IReadOnlyList<string> LoincCodes, IReadOnlyDictionary<string, Func<decimal, decimal>> Units, decimal Tolerance);

/// <summary>A problem the visit adds to the problem list, with the complaint that brought the patient in.</summary>
internal sealed record ProblemStory(string Complaint, IReadOnlyList<string> Keywords, string Icd10Cm, string Assessment);

internal sealed record ChartingScenario(
    PatientRecord Record,
    Encounter Encounter,
    string PatientJson,
    string EncounterJson,
    DateTimeOffset MeasuredAt,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    IReadOnlyDictionary<string, decimal> Values,
    ProblemStory Story,
    string Note);

internal static class ChartingVitals
{
    private static readonly Func<decimal, decimal> Same = v => v;

    public static readonly VitalSign BloodPressure = new("bp", "Blood pressure panel", ["85354-9"], new Dictionary<string, Func<decimal, decimal>> { ["mm[Hg]"] = Same }, 1);
    public static readonly VitalSign HeartRate = new("hr", "Heart rate", ["8867-4"], new Dictionary<string, Func<decimal, decimal>> { ["/min"] = Same }, 1);
    public static readonly VitalSign RespiratoryRate = new("rr", "Respiratory rate", ["9279-1"], new Dictionary<string, Func<decimal, decimal>> { ["/min"] = Same }, 1);
    public static readonly VitalSign Temperature = new("temp", "Body temperature", ["8310-5"],
        new Dictionary<string, Func<decimal, decimal>> { ["Cel"] = Same, ["[degF]"] = f => (f - 32m) * 5m / 9m }, 0.15m);
    public static readonly VitalSign OxygenSaturation = new("spo2", "Oxygen saturation", ["59408-5", "2708-6"], new Dictionary<string, Func<decimal, decimal>> { ["%"] = Same }, 0.5m);
    public static readonly VitalSign Weight = new("weight", "Body weight", ["29463-7"],
        new Dictionary<string, Func<decimal, decimal>> { ["kg"] = Same, ["[lb_av]"] = lb => lb * 0.45359237m, ["g"] = g => g / 1000m }, 0.2m);
    public static readonly VitalSign Height = new("height", "Body height", ["8302-2"],
        new Dictionary<string, Func<decimal, decimal>> { ["cm"] = Same, ["[in_i]"] = i => i * 2.54m, ["m"] = m => m * 100m }, 0.6m);
    public static readonly VitalSign BodyMassIndex = new("bmi", "Body mass index", ["39156-5"], new Dictionary<string, Func<decimal, decimal>> { ["kg/m2"] = Same }, 0.2m);

    public static IReadOnlyList<VitalSign> All { get; } = [BloodPressure, HeartRate, RespiratoryRate, Temperature, OxygenSaturation, Weight, Height, BodyMassIndex];

    public static IReadOnlyList<ProblemStory> Stories { get; } =
    [
        new("headaches and high home blood pressure readings for three weeks", ["headache", "blood pressure"], "I10",
            "Blood pressure elevated at three visits and on home readings: essential (primary) hypertension, new diagnosis."),
        new("heartburn after meals for two months", ["heartburn"], "K21.9",
            "Symptoms and response to an acid suppressant trial fit gastro-esophageal reflux disease without esophagitis."),
        new("fatigue and feeling cold for six weeks", ["fatigue"], "E03.9",
            "TSH 9.8 mIU/L with low free T4: hypothyroidism, unspecified, new diagnosis."),
        new("loud snoring and daytime sleepiness", ["snoring", "sleepiness"], "G47.33",
            "Home sleep study this month showed an AHI of 24: obstructive sleep apnea, new diagnosis."),
        new("right knee pain when climbing stairs", ["knee"], "M17.11",
            "X-ray shows joint-space narrowing and osteophytes in the right knee: unilateral primary osteoarthritis of the right knee."),
        new("constant worry and trouble sleeping for six months", ["worry"], "F41.1",
            "GAD-7 score 14, symptoms for more than six months: generalized anxiety disorder, new diagnosis."),
        new("wheezing and cough with exercise", ["wheez"], "J45.909",
            "Spirometry shows reversible obstruction: asthma, uncomplicated, new diagnosis."),
    ];

    public static string Format(decimal value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
