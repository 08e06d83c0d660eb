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

Describe 'New-RailwayDomain' {
    It 'generates a service domain in Railway''s style, routed by Host header to the service' {
        $domain = New-RailwayDomain @script:Target

        $domain | Should -BeOfType ([RailwayOps.RailwayDomain])
        $domain.Kind | Should -Be 'Service'
        $domain.Domain | Should -Match '^web-production-[0-9a-f]{5}\.up\.railway\.app$'
        $domain.ServiceName | Should -Be 'web'
        $domain.EnvironmentName | Should -Be 'production'
        $domain.Url.Scheme | Should -Be 'https'
        (Get-RailwayDomain @script:Target).Domain | Should -Contain $domain.Domain

        # The emulator's own port answers for the name, as Railway's edge does: the Host header picks the service.
        $emulatorPort = ([Uri]$script:Emulator.GraphQLUrl).Port
        $health = Invoke-RestMethod -Uri "http://127.0.0.1:$emulatorPort/api/health" -Headers @{ Host = $domain.Domain }
        $health.status | Should -Be 'healthy'
        (Invoke-RestMethod -Uri "http://127.0.0.1:$emulatorPort/" -Headers @{ Host = $domain.Domain.ToUpperInvariant() }).environment | Should -Be 'production' -Because 'the name reaches the production instance, case-insensitively'
        # And the service's loopback address still answers, as before.
        (Test-RailwayHealth @script:Target).Healthy | Should -BeTrue
    }

    It 'refuses a second service domain and creates nothing (RailwayDomainExists)' {
        Reset-EmulatorJournal $script:Emulator
        $before = @(Get-RailwayDomain @script:Target -Kind Service).Count

        New-RailwayDomain @script:Target -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDomainExists,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'ServiceDomainCreate'
        @(Get-RailwayDomain @script:Target -Kind Service).Count | Should -Be $before
    }

    It 'adds a custom domain and reports the DNS record to create and its status' {
        $domain = New-RailwayDomain @script:Target -Name API.Example.COM -InformationVariable info

        $domain.Kind | Should -Be 'Custom'
        $domain.Domain | Should -Be 'api.example.com'
        $domain.Verified | Should -BeFalse
        $domain.DnsRecords.Count | Should -Be 1
        $domain.DnsRecords[0].Type | Should -Be 'CNAME'
        $domain.DnsRecords[0].Name | Should -Be 'api.example.com'
        $domain.DnsRecords[0].RequiredValue | Should -Not -BeNullOrEmpty
        $domain.DnsRecords[0].Status | Should -Be 'REQUIRES_UPDATE'
        "$info" | Should -BeLike "*CNAME api.example.com -> $($domain.DnsRecords[0].RequiredValue)*"
        (Get-RailwayDomain @script:Target -Kind Custom).Domain | Should -Be 'api.example.com'
    }

    It 'gives a forked environment''s service its own domain' {
        New-RailwayEnvironment -Project demo -Name pr-8 -Source production -SkipInitialDeploys | Out-Null
        (New-RailwayDomain -Project demo -Environment pr-8 -Service web).Domain | Should -Match '^web-pr-8-[0-9a-f]{5}\.up\.railway\.app$'
    }

    Context 'bad input changes nothing' {
        BeforeEach { Reset-EmulatorJournal $script:Emulator }

        It 'refuses a domain any service has (RailwayDomainTaken)' {
            New-RailwayDomain -Project demo -Environment staging -Service web -Name api.example.com -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDomainTaken,*'
            $failures[0].Exception.Message | Should -BeLike '*already in use*'
            Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'CustomDomainCreate'
        }

        It 'refuses <Name> as a custom domain before any request (RailwayInvalidDomainName)' -ForEach @(
            @{ Name = 'localhost' }, @{ Name = '10.0.0.1' }, @{ Name = 'https://api.example.com' }, @{ Name = 'x.up.railway.app' }, @{ Name = 'bad_label.example.com' }
        ) {
            New-RailwayDomain @script:Target -Name $Name -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidDomainName,*'
            (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
        }

        It 'needs a service (RailwayDomainTargetIncomplete)' {
            New-RailwayDomain -Project demo -Environment production -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDomainTargetIncomplete,*'
            Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'ServiceDomainCreate'
        }

        It 'changes nothing with -WhatIf' {
            New-RailwayDomain -Project demo -Environment staging -Service web -WhatIf | Should -BeNullOrEmpty
            Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'ServiceDomainCreate'
        }
    }
}
