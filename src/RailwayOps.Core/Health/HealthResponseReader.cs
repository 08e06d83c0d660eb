using System.Text.Json;

namespace RailwayOps.Core.Health;

/// <summary>Reads the "status" and version properties of a health endpoint's JSON body.</summary>
internal static class HealthResponseReader
{
    /// <summary>False when the body is not a JSON object.</summary>
    public static bool TryRead(string body, string versionPath, out string? status, out string? version)
    {
        status = null;
        version = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            status = Find(document.RootElement, "status") is { } statusElement ? AsText(statusElement) : null;
            var element = document.RootElement;
            foreach (var name in versionPath.Split('.'))
            {
                if (element.ValueKind != JsonValueKind.Object || Find(element, name) is not { } child)
                {
                    return true;
                }
                element = child;
            }
            version = AsText(element);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Versions are equal when they match after trimming and dropping a leading "v" ("v1.2.0" = "1.2.0").</summary>
    public static bool VersionsMatch(string? reported, string expected) =>
        reported is not null && string.Equals(Normalize(reported), Normalize(expected), StringComparison.Ordinal);

    private static string Normalize(string version)
    {
        var trimmed = version.Trim();
        return trimmed.StartsWith('v') || trimmed.StartsWith('V') ? trimmed[1..] : trimmed;
    }

    // An exact name wins; otherwise "Version" is accepted for "version", as frameworks differ in casing.
    private static JsonElement? Find(JsonElement obj, string name)
    {
        if (obj.TryGetProperty(name, out var exact))
        {
            return exact;
        }
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }

    private static string? AsText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => null,
    };
}
