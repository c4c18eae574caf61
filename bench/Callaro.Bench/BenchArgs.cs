using System.Globalization;

namespace Callaro.Bench;

/// <summary>Options of a benchmark mode: <c>--name value</c>, <c>--name=value</c> and bare <c>--flag</c>s.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string?> values = new(StringComparer.OrdinalIgnoreCase);

    public BenchArgs(IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'.");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[arg[2..eq]] = arg[(eq + 1)..];
            }
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values[arg[2..]] = list[++i];
            }
            else
            {
                values[arg[2..]] = null;
            }
        }
    }

    public bool Has(string name) => values.ContainsKey(name);

    public string? String(string name, string? fallback = null) => values.TryGetValue(name, out var v) && v is not null ? v : fallback;

    public int Int(string name, int fallback)
    {
        if (!values.TryGetValue(name, out var v) || v is null)
        {
            return fallback;
        }

        var text = v.Replace("_", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
        if (text.EndsWith('k') || text.EndsWith('K'))
        {
            return checked(int.Parse(text[..^1], CultureInfo.InvariantCulture) * 1000);
        }

        if (text.EndsWith('m') || text.EndsWith('M'))
        {
            return checked(int.Parse(text[..^1], CultureInfo.InvariantCulture) * 1_000_000);
        }

        return int.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>Names given that are not in <paramref name="known"/>.</summary>
    public IEnumerable<string> Unknown(params string[] known) => values.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase));
}
