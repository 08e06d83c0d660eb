using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;

namespace RailwayOps.Emulator.Graph;

/// <summary>Builds the executed schema from emulator.graphql and attaches the resolvers.</summary>
public static class SchemaFactory
{
    public const string SdlFileName = "emulator.graphql";

    public static ISchema Create(string sdlPath)
    {
        var schema = Schema.For(File.ReadAllText(sdlPath), builder =>
        {
            var fields = new FieldBinder(builder);
            QueryResolvers.Bind(fields);
            MutationResolvers.Bind(fields);
            SubscriptionResolvers.Bind(fields);
        });
        schema.RegisterType(new RailwayDateTimeScalar());
        foreach (var name in new[] { "JSON", "EnvironmentVariables", "DeploymentMeta" })
            schema.RegisterType(new OpaqueJsonScalar(name));
        schema.Initialize();
        return schema;
    }

    public static string DefaultSdlPath => Path.Combine(AppContext.BaseDirectory, SdlFileName);
}

/// <summary>Attaches resolvers to SDL fields by type and field name.</summary>
public sealed class FieldBinder(SchemaBuilder builder)
{
    public void Resolve(string type, string field, Func<IResolveFieldContext, object?> resolve) =>
        builder.Types.For(type).FieldFor(field).Resolver = new FuncFieldResolver<object?>(resolve);

    public void Resolve(string type, string field, Func<IResolveFieldContext, ValueTask<object?>> resolve) =>
        builder.Types.For(type).FieldFor(field).Resolver = new FuncFieldResolver<object?>(resolve);

    public void Stream(string field, Func<IResolveFieldContext, IObservable<object?>> subscribe)
    {
        var config = builder.Types.For("Subscription").FieldFor(field);
        config.StreamResolver = new SourceStreamResolver<object?>(subscribe);
        config.Resolver = new FuncFieldResolver<object?>(context => context.Source);
    }
}
