namespace Microcred.Clinical.Labs.Cohort;

/// <summary>The SQL form of <see cref="MeasureLogic"/>, over the tables of <see cref="ClinicalTables"/>: the
/// reference the quality-measure graders are checked and timed against. Period 2025, as the task statements say.</summary>
internal static class MeasureSql
{
    private const string PeriodStart = "'2025-01-01'";
    private const string PeriodEnd = "'2025-12-31'";
    private const string LookbackStart = "'2024-01-01'";
    private const string InPeriod = "BETWEEN " + PeriodStart + " AND " + PeriodEnd;

    /// <summary>A query returning initial_population, exclusions, denominator and numerator. The lab gives the
    /// <c>ip</c> CTE (columns patient_id, age) and the <c>numerator</c> CTE (column patient_id, drawn from
    /// <c>denominator</c>), each possibly preceded by helper CTEs.</summary>
    public static string Compose(string initialPopulation, bool kidneyAndPregnancy, string numerator)
    {
        var kidney = kidneyAndPregnancy
            ? $"""

                 OR EXISTS (SELECT 1 FROM conditions c WHERE c.patient_id = ip.patient_id
                            AND c.code IN ('N18.6', 'Z99.2', 'Z94.0') AND c.onset_date <= {PeriodEnd})
                 OR EXISTS (SELECT 1 FROM conditions c WHERE c.patient_id = ip.patient_id AND c.code = 'Z33.1'
                            AND c.onset_date <= {PeriodEnd} AND (c.abatement_date IS NULL OR c.abatement_date >= {PeriodStart}))
              """
            : string.Empty;
        var qualifying = string.Join(", ", MeasureLogic.QualifyingVisitTypes.Order(StringComparer.Ordinal).Select(t => "'" + t + "'"));
        return $"""
            WITH
            age AS (
              SELECT patient_id,
                     (2025 - CAST(substr(birth_date, 1, 4) AS INTEGER)) - (substr(birth_date, 6, 5) > '12-31') AS age
              FROM patients),
            qualifying_visits AS (
              SELECT DISTINCT patient_id FROM encounters
              WHERE type_code IN ({qualifying}) AND substr(start_time, 1, 10) {InPeriod}),
            {initialPopulation},
            excluded AS (
              SELECT ip.patient_id FROM ip
              WHERE EXISTS (SELECT 1 FROM encounters e WHERE e.patient_id = ip.patient_id
                            AND ((e.type_code = 'hospice-visit' AND substr(e.start_time, 1, 10) {InPeriod})
                              OR (e.discharge_disposition = 'hospice' AND substr(e.end_time, 1, 10) {InPeriod})))
                 OR EXISTS (SELECT 1 FROM encounters e WHERE e.patient_id = ip.patient_id
                            AND e.type_code = 'palliative-care-consult' AND substr(e.start_time, 1, 10) {InPeriod})
                 OR EXISTS (SELECT 1 FROM conditions c WHERE c.patient_id = ip.patient_id AND c.code = 'Z51.5' AND c.onset_date {InPeriod})
                 OR (ip.age >= 66 AND (SELECT julianday(max(substr(e.start_time, 1, 10))) - julianday(min(substr(e.start_time, 1, 10)))
                                       FROM encounters e WHERE e.patient_id = ip.patient_id
                                       AND e.type_code = 'nursing-facility-visit' AND substr(e.start_time, 1, 10) {InPeriod}) > 90)
                 OR (ip.age >= 66
                     AND EXISTS (SELECT 1 FROM conditions c WHERE c.patient_id = ip.patient_id AND c.code = 'R54'
                                 AND c.onset_date <= {PeriodEnd} AND (c.abatement_date IS NULL OR c.abatement_date >= {PeriodStart}))
                     AND (EXISTS (SELECT 1 FROM conditions c WHERE c.patient_id = ip.patient_id
                                  AND (c.code LIKE 'I50%' OR c.code LIKE 'J44%' OR c.code LIKE 'G30%' OR c.code LIKE 'C34%' OR c.code IN ('N18.5', 'N18.6'))
                                  AND c.onset_date <= {PeriodEnd} AND (c.abatement_date IS NULL OR c.abatement_date >= {LookbackStart}))
                          OR EXISTS (SELECT 1 FROM medications m WHERE m.patient_id = ip.patient_id AND m.rxnorm_code = '{MeasureLogic.DementiaMedication}'
                                     AND m.authored_on <= {PeriodEnd} AND (m.end_date IS NULL OR m.end_date >= {LookbackStart}))))
                 {kidney}),
            denominator AS (
              SELECT ip.patient_id FROM ip WHERE ip.patient_id NOT IN (SELECT patient_id FROM excluded)),
            {numerator}
            SELECT (SELECT count(*) FROM ip) AS initial_population,
                   (SELECT count(*) FROM excluded) AS exclusions,
                   (SELECT count(*) FROM denominator) AS denominator,
                   (SELECT count(*) FROM numerator) AS numerator;
            """;
    }

    /// <summary>Exclusion reasons in words.</summary>
    public static string Describe(MeasureExclusion exclusions)
    {
        var words = new List<string>();
        if (exclusions.HasFlag(MeasureExclusion.Hospice))
        {
            words.Add("hospice care in 2025");
        }

        if (exclusions.HasFlag(MeasureExclusion.Palliative))
        {
            words.Add("palliative care in 2025");
        }

        if (exclusions.HasFlag(MeasureExclusion.LongTermCare))
        {
            words.Add("66 or over and living long term in a nursing home");
        }

        if (exclusions.HasFlag(MeasureExclusion.FrailtyWithAdvancedIllness))
        {
            words.Add("66 or over with frailty and advanced illness");
        }

        if (exclusions.HasFlag(MeasureExclusion.KidneyFailure))
        {
            words.Add("end-stage kidney disease, dialysis or kidney transplant");
        }

        if (exclusions.HasFlag(MeasureExclusion.Pregnancy))
        {
            words.Add("pregnancy in 2025");
        }

        return string.Join("; ", words);
    }
}
