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

Describe 'Get-RailwayService' {
    AfterEach {
        Remove-Item Env:RAILWAY_PROJECT_ID -ErrorAction SilentlyContinue
    }

    It 'lists the services of a project' {
        $services = @(Get-RailwayService -Project demo)

        @($services.Name | Sort-Object) | Should -Be @($script:Seed.projects[0].services.name | Sort-Object)
        $services | ForEach-Object { $_ | Should -BeOfType ([RailwayOps.RailwayService]); $_.ProjectName | Should -Be 'demo' }
    }

    It 'matches the project name case-insensitively and by id' {
        $byName = @(Get-RailwayService -Project DEMO)
        $byId = @(Get-RailwayService -Project $byName[0].ProjectId)

        $byId.ServiceId | Should -Be $byName.ServiceId
    }

    It 'takes the project from RAILWAY_PROJECT_ID when no parameter is given' {
        $env:RAILWAY_PROJECT_ID = (Get-RailwayProject -Name demo).ProjectId

        @(Get-RailwayService).Count | Should -Be $script:Seed.projects[0].services.Count
    }

    It 'filters by name' {
        (Get-RailwayService -Project demo -Name 'w*b').Name | Should -Be 'web'
    }

    It 'reports an unknown project as ObjectNotFound' {
        Get-RailwayService -Project 'no-such-project' -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayProjectNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports an unknown literal service name' {
        Get-RailwayService -Project demo -Name 'nothing' -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayServiceNotFound,*'
    }
}
