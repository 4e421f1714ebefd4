namespace FacePortal.Tests.TestSupport; public static class FaceApiPackage { public static string Directory => "/tmp/faceapi/package"; }
