using Microcred.Clinical.Population;

namespace Microcred.Clinical.Export;

/// <summary>
/// One output format. <see cref="Prepare"/> does the expensive, thread-safe part (mapping, serializing,
/// formatting, and writing a patient's own file when the format has one) and may run for several patients at
/// once; <see cref="Commit"/> writes one prepared patient into the shared files and is always called in patient
/// order from one thread, so output bytes never depend on scheduling.
/// </summary>
internal interface IPopulationSink : IDisposable
{
    void Begin(ReferenceData reference, PopulationOptions options);

    object Prepare(PatientRecord record);

    void Commit(object prepared);

    /// <summary>Finishes the output and returns the number of rows or resources written per table or type.</summary>
    IReadOnlyDictionary<string, long> Complete();
}
