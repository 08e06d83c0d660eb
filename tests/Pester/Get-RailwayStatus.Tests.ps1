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

Describe 'Get-RailwayStatus' {
    It 'shows each service of the environment with its latest deployment, URL and replicas' {
        $status = @(Get-RailwayStatus -Project demo -Environment production)

        @($status.ServiceName) | Should -Be @('web', 'worker')
        $web = $status[0]
        $web | Should -BeOfType ([RailwayOps.RailwayServiceStatus])
        $latest = Get-RailwayDeployment -Project demo -Environment production -Service web -First 1
        $web.DeploymentId | Should -Be $latest.DeploymentId
        $web.Status | Should -Be $latest.Status
        $web.CommitHash | Should -Be $latest.CommitHash
        $web.Age | Should -BeGreaterThan ([TimeSpan]::Zero)
        $web.Url | Should -Be ([RailwayOps.RailwayDomain]@{ DomainId = 'x'; Domain = (Get-RailwayDomain -Project demo -Environment production -Service web)[0].Domain; Kind = 'Service' }).Url
        $web.Replicas | Should -Be 1
        $web.EnvironmentName | Should -Be 'production'
    }

    It 'reads the status in at most two requests, one when the project is an id' {
        $project = Get-RailwayProject -Name demo
        Reset-EmulatorJournal $script:Emulator
        Get-RailwayStatus -Project demo -Environment production | Out-Null
        (Get-EmulatorJournal $script:Emulator).total | Should -BeLessOrEqual 2

        Reset-EmulatorJournal $script:Emulator
        Get-RailwayStatus -Project $project.ProjectId -Environment production | Out-Null
        (Get-EmulatorJournal $script:Emulator).total | Should -Be 1
    }

    It 'shows every environment without -Environment, and filters services with -Service' {
        $all = @(Get-RailwayStatus -Project demo)
        @($all.EnvironmentName | Sort-Object -Unique) | Should -Be @('production', 'staging')
        @(Get-RailwayStatus -Project demo -Service 'w*b').ServiceName | Sort-Object -Unique | Should -Be 'web'
    }

    It 'prefers a custom domain for the URL, as the CLI does' {
        New-RailwayDomain -Project demo -Environment staging -Service web -Name status.example.com | Out-Null
        (Get-RailwayStatus -Project demo -Environment staging -Service web).Url | Should -Be 'https://status.example.com/'
    }

    It 'pipes into Test-RailwayHealth, Get-RailwayDeploymentLog and Wait-RailwayDeployment' {
        (Get-RailwayStatus -Project demo -Environment production -Service web | Test-RailwayHealth).Healthy | Should -BeTrue
        @(Get-RailwayStatus -Project demo -Environment production -Service web | Get-RailwayDeploymentLog).Count | Should -BeGreaterThan 0
        (Get-RailwayStatus -Project demo -Environment production -Service web | Wait-RailwayDeployment -Latest -TimeoutSec 30).Status | Should -Be "Success"
        (Get-RailwayStatus -Project demo -Environment production -Service web).LatestDeployment | Wait-RailwayDeployment -TimeoutSec 30 | Should -Not -BeNullOrEmpty
    }

    It 'works with a project token, which needs no -Project' {
        $token = ConvertTo-TestSecureString (Get-TestSeedToken -Kind project)
        $status = @(Get-RailwayStatus -Token $token -TokenKind Project)
        @($status.EnvironmentName | Sort-Object -Unique) | Should -Be 'production'
    }

    It 'reports an environment the project does not have, listing those it has (RailwayEnvironmentNotFound)' {
        Get-RailwayStatus -Project demo -Environment nowhere -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentNotFound,*'
        $failures[0].Exception.Message | Should -BeLike '*production*staging*'
    }

    It 'reports a project that does not exist (RailwayProjectNotFound)' {
        Get-RailwayStatus -Project nope -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayProjectNotFound,*'
    }
}
