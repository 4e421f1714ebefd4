namespace FacePortal.Web.Platform.Auth;

public static class Roles
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Viewer = "viewer";

    public static readonly string[] All = [Admin, Operator, Viewer];

    /// <summary>Policy for anything that changes data: viewers may only look.</summary>
    public const string CanEdit = "can-edit";

    public const string IsAdmin = "is-admin";
}
