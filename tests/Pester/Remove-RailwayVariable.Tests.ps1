BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Web = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }

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
