using FacePortal.Engine.Curation;
using FacePortal.Engine.Recognition;

namespace FacePortal.Tests.Engine.Curation;

/// <summary>
/// A synthetic gallery: identities are random unit centres in 32-d (about 1.4 apart), faces the centre plus small
/// noise (about 0.3 from it), so a threshold of 0.8 links one person's faces and no one else's. Defects are planted
/// on request.
/// </summary>
internal sealed class PlantedGallery
{
    public const double Threshold = 0.8;
    private const int Dimension = 32;
    private readonly Random _random = new(17);
    private readonly List<float[]> _rows = [];
    private readonly List<CuratedFace> _faces = [];
    private int _nextImage = 1;

    public List<float[]> Centres { get; } = [];

    public IReadOnlyList<CuratedFace> Faces => _faces;

    public float[] NewCentre()
    {
        var c = new float[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            c[i] = (float)Gauss();
        }
        var norm = (float)Math.Sqrt(c.Sum(v => v * v));
        var unit = c.Select(v => v / norm).ToArray();
        Centres.Add(unit);
        return unit;
    }

    /// <summary>Adds a face of <paramref name="identity"/> near <paramref name="centre"/>; its own photo unless one is given.</summary>
    public int AddFace(int identity, float[] centre, double quality = 1, int? image = null)
    {
        var row = centre.Select(v => v + (float)(Gauss() * 0.05)).ToArray();
        var id = 1000 + _faces.Count;
        _faces.Add(new CuratedFace(id, identity, image ?? _nextImage++, quality));
        _rows.Add(row);
        return id;
    }

    public void AddIdentity(int identity, int faces)
    {
        var centre = NewCentre();
        for (var i = 0; i < faces; i++)
        {
            AddFace(identity, centre);
        }
    }

    public DescriptorSet Set() => DescriptorSet.From(_rows, DistanceMetric.Euclidean);

    public NeighbourGraph Graph() => NeighbourGraph.Exact(Set(), k: 20, maxDistance: Threshold);

    private double Gauss() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    public static PlantedGallery Clean(int identities = 10, int faces = 5)
    {
        var g = new PlantedGallery();
        for (var i = 1; i <= identities; i++)
        {
            g.AddIdentity(i, faces);
        }
        return g;
    }
}
