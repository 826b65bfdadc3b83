using System.Text.Json;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.FhirQuery;
using Microcred.Clinical.Tests.Labs.Kit;

namespace Microcred.Clinical.Tests.Labs.FhirQuery;

public class FhirQueryLabTests
{
    private static readonly FhirQueryLab Lab = new();
    private static readonly LabScenarioRequest Request = new(LabTestKit.Seed);

    private static Dictionary<string, string> ModelQueries() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(LabTestKit.ModelAnswer(Lab, Request))!;

    private static LabGrade Grade(Dictionary<string, string> queries) => LabTestKit.Grade(Lab, JsonSerializer.Serialize(queries), Request);

    [Fact]
    public void Model_answer_scores_full_marks_and_every_question_has_an_answer()
    {
        var scenario = Lab.Scenario(Request);

        Assert.Equal(100, LabTestKit.Grade(Lab, LabTestKit.ModelAnswer(Lab, Request), Request).Score);
        Assert.All(scenario.Answers, answer => Assert.NotEmpty(answer));
    }

    [Fact]
    public void Different_requests_returning_the_same_set_are_equally_right()
    {
        var scenario = Lab.Scenario(Request);
        var queries = ModelQueries();
        queries["q8"] = "Condition?clinical-status=resolved";
        queries["q2"] = queries["q2"].Replace("patient=", "subject=", StringComparison.Ordinal);
        queries["q7"] = queries["q7"].Replace("patient.birthdate", "subject:Patient.birthdate", StringComparison.Ordinal);
        queries["q6"] = "GET Condition?code=E11.9,E11.65&_count=10";

        var grade = Grade(queries);

        Assert.Equal(100, grade.Score);
        Assert.Contains("_count only pages the result", LabTestKit.Criterion(grade, "q6").Feedback, StringComparison.Ordinal);
        Assert.Equal(scenario.Answers[7].Count, scenario.Search.Run("Condition?clinical-status=resolved").Matches.Count);
    }

    [Fact]
    public void Forgetting_the_include_costs_that_question_and_says_so()
    {
        var queries = ModelQueries();
        queries["q10"] = queries["q10"].Replace("&_include=Encounter:subject", string.Empty, StringComparison.Ordinal);

        var grade = Grade(queries);

        Assert.Equal(90, grade.Score);
        Assert.Contains("include them with _include", LabTestKit.Criterion(grade, "q10").Feedback, StringComparison.Ordinal);
        Assert.Contains("missing Patient/", LabTestKit.Criterion(grade, "q10").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_parameter_gets_the_evaluators_message_and_wrong_type_is_named()
    {
        var queries = ModelQueries();
        queries["q4"] = "Encounter?class=EMER&_sort=date";
        queries["q1"] = "Condition?code=4548-4";
        queries["q3"] = queries["q3"].Replace("address-postalcode=", "address-postalcode:exact=", StringComparison.Ordinal);

        var grade = Grade(queries);

        Assert.Equal(70, grade.Score);
        Assert.Contains("The evaluator refused the request: The parameter '_sort' is not supported on Encounter; supported:", LabTestKit.Criterion(grade, "q4").Feedback, StringComparison.Ordinal);
        Assert.Contains("Your request returned 0 resources", LabTestKit.Criterion(grade, "q1").Feedback, StringComparison.Ordinal);
        Assert.Contains("Your request returned 0 resources", LabTestKit.Criterion(grade, "q3").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Querying_the_wrong_resource_type_is_named()
    {
        var queries = ModelQueries();
        queries["q9"] = "Observation?code=4548-4";

        Assert.Contains("The question asks for Encounter resources.", LabTestKit.Criterion(Grade(queries), "q9").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_non_string_answers_are_named()
    {
        var grade = LabTestKit.Grade(Lab, "{\"question1\": \"Patient\", \"q2\": 42}", Request);

        Assert.Equal(0, grade.Score);
        Assert.Contains("No request for q1 (members \"question1\" were not recognised; use q1 … q10).", LabTestKit.Criterion(grade, "q1").Feedback, StringComparison.Ordinal);
        Assert.Equal("q2 must be a string holding one search request.", LabTestKit.Criterion(grade, "q2").Feedback);
    }

    [Fact]
    public void Scenario_files_hold_ndjson_resources_questions_and_the_parameter_reference()
    {
        var files = Lab.CreateScenario(Request).Files.ToDictionary(f => f.Path, f => f.Content);

        Assert.Contains("Observation.ndjson", files.Keys);
        var first = files["Patient.ndjson"].Split('\n')[0];
        Assert.StartsWith("{\"resourceType\":\"Patient\"", first, StringComparison.Ordinal);
        Assert.Contains("HTEST", first, StringComparison.Ordinal);
        Assert.Contains("10. (Encounter)", files["questions.md"], StringComparison.Ordinal);
        Assert.Contains("| `value-quantity` | quantity |", files["search-parameters.md"], StringComparison.Ordinal);
    }
}
