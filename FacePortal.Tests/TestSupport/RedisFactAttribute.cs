namespace FacePortal.Tests.TestSupport;

/// <summary>A fact that starts its own redis-server (Debian's redis-server package); skipped, saying so, when it is absent.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute() => Skip = RedisServer.Missing!;
}
