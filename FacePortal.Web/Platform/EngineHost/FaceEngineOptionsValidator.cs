using FacePortal.Engine;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.EngineHost;

/// <summary>The engine's own rules (<see cref="FaceEngineOptions.Validate"/>), reported under "FacePortal:Engine".</summary>
public sealed class FaceEngineOptionsValidator : IValidateOptions<FaceEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, FaceEngineOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"{EngineConfiguration.Section}: {e.Message}");
        }
    }
}
