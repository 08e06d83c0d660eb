# Help ships in the module (no Update-Help): every exported cmdlet has a synopsis, a description,
# text for every parameter (with its default value), at least two examples, a SYNTAX with -WhatIf,
# -Confirm and the common parameters, and related links that name help topics that exist (the project
# has no published site, so there is no "Online version" link); about_RailwayOps covers the concepts;
# and importing the module prints nothing.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    $script:CmdletNames = @(Get-Command -Module RailwayOps -CommandType Cmdlet | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    Import-RailwayOpsTestModule
    $script:RepositoryRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    $script:ModulePath = (Resolve-Path (Get-RailwayOpsTestModulePath)).ProviderPath
    $script:CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    function Get-Text($Node) {
        # MAML text comes back as objects with a Text property (or plain strings).
        (@($Node) | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Text } }) -join ' '
    }
}

Describe 'Cmdlet help: <Name>' -ForEach $script:CmdletNames {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
    }

    It 'has a synopsis and a description' {
        $script:Help.Synopsis | Should -Not -BeNullOrEmpty
        $script:Help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))\s+\[" -Because 'a synopsis that is the syntax means no help was found'
        (Get-Text $script:Help.description).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $documented = @{}
        foreach ($parameter in @($script:Help.parameters.parameter)) { $documented[$parameter.name] = (Get-Text $parameter.description).Trim() }
        foreach ($parameter in $script:Command.Parameters.Keys | Where-Object { $_ -notin $script:CommonParameters }) {
            $documented[$parameter] | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'has at least two examples with code' {
        $examples = @($script:Help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        $examples | ForEach-Object { $_.code | Should -Not -BeNullOrEmpty }
    }

    It 'links only help topics that exist, and no web page' {
        foreach ($link in @($script:Help.relatedLinks.navigationLink)) {
            $link.uri | Should -BeNullOrEmpty -Because "the project has no published site; '$($link.linkText)' would open a page that does not exist"
            $topic = $link.linkText.Trim()
            ((Get-Command $topic -ErrorAction SilentlyContinue) -or (Get-Help $topic -ErrorAction SilentlyContinue)) | Should -BeTrue -Because "related link '$topic' must name a command or help topic"
        }
    }

    It 'shows -WhatIf, -Confirm and the common parameters in every syntax line' {
        $syntax = (Get-Help $Name | Out-String -Width 4000) -replace '\s+', ' '
        ([regex]::Matches($syntax, '\[<CommonParameters>\]')).Count | Should -Be $script:Command.ParameterSets.Count
        if ($script:Command.Parameters.ContainsKey('WhatIf')) {
            $lines = @(@($script:Help.syntax.syntaxItem) | ForEach-Object { (@($_.parameter).name) -join ' ' })
            $lines | ForEach-Object { $_ | Should -Match '\bWhatIf\b.*\bConfirm\b' }
            $syntax | Should -Match '\[-WhatIf\] \[-Confirm\] \[<CommonParameters>\]'
            (Get-Text (Get-Help $Name -Parameter WhatIf).description) | Should -Not -BeNullOrEmpty
        }
    }

    It 'shows each parameter''s default value where the cmdlet has one' {
        $instance = [Activator]::CreateInstance($script:Command.ImplementingType)
        try {
            foreach ($parameter in @($script:Help.parameters.parameter)) {
                if ($parameter.name -in [System.Management.Automation.Cmdlet]::OptionalCommonParameters -or $parameter.type.name -eq 'System.Management.Automation.SwitchParameter') { continue }
                $value = $instance.($parameter.name)
                $expected = if ($null -eq $value -or ($value -is [array] -and $value.Count -eq 0) -or "$value" -eq '') { 'None' } else { [Convert]::ToString($value, [cultureinfo]::InvariantCulture) }
                $parameter.defaultValue | Should -Be $expected -Because "-$($parameter.name) of $Name"
            }
        }
        finally { if ($instance -is [IDisposable]) { $instance.Dispose() } }
    }
}

Describe 'Help values that are not the default' {
    It 'shows the defaults the text gives: Test-RailwayHealth -TimeoutSec 100, -VersionProperty version; Wait-RailwayDeployment -TimeoutSec 600' {
        (Get-Help Test-RailwayHealth -Parameter TimeoutSec).defaultValue | Should -Be '100'
        (Get-Help Test-RailwayHealth -Parameter VersionProperty).defaultValue | Should -Be 'version'
        (Get-Help Wait-RailwayDeployment -Parameter TimeoutSec).defaultValue | Should -Be '600'
    }
}

Describe 'Recommended commands in messages' {
    BeforeAll {
        # Every user-facing text constant of the cmdlet layer and of Core (CmdletText, *Messages classes).
        $assemblies = [RailwayOps.Hosting.ModuleInitializer].Assembly, [RailwayOps.RailwayProject].Assembly
        $flags = [Reflection.BindingFlags]'Static,Public,NonPublic'
        $script:Texts = @(foreach ($type in $assemblies.GetTypes() | Where-Object { $_.Name -eq 'CmdletText' -or $_.Name -like '*Messages' }) {
                foreach ($field in $type.GetFields($flags) | Where-Object { $_.IsLiteral -and $_.FieldType -eq [string] }) {
                    [pscustomobject]@{ Name = "$($type.Name).$($field.Name)"; Text = [string]$field.GetRawConstantValue() }
                }
            })
        $script:Commands = @(Get-Command -Module RailwayOps -CommandType Cmdlet).Name
    }

    It 'name only parameters that the recommended cmdlet has, so each runs as written' {
        $script:Texts.Count | Should -BeGreaterThan 50
        $checked = 0
        foreach ($text in $script:Texts) {
            foreach ($use in [regex]::Matches($text.Text, '\b(?<command>[A-Z][a-z]+-(?:Railway[A-Za-z]+|Cpwtr))\b(?<arguments>(?:\s+-[A-Za-z]+(?::\S+)?(?:\s+(?!-)(?:''[^'']*''|"[^"]*"|<[^>]*>|[^\s;|#]+))?)*)')) {
                $command = $use.Groups['command'].Value
                if ($command -notin $script:Commands) { continue }
                $parameters = (Get-Command $command).Parameters
                foreach ($parameter in [regex]::Matches($use.Groups['arguments'].Value, '(?<=^|\s)-(?<name>[A-Za-z]+)\b')) {
                    $name = $parameter.Groups['name'].Value
                    $known = $parameters.ContainsKey($name) -or @($parameters.Values | Where-Object { $_.Aliases -contains $name }).Count -gt 0
                    $known | Should -BeTrue -Because "$($text.Name) recommends '$command -$name': $($text.Text)"
                    $checked++
                }
            }
        }
        $checked | Should -BeGreaterThan 10
    }

    It 'pass a deployment by one parameter name, -DeploymentId, everywhere' {
        $byId = @($script:Texts | Where-Object { $_.Text -match '(Deployment|Deployments?Log)\s+-Id\b|RailwayDeployment\s+-Id\b' })

        $byId.Name | Should -BeNullOrEmpty -Because '-DeploymentId is the name every deployment cmdlet takes and the property that binds from the pipeline'
    }
}

Describe 'About and shipped help' {
    It 'shows about_RailwayOps with the concepts' {
        $about = Get-Help about_RailwayOps | Out-String
        foreach ($section in 'COMMANDS', 'TARGET RESOLUTION', 'TOKENS', 'THE RELEASE LOOP', 'THE EMULATOR', 'CI USE', 'TAB COMPLETION', 'INSTALLING') {
            $about | Should -Match $section
        }
    }

    It 'names every cmdlet in the README''s cmdlet table and in about_RailwayOps' {
        $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md')
        $about = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/about_RailwayOps.md')
        foreach ($name in (Get-Command -Module RailwayOps -CommandType Cmdlet).Name) {
            $readme | Should -Match ([regex]::Escape("| [``$name``](docs/cmdlets/$name.md) |")) -Because "$name needs its row in the README's table"
            $about | Should -Match "\b$([regex]::Escape($name))\b" -Because "about_RailwayOps's COMMANDS section names $name"
        }
    }

    It 'ships the help files inside the module' {
        $base = Split-Path -Parent $script:ModulePath
        Join-Path $base 'en-US/RailwayOps.dll-Help.xml' | Should -Exist
        Join-Path $base 'en-US/about_RailwayOps.help.txt' | Should -Exist
    }

    It 'needs no Update-Help: a fresh pwsh with an empty HOME has full help' {
        $emptyHome = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-help-' + [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $emptyHome | Out-Null
        try {
            $result = Invoke-ChildPwsh -WorkingDirectory $emptyHome -Environment @{ HOME = $emptyHome; USERPROFILE = $emptyHome; XDG_DATA_HOME = $null } -ArgumentList $script:ModulePath -ScriptBlock {
                param($ModulePath)
                Import-Module $ModulePath
                $help = Get-Help Wait-RailwayDeployment -Full
                "EXAMPLES=$(@($help.examples.example).Count)"
                "ONLINE=$(@($help.relatedLinks.navigationLink | Where-Object uri).Count)"
                "ABOUT=$([bool](Get-Help about_RailwayOps | Out-String | Select-String 'THE RELEASE LOOP'))"
            }
            $result.Error | Should -BeNullOrEmpty
            [int](($result.Lines | Where-Object { $_ -like 'EXAMPLES=*' }) -replace 'EXAMPLES=') | Should -BeGreaterOrEqual 2
            $result.Lines | Should -Contain 'ONLINE=0'
            $result.Lines | Should -Contain 'ABOUT=True'
        }
        finally { Remove-Item $emptyHome -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'Import-Module' {
    It 'prints nothing on any stream in a fresh pwsh' {
        $result = Invoke-ChildPwsh -ArgumentList $script:ModulePath -ScriptBlock {
            param($ModulePath)
            $everything = @(Import-Module $ModulePath *>&1)
            "COUNT=$($everything.Count)"
            $everything | ForEach-Object { "STREAM=$($_.GetType().Name): $_" }
        }
        $result.Error | Should -BeNullOrEmpty
        $result.Lines | Should -Be @('COUNT=0')
    }

    It 'exports only cmdlets with approved verbs' {
        $approved = (Get-Verb).Verb
        Get-Command -Module RailwayOps | ForEach-Object { $_.Verb | Should -BeIn $approved -Because $_.Name }
    }
}
