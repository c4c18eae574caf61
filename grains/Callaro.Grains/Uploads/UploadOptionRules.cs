using Callaro.Contracts;
using Callaro.Pipeline.Reading;
using PhoneNumbers;

namespace Callaro.Grains.Uploads;

public static class UploadOptionRules
{
    private static readonly HashSet<string> Regions = [.. PhoneNumberUtil.GetInstance().GetSupportedRegions()];

    public static Fault? Check(UploadOptions options)
    {
        if (!Regions.Contains(options.DefaultRegion))
        {
            return new Fault(ErrorCodes.InvalidInput, $"defaultRegion '{options.DefaultRegion}' is not an ISO 3166 alpha-2 region with phone numbers (e.g. US, GB, DE).");
        }

        if (options.Encoding is { } encoding)
        {
            try
            {
                _ = TextEncodings.Resolve(encoding);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or Callaro.Pipeline.PipelineException)
            {
                return new Fault(ErrorCodes.InvalidInput, TextEncodings.UnknownMessage(encoding));
            }
        }

        if (options.Delimiter is { } delimiter && DelimiterChar(delimiter) is null)
        {
            return new Fault(ErrorCodes.InvalidInput, $"delimiter '{delimiter}' is not supported; use ',', ';', '|' or '\\t' (tab).");
        }

        return null;
    }

    public static char? DelimiterChar(string value) => value switch
    {
        "," or "comma" => ',',
        ";" or "semicolon" => ';',
        "|" or "pipe" => '|',
        "\t" or "\\t" or "tab" or "TAB" => '\t',
        _ => null,
    };
}
