namespace FacePortal.Engine;

public static class EngineInfo
{
    public const string Name = "FacePortal.Engine";
}
