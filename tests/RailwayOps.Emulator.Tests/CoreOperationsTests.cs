using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;
using RailwayOps.Emulator.Graph;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>Every operation the module sends must be one the emulator can execute.</summary>
public sealed class CoreOperationsTests
{
    // Each area's operations sit beside its client in src/RailwayOps.Core/Railway/<Area>/.
    private static string RailwayFolder => Path.Combine(RepositoryPaths.Root, "src", "RailwayOps.Core", "Railway");

    // Shared selections live once in Railway/Fragments; Core appends the ones an operation spreads, as here.
    private static string FragmentsFolder => Path.Combine(RailwayFolder, "Fragments");

    private static readonly Regex Spread = new(@"\.\.\.\s*(?!on\b)([_A-Za-z][_0-9A-Za-z]*)");

    [Fact]
    public async Task EveryCoreOperationValidatesAgainstTheEmulatorSchema()
    {
        var files = Directory.GetFiles(RailwayFolder, "*.graphql", SearchOption.AllDirectories)
            .Where(path => Path.GetDirectoryName(path) != FragmentsFolder)
            .ToArray();
        Assert.NotEmpty(files);
        var schema = SchemaFactory.Create(RepositoryPaths.EmulatorSdl);
        var fragments = Directory.GetFiles(FragmentsFolder, "*.graphql").ToDictionary(path => Path.GetFileNameWithoutExtension(path), path => File.ReadAllText(path));
        var problems = new List<string>();
        foreach (var file in files)
        {
            var document = GraphQLParser.Parser.Parse(WithFragments(await File.ReadAllTextAsync(file), fragments));
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

    /// <summary>The operation followed by every fragment it spreads, transitively, each once (unknown ones are left for the validator to report).</summary>
    private static string WithFragments(string operation, IReadOnlyDictionary<string, string> fragments)
    {
        var needed = new List<string>();
        var pending = new Queue<string>(Spread.Matches(operation).Select(match => match.Groups[1].Value));
        while (pending.TryDequeue(out var name))
        {
            if (!needed.Contains(name) && fragments.TryGetValue(name, out var fragment))
            {
                needed.Add(name);
                foreach (Match match in Spread.Matches(fragment))
                {
                    pending.Enqueue(match.Groups[1].Value);
                }
            }
        }

        return string.Join("\n", needed.Select(name => fragments[name]).Prepend(operation));
    }
}
