namespace FacePortal.Web.Features.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>Account and API key management (admins), and everyone's own password change.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<AccountService>();
        services.AddSingleton<ApiKeyService>();
        return services;
    }
}
