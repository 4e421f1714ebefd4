namespace FacePortal.Web.Engine;

public enum EngineState
{
    Starting,
    Ready,
    Failed,
}
