BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Seed = Get-RailwayOpsTestSeed
    $script:SeedDeployments = @($script:Seed.projects | ForEach-Object { $_.services } | Where-Object { $_.PSObject.Properties['deployments'] } | ForEach-Object { $_.deployments })
    # The seed's deployments of web are real commits of the sample in the hosted repository (one chain per branch
    # under refs/seed/): git, not the seed file, knows their hashes.
    $script:Remote = ($script:Emulator.Repositories | Where-Object Repository -EQ 'railwayops/hello-railway').Remote
    function Get-SeededCommit([string]$Branch, [string]$Message) {
        @(git -C $script:Remote log "refs/seed/$Branch" --format='%H %s' | Where-Object { $_.Substring(41) -eq $Message } | ForEach-Object { $_.Substring(0, 40) })
    }
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Get-RailwayDeployment' {
    AfterEach {
        Clear-EmulatorFault $script:Emulator
    }

    It 'returns exactly the seed''s failed deployments for Where-Object Status -eq Failed' {
        $expected = @($script:SeedDeployments | Where-Object status -EQ 'FAILED' | ForEach-Object { Get-SeededCommit $_.branch $_.commitMessage } | Sort-Object)

        $failed = @(Get-RailwayDeployment | Where-Object Status -EQ Failed)

        $expected.Count | Should -Be @($script:SeedDeployments | Where-Object status -EQ 'FAILED').Count
        @($failed.CommitHash | Sort-Object) | Should -Be $expected
        $failed | ForEach-Object { $_.Status | Should -BeOfType ([RailwayOps.DeploymentStatus]) }
    }

    It 'writes Status and StatusClass by name in ConvertTo-Json, and ConvertFrom-Json reads them back' {
        $deployment = Get-RailwayDeployment -Project demo -Environment production -Service web -First 1

        $json = $deployment | ConvertTo-Json -Depth 2
        $back = $json | ConvertFrom-Json

        $back.Status | Should -BeExactly $deployment.Status.ToString()
        $back.StatusClass | Should -BeExactly $deployment.StatusClass.ToString()
        [RailwayOps.DeploymentStatus]$back.Status | Should -Be $deployment.Status
    }

    It 'binds services from the pipeline by property name' {
        $services = @(Get-RailwayService -Project demo)

        $latest = @(Get-RailwayService -Project demo | Get-RailwayDeployment -First 1)

        $withDeployments = @($script:Seed.projects[0].services | Where-Object { $_.PSObject.Properties['deployments'] -and $_.deployments.Count -gt 0 })
        $latest.Count | Should -Be $withDeployments.Count
        $latest | ForEach-Object { $_.ServiceId | Should -BeIn $services.ServiceId }
        $latest[0].ServiceName | Should -Be $withDeployments[0].name
    }

    It 'lists newest first and carries the commit from meta' {
        $deployments = @(Get-RailwayDeployment -Project demo -Environment production -Service web)
        $seedWeb = @($script:SeedDeployments | Where-Object environment -EQ 'production' | Sort-Object { [DateTimeOffset]$_.createdAt } -Descending)

        $deployments.Count | Should -Be $seedWeb.Count
        $deployments[0].CommitHash | Should -Be (git -C $script:Remote rev-parse refs/seed/main) -Because 'the newest production deployment is the tip of the seeded main history'
        $deployments[0].CommitMessage | Should -Be $seedWeb[0].commitMessage
        $deployments[0].Branch | Should -Be $seedWeb[0].branch
        $deployments[0].EnvironmentName | Should -Be 'production'
        $deployments[0].ProjectName | Should -Be 'demo'
        $deployments[0].CreatedAt | Should -BeOfType ([DateTimeOffset])
    }

    It 'filters by one or more statuses, in either spelling' {
        $statuses = @(Get-RailwayDeployment -Project demo -Status Crashed, NEEDS_APPROVAL, Skipped | ForEach-Object Status | Sort-Object -Unique)

        $statuses | Should -Be @('Crashed', 'Skipped')
    }

    It 'rejects an unknown status with a binding error that lists the valid ones' {
        $failure = { Get-RailwayDeployment -Status Exploded } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'CannotConvertArgumentNoMessage,*'
        $failure.Exception.Message | Should -BeLike '*NeedsApproval*'
    }

    It 'finds a deployment by a commit prefix and rejects a non-hash' {
        $target = $script:SeedDeployments | Where-Object status -EQ 'CRASHED' | Select-Object -First 1
        $hash = @(Get-SeededCommit $target.branch $target.commitMessage)[0]

        $found = @(Get-RailwayDeployment -Project demo -CommitSha $hash.Substring(0, 7))

        $found.Count | Should -Be 1
        $found[0].Status | Should -Be 'Crashed'
        { Get-RailwayDeployment -CommitSha 'xyz' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { Get-RailwayDeployment -CommitSha 'abc12' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'caps the number of objects with -First' {
        @(Get-RailwayDeployment -Project demo -First 3).Count | Should -Be 3
    }

    It 'fetches lazily: stopping after the first object costs one page' {
        Reset-EmulatorJournal $script:Emulator

        Get-RailwayDeployment -Project demo -Service web | Select-Object -First 1 | Should -Not -BeNullOrEmpty

        (Get-EmulatorJournal $script:Emulator).byOperation.Deployments | Should -Be 1
    }

    It 'gets deployments by id, from the pipeline too, and reports an unknown id per item' {
        $known = Get-RailwayDeployment -Project demo -First 1

        $result = @($known.DeploymentId, 'no-such-deployment' | Get-RailwayDeployment -ErrorVariable failures -ErrorAction SilentlyContinue)

        $result.DeploymentId | Should -Be $known.DeploymentId
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refreshes piped deployment objects by id instead of listing their service' {
        $held = @(Get-RailwayDeployment -Project demo -First 2)

        $refreshed = @($held | Get-RailwayDeployment)

        $refreshed.DeploymentId | Should -Be $held.DeploymentId
    }

    It 'reports an unknown project name as ObjectNotFound' {
        Get-RailwayDeployment -Project 'no-such-project' -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayProjectNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'given ids, checks the target and asks for the first page together: two requests, nothing else' {
        $web = Get-RailwayService -Project demo -Name web
        $production = Get-RailwayEnvironment -Project demo -Name production
        Reset-EmulatorJournal $script:Emulator

        $first = Get-RailwayDeployment -Project $web.ProjectId -Environment $production.EnvironmentId -Service $web.ServiceId | Select-Object -First 1

        $first.ServiceName | Should -Be 'web'
        $first.EnvironmentName | Should -Be 'production'
        $journal = Get-EmulatorJournal $script:Emulator
        $journal.byOperation.ProjectOutline | Should -Be 1
        $journal.byOperation.Deployments | Should -Be 1
        $journal.byOperation.PSObject.Properties.Name | Should -Not -Contain 'Projects'
    }

    It 'given ids of which one is unknown, writes ObjectNotFound naming it and no deployment' {
        $web = Get-RailwayService -Project demo -Name web
        $unknown = [guid]::NewGuid().ToString()

        $listed = @(Get-RailwayDeployment -Project $web.ProjectId -Environment $unknown -Service $web.ServiceId -ErrorVariable failures -ErrorAction SilentlyContinue)

        $listed.Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentNotFound,*'
        $failures[0].Exception.Message | Should -BeLike "*$unknown*"
    }

    It 'recovers from transient 503s' {
        Add-EmulatorFault $script:Emulator @{ kind = 'status'; status = 503; count = 1; operation = 'Deployments' }

        @(Get-RailwayDeployment -Project demo -First 2).Count | Should -Be 2
    }
}
