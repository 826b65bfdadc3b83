using System.Diagnostics;
using Microcred.Credentials.JsonLd;
using Xunit.Abstractions;

namespace Microcred.Credentials.Tests.JsonLd;

/// <summary>
/// Reports how long ToRdf takes per Open Badges credential once contexts are cached. It prints wall
/// and process CPU time (the latter is steadier on a shared machine) and allocations; it asserts
/// only the result, never a time.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class ToRdfThroughputMeasurement(ITestOutputHelper output)
{
    [Fact]
    public void Warm_toRdf_of_an_Open_Badges_credential_is_measured()
    {
        using var document = CredentialFixtures.Document("ob3-credential.json");
        var element = document.RootElement;
        // Long enough for tiered compilation to finish optimizing the hot path.
        for (var i = 0; i < 20_000; i++)
        {
            JsonLdProcessor.ToRdf(element);
        }

        const int iterations = 10_000;
        var quads = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            quads = JsonLdProcessor.ToRdf(element).Count;
        }

        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine(
            $"ToRdf, Open Badges 3.0 credential ({quads} quads): {clock.Elapsed.TotalMicroseconds / iterations:F1} µs wall, "
            + $"{cpu.TotalMicroseconds / iterations:F1} µs CPU, {allocated / iterations} bytes allocated per credential");

        Assert.Equal(27, quads);
    }
}
