# Runs before PowerShell analyses RailwayOps.dll (a manifest's NestedModules load before its RootModule;
# RequiredAssemblies has already loaded the dll, without running any of it). It hooks the resolution of
# RailwayOps.Core into the module's private load context, where Octokit and Polly.Core load from
# dependencies/ and cannot clash with another module's copies; it must come first, because analysing the
# cmdlets loads Core. See src/RailwayOps/Hosting/DependencyIsolation.cs. One call into compiled code:
# every .NET call made from script here would be paid on every Import-Module.
[RailwayOps.Hosting.DependencyIsolation]::Register()
Export-ModuleMember
