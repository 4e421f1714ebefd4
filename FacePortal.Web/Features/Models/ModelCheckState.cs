namespace FacePortal.Web.Features.Models;

public enum ModelCheckState
{
    Running,
    Completed,
    Failed,
    Cancelled,
}
