namespace RailwayOps.Core.Release;

/// <summary>How a release reaches Railway: a push Railway deploys (GitHub-connected), or an upload of the release commit's tree.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum ReleaseSource
{
    /// <summary>Upload when the service has no connected repository in the environment, else the repository.</summary>
    Auto,

    /// <summary>Railway deploys the pushed commit (the service's deploy trigger follows the branch).</summary>
    Repository,

    /// <summary>The tree of the release commit (git archive, never the working tree) is uploaded, as railway up uploads a folder.</summary>
    Upload,
}
