using System.Management.Automation;
using System.Reflection;
using System.Reflection.Metadata;

namespace RailwayOps.Hosting;

/// <summary>
/// Makes the public types of the isolated Core assembly resolvable by name in scripts
/// (<c>[RailwayOps.RailwayDeployment]</c>, <c>-is [RailwayOps.DeploymentStatus]</c>). PowerShell only
/// resolves type names in the default load context, by design; for a module's own private context the
/// way in is a type accelerator per type, registered under the type's full name.
/// </summary>
internal static class TypeAcceleratorRegistry
{
    private static readonly object Gate = new();
    private static readonly List<string> Registered = new();

    /// <summary>
    /// The namespace of the types scripts meet: output objects, statuses, results. Core's other namespaces
    /// hold its machinery; loading those types only to name them would slow every import down.
    /// </summary>
    public const string PublicNamespace = "RailwayOps";

    /// <summary>
    /// The top-level public types of <see cref="PublicNamespace"/>, read from the metadata of the loaded
    /// assembly without loading any type. The runtime has the metadata mapped already: reading it in place
    /// costs neither file access nor a copy (a PEReader over the file was a twelfth of the whole import).
    /// </summary>
    public static unsafe IReadOnlyList<string> ReadPublicTypeNames(Assembly assembly)
    {
        if (!assembly.TryGetRawMetadata(out var blob, out var length))
        {
            return Array.Empty<string>();
        }

        var metadata = new MetadataReader(blob, length);
        var names = new List<string>();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var definition = metadata.GetTypeDefinition(handle);
            if ((definition.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public)
            {
                continue;
            }

            if (metadata.StringComparer.Equals(definition.Namespace, PublicNamespace))
            {
                names.Add(PublicNamespace + "." + metadata.GetString(definition.Name));
            }
        }

        return names;
    }

    /// <summary>Registers every public type of <paramref name="assembly"/>; names already taken are left alone.</summary>
    public static void Register(Assembly assembly)
    {
        var accelerators = Accelerators;
        if (accelerators is null)
        {
            return;
        }

        lock (Gate)
        {
            var taken = accelerators.Existing;
            foreach (var name in ReadPublicTypeNames(assembly))
            {
                if (taken.ContainsKey(name) || assembly.GetType(name, throwOnError: false) is not { } type)
                {
                    continue;
                }

                accelerators.Add(name, type);
                Registered.Add(name);
            }
        }
    }

    /// <summary>Removes what <see cref="Register"/> added (Remove-Module).</summary>
    public static void Unregister()
    {
        var accelerators = Accelerators;
        lock (Gate)
        {
            foreach (var name in Registered)
            {
                accelerators?.Remove(name);
            }

            Registered.Clear();
        }
    }

    private static AcceleratorTable? Accelerators => AcceleratorTable.Instance.Value;

    /// <summary>
    /// PowerShell's TypeAccelerators class is not public API; reached once by reflection, its Add and Remove
    /// bound to delegates (a MethodInfo.Invoke per type would emit an invoke stub on the import path).
    /// </summary>
    private sealed class AcceleratorTable
    {
        public static readonly Lazy<AcceleratorTable?> Instance = new(Create);

        private readonly Action<string, Type> add;
        private readonly Func<string, bool> remove;
        private readonly PropertyInfo get;

        private AcceleratorTable(Action<string, Type> add, Func<string, bool> remove, PropertyInfo get)
        {
            this.add = add;
            this.remove = remove;
            this.get = get;
        }

        public IReadOnlyDictionary<string, Type> Existing =>
            get.GetValue(null) as IReadOnlyDictionary<string, Type> ?? new Dictionary<string, Type>();

        public void Add(string name, Type type) => add(name, type);

        public void Remove(string name) => remove(name);

        private static AcceleratorTable? Create()
        {
            var table = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
            var add = table?.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, new[] { typeof(string), typeof(Type) });
            var remove = table?.GetMethod("Remove", BindingFlags.Public | BindingFlags.Static, new[] { typeof(string) });
            var get = table?.GetProperty("Get", BindingFlags.Public | BindingFlags.Static);
            if (add is null || remove is null || get is null || add.ReturnType != typeof(void) || remove.ReturnType != typeof(bool))
            {
                return null;
            }

            return new AcceleratorTable(add.CreateDelegate<Action<string, Type>>(), remove.CreateDelegate<Func<string, bool>>(), get);
        }
    }
}
