namespace FacePortal.Tests;

public class SmokeTests
{
    [Fact]
    public void EngineName_IsSet() => Assert.Equal("FacePortal.Engine", FacePortal.Engine.EngineInfo.Name);
}
