using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using RailwayOps.Core.Railway.Transport;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

/// <summary>
/// Every document Core sends (an operation with the shared fragments it spreads) must be valid against
/// Railway's real published schema (and against the emulator's, which must be a subset of it). The real
/// schema lives outside the repository, so the test reports skipped, with the reason, when ../shared is absent
/// in a user's clone, and fails in CI (see <see cref="ReferenceData"/>).
/// </summary>
public sealed class OperationSchemaTests
{
    private static readonly Lazy<ISchema?> RailwaySchema = new(() => Load(SchemaPaths.RailwaySchema));
    private static readonly Lazy<ISchema?> EmulatorSchema = new(() => Load(SchemaPaths.EmulatorSchema));

    public static TheoryData<string> Operations()
    {
        var data = new TheoryData<string>();
        foreach (var name in OperationCatalog.Names)
        {
            data.Add(name);
        }

        return data;
    }

    public static TheoryData<string> Fragments()
    {
        var data = new TheoryData<string>();
        foreach (var name in OperationCatalog.FragmentNames)
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void EveryOperationThisIssueNeedsIsEmbedded()
    {
        var required = new[]
        {
            "Projects", "Project", "ProjectOutline", "ProjectToken", "Environments", "Services", "Deployments", "Deployment", "LatestDeployment", "Domains",
            "BuildLogs", "DeploymentLogs", "Variables", "VariableCollectionUpsert", "VariableDelete",
            "DeploymentRedeploy", "DeploymentRestart", "DeploymentRollback", "DeploymentCancel", "DeploymentStop", "DeploymentRemove", "DeploymentApprove",
            "DeploymentUpdates", "BuildLogsStream", "DeploymentLogsStream",
        };

        Assert.Empty(required.Except(OperationCatalog.Names));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void EachFileHoldsOneOperationNamedLikeTheFile(string name)
    {
        var document = GraphQLParser.Parser.Parse(OperationCatalog.Source(name));

        // Nothing else: a fragment defined in an operation file would be a second copy of a shared one.
        var operation = Assert.IsAssignableFrom<GraphQLOperationDefinition>(Assert.Single(document.Definitions));
        Assert.Equal(name, operation.Name?.StringValue);
    }

    [Theory]
    [MemberData(nameof(Fragments))]
    public void EachFragmentFileHoldsOneFragmentNamedLikeTheFile(string name)
    {
        var document = GraphQLParser.Parser.Parse(OperationCatalog.FragmentSource(name));

        var fragment = Assert.IsAssignableFrom<GraphQLFragmentDefinition>(Assert.Single(document.Definitions));
        Assert.Equal(name, fragment.FragmentName.Name.StringValue);
    }

    [Fact]
    public void ThereAreSharedFragments()
    {
        // Guards the theory above against passing vacuously should the Fragments resources stop being embedded.
        Assert.Contains("DeploymentFields", OperationCatalog.FragmentNames);
    }

    [SkippableTheory]
    [MemberData(nameof(Operations))]
    public async Task EachComposedOperationIsValidAgainstRailwaysSchema(string name)
    {
        ReferenceData.Require(SchemaPaths.RailwaySchema, "Railway's schema");

        await AssertValid(RailwaySchema.Value!, name);
    }

    [SkippableTheory]
    [MemberData(nameof(Operations))]
    public async Task EachComposedOperationIsValidAgainstTheEmulatorsSchema(string name)
    {
        Skip.If(EmulatorSchema.Value is null, $"The emulator's schema is not available at {SchemaPaths.EmulatorSchema}.");

        await AssertValid(EmulatorSchema.Value!, name);
    }

    [SkippableFact]
    public async Task TheValidatorRejectsAFieldRailwayDoesNotHave()
    {
        ReferenceData.Require(SchemaPaths.RailwaySchema, "Railway's schema");

        var errors = await Validate(RailwaySchema.Value!, "query Bad($id: String!) { deployment(id: $id) { id successfulOnly } }");

        Assert.Contains(errors, error => error.Contains("successfulOnly"));
    }

    [SkippableFact]
    public async Task TheValidatorRejectsASubSelectionOnAScalarResult()
    {
        ReferenceData.Require(SchemaPaths.RailwaySchema, "Railway's schema");

        // The docs' deploymentRollback example selects fields of a Boolean!.
        var errors = await Validate(RailwaySchema.Value!, "mutation Bad($id: String!) { deploymentRollback(id: $id) { id status } }");

        Assert.NotEmpty(errors);
    }

    /// <summary>Validates the composed document, the one sent on the wire, not the operation's file alone.</summary>
    private static async Task AssertValid(ISchema schema, string name)
    {
        var errors = await Validate(schema, OperationCatalog.Get(name));
        Assert.True(errors.Length == 0, $"{name}: {string.Join("; ", errors)}");
    }

    private static async Task<string[]> Validate(ISchema schema, string text)
    {
        var document = GraphQLParser.Parser.Parse(text);
        var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = schema,
            Document = document,
            Operation = document.Definitions.OfType<GraphQLOperationDefinition>().Single(),
            Rules = DocumentValidator.CoreRules,
            Variables = Inputs.Empty,
            Extensions = Inputs.Empty,
            RequestServices = null,
            User = null,
            UserContext = new Dictionary<string, object?>(),
        });

        // No variable values are supplied, so "no value provided" errors are expected; only document errors count.
        return result.Errors.Where(error => error is not InvalidVariableError).Select(error => error.Message).ToArray();
    }

    private static ISchema? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var sdl = File.ReadAllText(path);
        var definitions = GraphQLParser.Parser.Parse(sdl).Definitions;

        // Abstract types need a runtime type resolver to build an executable schema; validation never calls it.
        var abstractTypes = definitions.OfType<GraphQLUnionTypeDefinition>().Select(union => union.Name.StringValue)
            .Concat(definitions.OfType<GraphQLInterfaceTypeDefinition>().Select(contract => contract.Name.StringValue))
            .ToArray();

        // Likewise subscription fields need a stream resolver to build, never to validate.
        var subscriptionFields = definitions.OfType<GraphQLObjectTypeDefinition>()
            .Where(type => type.Name.StringValue == "Subscription")
            .SelectMany(type => type.Fields?.Items ?? new List<GraphQLFieldDefinition>())
            .Select(field => field.Name.StringValue)
            .ToArray();
        var schema = Schema.For(sdl, builder =>
        {
            foreach (var name in abstractTypes)
            {
                builder.Types.For(name).ResolveType = _ => null!;
            }

            foreach (var field in subscriptionFields)
            {
                builder.Types.For("Subscription").FieldFor(field).StreamResolver = new SourceStreamResolver<object>((Func<IResolveFieldContext, IObservable<object?>>)(_ => throw new NotSupportedException()));
            }
        });

        // Railway's custom scalars (DateTime, JSON, EnvironmentVariables, ...) carry no .NET type in
        // the SDL; validation only needs them to exist, so each gets a pass-through scalar.
        var builtIn = new HashSet<string> { "String", "Int", "Float", "Boolean", "ID" };
        foreach (var scalar in definitions.OfType<GraphQLScalarTypeDefinition>())
        {
            if (!builtIn.Contains(scalar.Name.StringValue))
            {
                schema.RegisterType(new PassThroughScalar(scalar.Name.StringValue));
            }
        }

        schema.Initialize();
        return schema;
    }

    private sealed class PassThroughScalar : ScalarGraphType
    {
        public PassThroughScalar(string name)
        {
            Name = name;
        }

        public override object? ParseLiteral(GraphQLValue value) => value;

        public override object? ParseValue(object? value) => value;
    }
}
