using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Settings;

/// <summary>Collects the broken rules of one settings section, each message naming the full key (e.g. "FacePortal:Import:BatchSize").</summary>
public sealed class SettingChecks(string section)
{
    private readonly List<string> _failures = [];

    /// <summary>Records "<c>{section}:{key} {rule} (got {value})</c>" when <paramref name="ok"/> is false.</summary>
    public SettingChecks Require(bool ok, string key, string rule, object? value)
    {
        if (!ok)
        {
            _failures.Add($"{section}:{key} {rule} (got {value ?? "nothing"}).");
        }
        return this;
    }

    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}
