using System.Text.RegularExpressions;
using static Microcred.Clinical.Labs.Deidentification.SafeHarborCategory;

namespace Microcred.Clinical.Labs.Deidentification;

/// <summary>A residual identifier: what was found, of which category.</summary>
internal readonly record struct IdentifierFinding(SafeHarborCategory Category, string Match);

/// <summary>Where an identifier stands in a text.</summary>
internal readonly record struct IdentifierSpan(SafeHarborCategory Category, int Start, int Length);

/// <summary>Finds identifiers in text: the row's own known identifiers (names, places, numbers as the
/// scenario wrote them) and generic patterns for every category that has a recognisable shape
/// (phone, e-mail, SSN, MRN, dates in several formats, ages over 89, URLs, IP addresses, …).</summary>
internal static partial class IdentifierScanner
{
    private static readonly (Regex Pattern, SafeHarborCategory Category, Needs Needs)[] Patterns =
    [
        (Email(), SafeHarborCategory.Email, Needs.At),
        (Url(), SafeHarborCategory.Url, Needs.Web),
        (Ssn(), SocialSecurityNumber, Needs.Digit),
        (Phone(), Telephone, Needs.Digit),
        (Mrn(), MedicalRecordNumber, Needs.Digit),
        (PlanId(), HealthPlanNumber, Needs.Digit),
        (Account(), AccountNumber, Needs.Digit),
        (Licence(), LicenseNumber, Needs.Digit),
        (Plate(), VehicleIdentifier, Needs.Digit),
        (DeviceSerial(), DeviceIdentifier, Needs.Digit),
        (IpAddress(), SafeHarborCategory.IpAddress, Needs.Digit),
        (Fingerprint(), Biometric, Needs.Digit),
        (ImageFile(), Photograph, Needs.Image),
        (Badge(), OtherUniqueCode, Needs.Digit),
        (NumericDate(), Date, Needs.Digit),
        (IsoDate(), Date, Needs.Digit),
        (MonthDay(), Date, Needs.Digit | Needs.Month),
        (DayMonth(), Date, Needs.Digit | Needs.Month),
        (AgeOver89(), Date, Needs.Digit),
        (StreetAddress(), SafeHarborCategory.Geography, Needs.Digit),
        (StateZip(), SafeHarborCategory.Geography, Needs.Digit),
    ];

    /// <summary>What a text must contain for a pattern to have any chance; checked once per text with
    /// vectorized searches so that clean free text skips most patterns.</summary>
    [Flags]
    private enum Needs
    {
        None = 0,
        Digit = 1,
        At = 2,
        Web = 4,
        Month = 8,
        Image = 16,
    }

    private static Needs Present(string text)
    {
        var present = Needs.None;
        var span = text.AsSpan();
        if (span.IndexOfAnyInRange('0', '9') >= 0)
        {
            present |= Needs.Digit;
        }

        if (span.Contains('@'))
        {
            present |= Needs.At;
        }

        if (span.Contains("http", StringComparison.OrdinalIgnoreCase) || span.Contains("www.", StringComparison.OrdinalIgnoreCase))
        {
            present |= Needs.Web;
        }

        if (MonthName().IsMatch(text))
        {
            present |= Needs.Month;
        }

        if (span.Contains('.') && ImageExtension().IsMatch(text))
        {
            present |= Needs.Image;
        }

        return present;
    }

    /// <summary>Every identifier in <paramref name="text"/>; each stretch of text is reported once.</summary>
    public static List<IdentifierFinding> Scan(string text, IReadOnlyList<KnownIdentifier> known, IReadOnlyList<string> places) =>
        Scan(text, new IdentifierSearch(known), IdentifierSearch.Places(places));

    /// <summary>Every identifier in <paramref name="text"/>, with the searches built once for many texts.</summary>
    public static List<IdentifierFinding> Scan(string text, IdentifierSearch known, IdentifierSearch places)
    {
        var spans = Spans(text, known, places);
        var findings = new List<IdentifierFinding>(spans.Count);
        foreach (var span in spans)
        {
            findings.Add(new IdentifierFinding(span.Category, text.Substring(span.Start, span.Length)));
        }

        return findings;
    }

    /// <summary>The text with every identifier <see cref="Scan(string, IdentifierSearch, IdentifierSearch)"/> finds replaced by a placeholder naming its category.</summary>
    public static string Redact(string text, IReadOnlyList<KnownIdentifier> known, IReadOnlyList<string> places) =>
        Redact(text, new IdentifierSearch(known), IdentifierSearch.Places(places));

    /// <summary>The text redacted as <see cref="Redact(string, IReadOnlyList{KnownIdentifier}, IReadOnlyList{string})"/> does,
    /// with the searches built once for many texts.</summary>
    public static string Redact(string text, IdentifierSearch known, IdentifierSearch places)
    {
        var spans = Spans(text, known, places);
        if (spans.Count == 0)
        {
            return text;
        }

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var redacted = new System.Text.StringBuilder(text.Length);
        var at = 0;
        foreach (var span in spans)
        {
            redacted.Append(text, at, span.Start - at).Append('[').Append(span.Category.Placeholder()).Append(']');
            at = span.Start + span.Length;
        }

        return redacted.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Claims stretches of text in a fixed order — the row's known identifiers (longest first), then the
    /// generic patterns, then place names — so that each stretch counts once, for the first category that claims it.</summary>
    private static List<IdentifierSpan> Spans(string text, IdentifierSearch known, IdentifierSearch places)
    {
        var spans = new List<IdentifierSpan>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return spans;
        }

        foreach (var (identifier, at) in known.Occurrences(text))
        {
            Claim(identifier.Category, at, identifier.Text.Length);
        }

        var present = Present(text);
        foreach (var (pattern, category, needs) in Patterns)
        {
            if ((present & needs) != needs)
            {
                continue;
            }

            foreach (var match in pattern.EnumerateMatches(text))
            {
                Claim(category, match.Index, match.Length);
            }
        }

        foreach (var (place, at) in places.Occurrences(text))
        {
            Claim(place.Category, at, place.Text.Length);
        }

        return spans;

        void Claim(SafeHarborCategory category, int start, int length)
        {
            var end = start + length;
            foreach (var span in spans)
            {
                if (start < span.Start + span.Length && span.Start < end)
                {
                    return;
                }
            }

            spans.Add(new IdentifierSpan(category, start, length));
        }
    }

    /// <summary>Identifiers in a cell of a column that holds one category: the row's known identifiers and the
    /// category's own pattern. Cheaper than <see cref="Scan(string, IdentifierSearch, IdentifierSearch)"/>, which free text needs.</summary>
    public static IdentifierFinding? ScanCell(string text, SafeHarborCategory category, IReadOnlyList<KnownIdentifier> known)
    {
        // A cell left as it was equals one of the row's identifiers; no longer identifier can occur in it, so
        // the first equal one is the one the search below would find, without searching for all the others.
        foreach (var identifier in known)
        {
            if (text.Equals(identifier.Text, StringComparison.OrdinalIgnoreCase))
            {
                return new IdentifierFinding(identifier.Category, identifier.Text);
            }
        }

        foreach (var identifier in known)
        {
            if (Occurs(text, identifier.Text, identifier.WholeWord))
            {
                return new IdentifierFinding(identifier.Category, identifier.Text);
            }
        }

        foreach (var (pattern, patternCategory, _) in Patterns)
        {
            if (patternCategory == category && pattern.Match(text) is { Success: true } match)
            {
                return new IdentifierFinding(category, match.Value);
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="needle"/> occurs in the text, ignoring case (and as a whole word when asked).</summary>
    private static bool Occurs(string text, string needle, bool wholeWord)
    {
        if (needle.Length == 0)
        {
            return false;
        }

        for (var at = text.IndexOf(needle, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(needle, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (!wholeWord || (IsBoundary(text, at - 1) && IsBoundary(text, at + needle.Length)))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsBoundary(string text, int index) => index < 0 || index >= text.Length || !char.IsLetterOrDigit(text[index]);

    /// <summary>Learner text shown in feedback with most of it masked: the first two characters and the
    /// punctuation stay, letters and digits after them become dots.</summary>
    public static string Mask(string match)
    {
        var shown = match.Length > 24 ? match[..24] : match;
        var chars = shown.Select((c, i) => i < 2 || !char.IsLetterOrDigit(c) ? c : '•').ToArray();
        return Submissions.Excerpt.Quote(new string(chars) + (match.Length > 24 ? "…" : string.Empty), 30);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s,;)""]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Ssn();

    [GeneratedRegex(@"(?<!\d)(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"\bSYN-\d{4,8}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Mrn();

    [GeneratedRegex(@"\bSYNM\d{5,9}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PlanId();

    [GeneratedRegex(@"\bACCT-\d{4,}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Account();

    [GeneratedRegex(@"\b[A-Z]{2}-DL-\d{4,}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Licence();

    [GeneratedRegex(@"\bPLT[ -]\d{3}-[A-Z]{3}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Plate();

    [GeneratedRegex(@"\bSYNDEV-\d{5,}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DeviceSerial();

    [GeneratedRegex(@"(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])", RegexOptions.CultureInvariant)]
    private static partial Regex IpAddress();

    [GeneratedRegex(@"\bFP-[0-9A-F]{6,}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Fingerprint();

    [GeneratedRegex(@"\b[\w\-]+\.(?:jpe?g|png|gif|heic|bmp|tiff?)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ImageFile();

    [GeneratedRegex(@"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MonthName();

    [GeneratedRegex(@"\.(?:jpe?g|png|gif|heic|bmp|tiff?)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ImageExtension();

    [GeneratedRegex(@"\bEMP-\d{4,}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Badge();

    [GeneratedRegex(@"(?<![\d/])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?:/\d{2,4})?(?![\d/])", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b\d{4}-(?:0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12]\d|3[01]))?\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{4})?\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?:9\d|1[01]\d)\s?-?\s?(?:years?|yrs?|y/?o)\b(?:[- ]old)?|\baged?\s+(?:9\d|1[01]\d)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AgeOver89();

    [GeneratedRegex(@"\b\d{1,5}\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:Road|Rd|Lane|Ln|Street|St|Avenue|Ave|Drive|Dr|Way|Court|Ct|Terrace|Boulevard|Blvd)\b", RegexOptions.CultureInvariant)]
    private static partial Regex StreetAddress();

    [GeneratedRegex(@"\b[A-Z]{2},?\s+\d{5}(?:-\d{4})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex StateZip();
}
