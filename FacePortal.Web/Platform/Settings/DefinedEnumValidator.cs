using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Settings;

/// <summary>
/// Every settings class gets this check: the configuration binder turns "99" into an enum value nothing defines, so
/// every enum anywhere in the options (nested settings and lists included) must be one of its names.
/// </summary>
public sealed class DefinedEnumValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    private const int MaxDepth = 8;

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var checks = new SettingChecks(section);
        Walk(options, "", 0, checks);
        return checks.Result;
    }

    private static void Walk(object? value, string path, int depth, SettingChecks checks)
    {
        if (value is null || depth > MaxDepth)
        {
            return;
        }
        var type = value.GetType();
        if (type.IsEnum)
        {
            var defined = type.IsDefined(typeof(FlagsAttribute), false) || Enum.IsDefined(type, value);
            checks.Require(defined, path, $"must be one of {string.Join(", ", Enum.GetNames(type))}", value);
            return;
        }
        if (value is string || type.IsPrimitive || type.Namespace?.StartsWith("FacePortal", StringComparison.Ordinal) != true && value is not IEnumerable)
        {
            return;
        }
        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                Walk(item, Join(path, index.ToString(System.Globalization.CultureInfo.InvariantCulture)), depth + 1, checks);
                index++;
            }
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.CanRead && property.GetMethod is { IsStatic: false })
            {
                object? child;
                try
                {
                    child = property.GetValue(value);
                }
                catch (TargetInvocationException)
                {
                    // A derived property that cannot be computed from bad settings: the owner's validator names it.
                    continue;
                }
                Walk(child, Join(path, property.Name), depth + 1, checks);
            }
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + ":" + key;
}
