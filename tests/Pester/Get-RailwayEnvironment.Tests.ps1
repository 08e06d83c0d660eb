BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Seed = Get-RailwayOpsTestSeed
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Get-RailwayEnvironment' {
    It 'lists the environments of a project' {
        $environments = @(Get-RailwayEnvironment -Project demo)

        @($environments.Name | Sort-Object) | Should -Be @($script:Seed.projects[0].environments.name | Sort-Object)
        $environments | ForEach-Object {
            $_ | Should -BeOfType ([RailwayOps.RailwayEnvironment])
            $_.ProjectName | Should -Be 'demo'
            $_.IsPullRequest | Should -BeFalse
        }
    }

    It 'takes projects from the pipeline by ProjectId' {
        @(Get-RailwayProject -Name demo | Get-RailwayEnvironment).Count | Should -Be $script:Seed.projects[0].environments.Count
    }

    It 'filters by name with wildcards, case-insensitively' {
        (Get-RailwayEnvironment -Project demo -Name 'PROD*').Name | Should -Be 'production'
    }

    It 'lists only pull-request environments with -PullRequest' {
        Get-RailwayEnvironment -Project demo -PullRequest | Where-Object { -not $_.IsPullRequest } | Should -BeNullOrEmpty
        Get-RailwayEnvironment -Project demo -PullRequest | Where-Object Name -EQ 'production' | Should -BeNullOrEmpty
    }

    It 'reports an unknown literal environment name' {
        Get-RailwayEnvironment -Project demo -Name 'nowhere' -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentNotFound,*'
    }

    It 'reports an unknown project as ObjectNotFound without stopping the pipeline' {
        $result = @('no-such-project', 'demo' | ForEach-Object { [pscustomobject]@{ ProjectId = $_ } } |
                Get-RailwayEnvironment -ErrorVariable failures -ErrorAction SilentlyContinue)

        $result.Count | Should -Be $script:Seed.projects[0].environments.Count
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayProjectNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
