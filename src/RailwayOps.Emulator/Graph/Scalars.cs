using System.Globalization;
using System.Text.Json;
using GraphQL.Types;
using GraphQLParser.AST;

namespace RailwayOps.Emulator.Graph;

/// <summary>Railway's DateTime: an RFC 3339 UTC string with milliseconds.</summary>
public sealed class RailwayDateTimeScalar : ScalarGraphType
{
    public RailwayDateTimeScalar() => Name = "DateTime";

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateTimeOffset offset => Format(offset),
        DateTime dateTime => Format(new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc))),
        string text => text,
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        DateTimeOffset offset => offset,
        DateTime dateTime => new DateTimeOffset(dateTime),
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => ParseValue((string)text.Value),
        _ => ThrowLiteralConversionError(value),
    };
}

/// <summary>
/// An opaque JSON scalar (JSON, EnvironmentVariables, DeploymentMeta, EnvironmentConfig): values pass through as
/// dictionaries, lists and primitives, and literals are converted to the same shapes.
/// </summary>
public sealed class OpaqueJsonScalar : ScalarGraphType
{
    public OpaqueJsonScalar(string name) => Name = name;

    public override object? Serialize(object? value) => value;

    public override object? ParseValue(object? value) => value switch
    {
        JsonElement element => FromElement(element),
        _ => value,
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => (string)text.Value,
        GraphQLBooleanValue boolean => boolean.BoolValue,
        GraphQLIntValue integer => long.Parse(integer.Value.Span, CultureInfo.InvariantCulture),
        GraphQLFloatValue number => double.Parse(number.Value.Span, CultureInfo.InvariantCulture),
        GraphQLListValue list => list.Values?.Select(ParseLiteral).ToList() ?? [],
        GraphQLObjectValue obj => obj.Fields?.ToDictionary(f => (string)f.Name.Value, f => ParseLiteral(f.Value))
            ?? new Dictionary<string, object?>(),
        _ => ThrowLiteralConversionError(value),
    };

    public override bool CanParseLiteral(GraphQLValue value) => true;

    public override bool CanParseValue(object? value) => true;

    private static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromElement(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(FromElement).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? integer : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
