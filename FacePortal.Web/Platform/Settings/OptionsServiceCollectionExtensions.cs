using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Settings;

public static class OptionsServiceCollectionExtensions
{
    /// <summary>
    /// The one way settings are registered: bound from <paramref name="section"/> of the configuration, checked by
    /// <typeparamref name="TValidator"/> and for undefined enum values when the host starts (a bad value stops the
    /// start, naming the setting);
    /// consumers take <see cref="IOptions{TOptions}"/>.
    /// </summary>
    public static OptionsBuilder<TOptions> AddPortalOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new DefinedEnumValidator<TOptions>(section)));
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}
