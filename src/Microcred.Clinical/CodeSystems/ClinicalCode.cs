namespace Microcred.Clinical.CodeSystems;

/// <summary>A code from one of the bundled code systems, with the display text the system publishes.</summary>
/// <param name="System">The code system URI, one of <see cref="CodeSystemUris"/>.</param>
/// <param name="Code">The code as the system writes it.</param>
/// <param name="Display">The system's display text for the code.</param>
public sealed record ClinicalCode(string System, string Code, string Display);
