using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;
using RailwayOps.Emulator.Graph;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>Every operation the module sends must be one the emulator can execute.</summary>
public sealed class CoreOperationsTests
{
    private static string OperationsFolder => Path.Combine(RepositoryPaths.Root, "src", "RailwayOps.Core", "Railway", "Operations");

    [SkippableFact]
    public async Task EveryCoreOperationValidatesAgainstTheEmulatorSchema()
    {
        Skip.IfNot(Directory.Exists(OperationsFolder), $"no Core operations at {OperationsFolder}");
        var files = Directory.GetFiles(OperationsFolder, "*.graphql");
        Skip.If(files.Length == 0, "Core has no operations yet");
        var schema = SchemaFactory.Create(RepositoryPaths.EmulatorSdl);
        var problems = new List<string>();
        foreach (var file in files)
        {
            var document = GraphQLParser.Parser.Parse(await File.ReadAllTextAsync(file));
            var operation = document.Definitions.OfType<GraphQLOperationDefinition>().First();
            var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
            {
                Schema = schema,
                Document = document,
                Operation = operation,
                Rules = DocumentValidator.CoreRules,
                Variables = Inputs.Empty,
            });
            // Missing variable values are expected here: only the document's shape is being checked.
            problems.AddRange(result.Errors.Where(e => e.Code != "INVALID_VALUE")
                .Select(e => $"{Path.GetFileName(file)}: {e.Message}"));
        }
        Assert.Empty(problems);
    }
}
