namespace FacePortal.Web.Platform.EngineHost;

public enum EngineState
{
    Starting,
    Ready,
    Failed,
}
