using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Evaluations.Differentials;
using FacePortal.Web.Features.Evaluations.Quality;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Evaluations.Quality;

/// <summary>
/// Four people, two images each; one face (G4b) is small (10 px) with a short descriptor. At the threshold for FMR 0.25
/// over the 4 impostors, the one false reject (G4's genuine pair, 0.05) and one rejected impostor involve G4b, and the
/// one false accept (0.6) has two large faces: discarding the two G4b pairs takes FNMR from 1/4 to 0/3 and FMR from 1/4 to 1/3.
/// </summary>
public static class QualityTestData
{
    /// <summary>The quality service over a test database, its gates kept in the database's folder.</summary>
    public static QualityService Service(PortalTestDatabase db) =>
        new(db, EvaluationTestRuns.Service(db), new QualityGateStore(Microsoft.Extensions.Options.Options.Create(new PortalOptions { DataDirectory = db.Folder })), TimeProvider.System);

    public static Task<StandardsTestData.Seeded> SmallFaceScenarioAsync(IDbContextFactory<PortalDbContext> databases) => StandardsTestData.CreateAsync(databases,
        new Dictionary<string, string[]> { ["G1"] = [], ["G2"] = [], ["G3"] = [], ["G4"] = [] },
        [
            new("G1a", "G1", Descriptor: [1, 0]), new("G1b", "G1", Descriptor: [1.1f, 0]), new("G2a", "G2", Descriptor: [1.2f, 0]), new("G2b", "G2", Descriptor: [1.3f, 0]),
            new("G3a", "G3", Descriptor: [1.4f, 0]), new("G3b", "G3", Descriptor: [1.5f, 0]), new("G4a", "G4", Descriptor: [1.6f, 0]), new("G4b", "G4", Size: 10, Descriptor: [0.5f, 0]),
        ],
        [
            new("G1a", "G1b", true, 0.9), new("G2a", "G2b", true, 0.8), new("G3a", "G3b", true, 0.3), new("G4a", "G4b", true, 0.05),
            new("G1a", "G2a", false, 0.6), new("G2b", "G3a", false, 0.1), new("G3b", "G4a", false, 0.0), new("G4b", "G1b", false, -0.1),
        ]);
}
