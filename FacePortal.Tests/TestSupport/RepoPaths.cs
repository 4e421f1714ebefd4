namespace FacePortal.Tests.TestSupport;

/// <summary>Where the repository and the read-only shared folder beside it are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Golden => Path.Combine(Shared, "tools", "faceapi-ref", "golden");

    public static string Lfw => Path.Combine(Shared, "datasets", "lfw");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FacePortal.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("FacePortal.sln not found above " + AppContext.BaseDirectory);
    }
}
