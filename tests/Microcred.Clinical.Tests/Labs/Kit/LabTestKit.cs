using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.Benchmark;
using Microcred.Clinical.Labs.Submissions;

namespace Microcred.Clinical.Tests.Labs.Kit;

/// <summary>Shared scenario sizes and helpers for the lab tests. Population-scale labs share one seed and
/// size, so their tests reuse one generated population.</summary>
internal static class LabTestKit
{
    public const long Seed = 7;
    public const int Patients = 1500;

    public static LabScenarioRequest Request(int patients = Patients, long seed = Seed) =>
        new(seed) { Parameters = new Dictionary<string, int> { ["patients"] = patients } };

    public static LabGrade Grade(ILab lab, string text, LabScenarioRequest? request = null, string fileName = "answer") =>
        lab.Grade(request ?? Request(), LabSubmission.FromText(text, fileName));

    public static CriterionResult Criterion(LabGrade grade, string id) => grade.Criteria.Single(c => c.Id == id);

    public static string ModelAnswer(ILabModelAnswer lab, LabScenarioRequest? request = null)
    {
        return lab.CreateModelAnswer(request ?? Request()).Content;
    }

    /// <summary>Loads the scenario files into SQLite, runs the lab's reference SQL and returns both sides.</summary>
    public static (IReadOnlyDictionary<string, double> Sql, IReadOnlyDictionary<string, double> Grader) SqlAndGrader(ILab lab, LabScenarioRequest request)
    {
        var reference = (ILabSqlReference)lab;
        var path = Path.Combine(Path.GetTempPath(), "microcred-lab-sql-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            ScenarioDatabase.Create(lab.CreateScenario(request), reference.SqlTables, path);
            using var connection = ScenarioDatabase.Open(path);
            return (ScenarioDatabase.QueryRow(connection, reference.ReferenceSql), reference.CoreFigures(request));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Submissions every lab must refuse or survive without throwing.</summary>
    public static IEnumerable<(string Name, LabSubmission Submission)> HostileSubmissions()
    {
        yield return ("empty", LabSubmission.FromText(string.Empty));
        yield return ("whitespace", LabSubmission.FromText("  \n\t "));
        yield return ("binary", LabSubmission.FromBytes([0x50, 0x4B, 0x03, 0x04, 0, 1, 2, 3]));
        yield return ("not utf-8", LabSubmission.FromBytes([0x7B, 0xC3, 0x28, 0x7D]));
        yield return ("deep json", LabSubmission.FromText(new string('[', 5000)));
        yield return ("oversized", LabSubmission.FromBytes(new byte[SubmissionLimits.MaxBytes + 10]));
        yield return ("formula csv", LabSubmission.FromText("=HYPERLINK(\"http://x\"),@SUM(1)\n+1,-2\n"));
        yield return ("html", LabSubmission.FromText("<script>alert(1)</script>"));
        yield return ("nul", LabSubmission.FromText("a,b\n\0,1\n"));
        yield return ("json scalar", LabSubmission.FromText("42"));
        yield return ("json string", LabSubmission.FromText("\"text\""));
        yield return ("unclosed quote", LabSubmission.FromText("a,b\n\"x,1\n"));
        yield return ("huge number", LabSubmission.FromText("{\"a\": 1e400}"));
        yield return ("wrong shape json", LabSubmission.FromText("{\"foo\": {\"bar\": [1, {\"x\": null}]}}"));
        yield return ("control characters", LabSubmission.FromText("\u0001\u0002\u0003,\u202e\n"));
    }
}
