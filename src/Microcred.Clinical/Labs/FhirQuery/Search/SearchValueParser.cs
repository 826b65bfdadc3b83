using System.Globalization;
using System.Text.RegularExpressions;

namespace Microcred.Clinical.Labs.FhirQuery.Search;

/// <summary>Comparison prefixes of date and quantity search values.</summary>
internal enum SearchPrefix
{
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Sa,
    Eb,
}

/// <summary>Parses the values of FHIR search: partial dates as ranges, prefixed numbers, tokens, references.</summary>
internal static partial class SearchValueParser
{
    /// <summary>A FHIR date or dateTime (year, year-month, date, date and time with or without seconds and
    /// offset) as the range of local time it covers. A value with an offset is converted to local time.</summary>
    public static bool TryParseDate(string text, TimeSpan localOffset, out DateRange range)
    {
        range = default;
        var match = DatePattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 1)
        {
            return false;
        }

        if (!match.Groups["m"].Success)
        {
            range = new DateRange(new DateTime(year, 1, 1), year == 9999 ? DateTime.MaxValue : new DateTime(year + 1, 1, 1));
            return true;
        }

        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12)
        {
            return false;
        }

        var monthStart = new DateTime(year, month, 1);
        if (!match.Groups["d"].Success)
        {
            range = new DateRange(monthStart, monthStart.AddMonths(1));
            return true;
        }

        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var dayStart = new DateTime(year, month, day);
        if (!match.Groups["h"].Success)
        {
            range = new DateRange(dayStart, dayStart.AddDays(1));
            return true;
        }

        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["min"].Value, CultureInfo.InvariantCulture);
        var second = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var start = dayStart.AddHours(hour).AddMinutes(minute).AddSeconds(second);
        if (match.Groups["f"].Success)
        {
            start = start.AddTicks((long)(double.Parse("0" + match.Groups["f"].Value, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond));
        }

        if (match.Groups["z"].Success)
        {
            var zone = match.Groups["z"].Value;
            var offset = zone == "Z" ? TimeSpan.Zero : TimeSpan.ParseExact(zone[1..], @"hh\:mm", CultureInfo.InvariantCulture) * (zone[0] == '-' ? -1 : 1);
            start = new DateTimeOffset(start, offset).ToOffset(localOffset).DateTime;
        }

        var length = match.Groups["f"].Success ? TimeSpan.FromTicks(1) : match.Groups["s"].Success ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
        range = new DateRange(start, start + length);
        return true;
    }

    /// <summary>Splits a two-letter prefix off a date or quantity value (eq when there is none).</summary>
    public static bool TrySplitPrefix(string value, out SearchPrefix prefix, out string rest, out string? unknown)
    {
        prefix = SearchPrefix.Eq;
        rest = value;
        unknown = null;
        if (value.Length >= 2 && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1]))
        {
            var text = value[..2];
            SearchPrefix? found = text switch
            {
                "eq" => SearchPrefix.Eq,
                "ne" => SearchPrefix.Ne,
                "gt" => SearchPrefix.Gt,
                "lt" => SearchPrefix.Lt,
                "ge" => SearchPrefix.Ge,
                "le" => SearchPrefix.Le,
                "sa" => SearchPrefix.Sa,
                "eb" => SearchPrefix.Eb,
                _ => null,
            };
            if (found is null)
            {
                // Two letters followed by a digit look like a prefix; anything else is left to the value's own check.
                if (value.Length > 2 && char.IsAsciiDigit(value[2]))
                {
                    unknown = text;
                    return false;
                }

                return true;
            }

            prefix = found.Value;
            rest = value[2..];
        }

        return true;
    }

    /// <summary><c>Type/id</c>, an absolute URL ending in <c>Type/id</c>, or a bare id (type empty).</summary>
    public static bool TryParseReference(string text, out ReferenceValue value)
    {
        value = default;
        var trimmed = text.Trim().TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return false;
        }

        var history = trimmed.IndexOf("/_history/", StringComparison.Ordinal);
        if (history > 0)
        {
            trimmed = trimmed[..history];
        }

        var parts = trimmed.Split('/');
        if (parts.Length == 1)
        {
            value = new ReferenceValue(string.Empty, parts[0]);
            return IdPattern().IsMatch(parts[0]);
        }

        var type = parts[^2];
        var id = parts[^1];
        if (type.Length == 0 || !char.IsAsciiLetterUpper(type[0]) || !IdPattern().IsMatch(id))
        {
            return false;
        }

        value = new ReferenceValue(type, id);
        return true;
    }

    /// <summary>A quantity search value: number, then optionally <c>|system|code</c> or <c>||code</c>.</summary>
    public static bool TryParseQuantity(string text, out decimal number, out decimal precision, out string? system, out string? code, out string? problem)
    {
        number = 0;
        precision = 0;
        system = null;
        code = null;
        problem = null;
        var parts = SplitUnescaped(text, '|');
        if (parts.Count is not (1 or 3))
        {
            problem = $"\"{text}\" is not a quantity: write a number, optionally followed by |system|code (for example 9|http://unitsofmeasure.org|%).";
            return false;
        }

        var numberText = parts[0];
        if (!NumberPattern().IsMatch(numberText) ||
            !decimal.TryParse(numberText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out number))
        {
            problem = $"\"{numberText}\" is not a number.";
            return false;
        }

        var mantissa = numberText.Split('e', 'E')[0];
        var decimals = mantissa.Contains('.', StringComparison.Ordinal) ? mantissa.Length - mantissa.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        precision = 0.5m * (decimal)Math.Pow(10, -decimals);
        if (parts.Count == 3)
        {
            system = parts[1].Length == 0 ? null : parts[1];
            code = parts[2].Length == 0 ? null : parts[2];
        }

        return true;
    }

    /// <summary>Splits on a separator not escaped with a backslash, and removes the escapes.</summary>
    public static List<string> SplitUnescaped(string text, char separator)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is ',' or '|' or '$' or '\\')
            {
                current.Append(text[++i]);
            }
            else if (c == separator)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>Splits on a separator not escaped with a backslash, keeping the escapes for the next split.</summary>
    public static List<string> SplitKeepingEscapes(string text, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == separator)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    [GeneratedRegex(@"^(?<y>\d{4})(-(?<m>\d{2})(-(?<d>\d{2})(T(?<h>\d{2}):(?<min>\d{2})(:(?<s>\d{2})(?<f>\.\d+)?)?(?<z>Z|[+\-]\d{2}:\d{2})?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[+\-]?(\d+(\.\d+)?|\.\d+)([eE][+\-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
