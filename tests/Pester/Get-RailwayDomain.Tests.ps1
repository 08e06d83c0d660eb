BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    New-RailwayDomain -Project demo -Environment staging -Service web | Out-Null
    New-RailwayDomain -Project demo -Environment staging -Service web -Name shop.example.org | Out-Null
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Get-RailwayDomain' {
    It 'lists service domains first, then custom domains, with names' {
        $domains = @(Get-RailwayDomain -Project demo -Environment staging -Service web)

        $domains.Count | Should -Be 3
        $domains[0].Kind | Should -Be 'Service'
        $domains[0].IsLoopback | Should -BeTrue -Because 'the emulator serves every instance at its loopback address first'
        $domains[1].Domain | Should -Match '^web-staging-[0-9a-f]{5}\.up\.railway\.app$'
        $domains[2].Kind | Should -Be 'Custom'
        $domains[2].Domain | Should -Be 'shop.example.org'
        $domains | ForEach-Object { $_.ServiceName | Should -Be 'web'; $_.EnvironmentName | Should -Be 'staging' }
    }

    It 'lists every service of the environment without -Service' {
        @((Get-RailwayDomain -Project demo -Environment staging).ServiceName | Sort-Object -Unique) | Should -Be @('web', 'worker')
    }

    It 'filters by -Kind' {
        (Get-RailwayDomain -Project demo -Environment staging -Service web -Kind Custom).Domain | Should -Be 'shop.example.org'
    }

    It 'takes the service from Get-RailwayService by property name' {
        $domains = @(Get-RailwayService -Project demo -Name web | Get-RailwayDomain -Environment staging)
        $domains.Domain | Should -Contain 'shop.example.org'
    }

    It 'needs an environment (RailwayDomainTargetIncomplete)' {
        Get-RailwayDomain -Project demo -Service web -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDomainTargetIncomplete,*'
    }

    It 'reports a service that does not exist (RailwayServiceNotFound)' {
        Get-RailwayDomain -Project demo -Environment staging -Service nope -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayServiceNotFound,*'
    }
}
