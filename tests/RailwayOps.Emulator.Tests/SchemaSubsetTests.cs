using Xunit;
using GraphQLParser;
using GraphQLParser.AST;
using RailwayOps.Core.Tests.Support;
using RailwayOps.Emulator.Graph;

namespace RailwayOps.Emulator.Tests;

/// <summary>emulator.graphql must be a strict subset of Railway's published schema.</summary>
public sealed class SchemaSubsetTests
{
    private static Dictionary<string, GraphQLTypeDefinition> Types(string path) =>
        Parser.Parse(File.ReadAllText(path)).Definitions.OfType<GraphQLTypeDefinition>()
            .ToDictionary(d => d.Name.StringValue);

    private static Dictionary<string, GraphQLTypeDefinition> RailwayTypes()
    {
        ReferenceData.Require(RepositoryPaths.RailwaySchema, "Railway's schema");
        return Types(RepositoryPaths.RailwaySchema);
    }

    private static string Print(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => Print(nonNull.Type) + "!",
        GraphQLListType list => "[" + Print(list.Type) + "]",
        GraphQLNamedType named => named.Name.StringValue,
        _ => throw new InvalidOperationException(type.Kind.ToString()),
    };

    private static string PrintDefault(GraphQLValue? value) => value switch
    {
        null => "",
        GraphQLBooleanValue b => b.BoolValue ? "true" : "false",
        GraphQLEnumValue e => e.Name.StringValue,
        _ => value.Kind.ToString(),
    };

    [SkippableFact]
    public void EveryTypeFieldArgumentAndEnumValueExistsInRailwaySchemaWithTheSameType()
    {
        var railway = RailwayTypes();
        var problems = new List<string>();
        foreach (var (name, ours) in Types(RepositoryPaths.EmulatorSdl))
        {
            if (!railway.TryGetValue(name, out var theirs))
            {
                problems.Add($"type {name} is not in Railway's schema");
                continue;
            }
            if (ours.Kind != theirs.Kind)
                problems.Add($"{name} is a {ours.Kind} here but a {theirs.Kind} in Railway's schema");
            else
                problems.AddRange(Compare(name, ours, theirs));
        }
        Assert.Empty(problems);
    }

    private static IEnumerable<string> Compare(string name, GraphQLTypeDefinition ours, GraphQLTypeDefinition theirs)
    {
        switch (ours)
        {
            case GraphQLObjectTypeDefinition objectType:
                var theirFields = ((GraphQLObjectTypeDefinition)theirs).Fields!.Items.ToDictionary(f => f.Name.StringValue);
                foreach (var field in (objectType.Fields?.Items ?? []))
                {
                    var path = $"{name}.{field.Name.StringValue}";
                    if (!theirFields.TryGetValue(field.Name.StringValue, out var theirField))
                    {
                        yield return $"{path} is not in Railway's schema";
                        continue;
                    }
                    if (Print(field.Type) != Print(theirField.Type))
                        yield return $"{path} is {Print(field.Type)} here but {Print(theirField.Type)} in Railway's schema";
                    var theirArguments = (theirField.Arguments?.Items ?? []).ToDictionary(a => a.Name.StringValue);
                    foreach (var argument in (field.Arguments?.Items ?? []))
                    {
                        if (!theirArguments.TryGetValue(argument.Name.StringValue, out var theirArgument))
                            yield return $"{path}({argument.Name.StringValue}) is not in Railway's schema";
                        else if (Print(argument.Type) != Print(theirArgument.Type))
                            yield return $"{path}({argument.Name.StringValue}) is {Print(argument.Type)} here but {Print(theirArgument.Type)} there";
                    }
                    foreach (var required in theirArguments.Values.Where(a => a.Type is GraphQLNonNullType && a.DefaultValue is null))
                        if (field.Arguments?.Items.Any(a => a.Name.StringValue == required.Name.StringValue) != true)
                            yield return $"{path} omits Railway's required argument {required.Name.StringValue}";
                }
                break;
            case GraphQLInputObjectTypeDefinition inputType:
                var theirInputs = ((GraphQLInputObjectTypeDefinition)theirs).Fields!.Items.ToDictionary(f => f.Name.StringValue);
                foreach (var field in (inputType.Fields?.Items ?? []))
                {
                    var path = $"{name}.{field.Name.StringValue}";
                    if (!theirInputs.TryGetValue(field.Name.StringValue, out var theirField))
                        yield return $"{path} is not in Railway's schema";
                    else if (Print(field.Type) != Print(theirField.Type) || PrintDefault(field.DefaultValue) != PrintDefault(theirField.DefaultValue))
                        yield return $"{path} differs from Railway's schema";
                }
                foreach (var required in theirInputs.Values.Where(f => f.Type is GraphQLNonNullType && f.DefaultValue is null))
                    if (inputType.Fields?.Items.Any(f => f.Name.StringValue == required.Name.StringValue) != true)
                        yield return $"{name} omits Railway's required field {required.Name.StringValue}";
                break;
            case GraphQLEnumTypeDefinition enumType:
                var theirValues = ((GraphQLEnumTypeDefinition)theirs).Values!.Items.Select(v => v.Name.StringValue).ToHashSet();
                foreach (var value in (enumType.Values?.Items ?? []))
                    if (!theirValues.Contains(value.Name.StringValue))
                        yield return $"{name}.{value.Name.StringValue} is not in Railway's schema";
                break;
        }
    }

    [SkippableFact]
    public void EveryTypeTheExecutedSchemaServesIsRailways()
    {
        var railway = RailwayTypes();
        var schema = SchemaFactory.Create(RepositoryPaths.EmulatorSdl);
        var served = schema.AllTypes.Select(t => t.Name).Where(n => !n.StartsWith("__", StringComparison.Ordinal)).ToList();
        var builtIn = new HashSet<string> { "String", "Int", "Float", "Boolean", "ID" };
        Assert.Contains("Deployment", served);
        Assert.Contains("Subscription", served);
        Assert.Equal([], served.Where(n => !builtIn.Contains(n) && !railway.ContainsKey(n)).ToList());
    }

    [Fact]
    public void EveryTypeReferencedIsDefinedInTheSdl()
    {
        var ours = Types(RepositoryPaths.EmulatorSdl);
        var builtIn = new HashSet<string> { "String", "Int", "Float", "Boolean", "ID" };
        static string Named(GraphQLType type) => type switch
        {
            GraphQLNonNullType nonNull => Named(nonNull.Type),
            GraphQLListType list => Named(list.Type),
            _ => ((GraphQLNamedType)type).Name.StringValue,
        };
        var referenced = ours.Values.OfType<GraphQLObjectTypeDefinition>()
            .SelectMany(t => (t.Fields?.Items ?? [])).SelectMany(f => new[] { f.Type }.Concat((f.Arguments?.Items ?? []).Select(a => a.Type)))
            .Concat(ours.Values.OfType<GraphQLInputObjectTypeDefinition>().SelectMany(t => (t.Fields?.Items ?? [])).Select(f => f.Type))
            .Select(Named).Distinct();
        Assert.Equal([], referenced.Where(n => !builtIn.Contains(n) && !ours.ContainsKey(n)).ToList());
    }
}
