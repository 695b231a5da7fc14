using Berth.Images.Content;
using Berth.Images.Layers;
using Berth.Images.Metadata;

namespace Berth.Images;

/// <summary>
/// Everything image-related under a data root, opened together: <c>content/</c> (blobs), <c>layers/</c>
/// (unpacked layers and snapshots) and the metadata database (default <c>berth.db</c>).
/// </summary>
public sealed class ImageStorage : IDisposable
{
    public string DataRoot { get; }
    public ImageDatabase Database { get; }
    public ContentStore Content { get; }
    public LayerStore Layers { get; }
    public ImageStore Images { get; }

    private ImageStorage(string dataRoot, ImageDatabase db, ContentStore content, LayerStore layers, ImageStore images)
    {
        DataRoot = dataRoot;
        Database = db;
        Content = content;
        Layers = layers;
        Images = images;
    }

    public static ImageStorage Open(string dataRoot, LayerStoreOptions? layerOptions = null, string? databasePath = null)
    {
        string root = Path.GetFullPath(dataRoot);
        Directory.CreateDirectory(root);
        var db = ImageDatabase.Open(databasePath ?? Path.Combine(root, "berth.db"));
        try
        {
            var content = new ContentStore(Path.Combine(root, "content"));
            content.CleanIngests(TimeSpan.FromDays(1));
            var layers = new LayerStore(Path.Combine(root, "layers"), db, layerOptions);
            return new ImageStorage(root, db, content, layers, new ImageStore(db, content, layers));
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public void Dispose() => Database.Dispose();
}
