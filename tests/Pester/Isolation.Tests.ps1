# Dependency isolation: RailwayOps.Core, Octokit and Polly.Core load into the module's private load
# context (src/RailwayOps/Hosting), so another module's copies of Octokit or Polly.Core loaded first do
# not break RailwayOps. Each scenario runs in a new pwsh: only a new process has an untouched default context.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:ModulePath = (Resolve-Path (Get-RailwayOpsTestModulePath)).ProviderPath
    $script:ModuleRoot = Split-Path -Parent $script:ModulePath
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-isolation-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null

    function New-ImpostorAssembly([string]$Name, [string]$Source) {
        # Another module's copy of a dependency: same simple name, an older version, a different shape.
        Add-Type -AssemblyName Microsoft.CodeAnalysis.CSharp
        $tree = [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree]::ParseText("[assembly: System.Reflection.AssemblyVersion(""1.0.0.0"")] $Source")
        $frameworkDirectory = Split-Path -Parent ([object].Assembly.Location)
        $references = [Microsoft.CodeAnalysis.MetadataReference[]]@(
            [Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile([object].Assembly.Location)
            [Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile((Join-Path $frameworkDirectory 'System.Runtime.dll')))
        $options = [Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions]::new([Microsoft.CodeAnalysis.OutputKind]::DynamicallyLinkedLibrary)
        $compilation = [Microsoft.CodeAnalysis.CSharp.CSharpCompilation]::Create($Name, [Microsoft.CodeAnalysis.SyntaxTree[]]@($tree), $references, $options)
        $path = Join-Path $script:Work "impostors/$Name.dll"
        New-Item -ItemType Directory -Force -Path (Split-Path $path) | Out-Null
        $stream = [IO.File]::Create($path)
        try { $result = $compilation.Emit($stream) } finally { $stream.Dispose() }
        if (-not $result.Success) { throw ($result.Diagnostics -join [Environment]::NewLine) }
        $path
    }

    $script:Impostors = @(
        New-ImpostorAssembly 'Octokit' 'namespace Octokit { public class GitHubClient { public string Impostor => "1.0"; } }'
        New-ImpostorAssembly 'Polly.Core' 'namespace Polly { public class ResiliencePipeline { } }'
    )

    # The scenario every test below runs: impostors first, then the module, then cmdlets that need
    # Polly (Get-RailwayProject retries a 503) and Octokit (Get-RailwayCommitStatus asks the emulator's GitHub).
    $script:Scenario = {
        param($ModulePath, $OctokitImpostor, $PollyImpostor, $StateDirectory)
        $ErrorActionPreference = 'Stop'
        Add-Type -Path $OctokitImpostor
        Add-Type -Path $PollyImpostor
        Import-Module $ModulePath
        $emulator = Start-RailwayEmulator -StateDirectory $StateDirectory -Confirm:$false
        try {
            Invoke-RestMethod -Method Post -Uri ([Uri]::new($emulator.AdminUrl, 'faults')) -ContentType 'application/json' `
                -Body '{"kind":"status","status":503,"count":1,"path":"/graphql/v2"}' | Out-Null
            $projects = @(Get-RailwayProject)
            "PROJECTS=$($projects.Name -join ',')"
            "TYPED=$($projects[0] -is [RailwayOps.RailwayProject])"
            "TABLE=$(($projects | Format-Table | Out-String) -match 'Name\s+ProjectId')"
            $env:GITHUB_TOKEN = 'emu-github-token'
            Get-RailwayCommitStatus -Repository railwayops/hello-railway -Ref 0000000 -ErrorAction SilentlyContinue -ErrorVariable statusErrors | Out-Null
            "GITHUB=$(@($statusErrors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) -join ',')"
            foreach ($assembly in [AppDomain]::CurrentDomain.GetAssemblies()) {
                $name = $assembly.GetName()
                if ($name.Name -in 'Octokit', 'Polly.Core', 'RailwayOps.Core', 'RailwayOps', 'Tomlyn', 'GraphQLParser') {
                    "ASSEMBLY=$($name.Name)|$($name.Version)|$([Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name)"
                }
            }
        }
        finally {
            $emulator | Stop-RailwayEmulator -Confirm:$false
        }
    }

    function Invoke-Scenario([string]$ModulePath) {
        $state = Join-Path $script:Work ('state-' + [guid]::NewGuid().ToString('n'))
        Invoke-ChildPwsh -WorkingDirectory $script:Work -ScriptBlock $script:Scenario -ArgumentList $ModulePath, $script:Impostors[0], $script:Impostors[1], $state
    }

    function Get-Marker($Result, [string]$Name) {
        @($Result.Lines | Where-Object { $_.StartsWith("$Name=") } | ForEach-Object { $_.Substring($Name.Length + 1) })
    }
}

AfterAll {
    Exit-RailwayTestEnvironment
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Dependency isolation' {
    Context 'layout' {
        It 'keeps only the cmdlet assembly in the module root and the rest in dependencies/' {
            (Get-ChildItem $script:ModuleRoot -Filter *.dll).Name | Should -Be 'RailwayOps.dll'
            $isolated = (Get-ChildItem (Join-Path $script:ModuleRoot 'dependencies') -Filter *.dll).Name
            $isolated | Should -Contain 'RailwayOps.Core.dll'
            $isolated | Should -Contain 'Octokit.dll'
            $isolated | Should -Contain 'Polly.Core.dll'
            $isolated | Should -Contain 'Tomlyn.dll'
            $isolated | Should -Contain 'GraphQLParser.dll'
        }
    }

    Context 'with another Octokit and Polly.Core loaded first' {
        BeforeAll {
            $script:Isolated = Invoke-Scenario $script:ModulePath
        }

        It 'imports and runs a cmdlet that retries through Polly' {
            $script:Isolated.Error | Should -BeNullOrEmpty
            $script:Isolated.ExitCode | Should -Be 0
            Get-Marker $script:Isolated 'PROJECTS' | Should -Be 'demo'
        }

        It 'runs a cmdlet that calls GitHub through Octokit (the emulator answers: no such commit)' {
            Get-Marker $script:Isolated 'GITHUB' | Should -Be 'RailwayGitHubCommitNotFound'
        }

        It 'loads its own Octokit, Polly.Core and Core in the private context and leaves the impostors in the default one' {
            $assemblies = Get-Marker $script:Isolated 'ASSEMBLY'
            $assemblies | Should -Contain 'Octokit|1.0.0.0|Default'
            $assemblies | Should -Contain 'Polly.Core|1.0.0.0|Default'
            @($assemblies | Where-Object { $_ -like 'RailwayOps|*|Default' }).Count | Should -Be 1
            @($assemblies | Where-Object { $_ -like 'RailwayOps.Core|*|RailwayOps' }).Count | Should -Be 1
            @($assemblies | Where-Object { $_ -like 'Octokit|*|RailwayOps' -and $_ -notlike '*|1.0.0.0|*' }).Count | Should -Be 1
            @($assemblies | Where-Object { $_ -like 'Polly.Core|*|RailwayOps' -and $_ -notlike '*|1.0.0.0|*' }).Count | Should -Be 1
            # Tomlyn and GraphQLParser load only when a railway.toml or a document is read; wherever they load, it is the private context.
            @($assemblies | Where-Object { $_ -match '^(Tomlyn|GraphQLParser)\|' -and $_ -notlike '*|RailwayOps' }) | Should -BeNullOrEmpty
        }

        It 'keeps the output types visible: type literals and the format file''s table view' {
            Get-Marker $script:Isolated 'TYPED' | Should -Be 'True'
            Get-Marker $script:Isolated 'TABLE' | Should -Be 'True'
        }
    }

    Context 'the same session without isolation (control)' {
        It 'fails when Core and its dependencies sit beside the cmdlets in the default context' {
            # Proves the impostors really conflict: a flat layout of the same binaries breaks on them.
            $flat = Join-Path $script:Work 'flat/RailwayOps'
            Copy-Item $script:ModuleRoot $flat -Recurse
            Move-Item (Join-Path $flat 'dependencies/*.dll') $flat
            # With dependencies/ empty the hook stands aside (it must not hand Core to a context that cannot
            # find it: that recursed until the stack overflowed), and PowerShell finds Core beside the dll.
            $result = Invoke-Scenario (Join-Path $flat 'RailwayOps.psd1')
            $result.ExitCode | Should -Not -Be 0
            $result.Error | Should -Match 'Polly\.Core|Octokit'
        }
    }

    Context 'the resolver rule' {
        BeforeAll {
            $hosting = [RailwayOps.Hosting.ModuleInitializer].Assembly
            $script:Resolver = $hosting.GetType('RailwayOps.Hosting.DependencyResolver', $true)
            $script:Dependencies = Join-Path $script:ModuleRoot 'dependencies'
            function Test-Entry([string]$Name) { $script:Resolver.GetMethod('IsEntryAssembly').Invoke($null, @([Reflection.AssemblyName]::new($Name))) }
            function Find-Dependency([string]$Name, [string]$Directory = $script:Dependencies) {
                $script:Resolver.GetMethod('FindDependency').Invoke($null, @($Directory, [Reflection.AssemblyName]::new($Name)))
            }
        }

        It 'answers the default context only for RailwayOps.Core' -TestCases @(
            @{ Name = 'RailwayOps.Core, Version=0.1.0.0'; Expected = $true }
            @{ Name = 'railwayops.core'; Expected = $true }
            @{ Name = 'Octokit, Version=14.0.0.0'; Expected = $false }
            @{ Name = 'Polly.Core'; Expected = $false }
            @{ Name = 'RailwayOps'; Expected = $false }
            @{ Name = 'RailwayOps.Core.Extra'; Expected = $false }
        ) {
            Test-Entry $Name | Should -Be $Expected
        }

        It 'finds what dependencies/ ships and nothing else' {
            Find-Dependency 'Octokit, Version=14.0.0.0' | Should -Be (Join-Path $script:Dependencies 'Octokit.dll')
            Find-Dependency 'Polly.Core' | Should -Be (Join-Path $script:Dependencies 'Polly.Core.dll')
            Find-Dependency 'System.Runtime' | Should -BeNullOrEmpty
            Find-Dependency 'System.Management.Automation' | Should -BeNullOrEmpty
            Find-Dependency 'RailwayOps' | Should -BeNullOrEmpty
        }

        It 'looks for a satellite assembly in its culture''s folder only' {
            $folder = Join-Path $script:Work 'satellites'
            New-Item -ItemType Directory -Force -Path (Join-Path $folder 'fr') | Out-Null
            Set-Content (Join-Path $folder 'fr/Lib.resources.dll') 'x'
            Set-Content (Join-Path $folder 'Lib.resources.dll') 'x'
            Find-Dependency 'Lib.resources, Culture=fr' $folder | Should -Be (Join-Path $folder 'fr/Lib.resources.dll')
            Find-Dependency 'Lib.resources, Culture=de' $folder | Should -BeNullOrEmpty
            Find-Dependency 'Lib.resources' $folder | Should -Be (Join-Path $folder 'Lib.resources.dll')
        }

        It 'prefers the ReadyToRun copy this platform''s folder holds for a shipped assembly, never for a satellite or another platform' {
            $folder = Join-Path $script:Work 'precompiled'
            New-Item -ItemType Directory -Force -Path (Join-Path $folder 'readytorun/linux-x64'), (Join-Path $folder 'readytorun/win-x64') | Out-Null
            Set-Content (Join-Path $folder 'readytorun/linux-x64/Lib.dll') 'x'
            Set-Content (Join-Path $folder 'readytorun/linux-x64/Lib.resources.dll') 'x'
            $find = { param($Name, $Platform) $script:Resolver.GetMethod('FindPrecompiled').Invoke($null, @([string]$folder, [Reflection.AssemblyName]::new($Name), $Platform)) }
            & $find 'Lib, Version=1.0.0.0' 'linux-x64' | Should -Be (Join-Path $folder 'readytorun/linux-x64/Lib.dll')
            & $find 'Lib' 'win-x64' | Should -BeNullOrEmpty
            & $find 'Lib' $null | Should -BeNullOrEmpty
            & $find 'Other' 'linux-x64' | Should -BeNullOrEmpty
            & $find 'Lib.resources, Culture=fr' 'linux-x64' | Should -BeNullOrEmpty
        }

        It 'loads Core from the ReadyToRun copy the build made for this platform, in the private context' {
            $platform = $script:Resolver.GetProperty('CurrentPlatform').GetValue($null)
            $platform | Should -Not -BeNullOrEmpty
            $precompiled = Join-Path $script:Dependencies "readytorun/$platform/RailwayOps.Core.dll"
            $precompiled | Should -Exist -Because 'build.ps1 compiles Core ahead of time for the platform it runs on (build/ReadyToRun)'
            [RailwayOps.RailwayProject].Assembly.Location | Should -Be $precompiled
        }

        It 'has loaded Core into the private context in this session too' {
            [Runtime.Loader.AssemblyLoadContext]::GetLoadContext([RailwayOps.RailwayProject].Assembly).Name | Should -Be 'RailwayOps'
            [Runtime.Loader.AssemblyLoadContext]::GetLoadContext([RailwayOps.Hosting.ModuleInitializer].Assembly).Name | Should -Be 'Default'
        }
    }

    Context 'what keeps Core out of the default context' {
        It 'has no exported type holding a field of a Core, Octokit or Polly value type (the layout would load it before OnImport)' {
            $cmdlets = [RailwayOps.Hosting.ModuleInitializer].Assembly
            $foreign = 'RailwayOps.Core', 'Octokit', 'Polly.Core'
            $isForeign = {
                param([type]$Type)
                if ($Type.Assembly.GetName().Name -in $foreign) { return $true }
                $Type.IsGenericType -and @($Type.GetGenericArguments() | Where-Object { & $isForeign $_ }).Count -gt 0
            }
            $flags = [Reflection.BindingFlags]'Instance,Static,Public,NonPublic,DeclaredOnly'
            $offenders = foreach ($type in $cmdlets.GetExportedTypes()) {
                for ($each = $type; $each -and $each.Assembly -eq $cmdlets; $each = $each.BaseType) {
                    foreach ($field in $each.GetFields($flags)) {
                        if ($field.FieldType.IsValueType -and -not $field.IsLiteral -and (& $isForeign $field.FieldType)) {
                            '{0}.{1} : {2}' -f $each.FullName, $field.Name, $field.FieldType
                        }
                    }
                }
            }

            @($offenders | Sort-Object -Unique) | Should -BeNullOrEmpty -Because 'a parameter of a Core enum type must be stored boxed (see Hosting/DependencyIsolation.cs)'
        }
    }

    Context 'JSON of the output types' {
        It 'writes every enum of every cmdlet''s output type by name in ConvertTo-Json (PowerShell''s Newtonsoft reads the attribute across the load contexts)' {
            $outputTypes = Get-Command -Module RailwayOps -CommandType Cmdlet | ForEach-Object { $_.OutputType.Type } | Where-Object { $_ } | Sort-Object FullName -Unique
            $enums = @(foreach ($type in $outputTypes) {
                    foreach ($property in $type.GetProperties()) {
                        $propertyType = [Nullable]::GetUnderlyingType($property.PropertyType) ?? $property.PropertyType
                        if ($propertyType.IsArray) { $propertyType = $propertyType.GetElementType() }
                        if ($propertyType.IsEnum) { $propertyType }
                    }
                }) | Sort-Object FullName -Unique

            $enums.Count | Should -BeGreaterOrEqual 5 -Because 'deployments, logs, domains, commit statuses and the context carry enums'
            foreach ($enum in $enums) {
                $value = [Enum]::GetValues($enum) | Select-Object -Last 1
                $json = [pscustomobject]@{ Value = $value } | ConvertTo-Json -Compress
                $json | Should -BeExactly ('{"Value":"' + $value + '"}') -Because "$($enum.FullName) is written by name"
            }
        }
    }

    Context 'remove and import again' {
        It 'works after Remove-Module and a second Import-Module in one session' {
            $result = Invoke-ChildPwsh -WorkingDirectory $script:Work -ArgumentList $script:ModulePath -ScriptBlock {
                param($ModulePath)
                $ErrorActionPreference = 'Stop'
                Import-Module $ModulePath
                Remove-Module RailwayOps
                "REMOVED=$([bool]('RailwayOps.RailwayProject' -as [type]))"
                Import-Module $ModulePath
                "TYPE=$(([RailwayOps.DeploymentStatus]'Failed').ToString())"
                "CONTEXTS=$(@([Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'RailwayOps').Count)"
            }
            $result.Error | Should -BeNullOrEmpty
            Get-Marker $result 'REMOVED' | Should -Be 'False'
            Get-Marker $result 'TYPE' | Should -Be 'Failed'
            Get-Marker $result 'CONTEXTS' | Should -Be '1'
        }
    }
}
