BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'EnvironmentTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:ModulePath = (Resolve-Path (Get-RailwayOpsTestModulePath)).ProviderPath

    function Invoke-NonInteractive([string]$Command) {
        # A fresh pwsh -NonInteractive, as a CI step runs; a terminating error is printed with its ErrorId.
        $body = "param(`$ModulePath)`n`$PSStyle.OutputRendering = 'PlainText'`nImport-Module `$ModulePath -ErrorAction Stop`n" +
            "try { $Command; 'COMPLETED' }`ncatch { 'ERRORID=' + `$_.FullyQualifiedErrorId; 'MESSAGE=' + `$_.ToString() }"
        $result = Invoke-ChildPwsh -ScriptBlock ([scriptblock]::Create($body)) -ArgumentList $script:ModulePath -TimeoutSec 90 `
            -Environment @{ RAILWAYOPS_API_URL = $script:Emulator.GraphQLUrl; RAILWAY_API_TOKEN = (Get-TestSeedToken) }
        $result | Add-Member -NotePropertyName Text -NotePropertyValue ($result.Output -replace '\s+', ' ') -PassThru
    }
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Remove-RailwayEnvironment' {
    It 'deletes a deployed fork: its processes end, its proxy port and work folder are freed' {
        New-RailwayEnvironment -Project demo -Name doomed -Source staging | Out-Null
        $live = Wait-RailwayDeployment -Project demo -Environment doomed -Service web -Latest -TimeoutSec 120
        $status = Get-RailwayStatus -Project demo -Environment doomed -Service web
        $port = $status.Url.Port
        $folder = Get-TestWorkFolder -Emulator $script:Emulator -DeploymentId $live.DeploymentId
        $processes = @(Get-TestProcessIdWorkingIn $folder)
        $processes | Should -Not -BeNullOrEmpty -Because 'the fork''s app runs in its work folder'
        Test-TestPortListening $port | Should -BeTrue

        Remove-RailwayEnvironment -Project demo -Name doomed -Force

        Get-RailwayEnvironment -Project demo -Name doomed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @($processes | Where-Object { Test-TestProcessRunning $_ }) | Should -BeNullOrEmpty -Because 'deleting waits for the processes to stop'
        Test-TestPortListening $port | Should -BeFalse
        Test-Path $folder | Should -BeFalse
        @(Get-RailwayDeployment -Project demo -Environment staging -Service web -First 1).Count | Should -Be 1 -Because 'the source is untouched'
    }

    It 'takes environments from the pipeline (Get-RailwayEnvironment | Where-Object | Remove-RailwayEnvironment)' {
        foreach ($name in 'pipe-1', 'pipe-2', 'keep-1') { New-RailwayEnvironment -Project demo -Name $name -SkipInitialDeploys | Out-Null }

        $removed = @(Get-RailwayEnvironment -Project demo | Where-Object Name -like 'pipe-*' | Remove-RailwayEnvironment -Force -PassThru)

        @($removed.Name | Sort-Object) | Should -Be @('pipe-1', 'pipe-2')
        @((Get-RailwayEnvironment -Project demo).Name) | Should -Contain 'keep-1'
        @((Get-RailwayEnvironment -Project demo).Name) | Should -Not -Contain 'pipe-1'
    }

    It 'removes an environment given by its id' {
        New-RailwayEnvironment -Project demo -Name by-id -SkipInitialDeploys | Out-Null
        $environment = Get-RailwayEnvironment -Project demo -Name by-id

        Remove-RailwayEnvironment -Project demo -Name $environment.EnvironmentId -Force

        Get-RailwayEnvironment -Project demo -Name by-id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'changes nothing with -WhatIf' {
        Reset-EmulatorJournal $script:Emulator
        Remove-RailwayEnvironment -Project demo -Name staging -Force -WhatIf

        Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'EnvironmentDelete'
        (Get-RailwayEnvironment -Project demo -Name staging).Name | Should -Be 'staging'
    }

    It 'refuses to delete production without -Force in a non-interactive pwsh (RailwayConfirmationRequired)' {
        Reset-EmulatorJournal $script:Emulator

        $result = Invoke-NonInteractive 'Remove-RailwayEnvironment -Project demo -Name production'

        $result.Lines | Should -Not -Contain 'COMPLETED'
        $result.Lines | Should -Contain 'ERRORID=RailwayConfirmationRequired,RailwayOps.Commands.RemoveRailwayEnvironmentCommand' -Because "the child wrote: $($result.Output) $($result.Error)"
        $result.Text | Should -Match '-Force'
        Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'EnvironmentDelete'
        (Get-RailwayEnvironment -Project demo -Name production).Name | Should -Be 'production'
        (Test-RailwayHealth -Project demo -Environment production -Service web).Healthy | Should -BeTrue
    }

    It 'reports an environment that does not exist and deletes nothing (RailwayEnvironmentNotFound)' {
        Reset-EmulatorJournal $script:Emulator
        Remove-RailwayEnvironment -Project demo -Name nowhere -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentNotFound,*'
        $failures[0].Exception.Message | Should -BeLike '*production*'
        Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'EnvironmentDelete'
    }
}
