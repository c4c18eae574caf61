using System.Diagnostics;
using System.Globalization;

namespace Callaro.Bench;

/// <summary>
/// Peak memory of a stretch of work: the process's peak resident set (VmHWM, reset first through
/// <c>/proc/self/clear_refs</c> when Linux allows it, else the whole process's peak so far), plus the largest
/// resident set and managed heap seen by a sampler every 5 ms.
/// </summary>
public sealed class MemoryMeter : IDisposable
{
    private readonly Thread sampler;
    private volatile bool stop;
    private long maxHeap;
    private long maxRss;

    private MemoryMeter(bool peakWasReset)
    {
        PeakWasReset = peakWasReset;
        sampler = new Thread(Sample) { IsBackground = true, Name = "memory-sampler" };
        sampler.Start();
    }

    /// <summary>The process peak was reset before the work, so <see cref="PeakRssBytes"/> is the work's own.</summary>
    public bool PeakWasReset { get; }

    public long PeakRssBytes { get; private set; }

    public long SampledMaxRssBytes => Interlocked.Read(ref maxRss);

    public long SampledMaxHeapBytes => Interlocked.Read(ref maxHeap);

    public static MemoryMeter Start() => new(TryResetPeak());

    /// <summary>Stops sampling and reads the peak.</summary>
    public void Stop()
    {
        if (stop)
        {
            return;
        }

        stop = true;
        sampler.Join();
        PeakRssBytes = ReadPeakRss();
    }

    public void Dispose() => Stop();

    /// <summary>The process's peak resident set in bytes (VmHWM; Process.PeakWorkingSet64 elsewhere).</summary>
    public static long ReadPeakRss()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void Sample()
    {
        while (!stop)
        {
            Max(ref maxHeap, GC.GetTotalMemory(false));
            Max(ref maxRss, Environment.WorkingSet);
            Thread.Sleep(5);
        }
    }

    private static void Max(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
