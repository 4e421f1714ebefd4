namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// Image names as cards show them: the file name without its folder, split so that a narrow card cuts the middle
/// and keeps the end (LFW's distinguishing <c>_0004.jpg</c>).
/// </summary>
public static class ImageNames
{
    /// <summary>Characters always kept at the end.</summary>
    public const int TailLength = 9;

    public static string FileName(string name)
    {
        var slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
        return slash >= 0 && slash < name.Length - 1 ? name[(slash + 1)..] : name;
    }

    /// <summary>The file name as (head, tail): the head may be cut with an ellipsis, the tail never.</summary>
    public static (string Head, string Tail) Split(string name)
    {
        var file = FileName(name);
        return file.Length <= TailLength ? ("", file) : (file[..^TailLength], file[^TailLength..]);
    }
}
