using System.Globalization;
using System.Text.Json;

namespace RailwayOps.Core.Railway;

/// <summary>
/// Reads the fields of a GraphQL answer's JSON nodes, for the area clients that map them onto the module's
/// output models (each client maps its own types). Missing optional fields become null.
/// </summary>
internal static class ModelMapper
{
    public static DateTimeOffset ParseTimestamp(string raw)
    {
        // RFC 3339 with nanoseconds: DateTimeOffset takes at most 7 fractional digits.
        var text = System.Text.RegularExpressions.Regex.Replace(raw, @"(\.\d{7})\d+", "$1");
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : default;
    }

    public static string RequiredString(JsonElement node, string name) =>
        String(node, name) ?? throw new RailwayApiException(RailwayApiErrorKind.InvalidResponse, $"Railway's answer lacks the field '{name}'.");

    public static string? String(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static JsonElement? Object(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static bool Bool(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static int? Int(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    public static DateTimeOffset? Date(JsonElement node, string name) =>
        String(node, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    public static Uri? Url(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var absolute) ? absolute : null;
        }

        // Railway reports bare host names served over https; the emulator's loopback domains speak plain http.
        var loopback = text.StartsWith("127.", StringComparison.Ordinal) || text.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || text.StartsWith("[::1]", StringComparison.Ordinal);
        return Uri.TryCreate((loopback ? "http://" : "https://") + text, UriKind.Absolute, out var host) ? host : null;
    }
}
