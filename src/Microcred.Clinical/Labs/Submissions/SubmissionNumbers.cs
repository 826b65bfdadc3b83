using System.Globalization;

namespace Microcred.Clinical.Labs.Submissions;

/// <summary>Reads numbers typed by learners: invariant culture, finite, inside a stated range.</summary>
internal static class SubmissionNumbers
{
    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says why (quoting the text safely).</summary>
    public static bool TryParse(string? text, double minimum, double maximum, out double value, out string problem)
    {
        value = 0;
        problem = string.Empty;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            problem = "is empty; a number is required";
            return false;
        }

        if (!double.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var parsed))
        {
            problem = trimmed.Contains(',', StringComparison.Ordinal)
                ? $"{Excerpt.Quote(trimmed)} is not a number (use a decimal point and no thousands separators)"
                : $"{Excerpt.Quote(trimmed)} is not a number";
            return false;
        }

        if (double.IsNaN(parsed))
        {
            problem = $"{Excerpt.Quote(trimmed)} is not a number";
            return false;
        }

        if (double.IsInfinity(parsed))
        {
            problem = trimmed.Any(char.IsAsciiDigit)
                ? $"{Excerpt.Quote(trimmed)} is too large to be a number"
                : $"{Excerpt.Quote(trimmed)} is not a finite number";
            return false;
        }

        if (parsed < minimum || parsed > maximum)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"{Excerpt.Quote(trimmed)} is outside the accepted range {minimum:G} to {maximum:G}");
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>Parses a whole number in range.</summary>
    public static bool TryParseInteger(string? text, long minimum, long maximum, out long value, out string problem)
    {
        value = 0;
        problem = string.Empty;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            problem = "is empty; a whole number is required";
            return false;
        }

        if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            problem = trimmed.All(char.IsAsciiDigit) ? $"{Excerpt.Quote(trimmed)} is too large" : $"{Excerpt.Quote(trimmed)} is not a whole number";
            return false;
        }

        if (parsed < minimum || parsed > maximum)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{Excerpt.Quote(trimmed)} is outside the accepted range {minimum} to {maximum}");
            return false;
        }

        value = parsed;
        return true;
    }
}
