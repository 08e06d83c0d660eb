using GraphQL.Types;
using GraphQL.Utilities;

namespace RailwayOps.Emulator.Graph;

/// <summary>Builds the executed schema from emulator.graphql and attaches each area's resolvers.</summary>
public static class SchemaFactory
{
    public const string SdlFileName = "emulator.graphql";

    /// <summary>One entry per area folder of Graph/; an area binds its own Query, Mutation,
    /// Subscription and nested fields, so a new field touches its area's Fields file only.</summary>
    private static readonly Action<FieldBinder>[] Areas =
    [
        ProjectFields.Bind,
        EnvironmentFields.Bind,
        ServiceFields.Bind,
        DeploymentFields.Bind,
        DeploymentTriggerFields.Bind,
        DomainFields.Bind,
        LogFields.Bind,
        VariableFields.Bind,
        ServiceInstanceFields.Bind,
        VolumeFields.Bind,
        MetricFields.Bind,
        TemplateFields.Bind,
    ];

    public static ISchema Create(string sdlPath)
    {
        var schema = Schema.For(File.ReadAllText(sdlPath), builder =>
        {
            var fields = new FieldBinder(builder);
            foreach (var bind in Areas)
                bind(fields);
        });
        schema.RegisterType(new RailwayDateTimeScalar());
        foreach (var name in new[] { "JSON", "EnvironmentVariables", "DeploymentMeta", "EnvironmentConfig" })
            schema.RegisterType(new OpaqueJsonScalar(name));
        schema.RegisterType(new OpaqueJsonScalar("SerializedTemplateConfig"));
        schema.Initialize();
        return schema;
    }

    public static string DefaultSdlPath => Path.Combine(AppContext.BaseDirectory, SdlFileName);
}
