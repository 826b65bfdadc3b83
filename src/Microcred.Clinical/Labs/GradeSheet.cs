using System.Globalization;
using System.Text;
using Microcred.Clinical.Labs.Submissions;

namespace Microcred.Clinical.Labs;

/// <summary>A criterion a lab grades, with the points it carries. A lab's criteria add up to 100.</summary>
internal sealed record CriterionDefinition(string Id, string Title, int MaxPoints);

/// <summary>Collects criterion results while a grader runs, in the lab's criterion order. A criterion the
/// grader never reached is reported with no points and the reason given to <see cref="NotGraded"/>.</summary>
internal sealed class GradeSheet
{
    private readonly IReadOnlyList<CriterionDefinition> _criteria;
    private readonly Dictionary<string, CriterionResult> _results = new(StringComparer.Ordinal);
    private readonly int _passThreshold;
    private string _notGradedReason = "Not graded.";

    public GradeSheet(IReadOnlyList<CriterionDefinition> criteria, int passThreshold)
    {
        _criteria = criteria;
        _passThreshold = passThreshold;
    }

    public void Award(CriterionDefinition criterion, int points, string feedback)
    {
        var clamped = Math.Clamp(points, 0, criterion.MaxPoints);
        _results[criterion.Id] = new CriterionResult(criterion.Id, criterion.Title, clamped, criterion.MaxPoints, feedback);
    }

    /// <summary>Awards the criterion's points in proportion earned/possible, rounded down (so a point is
    /// never given that was not earned); possible = 0 earns full points.</summary>
    public void AwardShare(CriterionDefinition criterion, double earned, double possible, string feedback) =>
        Award(criterion, Share(criterion.MaxPoints, earned, possible), feedback);

    public static int Share(int maxPoints, double earned, double possible)
    {
        if (possible <= 0)
        {
            return maxPoints;
        }

        var ratio = Math.Clamp(earned / possible, 0, 1);
        return (int)Math.Floor((maxPoints * ratio) + 1e-9);
    }

    /// <summary>Marks every criterion not yet graded as failed with this reason.</summary>
    public void NotGraded(string reason) => _notGradedReason = reason;

    public LabGrade ToGrade()
    {
        var results = _criteria
            .Select(c => _results.TryGetValue(c.Id, out var r) ? r : new CriterionResult(c.Id, c.Title, 0, c.MaxPoints, _notGradedReason))
            .ToList();
        var score = Math.Clamp(results.Sum(r => r.Points), 0, 100);
        return new LabGrade(score, score >= _passThreshold, _passThreshold, results);
    }
}

/// <summary>Feedback text: a summary line, then at most a few specific items, then how many more there were.</summary>
internal sealed class FeedbackList
{
    private readonly List<string> _items = [];
    private readonly int _show;

    public FeedbackList(int show = 6) => _show = show;

    public int Count { get; private set; }

    public void Add(string item)
    {
        Count++;
        if (_items.Count < _show)
        {
            _items.Add(item);
        }
    }

    public void AddRange(IEnumerable<string> items)
    {
        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <summary>True when the next item added will be shown. Past that, <see cref="AddUnshown"/> counts an item
    /// without building its text: a submission with thousands of findings would otherwise spend much of its
    /// grading time (and memory) on text nobody reads.</summary>
    public bool ShowsNext => _items.Count < _show;

    /// <summary>Counts an item that will not be shown (see <see cref="ShowsNext"/>).</summary>
    public void AddUnshown() => Count++;

    public string Render(string summary)
    {
        if (Count == 0)
        {
            return summary;
        }

        var builder = new StringBuilder(summary);
        foreach (var item in _items)
        {
            builder.Append('\n').Append("- ").Append(item);
        }

        if (Count > _items.Count)
        {
            builder.Append('\n').Append(string.Create(CultureInfo.InvariantCulture, $"- … and {Count - _items.Count} more."));
        }

        return builder.ToString();
    }
}

/// <summary>Issues met while reading, turned into feedback for a lab's format criterion.</summary>
internal static class IssueFeedback
{
    public static string Render<T>(SubmissionRead<T> read, string whenClean)
        where T : class
    {
        if (read.Issues.Count == 0)
        {
            return whenClean;
        }

        var list = new FeedbackList(8);
        list.AddRange(read.Issues.Select(i => i.Message));
        return list.Render(string.Create(CultureInfo.InvariantCulture,
            $"{read.Issues.Count} problem{(read.Issues.Count == 1 ? string.Empty : "s")} reading the submission; the affected rows or cells were not graded:"));
    }
}
