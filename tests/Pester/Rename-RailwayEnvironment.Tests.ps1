BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'EnvironmentTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Rename-RailwayEnvironment' {
    It 'renames an environment, keeping its id; writes it only with -PassThru' {
        $created = New-RailwayEnvironment -Project demo -Name before -SkipInitialDeploys

        Rename-RailwayEnvironment -Project demo -Name before -NewName middle | Should -BeNullOrEmpty
        $renamed = Rename-RailwayEnvironment -Project demo -Name middle -NewName after -PassThru

        $renamed.Name | Should -Be 'after'
        $renamed.EnvironmentId | Should -Be $created.EnvironmentId
        (Get-RailwayEnvironment -Project demo -Name after).EnvironmentId | Should -Be $created.EnvironmentId
        Get-RailwayEnvironment -Project demo -Name before -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'takes the environment from the pipeline' {
        New-RailwayEnvironment -Project demo -Name piped -SkipInitialDeploys | Rename-RailwayEnvironment -NewName piped-2
        (Get-RailwayEnvironment -Project demo -Name piped-2).Name | Should -Be 'piped-2'
    }

    Context 'bad input changes nothing' {
        BeforeEach { Reset-EmulatorJournal $script:Emulator }

        It 'refuses an invalid new name before any request (RailwayInvalidEnvironmentName)' {
            Rename-RailwayEnvironment -Project demo -Name staging -NewName 'no spaces please' -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidEnvironmentName,*'
            (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
        }

        It 'refuses a name another environment has (RailwayEnvironmentExists)' {
            Rename-RailwayEnvironment -Project demo -Name staging -NewName Production -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentExists,*'
            Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'EnvironmentRename'
            (Get-RailwayEnvironment -Project demo -Name staging).Name | Should -Be 'staging'
        }

        It 'reports an environment that does not exist (RailwayEnvironmentNotFound)' {
            Rename-RailwayEnvironment -Project demo -Name nowhere -NewName somewhere -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentNotFound,*'
            Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'EnvironmentRename'
        }

        It 'changes nothing with -WhatIf' {
            Rename-RailwayEnvironment -Project demo -Name staging -NewName staging-x -WhatIf
            Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'EnvironmentRename'
            (Get-RailwayEnvironment -Project demo -Name staging).Name | Should -Be 'staging'
        }
    }
}
