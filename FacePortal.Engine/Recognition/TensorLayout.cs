namespace FacePortal.Engine.Recognition;

public enum TensorLayout
{
    Nhwc,
    Nchw,
}
