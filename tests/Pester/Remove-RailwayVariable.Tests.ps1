BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Web = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
    $script:ModulePath = (Resolve-Path (Get-RailwayOpsTestModulePath)).ProviderPath

    function Invoke-NonInteractiveRemove([string]$Command) {
        # A fresh pwsh -NonInteractive, as a CI step runs, pointed at the emulator through its environment.
        # A terminating error is caught and printed, so the test sees its ErrorId and message on stdout.
        $body = "param(`$ModulePath)`n`$PSStyle.OutputRendering = 'PlainText'`nImport-Module `$ModulePath -ErrorAction Stop`n" +
            "try { $Command; 'COMPLETED' }`ncatch { 'ERRORID=' + `$_.FullyQualifiedErrorId; 'MESSAGE=' + `$_.ToString() }"
        $result = Invoke-ChildPwsh -ScriptBlock ([scriptblock]::Create($body)) -ArgumentList $script:ModulePath -TimeoutSec 90 `
            -Environment @{ RAILWAYOPS_API_URL = $script:Emulator.GraphQLUrl; RAILWAY_API_TOKEN = (Get-TestSeedToken) }
        # Host lines may be wrapped: match on the output with every run of whitespace made one space.
        $result | Add-Member -NotePropertyName Text -NotePropertyValue ($result.Output -replace '\s+', ' ') -PassThru
    }

    function Invoke-HostlessRemove([string]$Command) {
        # A runspace in this process without a host UI: a ShouldProcess prompt cannot be shown there.
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("param(`$ModulePath, `$Endpoint, `$Token) Import-Module `$ModulePath -ErrorAction Stop; $Command")
            $null = $shell.AddParameters(@{ ModulePath = $script:ModulePath; Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken)) })
            $null = $shell.Invoke()
            @($shell.Streams.Error)
        }
        finally { $shell.Dispose() }
    }

    function Get-VariableNames {
        param([switch]$Shared)
        if ($Shared) { @(Get-RailwayVariable -Project demo -Environment production -Shared).Name }
        else { @(Get-RailwayVariable @script:Web).Name }
    }
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Remove-RailwayVariable' {
    BeforeEach {
        Set-RailwayVariable @script:Web -Variables @{ RM_ONE = 'rm-value-1'; RM_TWO = 'rm-value-2'; RM_THREE = 'rm-value-3' } -SkipDeploy
    }

    It 'removes nothing with -WhatIf' {
        Reset-EmulatorJournal $script:Emulator

        Remove-RailwayVariable @script:Web -Name 'RM_*' -WhatIf

        Get-VariableNames | Should -Contain 'RM_TWO'
        (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'VariableDelete'
    }

    It 'removes every name a wildcard matches, one request each' {
        Reset-EmulatorJournal $script:Emulator

        Remove-RailwayVariable @script:Web -Name 'RM_*' -Confirm:$false

        Get-VariableNames | Where-Object { $_ -like 'RM_*' } | Should -BeNullOrEmpty
        (Get-EmulatorJournal $script:Emulator).byOperation.VariableDelete | Should -Be 3
        Get-VariableNames | Should -Contain 'GREETING'
    }

    It 'removes variables piped from Get-RailwayVariable and passes them through' {
        $removed = Get-RailwayVariable @script:Web -Name RM_ONE | Remove-RailwayVariable -Confirm:$false -PassThru

        $removed.Name | Should -Be 'RM_ONE'
        $removed.Value | Should -BeOfType ([securestring])
        Get-VariableNames | Should -Not -Contain 'RM_ONE'
        Get-VariableNames | Should -Contain 'RM_TWO'
    }

    It 'handles many piped variables with one read before and one after' {
        Reset-EmulatorJournal $script:Emulator

        Get-RailwayVariable @script:Web -Name 'RM_*' | Remove-RailwayVariable -Confirm:$false

        $journal = (Get-EmulatorJournal $script:Emulator).byOperation
        $journal.VariableDelete | Should -Be 3
        $journal.Variables | Should -Be 3 -Because 'Get-RailwayVariable reads once, Remove-RailwayVariable once before and once after'
        Get-VariableNames | Where-Object { $_ -like 'RM_*' } | Should -BeNullOrEmpty
    }

    It 'removes piped shared variables from the shared set' {
        Set-RailwayVariable -Project demo -Environment production -Shared -Name RM_SHARED -Value 'rm-shared-value' -SkipDeploy

        Get-RailwayVariable -Project demo -Environment production -Shared -Name RM_SHARED | Remove-RailwayVariable -Confirm:$false

        Get-VariableNames -Shared | Should -Not -Contain 'RM_SHARED'
        Get-VariableNames -Shared | Should -Contain 'LOG_LEVEL'
    }

    It 'declares ConfirmImpact High so that it confirms by default' {
        (Get-Command Remove-RailwayVariable).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact |
            Should -Be 'High'
    }

    It 'reports a literal name that does not exist and removes the others' {
        Remove-RailwayVariable @script:Web -Name 'RM_TWO', 'RM_MISSING' -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayVariableNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-VariableNames | Should -Not -Contain 'RM_TWO'
    }

    Context 'confirmation and -Force' {
        It 'removes with -Force in a non-interactive pwsh without prompting, and says so with -Verbose' {
            Reset-EmulatorJournal $script:Emulator

            $result = Invoke-NonInteractiveRemove 'Remove-RailwayVariable -Project demo -Environment production -Service web -Name RM_ONE -Force -Verbose'

            $result.Lines | Should -Contain 'COMPLETED' -Because "the child wrote: $($result.Output) $($result.Error)"
            $result.Text | Should -Match ([regex]::Escape('Performing the operation "Remove variable RM_ONE" on target "service ''web'' in demo/production".'))
            (Get-EmulatorJournal $script:Emulator).byOperation.VariableDelete | Should -Be 1
            Get-VariableNames | Should -Not -Contain 'RM_ONE'
            Get-VariableNames | Should -Contain 'RM_TWO'
        }

        It 'changes nothing with -Force -WhatIf and still writes the What if lines' {
            Reset-EmulatorJournal $script:Emulator

            $result = Invoke-NonInteractiveRemove 'Remove-RailwayVariable -Project demo -Environment production -Service web -Name RM_* -Force -WhatIf'

            $result.Lines | Should -Contain 'COMPLETED' -Because "the child wrote: $($result.Output) $($result.Error)"
            foreach ($name in 'RM_ONE', 'RM_THREE', 'RM_TWO') {
                $result.Text | Should -Match ([regex]::Escape("What if: Performing the operation `"Remove variable $name`""))
            }
            (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'VariableDelete'
            Get-VariableNames | Should -Contain 'RM_ONE'
        }

        It 'stops with RailwayConfirmationRequired, naming -Force and -Confirm:$false, when a non-interactive pwsh cannot prompt' {
            Reset-EmulatorJournal $script:Emulator

            # No -ErrorAction Stop: the error terminates the command by itself, so the child's catch sees it.
            $result = Invoke-NonInteractiveRemove 'Remove-RailwayVariable -Project demo -Environment production -Service web -Name RM_*'

            $result.Lines | Should -Not -Contain 'COMPLETED'
            $result.Lines | Should -Contain 'ERRORID=RailwayConfirmationRequired,RailwayOps.Commands.RemoveRailwayVariableCommand' -Because "the child wrote: $($result.Output) $($result.Error)"
            $result.Text | Should -Match 'Remove variable RM_ONE'
            $result.Text | Should -Match '-Force'
            $result.Text | Should -Match '-Confirm:\$false'
            (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'VariableDelete'
            Get-VariableNames | Should -Contain 'RM_ONE'
            Get-VariableNames | Should -Contain 'RM_TWO'
        }

        It 'still asks with -Force -Confirm (Confirm wins), so a host that cannot prompt removes nothing' {
            $failures = Invoke-HostlessRemove 'Remove-RailwayVariable -Project demo -Environment production -Service web -Name RM_TWO -Endpoint $Endpoint -Token $Token -Force -Confirm'

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'RailwayConfirmationRequired,RailwayOps.Commands.RemoveRailwayVariableCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $failures[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
            $failures[0].Exception.InnerException | Should -BeOfType ([System.Management.Automation.Host.HostException])
            Get-VariableNames | Should -Contain 'RM_TWO'
        }

        It 'removes with -Force alone in that same host (control for the test above)' {
            $failures = Invoke-HostlessRemove 'Remove-RailwayVariable -Project demo -Environment production -Service web -Name RM_TWO -Endpoint $Endpoint -Token $Token -Force'

            $failures | Should -BeNullOrEmpty
            Get-VariableNames | Should -Not -Contain 'RM_TWO'
        }
    }

    Context 'names are matched exactly' {
        BeforeEach {
            Set-RailwayVariable @script:Web -Name API_KEY -Value 'upper-key' -SkipDeploy
            Set-RailwayVariable @script:Web -Name api_key -Value 'lower-key' -SkipDeploy
            $before = Get-VariableNames
            $before -ccontains 'API_KEY' -and $before -ccontains 'api_key' | Should -BeTrue -Because 'both names exist before each test'
            Reset-EmulatorJournal $script:Emulator
        }

        AfterEach {
            Remove-RailwayVariable @script:Web -Name API_KEY, api_key -Force -ErrorAction SilentlyContinue
        }

        It 'removes only the exact name when another differs only in case' {
            Remove-RailwayVariable @script:Web -Name api_key -Force

            $names = Get-VariableNames
            $names -ccontains 'API_KEY' | Should -BeTrue
            $names -ccontains 'api_key' | Should -BeFalse
            (Get-EmulatorJournal $script:Emulator).byOperation.VariableDelete | Should -Be 1
        }

        It 'matches a wildcard case-sensitively: api_* is not API_KEY' {
            Remove-RailwayVariable @script:Web -Name 'Api_*' -Force

            $names = Get-VariableNames
            $names -ccontains 'API_KEY' | Should -BeTrue
            $names -ccontains 'api_key' | Should -BeTrue
            (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'VariableDelete'
        }

        It 'deletes nothing for a name with a <Label> in it, and says it was not found' -ForEach @(
            @{ Label = 'NUL'; Name = 'RM_O{NUL}NE'; Literal = $true }
            @{ Label = 'trailing zero-width space'; Name = "RM_ONE`u{200B}"; Literal = $true }
            @{ Label = 'NUL inside a wildcard'; Name = 'RM_O{NUL}N*'; Literal = $false }
        ) {
            # The test data holds a placeholder: a NUL in it would break the NUnit report's XML.
            $Name = $Name.Replace('{NUL}', "`0")
            Remove-RailwayVariable @script:Web -Name $Name -Force -ErrorVariable failures -ErrorAction SilentlyContinue

            Get-VariableNames | Should -Contain 'RM_ONE'
            (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'VariableDelete'
            # A wildcard that matches nothing is no error (as Get-Process); a literal name is.
            if ($Literal) { $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayVariableNotFound,*' }
        }
    }

    It 'reports a failed delete and keeps the variable' {
        Add-EmulatorFault $script:Emulator @{ kind = 'status'; status = 503; operation = 'VariableDelete'; count = 1 }
        try {
            Remove-RailwayVariable @script:Web -Name RM_THREE -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { Clear-EmulatorFault $script:Emulator }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayConnectionFailed,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        Get-VariableNames | Should -Contain 'RM_THREE'
    }
}
