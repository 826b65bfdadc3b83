namespace Microcred.Clinical.Population;

/// <summary>A range a population statistic is designed to fall in.</summary>
/// <param name="Name">What is measured, in words.</param>
/// <param name="Minimum">Lowest acceptable share (0–1).</param>
/// <param name="Maximum">Highest acceptable share (0–1).</param>
public sealed record TargetRange(string Name, double Minimum, double Maximum)
{
    /// <summary>True when the share is inside the range.</summary>
    public bool Contains(double share) => share >= Minimum && share <= Maximum;
}

/// <summary>
/// The ranges the generator is tuned to, for a population of a few thousand or more. They are broadly
/// US-like (adult prevalence from national surveys, rounded) and are checked by the test suite; lab
/// authors can quote them. Prevalences count diagnoses on record by the as-of date.
/// </summary>
public static class PopulationTargets
{
    /// <summary>Essential hypertension (I10) among adults.</summary>
    public static TargetRange Hypertension { get; } = new("adults with hypertension (I10)", 0.25, 0.40);

    /// <summary>Type 2 diabetes (E11.*) among adults.</summary>
    public static TargetRange Diabetes { get; } = new("adults with type 2 diabetes (E11.*)", 0.08, 0.14);

    /// <summary>Heart failure (I50.*) among adults.</summary>
    public static TargetRange HeartFailure { get; } = new("adults with heart failure (I50.*)", 0.01, 0.04);

    /// <summary>COPD (J44.*) among adults.</summary>
    public static TargetRange Copd { get; } = new("adults with COPD (J44.*)", 0.02, 0.07);

    /// <summary>Asthma (J45.*) among everyone aged 3 and over.</summary>
    public static TargetRange Asthma { get; } = new("people aged 3+ with asthma (J45.*)", 0.06, 0.11);

    /// <summary>Depression (F32.*) among adults.</summary>
    public static TargetRange Depression { get; } = new("adults with depression (F32.*)", 0.05, 0.13);

    /// <summary>Chronic kidney disease stage 3 or worse (N18.3x–N18.6) among adults.</summary>
    public static TargetRange ChronicKidneyDisease { get; } = new("adults with CKD stage 3+ (N18.3x-N18.6)", 0.03, 0.09);

    /// <summary>Adults whose latest recorded BMI is 30 or more.</summary>
    public static TargetRange ObesityByBmi { get; } = new("adults with latest BMI >= 30", 0.28, 0.48);

    /// <summary>
    /// No-show rate: no-shows divided by booked appointments in the past, excluding those cancelled in advance.
    /// </summary>
    public static TargetRange NoShowRate { get; } = new("no-shows per booked appointment", 0.05, 0.12);

    /// <summary>
    /// 30-day readmission rate: unplanned live discharges followed by an unplanned admission 1–30 days later.
    /// </summary>
    public static TargetRange ReadmissionRate { get; } = new("unplanned live discharges readmitted within 30 days", 0.06, 0.25);
}
