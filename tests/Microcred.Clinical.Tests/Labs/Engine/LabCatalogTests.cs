using Microcred.Clinical.Labs;

namespace Microcred.Clinical.Tests.Labs.Engine;

public class LabCatalogTests
{
    [Fact]
    public void Default_catalog_holds_the_labs_of_this_library_in_number_order()
    {
        var numbers = LabCatalog.Default.Labs.Select(l => l.Info.Number).ToList();

        Assert.Equal(numbers.Order(), numbers);
        Assert.Contains(1, numbers);
        Assert.Contains(2, numbers);
        Assert.Contains(3, numbers);
        Assert.Contains(4, numbers);
        Assert.Contains(10, numbers);
    }

    [Fact]
    public void Every_lab_has_a_model_answer_that_scores_100()
    {
        foreach (var lab in LabCatalog.Default.Labs)
        {
            var model = Assert.IsAssignableFrom<ILabModelAnswer>(lab);
            var request = new LabScenarioRequest(Kit.LabTestKit.Seed) { Parameters = lab.Parameters.ToDictionary(p => p.Name, p => Math.Max(p.Minimum, Math.Min(p.DefaultValue, Kit.LabTestKit.Patients))) };

            var grade = lab.Grade(request, model.CreateModelAnswer(request).ToSubmission());

            Assert.True(grade.Score == 100, $"{lab.Info.Slug}: {LabAssertions.Describe(grade)}");
        }
    }

    [Fact]
    public void Every_lab_has_criteria_worth_100_points_and_a_complete_task_statement()
    {
        foreach (var lab in LabCatalog.Default.Labs)
        {
            var grade = lab.Grade(new LabScenarioRequest(1), LabSubmission.FromText(string.Empty));

            Assert.Equal(100, grade.Criteria.Sum(c => c.MaxPoints));
            Assert.Equal(lab.Info.PassThreshold, grade.PassThreshold);
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", lab.Info.Slug);
            Assert.Contains("## Submission format", lab.TaskStatement, StringComparison.Ordinal);
            Assert.Contains("pass at " + lab.Info.PassThreshold, lab.TaskStatement, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_lab_survives_hostile_submissions_without_throwing()
    {
        string[] hostile =
        [
            "=cmd|' /C calc'!A0",
            new string('{', 50_000),
            "{\"a\":1,\"a\":2}",
            "[1e309]",
            "\u0000\u0001\u0002",
            "row_id\n" + string.Join('\n', Enumerable.Repeat("\"unterminated", 3)),
            "<html><body>hi</body></html>",
            "[{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"bogus\",\"valueQuantity\":{\"value\":\"x\"}}}]}]",
        ];

        foreach (var lab in LabCatalog.Default.Labs)
        {
            foreach (var text in hostile)
            {
                var grade = lab.Grade(new LabScenarioRequest(2), LabSubmission.FromText(text));

                Assert.InRange(grade.Score, 0, 100);
                Assert.All(grade.Criteria, c => Assert.False(string.IsNullOrWhiteSpace(c.Feedback)));
                Assert.DoesNotContain(grade.Criteria, c => c.Feedback.Contains("unexpected problem", StringComparison.Ordinal));
            }

            var invalidUtf8 = lab.Grade(new LabScenarioRequest(2), LabSubmission.FromBytes([0x61, 0xFF, 0xFE, 0x62]));
            Assert.Contains("not valid UTF-8", invalidUtf8.Criteria[0].Feedback, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_lab_builds_scenarios_for_many_seeds_at_its_smallest_size()
    {
        foreach (var lab in LabCatalog.Default.Labs)
        {
            var smallest = lab.Parameters.ToDictionary(p => p.Name, p => p.Minimum);
            for (var seed = -3L; seed <= 12; seed++)
            {
                var scenario = lab.CreateScenario(new LabScenarioRequest(seed) { Parameters = smallest });

                Assert.Equal("README.md", scenario.Files[0].Path);
                Assert.True(scenario.Files.Count >= 2, $"{lab.Info.Slug} seed {seed}");
                Assert.All(scenario.Files, f => Assert.False(string.IsNullOrWhiteSpace(f.Content)));
            }
        }
    }
}
