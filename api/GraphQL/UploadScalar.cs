using Callaro.Contracts;
using GraphQL.DI;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Callaro.Api.GraphQL;

/// <summary>
/// One file of a GraphQL multipart request (operations / map / files), as a resolver receives it
/// through an argument of type <c>Upload</c>: <c>c.GetArgument&lt;UploadedFile&gt;("file")</c>.
/// </summary>
/// <remarks>
/// <see cref="Content"/> is forward-only and can be read once. The first file of a request is read
/// straight from the request body while the operation runs (nothing is buffered in memory); a file that
/// the transport has to skip over to reach a later one is spooled to a temporary file on disk.
/// <para>
/// Reading <see cref="Content"/> claims the file: the HTTP request then stays open after the response has
/// been sent until the stream has been read to its end or disposed (so a resolver may answer early and
/// hand the stream to background work). Files an operation never claims are discarded when it finishes.
/// Prefer <c>ReadAsync</c>; synchronous reads work but block a thread on the network.
/// If the request body grows beyond <c>Callaro:Uploads:MaxBytes</c>, reads throw a <see cref="CallaroError"/>
/// with code UPLOAD_TOO_LARGE.
/// </para>
/// </remarks>
public sealed class UploadedFile
{
    private readonly Func<Stream> claim;
    private Stream? content;

    /// <summary>A file whose stream already exists (tests, other transports).</summary>
    public UploadedFile(string fileName, string? contentType, Stream content)
        : this(fileName, contentType, () => content)
    {
    }

    /// <summary>A file whose stream is made when <see cref="Content"/> is first read (the multipart transport claims it then).</summary>
    public UploadedFile(string fileName, string? contentType, Func<Stream> claim)
    {
        FileName = fileName;
        ContentType = contentType;
        this.claim = claim;
    }

    /// <summary>The file name the client sent (no directories), or "" if it sent none.</summary>
    public string FileName { get; internal set; }

    /// <summary>The part's Content-Type, when the client sent one.</summary>
    public string? ContentType { get; internal set; }

    /// <summary>
    /// At most this many bytes when known (the length of the request that carries the file), else null. A hint for
    /// sizing working memory; the file's real size is what arrives.
    /// </summary>
    public long? SizeHint { get; internal set; }

    /// <summary>The file's bytes: forward-only, read once. Getting it claims the file (see the remarks).</summary>
    public Stream Content => content ??= claim();

    public override string ToString() => $"Upload {FileName} ({ContentType ?? "no content type"})";
}

/// <summary>
/// The contract's <c>Upload</c> scalar. Its values come only from variables that the multipart transport
/// fills with <see cref="UploadedFile"/>s; a literal, a string or anything else is refused.
/// </summary>
public sealed class UploadGraphType : ScalarGraphType
{
    private const string HowTo =
        "Upload values come from files in a multipart request (GraphQL multipart request spec: fields 'operations', 'map', then the files), bound to a variable";

    public UploadGraphType()
    {
        Name = "Upload";
        Description = "A file sent with the GraphQL multipart request spec (operations / map / files). Input only.";
    }

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        UploadedFile file => file,
        _ => throw new CallaroError(ErrorCodes.InvalidInput, $"{HowTo}; got a {DescribeValue(value)} instead."),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        _ => throw new CallaroError(ErrorCodes.InvalidInput, $"{HowTo}: an Upload cannot be written in the query itself."),
    };

    public override object? Serialize(object? value) =>
        value is null ? null : throw new InvalidOperationException("Upload is an input-only scalar: it cannot appear in a result.");

    private static string DescribeValue(object value) => value switch
    {
        string => "string",
        System.Collections.IDictionary or IReadOnlyDictionary<string, object?> => "JSON object",
        System.Collections.IEnumerable => "list",
        _ => value.GetType().Name,
    };
}

/// <summary>Puts <see cref="UploadGraphType"/> into the schema even before a field uses it.</summary>
internal sealed class UploadScalarRegistration : IConfigureSchema
{
    public void Configure(ISchema schema, IServiceProvider serviceProvider)
    {
        schema.RegisterType(typeof(UploadGraphType));
        schema.RegisterTypeMapping(typeof(UploadedFile), typeof(UploadGraphType));
    }
}
