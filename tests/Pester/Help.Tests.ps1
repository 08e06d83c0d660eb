# Help ships in the module (no Update-Help): every exported cmdlet has a synopsis, a description,
# text for every parameter, at least two examples and an "Online version" link to its page in the
# repository; about_RailwayOps covers the concepts; and importing the module prints nothing.
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
    $script:OnlineBase = 'https://github.com/railwayops/RailwayOps/blob/main/'
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

    It 'links its online version to its page in the repository first' {
        $first = @($script:Help.relatedLinks.navigationLink)[0]
        $first.linkText | Should -Be 'Online version'
        $first.uri | Should -Be "$($script:OnlineBase)docs/cmdlets/$Name.md"
        Join-Path $script:RepositoryRoot $first.uri.Substring($script:OnlineBase.Length) | Should -Exist
    }
}

Describe 'About and shipped help' {
    It 'shows about_RailwayOps with the concepts' {
        $about = Get-Help about_RailwayOps | Out-String
        foreach ($section in 'TARGET RESOLUTION', 'TOKENS', 'THE RELEASE LOOP', 'THE EMULATOR', 'CI USE', 'TAB COMPLETION', 'INSTALLING') {
            $about | Should -Match $section
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
                "ONLINE=$(@($help.relatedLinks.navigationLink)[0].uri)"
                "ABOUT=$([bool](Get-Help about_RailwayOps | Out-String | Select-String 'THE RELEASE LOOP'))"
            }
            $result.Error | Should -BeNullOrEmpty
            [int](($result.Lines | Where-Object { $_ -like 'EXAMPLES=*' }) -replace 'EXAMPLES=') | Should -BeGreaterOrEqual 2
            $result.Lines | Should -Contain "ONLINE=$($script:OnlineBase)docs/cmdlets/Wait-RailwayDeployment.md"
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
