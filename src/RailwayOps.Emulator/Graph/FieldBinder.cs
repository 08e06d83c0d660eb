using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Utilities;

namespace RailwayOps.Emulator.Graph;

/// <summary>Attaches resolvers to SDL fields by type and field name.</summary>
public sealed class FieldBinder(SchemaBuilder builder)
{
    public void Query(string field, Func<IResolveFieldContext, object?> resolve) => Resolve("Query", field, resolve);

    public void Mutation(string field, Func<IResolveFieldContext, object?> resolve) => Resolve("Mutation", field, resolve);

    public void Mutation(string field, Func<IResolveFieldContext, ValueTask<object?>> resolve) => Resolve("Mutation", field, resolve);

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

/// <summary>The small pieces every area's resolvers use.</summary>
internal static class Fields
{
    public static GraphContext G(IResolveFieldContext context) => GraphContext.Of(context);

    public static string Arg(IResolveFieldContext context, string name) => context.GetArgument<string>(name);

    /// <summary>A mutation answered with <c>true</c> once the action is done.</summary>
    public static object Done(Action action)
    {
        action();
        return true;
    }

    /// <summary>Stopping a process takes its grace period: the request thread is not held meanwhile.</summary>
    public static async ValueTask<object?> DoneAsync(Func<Task> action)
    {
        await action();
        return true;
    }
}
