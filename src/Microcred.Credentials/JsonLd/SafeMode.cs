namespace Microcred.Credentials.JsonLd;

internal static class SafeMode
{
    public static JsonLdException Violation(string detail) =>
        new(JsonLdErrorCodes.SafeModeViolation, $"JSON-LD safe mode: {detail}");
}

/// <summary>BCP 47 well-formedness as JSON-LD processors check it.</summary>
internal static class LanguageTag
{
    /// <summary>True for <c>[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*</c>.</summary>
    public static bool IsWellFormed(string tag)
    {
        var segmentLength = 0;
        var first = true;
        foreach (var c in tag)
        {
            if (c == '-')
            {
                if (segmentLength == 0)
                {
                    return false;
                }

                first = false;
                segmentLength = 0;
                continue;
            }

            if (!(first ? char.IsAsciiLetter(c) : char.IsAsciiLetterOrDigit(c)) || ++segmentLength > 8)
            {
                return false;
            }
        }

        return segmentLength > 0;
    }
}
