using Callaro.Pipeline;
using Callaro.Pipeline.Reading;
using Callaro.Pipeline.Reporting;
using PhoneNumbers;

namespace Callaro.Check;

/// <summary>The command line: arguments in, one JSON object on stdout, an exit code out.</summary>
public static class CheckCommand
{
    /// <summary>The file was read (rejections or not).</summary>
    public const int Ok = 0;

    /// <summary>The file could not be read as a contact list: <c>CODE: message</c> on stderr.</summary>
    public const int Unreadable = 2;

    /// <summary>Bad arguments (EX_USAGE): the problem and the usage on stderr.</summary>
    public const int Usage = 64;

    public const string UsageText =
        """
        Usage: callaro-check FILE [options]

        Runs the contact-upload pipeline offline on FILE (sniff, map, validate, dedupe) and prints
        one JSON object with the upload counts (totalRows, accepted, rejected, duplicates, ...).

        Options:
          --region CC                  default region for numbers without +country (ISO alpha-2; default US)
          --duplicate-policy POLICY    KEEP_FIRST (default), KEEP_LAST, EXCLUDE_ALL or BLOCK
          --duplicate-key KEY          PHONE (default) or IDENTIFIER
          --delimiter D                delimiter override: ',' ';' '|' tab (default: sniffed)
          --encoding NAME              encoding override: utf-8, utf-16le, utf-16be, windows-1252 (default: sniffed)
          --require-timezone           the schedule is CONTACT_LOCAL: rows without a time zone are rejected
          --rows-per-chunk N           rows per chunk (default 10000)
          --threads N                  validating threads (default: all cores; 1 = no parallelism)
          --report PATH                write the rejection report CSV (rejected rows and duplicates)
          -h, --help                   show this help

        Exit codes: 0 the file was read (even with rejections); 2 it could not be read
        (stderr: CODE: message, e.g. UNSUPPORTED_FILE, MALFORMED_CSV, INVALID_INPUT, IO_ERROR);
        64 bad arguments.
        """;

    public static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        CheckArguments parsed;
        try
        {
            parsed = CheckArguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine("callaro-check: " + e.Message);
            stderr.WriteLine();
            stderr.WriteLine(UsageText);
            return Usage;
        }

        if (parsed.Help)
        {
            stdout.WriteLine(UsageText);
            return Ok;
        }

        if (!File.Exists(parsed.File))
        {
            stderr.WriteLine($"callaro-check: no such file: {parsed.File}");
            stderr.WriteLine();
            stderr.WriteLine(UsageText);
            return Usage;
        }

        try
        {
            var result = ContactFileCheck.Run(parsed.File!, parsed.Options);
            stdout.WriteLine(CheckJson.Serialize(result, parsed.File));
            return Ok;
        }
        catch (PipelineException e)
        {
            stderr.WriteLine($"{e.Code}: {e.Message}");
            return Unreadable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"IO_ERROR: {e.Message}");
            return Unreadable;
        }
    }
}

/// <summary>Parsed command line. <see cref="Parse"/> throws <see cref="ArgumentException"/> with a message for the user.</summary>
public sealed record CheckArguments(string? File, CheckOptions Options, bool Help)
{
    private static readonly Lazy<HashSet<string>> Regions =
        new(() => new HashSet<string>(PhoneNumberUtil.GetInstance().GetSupportedRegions(), StringComparer.OrdinalIgnoreCase));

    public static CheckArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? file = null;
        var options = new CheckOptions();
        var onlyFiles = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyFiles || !arg.StartsWith('-') || arg == "-")
            {
                if (file is not null)
                {
                    throw new ArgumentException($"one FILE expected, got '{file}' and '{arg}'.");
                }

                file = arg;
                continue;
            }

            if (arg == "--")
            {
                onlyFiles = true;
                continue;
            }

            string name = arg;
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                inline = arg[(eq + 1)..];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                return args[++i];
            }

            switch (name)
            {
                case "-h" or "--help":
                    return new CheckArguments(file, options, Help: true);
                case "--region":
                    var region = Value().Trim();
                    if (!Regions.Value.Contains(region))
                    {
                        throw new ArgumentException($"--region '{region}' is not a region libphonenumber knows (ISO 3166 alpha-2, e.g. US, GB, DE).");
                    }

                    options = options with { Region = region.ToUpperInvariant() };
                    break;
                case "--duplicate-policy":
                    options = options with { DuplicatePolicy = ParseEnum<DuplicatePolicy>(name, Value()) };
                    break;
                case "--duplicate-key":
                    options = options with { DuplicateKey = ParseEnum<DuplicateKey>(name, Value()) };
                    break;
                case "--delimiter":
                    options = options with { Delimiter = CheckDelimiter(Value()) };
                    break;
                case "--encoding":
                    options = options with { Encoding = CheckEncoding(Value()) };
                    break;
                case "--require-timezone":
                    if (inline is not null)
                    {
                        throw new ArgumentException("--require-timezone takes no value.");
                    }

                    options = options with { RequireTimezone = true };
                    break;
                case "--rows-per-chunk":
                    options = options with { RowsPerChunk = ParseInt(name, Value(), 1, 10_000_000) };
                    break;
                case "--threads":
                    options = options with { Threads = ParseInt(name, Value(), 1, 1024) };
                    break;
                case "--report":
                    var report = Value();
                    if (string.IsNullOrWhiteSpace(report))
                    {
                        throw new ArgumentException("--report needs a path.");
                    }

                    options = options with { ReportPath = report };
                    break;
                default:
                    throw new ArgumentException($"unknown option '{arg}'.");
            }
        }

        if (file is null)
        {
            throw new ArgumentException("FILE is missing.");
        }

        return new CheckArguments(file, options, Help: false);
    }

    private static TEnum ParseEnum<TEnum>(string name, string value)
        where TEnum : struct, Enum
    {
        if (ContractNames.TryParse<TEnum>(value.Trim().Replace('-', '_'), out var parsed))
        {
            return parsed;
        }

        var names = string.Join(", ", Enum.GetValues<TEnum>().Select(v => ContractNames.Of(v)));
        throw new ArgumentException($"{name} '{value}' is not one of {names}.");
    }

    private static int ParseInt(string name, string value, int min, int max)
    {
        if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        throw new ArgumentException($"{name} '{value}' must be a whole number from {min} to {max}.");
    }

    /// <summary>Accepts what the sniffer accepts as a delimiter override (asks it, with a one-line file).</summary>
    private static string CheckDelimiter(string value)
    {
        try
        {
            FileSniffer.Sniff("a\n"u8, headIsWholeFile: true, new SniffOptions(null, value));
            return value;
        }
        catch (PipelineException e)
        {
            throw new ArgumentException("--delimiter: " + e.Message, e);
        }
    }

    private static string CheckEncoding(string value)
    {
        try
        {
            return TextEncodings.Canonical(value);
        }
        catch (PipelineException e)
        {
            throw new ArgumentException("--encoding: " + e.Message, e);
        }
    }
}
