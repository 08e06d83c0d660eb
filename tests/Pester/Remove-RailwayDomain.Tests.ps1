BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'EnvironmentTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Target = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Remove-RailwayDomain' {
    It 'removes a service domain: the Host header no longer reaches the service' {
        $domain = New-RailwayDomain @script:Target
        $emulatorPort = ([Uri]$script:Emulator.GraphQLUrl).Port
        (Invoke-WebRequest -Uri "http://127.0.0.1:$emulatorPort/api/health" -Headers @{ Host = $domain.Domain }).StatusCode | Should -Be 200

        Remove-RailwayDomain @script:Target -Domain $domain.Domain -Force

        (Get-RailwayDomain @script:Target).Domain | Should -Not -Contain $domain.Domain
        $answer = Invoke-WebRequest -Uri "http://127.0.0.1:$emulatorPort/api/health" -Headers @{ Host = $domain.Domain } -SkipHttpErrorCheck
        $answer.StatusCode | Should -Be 404 -Because 'no service answers at a removed name'
    }

    It 'removes custom domains piped from Get-RailwayDomain' {
        New-RailwayDomain @script:Target -Name a.example.net | Out-Null
        New-RailwayDomain @script:Target -Name b.example.net | Out-Null

        $removed = @(Get-RailwayDomain @script:Target -Kind Custom | Remove-RailwayDomain -Force -PassThru)

        @($removed.Domain | Sort-Object) | Should -Be @('a.example.net', 'b.example.net')
        Get-RailwayDomain @script:Target -Kind Custom | Should -BeNullOrEmpty
    }

    Context 'bad input changes nothing' {
        BeforeEach { Reset-EmulatorJournal $script:Emulator }

        It 'reports a domain the service does not have, listing those it has (RailwayDomainNotFound)' {
            Remove-RailwayDomain @script:Target -Domain nope.example.com -Force -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDomainNotFound,*'
            $failures[0].Exception.Message | Should -BeLike '*127.0.0.1:*'
            Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'ServiceDomainDelete'
        }

        It 'changes nothing with -WhatIf' {
            $domain = New-RailwayDomain @script:Target -Name keep.example.net
            Reset-EmulatorJournal $script:Emulator

            Remove-RailwayDomain @script:Target -Domain $domain.Domain -Force -WhatIf

            Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'CustomDomainDelete'
            (Get-RailwayDomain @script:Target -Kind Custom).Domain | Should -Contain 'keep.example.net'
        }
    }
}
