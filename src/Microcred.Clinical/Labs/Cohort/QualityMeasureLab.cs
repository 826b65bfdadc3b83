using System.Globalization;
using System.Text;
using Microcred.Clinical.Labs.Benchmark;
using Microcred.Clinical.Labs.Submissions;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Cohort;

/// <summary>The four counts of a proportion measure.</summary>
internal sealed record MeasureCounts(int InitialPopulation, int Exclusions, int Denominator, int Numerator)
{
    public double Rate => Denominator == 0 ? 0 : (double)Numerator / Denominator;
}

/// <summary>The counts a typical mistake produces, and how to explain that mistake to the learner.</summary>
internal sealed record MeasureVariant(string Id, string Mistake, MeasureCounts Counts);

/// <summary>A measure computed on a scenario: the counts, who is in the numerator, and the typical wrong answers.</summary>
internal sealed record MeasureTruth(MeasureCounts Counts, IReadOnlyList<int> NumeratorPatients, IReadOnlyList<MeasureVariant> Variants);

/// <summary>Base of the quality-measure labs: a population-size parameter, a JSON report of counts, and a
/// grader that recomputes the measure and names the likely mistake behind a wrong count.</summary>
internal abstract class QualityMeasureLab<TScenario> : Lab<TScenario>, ILabModelAnswer, ILabSqlReference
    where TScenario : class, IMeasureScenario
{
    public const int DefaultPatients = 2_000;
    public const int MaxPatients = 100_000;
    public const double RateTolerance = 0.0005;

    internal static readonly CriterionDefinition Format = new("format", "Report format", 10);
    internal static readonly CriterionDefinition InitialPopulation = new("initial-population", "Initial population", 20);
    internal static readonly CriterionDefinition ExclusionCount = new("exclusions", "Denominator exclusions", 15);
    internal static readonly CriterionDefinition DenominatorCount = new("denominator", "Denominator", 10);
    internal static readonly CriterionDefinition NumeratorCount = new("numerator", "Numerator", 30);
    internal static readonly CriterionDefinition RateValue = new("rate", "Rate", 15);

    public override IReadOnlyList<LabParameter> Parameters { get; } =
        [new("patients", "Number of patients in the clinic population.", DefaultPatients, 100, MaxPatients)];

    internal override IReadOnlyList<CriterionDefinition> Criteria { get; } =
        [Format, InitialPopulation, ExclusionCount, DenominatorCount, NumeratorCount, RateValue];

    /// <summary>What being in the numerator means, for feedback ("poorly controlled").</summary>
    protected abstract string NumeratorMeaning { get; }

    public abstract IReadOnlyList<SqlTable> SqlTables { get; }

    public abstract string ReferenceSql { get; }

    public abstract string ReferenceDescription { get; }

    /// <summary>The grading table of the task statement (shared by the measure labs).</summary>
    protected static string GradingTable(string numeratorWord) => $"""
        ## How it is graded (100 points, pass at 80)

        | criterion | points | rule |
        |---|---|---|
        | Report format | 10 | all five fields present as JSON numbers; 3 points off for each missing or unreadable field |
        | Initial population | 20 | exact count |
        | Denominator exclusions | 15 | exact count |
        | Denominator | 10 | exact count |
        | Numerator | 30 | exact count ({numeratorWord}) |
        | Rate | 15 | within ±{RateTolerance.ToString(CultureInfo.InvariantCulture)} of the correct rate; 7 points when it is the rate of your own numerator and denominator but those are wrong, or when it is given as a percentage |

        A wrong count gets feedback that names the most likely mistake. If you list `numeratorPatients`, the
        feedback also names patients you missed or added, with the reason.
        """;

    /// <summary>Computes the measure, its numerator patients and the typical wrong answers.</summary>
    internal abstract MeasureTruth Evaluate(TScenario scenario);

    /// <summary>Why a patient is, or is not, in the numerator, in a few words with the data that decides it.</summary>
    internal abstract string DescribePatient(TScenario scenario, int index);

    /// <summary>Why a patient is outside the denominator, in the words of <see cref="DescribePatient"/>, or
    /// null when the patient is in it. The condition test and its wording are the measure's own.</summary>
    protected static string? OutsideDenominator(PatientRecord record, DateOnly start, DateOnly end, bool hasCondition, string missingCondition,
        int maximumAge, bool kidneyAndPregnancyExclusions)
    {
        var id = record.Patient.Id;
        if (!hasCondition)
        {
            return $"{id} ({missingCondition}, so not in the initial population)";
        }

        var age = record.Patient.AgeOn(end);
        if (age < 18 || age > maximumAge)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{id} (aged {age} on {ScenarioFormat.Date(end)}, so not in the initial population)");
        }

        if (!MeasureLogic.HasQualifyingVisit(record, start, end, MeasureRules.Correct))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{id} (no qualifying visit in {start.Year}, so not in the initial population)");
        }

        var exclusions = MeasureLogic.Exclusions(record, start, end, kidneyAndPregnancyExclusions, MeasureRules.Correct);
        return exclusions == MeasureExclusion.None ? null : $"{id} (excluded: {MeasureSql.Describe(exclusions)})";
    }

    public LabModelAnswer CreateModelAnswer(LabScenarioRequest request)
    {
        var truth = Evaluate(Scenario(request));
        var counts = truth.Counts;
        var ids = truth.NumeratorPatients.Select(i => "\"p" + (i + 1).ToString("D7", CultureInfo.InvariantCulture) + "\"");
        var json = new StringBuilder()
            .Append("{\n")
            .Append(CultureInfo.InvariantCulture, $"  \"initialPopulation\": {counts.InitialPopulation},\n")
            .Append(CultureInfo.InvariantCulture, $"  \"exclusions\": {counts.Exclusions},\n")
            .Append(CultureInfo.InvariantCulture, $"  \"denominator\": {counts.Denominator},\n")
            .Append(CultureInfo.InvariantCulture, $"  \"numerator\": {counts.Numerator},\n")
            .Append("  \"rate\": ").Append(ScenarioFormat.Number(counts.Rate, 6)).Append(",\n")
            .Append("  \"numeratorPatients\": [").AppendJoin(", ", ids).Append("]\n}\n");
        return new LabModelAnswer("report.json", json.ToString());
    }

    public IReadOnlyDictionary<string, double> CoreFigures(LabScenarioRequest request)
    {
        var counts = Evaluate(Scenario(request)).Counts;
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["initial_population"] = counts.InitialPopulation,
            ["exclusions"] = counts.Exclusions,
            ["denominator"] = counts.Denominator,
            ["numerator"] = counts.Numerator,
        };
    }

    internal override void GradeSubmission(TScenario scenario, LabSubmission submission, GradeSheet sheet)
    {
        var read = MeasureAnswer.Read(submission, scenario.PatientCount);
        if (read.Value is null)
        {
            sheet.NotGraded("Not graded: " + read.FatalIssue!.Message);
            return;
        }

        var answer = read.Value;
        var truth = Evaluate(scenario);
        var counts = truth.Counts;

        var formatPoints = Math.Max(0, Format.MaxPoints - (3 * answer.Problems.Count));
        var formatList = new FeedbackList(8);
        formatList.AddRange(answer.Problems);
        formatList.AddRange(answer.Warnings);
        sheet.Award(Format, formatPoints, formatList.Render(formatList.Count == 0 ? "The report reads cleanly." : "Problems reading the report:"));

        GradeCount(sheet, InitialPopulation, answer.InitialPopulation, counts.InitialPopulation, truth, c => c.InitialPopulation, "initial population");
        GradeCount(sheet, ExclusionCount, answer.Exclusions, counts.Exclusions, truth, c => c.Exclusions, "exclusion count");
        GradeDenominator(sheet, answer, counts, truth);
        GradeNumerator(sheet, scenario, answer, truth);
        GradeRate(sheet, answer, counts);
    }

    private static void GradeCount(GradeSheet sheet, CriterionDefinition criterion, long? given, int expected, MeasureTruth truth, Func<MeasureCounts, int> pick, string name)
    {
        if (given is null)
        {
            sheet.Award(criterion, 0, $"No readable {name} was given.");
            return;
        }

        if (given == expected)
        {
            sheet.Award(criterion, criterion.MaxPoints, string.Create(CultureInfo.InvariantCulture, $"Correct: {given}."));
            return;
        }

        sheet.Award(criterion, 0, WrongCount(name, given.Value, expected, truth, pick));
    }

    private static string WrongCount(string name, long given, int expected, MeasureTruth truth, Func<MeasureCounts, int> pick)
    {
        var direction = given > expected ? "higher" : "lower";
        var builder = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Your {name} ({given}) is {direction} than the correct count."));
        var explained = truth.Variants.Where(v => pick(v.Counts) == given && pick(v.Counts) != expected).Select(v => v.Mistake).Distinct().Take(3).ToList();
        if (explained.Count > 0)
        {
            builder.Append(explained.Count == 1 ? " It is the count you get when " : " It matches the count you get when ")
                .AppendJoin(" — or when ", explained).Append('.');
        }
        else
        {
            builder.Append(" Recheck it against the definitions in the task statement.");
        }

        return builder.ToString();
    }

    private static void GradeDenominator(GradeSheet sheet, MeasureAnswer answer, MeasureCounts counts, MeasureTruth truth)
    {
        if (answer.Denominator is not { } given)
        {
            sheet.Award(DenominatorCount, 0, "No readable denominator was given.");
            return;
        }

        if (given == counts.Denominator)
        {
            sheet.Award(DenominatorCount, DenominatorCount.MaxPoints, string.Create(CultureInfo.InvariantCulture, $"Correct: {given}."));
            return;
        }

        var feedback = WrongCount("denominator", given, counts.Denominator, truth, c => c.Denominator);
        if (given == counts.InitialPopulation && counts.Exclusions > 0)
        {
            feedback += " It equals the initial population: subtract the exclusions.";
        }
        else if (answer.InitialPopulation is { } ip && answer.Exclusions is { } ex && given == ip - ex)
        {
            feedback += " It is your initial population minus your exclusions, so the arithmetic is right; fix the counts it comes from.";
        }

        sheet.Award(DenominatorCount, 0, feedback);
    }

    private void GradeNumerator(GradeSheet sheet, TScenario scenario, MeasureAnswer answer, MeasureTruth truth)
    {
        var counts = truth.Counts;
        string feedback;
        int points;
        if (answer.Numerator is not { } given)
        {
            points = 0;
            feedback = "No readable numerator was given.";
        }
        else if (given == counts.Numerator)
        {
            points = NumeratorCount.MaxPoints;
            feedback = string.Create(CultureInfo.InvariantCulture, $"Correct: {given} patients {NumeratorMeaning}.");
        }
        else
        {
            points = 0;
            feedback = WrongCount("numerator", given, counts.Numerator, truth, c => c.Numerator);
        }

        if (answer.NumeratorPatients is { } listed)
        {
            var expected = truth.NumeratorPatients.ToHashSet();
            var missed = truth.NumeratorPatients.Where(i => !listed.Contains(i)).ToList();
            var extra = listed.Where(i => !expected.Contains(i)).Order().ToList();
            if (missed.Count == 0 && extra.Count == 0)
            {
                feedback += " Your numeratorPatients list is exactly right.";
            }
            else
            {
                var list = new FeedbackList(8);
                list.AddRange(missed.Take(4).Select(i => "missed " + DescribePatient(scenario, i)));
                list.AddRange(extra.Take(4).Select(i => "should not be listed: " + DescribePatient(scenario, i)));
                var summary = string.Create(CultureInfo.InvariantCulture,
                    $"{feedback}\nYour numeratorPatients list misses {missed.Count} and adds {extra.Count} patient{(extra.Count == 1 ? string.Empty : "s")}; for example:");
                feedback = list.Render(summary);
            }
        }

        sheet.Award(NumeratorCount, points, feedback);
    }

    private static void GradeRate(GradeSheet sheet, MeasureAnswer answer, MeasureCounts counts)
    {
        if (answer.Rate is not { } rate)
        {
            sheet.Award(RateValue, 0, "No readable rate was given.");
            return;
        }

        var expected = counts.Rate;
        if (Math.Abs(rate - expected) <= RateTolerance)
        {
            sheet.Award(RateValue, RateValue.MaxPoints, "Correct: " + ScenarioFormat.Number(expected, 4) + ".");
            return;
        }

        if (rate > 1 && Math.Abs((rate / 100) - expected) <= RateTolerance)
        {
            sheet.Award(RateValue, RateValue.MaxPoints / 2, "The rate is right but given as a percentage; report it as a proportion between 0 and 1.");
            return;
        }

        if (answer.Numerator is { } numerator && answer.Denominator is { } denominator && denominator > 0 &&
            Math.Abs(rate - ((double)numerator / denominator)) <= RateTolerance)
        {
            sheet.Award(RateValue, RateValue.MaxPoints / 2,
                "Your rate is your numerator divided by your denominator, but those counts are not both correct, so the rate is off. Fix the counts.");
            return;
        }

        sheet.Award(RateValue, 0, counts.Denominator == 0
            ? "The denominator is 0, so the rate is 0."
            : "The rate is the numerator divided by the denominator (a proportion between 0 and 1); yours is neither the correct rate nor the rate of your own counts.");
    }
}

/// <summary>What every measure scenario exposes to the shared grading code.</summary>
internal interface IMeasureScenario
{
    int PatientCount { get; }
}

/// <summary>Counts a measure and its variants from per-patient decisions.</summary>
internal sealed class MeasureTally
{
    private readonly Dictionary<string, (string Mistake, int Ip, int Excluded, int Denominator, int Numerator)> _variants = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public void Define(string id, string mistake)
    {
        _variants[id] = (mistake, 0, 0, 0, 0);
        _order.Add(id);
    }

    /// <summary>Adds one patient's outcome under a variant (or under the correct rules, id "correct").</summary>
    public void Add(string id, bool initialPopulation, bool excluded, bool numerator, bool droppedFromDenominator = false)
    {
        if (!initialPopulation)
        {
            return;
        }

        var v = _variants[id];
        v.Ip++;
        if (excluded)
        {
            v.Excluded++;
        }
        else if (!droppedFromDenominator)
        {
            v.Denominator++;
            if (numerator)
            {
                v.Numerator++;
            }
        }

        _variants[id] = v;
    }

    public MeasureCounts Counts(string id)
    {
        var v = _variants[id];
        return new MeasureCounts(v.Ip, v.Excluded, v.Denominator, v.Numerator);
    }

    public IReadOnlyList<MeasureVariant> Variants(string except) =>
        [.. _order.Where(id => id != except).Select(id => new MeasureVariant(id, _variants[id].Mistake, Counts(id)))];
}
