using System.Globalization;

namespace Callaro.Contracts;

/// <summary>Sizes in messages people read: "229,493 bytes (224.1 KiB)", never a limit rounded down to "0 MiB".</summary>
public static class ByteSizes
{
    public static string Describe(long bytes)
    {
        var exact = bytes.ToString("N0", CultureInfo.InvariantCulture) + (bytes == 1 ? " byte" : " bytes");
        if (bytes < 1024)
        {
            return exact;
        }

        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var rounded = value.ToString(value == Math.Floor(value) ? "0" : "0.#", CultureInfo.InvariantCulture);
        return $"{exact} ({rounded} {units[unit]})";
    }
}
