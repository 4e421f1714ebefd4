using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FacePortal.Web.Platform.Api;

/// <summary>
/// Enums in REST bodies: read by name (any case) or by a defined number, and anything else refused, so
/// <c>"scoring": 99</c> is a 400 naming the field instead of an undefined value travelling on. Written as before, so
/// answers do not change: by name where the enum asks for a string converter, else as a number (the default).
/// </summary>
public sealed class DefinedEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum && !typeToConvert.IsDefined(typeof(FlagsAttribute), false);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(DefinedEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class DefinedEnumConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        // Options converters win over a type's [JsonConverter]; this keeps what that attribute wrote.
        private static readonly bool ByName = typeof(T).GetCustomAttributes(typeof(JsonConverterAttribute), false)
            .Cast<JsonConverterAttribute>().Any(a => a.ConverterType is { } c && (c == typeof(JsonStringEnumConverter)
                || c.IsGenericType && c.GetGenericTypeDefinition() == typeof(JsonStringEnumConverter<>)));

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
            {
                var value = (T)Enum.ToObject(typeof(T), number);
                return Enum.IsDefined(value) ? value : throw Refused(number.ToString(CultureInfo.InvariantCulture));
            }
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = reader.GetString() ?? "";
                // By name only: Enum.TryParse also takes "99" or "1, 2".
                return text.Length > 0 && !text.Trim().All(c => char.IsAsciiDigit(c) || c == '-' || c == '+')
                    && Enum.TryParse<T>(text, ignoreCase: true, out var named) && Enum.IsDefined(named) && !text.Contains(',')
                    ? named
                    : throw Refused($"\"{text}\"");
            }
            throw Refused(reader.TokenType.ToString());
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (ByName && Enum.IsDefined(value))
            {
                writer.WriteStringValue(value.ToString());
            }
            else
            {
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            }
        }

        private static JsonException Refused(string got) =>
            new($"{got} is not a {typeof(T).Name}: use one of {string.Join(", ", Enum.GetNames<T>())}.");
    }
}
