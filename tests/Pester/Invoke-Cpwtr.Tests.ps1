BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null

    # One emulator for the file; each scenario gets its own project and hosted repository, so the
    # scenarios cannot disturb each other's deployments and run against a fresh remote.
    $script:Scenarios = 'prod', 'pr', 'build', 'health', 'reject', 'never', 'mismatch', 'secret', 'cancel', 'commit', 'skip',
        'crash', 'resume', 'staging', 'healthpath', 'two', 'multi', 'commitsha', 'slow'
    $script:SampleRoot = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'samples/hello-railway'
    $script:GitHubToken = 'emu-github-token'
    $settings = @{ startCommand = 'python3 -m app.main'; healthcheckPath = '/api/health'; healthcheckTimeout = 5 }
    function New-ScenarioService([string]$Scenario, [string]$Name = 'web', [string]$Repo = "railwayops/cpwtr-$Scenario", [hashtable]$With = @{}) {
        $serviceSettings = $settings.Clone()
        foreach ($key in $With.Keys) { $serviceSettings[$key] = $With[$key] }
        @{ name = $Name; repo = $Repo; branch = 'main'; settings = $serviceSettings }
    }
    $seed = [ordered]@{
        tokens       = @(@{ kind = 'account'; value = 'emu-account-token'; name = 'Cpwtr Tester' })
        githubTokens = @($script:GitHubToken)
        projects     = @($script:Scenarios | ForEach-Object {
                $scenario = $_
                $project = [ordered]@{
                    name         = "cpwtr-$scenario"
                    environments = @(@{ name = 'production' })
                    services     = @(New-ScenarioService $scenario)
                }
                switch ($scenario) {
                    # Railway keeps the branch on each service instance's deploy trigger: staging's follows 'staging'.
                    'staging' { $project.environments = @(@{ name = 'production' }, @{ name = 'staging'; branch = 'staging' }) }
                    # The service's own healthcheckPath in Railway names the root route, and the repository has no railway.toml.
                    'healthpath' { $project.services = @(New-ScenarioService $scenario -With @{ healthcheckPath = '/' }) }
                    # Two services from two repositories: the origin names the one to release.
                    'two' { $project.services = @((New-ScenarioService $scenario), (New-ScenarioService $scenario -Name 'api' -Repo 'railwayops/cpwtr-two-api')) }
                    # Two services deployed by the same push.
                    'multi' { $project.services = @((New-ScenarioService $scenario), (New-ScenarioService $scenario -Name 'jobs')) }
                }
                $project
            })
    }
    $seedFile = Join-Path $TestDrive 'cpwtr-seed.json'
    $seed | ConvertTo-Json -Depth 10 | Set-Content -Path $seedFile
    $script:State = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-cpwtr-' + [guid]::NewGuid().ToString('n'))
    $script:Emulator = Start-RailwayEmulator -Seed $seedFile -StateDirectory $script:State -Confirm:$false
    # Invoke-RestMethod writes a JSON array as one object; the pipeline unrolls it.
    $script:Repos = Invoke-RestMethod ([Uri]::new($script:Emulator.AdminUrl, 'repos')) | ForEach-Object { $_ }

    function Invoke-Git {
        # A simple function: an advanced one would bind git's own switches (-q, -c) as its parameters.
        $Repository = $args[0]
        $Arguments = @($args | Select-Object -Skip 1)
        $output = & git -C $Repository @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "git $($Arguments -join ' ') failed: $output" }
        $output
    }

    function Get-CommitCount([string]$Repository) { [int](Invoke-Git $Repository rev-list --count HEAD) }

    function Get-DeclaredVersion([string]$Repository) {
        $text = Get-Content -Raw (Join-Path $Repository 'app/config.py')
        ([regex]'app_version: str = "([^"]+)"').Match($text).Groups[1].Value
    }

    function Get-BumpCommitCount([string]$Repository, [string]$Version) {
        @(Invoke-Git $Repository log --format=%s | Where-Object { $_ -like "* - bump to v$Version" }).Count
    }

    function Get-HealthVersion([Uri]$Url) {
        (Invoke-RestMethod -Uri ([Uri]::new($Url, '/api/health')) -TimeoutSec 5).version
    }

    function Set-RailwayToml([string]$Repository, [string]$Build = '', [int]$HealthTimeout = 5) {
        $text = @"
[build]
watchPatterns = ["app/**", "railway.toml", "requirements.txt"]
$Build

[deploy]
startCommand = "python3 -m app.main"
healthcheckPath = "/api/health"
healthcheckTimeout = $HealthTimeout
restartPolicyType = "NEVER"
"@
        Set-Content -Path (Join-Path $Repository 'railway.toml') -Value $text
    }

    function Set-HealthAnswer([string]$Repository, [string]$Expression) {
        # Replaces the health route's body, e.g. to answer 500 or a hard-coded version.
        $main = Join-Path $Repository 'app/main.py'
        $text = Get-Content -Raw $main
        $text = $text -replace 'return \{"status": "healthy", "version": settings.app_version\}', $Expression
        Set-Content -Path $main -Value $text -NoNewline
    }

    # The landed module has no -StableSec: scenarios that are not about the stability window turn it off where it exists.
    $script:NoWindow = if ((Get-Command Invoke-Cpwtr).Parameters.ContainsKey('StableSec')) { @{ StableSec = 0 } } else { @{} }

    function New-ScenarioRepository {
        <# A clone of the sample at version 0.1.0 whose origin is the scenario's hosted repository, deployed and healthy. #>
        param([Parameter(Mandatory)][string]$Scenario, [string]$Change = 'Initial layout', [switch]$NoToml, [hashtable]$Parameters = @{})
        $work = Join-Path $TestDrive $Scenario
        Copy-Item -Recurse $script:SampleRoot $work
        if ($NoToml) { Remove-Item (Join-Path $work 'railway.toml') } else { Set-RailwayToml $work }
        Invoke-Git $work init -q -b main | Out-Null
        Invoke-Git $work config user.name 'Cpwtr Tester' | Out-Null
        Invoke-Git $work config user.email 'cpwtr@example.com' | Out-Null
        Invoke-Git $work add -A | Out-Null
        Invoke-Git $work commit -q -m "$Change - bump to v0.1.0" | Out-Null
        $bare = ($script:Repos | Where-Object repo -EQ "railwayops/cpwtr-$Scenario").path
        if (-not $bare) { throw "The emulator hosts no repository railwayops/cpwtr-$Scenario." }
        Invoke-Git $work remote add origin $bare | Out-Null
        Push-Location $work
        try {
            $noWindow = $script:NoWindow
            $first = Invoke-Cpwtr -Project "cpwtr-$Scenario" -Message $Change -NoBump -HealthTimeoutSec 30 -Confirm:$false @noWindow @Parameters
        }
        finally { Pop-Location }
        if (-not $first.Succeeded) { throw "The first deployment of $Scenario failed: $($first.Reason)" }
        [pscustomobject]@{ Path = $work; Bare = $bare; Project = "cpwtr-$Scenario"; Url = $first.Url; First = $first }
    }

    function Invoke-ScenarioCpwtr {
        param([Parameter(Mandatory)] $Repository, [hashtable]$Parameters = @{})
        Push-Location $Repository.Path
        try {
            $errors = $null
            $all = @{ Project = $Repository.Project; HealthTimeoutSec = 10; TimeoutSec = 120; Confirm = $false } + $script:NoWindow
            foreach ($key in $Parameters.Keys) { $all[$key] = $Parameters[$key] }
            $warnings = $null
            $result = Invoke-Cpwtr @all -ErrorAction SilentlyContinue -ErrorVariable errors -WarningAction SilentlyContinue -WarningVariable warnings
            [pscustomobject]@{ Result = $result; Errors = @($errors); Warnings = @($warnings) }
        }
        finally { Pop-Location }
    }

    function Get-StageOutcome($Result, [string]$Name) { ($Result.Stages | Where-Object Name -EQ $Name).Outcome.ToString() }
}

AfterAll {
    if ($script:Emulator) {
        $script:Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction SilentlyContinue
    }
    if ($script:State -and (Test-Path $script:State)) { Remove-Item $script:State -Recurse -Force -ErrorAction SilentlyContinue }
    Exit-RailwayTestEnvironment
}

Describe 'Invoke-Cpwtr' {
    Context 'on the default branch' {
        BeforeAll {
            $script:Prod = New-ScenarioRepository 'prod'
        }

        It 'ships a change to production: bumps, commits, pushes, waits for that commit and tests its version' {
            $before = Get-CommitCount $script:Prod.Path
            Add-Content -Path (Join-Path $script:Prod.Path 'app/__init__.py') -Value '# first change'

            $run = Invoke-ScenarioCpwtr $script:Prod @{ Message = 'First change' }

            $run.Errors | Should -BeNullOrEmpty
            $result = $run.Result
            $result | Should -BeOfType ([RailwayOps.ReleaseResult])
            $result.Succeeded | Should -BeTrue
            $result.Version | Should -Be '0.1.1'
            $result.PreviousVersion | Should -Be '0.1.0'
            $result.Environment | Should -Be 'production'
            $result.Branch | Should -Be 'main'
            $result.Commit | Should -Be (Invoke-Git $script:Prod.Path rev-parse HEAD)
            $result.Health.Version | Should -Be '0.1.1'
            @($result.Stages.Outcome | ForEach-Object ToString) | Should -Be @('Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded')
            $deployment = Get-RailwayDeployment -Id $result.DeploymentId
            $deployment.CommitHash | Should -Be $result.Commit
            $deployment.Status | Should -Be Success
            Get-CommitCount $script:Prod.Path | Should -Be ($before + 1)
            Invoke-Git $script:Prod.Path log -1 --format=%s | Should -Be 'First change - bump to v0.1.1'
            $result.Outcome | Should -Be 'Released'
            ($result.Stages | Where-Object Name -EQ 'Commit').Detail | Should -Be ('{0} "First change - bump to v0.1.1"' -f $result.Commit.Substring(0, 7))
            Invoke-Git $script:Prod.Path status --porcelain | Should -BeNullOrEmpty
            Get-HealthVersion $result.Url | Should -Be '0.1.1'
            $script:ProdResult = $result
        }

        It 'shows every stage and the health answer as values, in the default view, Format-List and Format-Table' {
            $result = $script:ProdResult
            $default = $result | Out-String -Width 100
            $list = $result | Format-List | Out-String -Width 100
            $table = $result | Format-Table | Out-String -Width 100

            foreach ($text in $default, $list) {
                foreach ($stage in $result.Stages) { $text | Should -Match ('(?m)(^|: )\s*{0}\s+Succeeded' -f $stage.Name) }
                $text | Should -Match '200 healthy \(version 0\.1\.1'
                $text | Should -Not -Match 'RailwayOps\.(HealthCheckResult|ReleaseStage)'
            }
            $table | Should -Match 'V\+ C\+ P\+ W\+ T\+'
        }

        It 'only tests when run again with nothing new: no second bump, no empty commit' {
            $before = Get-CommitCount $script:Prod.Path

            $run = Invoke-ScenarioCpwtr $script:Prod

            $run.Result.Succeeded | Should -BeTrue
            $run.Result.Outcome | Should -Be 'AlreadyLive'
            ($run.Warnings -join ' ') | Should -Match 'Nothing was shipped'
            $run.Result.Version | Should -Be '0.1.1'
            @('Version', 'Commit', 'Push', 'Wait' | ForEach-Object { Get-StageOutcome $run.Result $_ }) | Should -Be @('AlreadyDone', 'AlreadyDone', 'AlreadyDone', 'AlreadyDone')
            Get-StageOutcome $run.Result 'Test' | Should -Be 'Succeeded'
            Get-CommitCount $script:Prod.Path | Should -Be $before
            Get-DeclaredVersion $script:Prod.Path | Should -Be '0.1.1'
        }

        It 'reuses a bump that an interrupted run left uncommitted instead of bumping twice' {
            Push-Location $script:Prod.Path
            try { Step-RailwayAppVersion -Part Minor | Out-Null } finally { Pop-Location }

            $run = Invoke-ScenarioCpwtr $script:Prod @{ Message = 'Minor release' }

            $run.Result.Succeeded | Should -BeTrue
            $run.Result.Version | Should -Be '0.2.0'
            Get-StageOutcome $run.Result 'Version' | Should -Be 'AlreadyDone'
            Get-DeclaredVersion $script:Prod.Path | Should -Be '0.2.0'
            Get-BumpCommitCount $script:Prod.Path '0.2.0' | Should -Be 1
        }

        It 'changes nothing and writes no result with -WhatIf' {
            Add-Content -Path (Join-Path $script:Prod.Path 'app/__init__.py') -Value '# what-if change'
            $before = Get-CommitCount $script:Prod.Path
            $status = Invoke-Git $script:Prod.Path status --porcelain

            Push-Location $script:Prod.Path
            try { $output = Invoke-Cpwtr -Project $script:Prod.Project -Message 'Dry run' -WhatIf } finally { Pop-Location }

            $output | Should -BeNullOrEmpty
            Get-CommitCount $script:Prod.Path | Should -Be $before
            Invoke-Git $script:Prod.Path status --porcelain | Should -Be $status
            Get-DeclaredVersion $script:Prod.Path | Should -Be '0.2.0'
        }

        It 'fails a CI job with -ErrorAction Stop, after writing the result' {
            # A health path the app does not serve makes the Test stage fail.
            Invoke-Git $script:Prod.Path checkout '--' app/__init__.py | Out-Null
            Push-Location $script:Prod.Path
            try {
                $thrown = $null
                $results = @()
                try {
                    Invoke-Cpwtr -Project $script:Prod.Project -HealthPath '/missing' -HealthTimeoutSec 1 -NoBump -ErrorAction Stop -Confirm:$false |
                        ForEach-Object { $results += $_ }
                }
                catch { $thrown = $_ }
            }
            finally { Pop-Location }

            $thrown | Should -Not -BeNullOrEmpty
            $thrown.FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrHealthFailed,*'
            $thrown.CategoryInfo.Category | Should -Be 'InvalidResult'
            $results.Count | Should -Be 1
            $results[0].FailedStage | Should -Be 'Test'
        }
    }

    Context 'on a branch with an open pull request' {
        BeforeAll {
            $script:Pr = New-ScenarioRepository 'pr'
        }

        It 'deploys to the pull request''s environment, found through GitHub and Railway, and tests its own URL' {
            Invoke-Git $script:Pr.Path switch -q -c feature/search | Out-Null
            Add-Content -Path (Join-Path $script:Pr.Path 'app/__init__.py') -Value '# search'
            Invoke-Git $script:Pr.Path commit -q -am 'Search box' | Out-Null
            Invoke-Git $script:Pr.Path push -q -u origin feature/search | Out-Null
            $pull = Invoke-RestMethod -Method Post -Uri ([Uri]::new($script:Emulator.GitHubApiUrl, 'repos/railwayops/cpwtr-pr/pulls')) `
                -Headers @{ Authorization = "token $script:GitHubToken" } -ContentType 'application/json' `
                -Body (@{ title = 'Search box'; head = 'feature/search'; base = 'main' } | ConvertTo-Json)

            $run = Invoke-ScenarioCpwtr $script:Pr @{ Message = 'Search results' }

            $run.Errors | Should -BeNullOrEmpty
            $result = $run.Result
            $result.Succeeded | Should -BeTrue
            $environment = Get-RailwayEnvironment -Project $script:Pr.Project | Where-Object EnvironmentId -EQ $result.EnvironmentId
            $environment.IsEphemeral | Should -BeTrue
            $environment.PullRequestNumber | Should -Be $pull.number
            $result.Environment | Should -Not -Be 'production'
            $result.Url | Should -Not -Be $script:Pr.Url
            Get-HealthVersion $result.Url | Should -Be '0.1.1'
            Get-HealthVersion $script:Pr.Url | Should -Be '0.1.0'
        }

        It 'refuses a branch no environment follows before it bumps, commits or pushes anything' {
            Invoke-Git $script:Pr.Path switch -q -c feature/lonely | Out-Null
            Add-Content -Path (Join-Path $script:Pr.Path 'app/__init__.py') -Value '# lonely'
            $before = Get-CommitCount $script:Pr.Path
            $status = Invoke-Git $script:Pr.Path status --porcelain

            Push-Location $script:Pr.Path
            try {
                $thrown = $null
                try { Invoke-Cpwtr -Project $script:Pr.Project -Message 'Lonely' -Confirm:$false -ErrorAction Stop @script:NoWindow } catch { $thrown = $_ }
            }
            finally { Pop-Location }

            $thrown.FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrEnvironmentNotFound,*'
            $thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $thrown.Exception.Message | Should -Match 'feature/lonely'
            $thrown.Exception.Message | Should -Match 'Nothing was changed'
            Get-CommitCount $script:Pr.Path | Should -Be $before
            Get-DeclaredVersion $script:Pr.Path | Should -Be '0.1.1'
            Invoke-Git $script:Pr.Path status --porcelain | Should -Be $status
            Invoke-Git $script:Pr.Path ls-remote origin refs/heads/feature/lonely | Should -BeNullOrEmpty
        }
    }

    Context 'when the build fails' {
        BeforeAll {
            $script:Build = New-ScenarioRepository 'build'
        }

        It 'reports the failed Wait with the build log, and keeps the commit' {
            Set-RailwayToml $script:Build.Path -Build 'buildCommand = "echo compiling; exit 1"'
            $before = Get-CommitCount $script:Build.Path

            $run = Invoke-ScenarioCpwtr $script:Build @{ Message = 'Break the build' }

            $run.Result.Succeeded | Should -BeFalse
            $run.Result.FailedStage | Should -Be 'Wait'
            $run.Result.FailureKind | Should -Be 'DeploymentFailed'
            $run.Errors.Count | Should -Be 1
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrDeploymentFailed,*'
            ($run.Result.BuildLogTail.Message -join "`n") | Should -Match 'compiling'
            $run.Result.NextCommand | Should -Not -BeNullOrEmpty
            $run.Errors[0].ErrorDetails.RecommendedAction | Should -Be $run.Result.NextCommand
            Get-StageOutcome $run.Result 'Test' | Should -Be 'Skipped'
            Get-CommitCount $script:Build.Path | Should -Be ($before + 1)
            Invoke-Git $script:Build.Path status --porcelain | Should -BeNullOrEmpty
        }

        It 'resumes at Wait when run again unchanged: no second bump or commit' {
            $before = Get-CommitCount $script:Build.Path

            $run = Invoke-ScenarioCpwtr $script:Build @{ Message = 'Break the build' }

            $run.Result.FailedStage | Should -Be 'Wait'
            @('Version', 'Commit', 'Push' | ForEach-Object { Get-StageOutcome $run.Result $_ }) | Should -Be @('AlreadyDone', 'AlreadyDone', 'AlreadyDone')
            Get-CommitCount $script:Build.Path | Should -Be $before
            Get-DeclaredVersion $script:Build.Path | Should -Be '0.1.1'
        }

        It 'ships the fix as the next version' {
            Set-RailwayToml $script:Build.Path

            $run = Invoke-ScenarioCpwtr $script:Build @{ Message = 'Fix the build' }

            $run.Result.Succeeded | Should -BeTrue
            $run.Result.Version | Should -Be '0.1.2'
            Get-HealthVersion $run.Result.Url | Should -Be '0.1.2'
        }
    }

    Context 'when the health check fails' {
        BeforeAll {
            $script:Health = New-ScenarioRepository 'health'
        }

        It 'reports the failed Wait with the deploy log while production keeps serving the previous version' {
            Set-HealthAnswer $script:Health.Path 'raise RuntimeError("health is broken")'

            $run = Invoke-ScenarioCpwtr $script:Health @{ Message = 'Break health' }

            $run.Result.FailedStage | Should -Be 'Wait'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrDeploymentFailed,*'
            $run.Result.DeployLogTail.Count | Should -BeGreaterThan 0
            (Get-RailwayDeployment -Id $run.Result.DeploymentId).Status | Should -Be Failed
            Get-HealthVersion $script:Health.Url | Should -Be '0.1.0'
        }

        It 'ships the fix with one more run' {
            Invoke-Git $script:Health.Path checkout HEAD~1 '--' app/main.py | Out-Null

            $run = Invoke-ScenarioCpwtr $script:Health @{ Message = 'Fix health' }

            $run.Result.Succeeded | Should -BeTrue
            $run.Result.Version | Should -Be '0.1.2'
            Get-HealthVersion $script:Health.Url | Should -Be '0.1.2'
            Get-BumpCommitCount $script:Health.Path '0.1.1' | Should -Be 1
        }
    }

    Context 'when the remote rejects the push' {
        BeforeAll {
            $script:Reject = New-ScenarioRepository 'reject'
            $other = Join-Path $TestDrive 'reject-other'
            Invoke-Git $TestDrive clone -q $script:Reject.Bare $other | Out-Null
            Invoke-Git $other config user.name 'Someone Else' | Out-Null
            Invoke-Git $other config user.email 'else@example.com' | Out-Null
            Set-Content -Path (Join-Path $other 'NOTES.md') -Value 'a colleague pushed first'
            Invoke-Git $other add -A | Out-Null
            Invoke-Git $other commit -q -m 'Colleague notes' | Out-Null
            Invoke-Git $other push -q origin main | Out-Null
        }

        It 'keeps the release commit local and says to pull first' {
            Add-Content -Path (Join-Path $script:Reject.Path 'app/__init__.py') -Value '# mine'
            $before = Get-CommitCount $script:Reject.Path

            $run = Invoke-ScenarioCpwtr $script:Reject @{ Message = 'My change' }

            $run.Result.FailedStage | Should -Be 'Push'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrPushRejected,*'
            $run.Result.NextCommand | Should -Match 'git pull --rebase origin main'
            Get-CommitCount $script:Reject.Path | Should -Be ($before + 1)
            Invoke-Git $script:Reject.Path log -1 --format=%s | Should -Be 'My change - bump to v0.1.1'
            Invoke-Git $script:Reject.Path status --porcelain | Should -BeNullOrEmpty
        }

        It 'says when the remote cannot be reached at all, and keeps the release commit' {
            $before = Get-CommitCount $script:Reject.Path
            # Pushes (only) go to a path that is no repository: git fails without a rejection.
            Invoke-Git $script:Reject.Path config remote.origin.pushurl (Join-Path $TestDrive 'no-such-remote.git') | Out-Null
            try { $run = Invoke-ScenarioCpwtr $script:Reject @{ Message = 'My change' } }
            finally { Invoke-Git $script:Reject.Path config --unset remote.origin.pushurl | Out-Null }

            $run.Result.FailedStage | Should -Be 'Push'
            $run.Result.FailureKind | Should -Be 'PushFailed'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrPushFailed,*'
            $run.Errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $run.Errors[0].ErrorDetails.RecommendedAction | Should -Be $run.Result.NextCommand
            Get-CommitCount $script:Reject.Path | Should -Be $before
            Invoke-Git $script:Reject.Path log -1 --format=%s | Should -Be 'My change - bump to v0.1.1'
        }

        It 'pushes the same release commit after a pull --rebase, without bumping again' {
            Invoke-Git $script:Reject.Path pull -q --rebase origin main | Out-Null

            $run = Invoke-ScenarioCpwtr $script:Reject @{ Message = 'My change' }

            $run.Result.Succeeded | Should -BeTrue
            $run.Result.Version | Should -Be '0.1.1'
            Get-StageOutcome $run.Result 'Version' | Should -Be 'AlreadyDone'
            Get-StageOutcome $run.Result 'Commit' | Should -Be 'AlreadyDone'
            Get-StageOutcome $run.Result 'Push' | Should -Be 'Succeeded'
            Get-BumpCommitCount $script:Reject.Path '0.1.1' | Should -Be 1
            Invoke-Git $script:Reject.Path log --format=%s | Should -Contain 'Colleague notes'
        }
    }

    Context 'when no deployment appears' {
        BeforeAll {
            $script:Never = New-ScenarioRepository 'never'
        }

        It 'ends with its own outcome after the appear timeout when the environment does not track the branch' {
            Invoke-Git $script:Never.Path switch -q -c hotfix/untracked | Out-Null
            Add-Content -Path (Join-Path $script:Never.Path 'app/__init__.py') -Value '# hotfix'

            $run = Invoke-ScenarioCpwtr $script:Never @{ Message = 'Untracked'; Environment = 'production'; AppearTimeoutSec = 3 }

            $run.Result.FailedStage | Should -Be 'Wait'
            $run.Result.FailureKind | Should -Be 'DeploymentNeverAppeared'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrDeploymentNeverAppeared,*'
            $run.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Get-StageOutcome $run.Result 'Push' | Should -Be 'Succeeded'
        }

        It 'says honestly that nothing was deployed when the commit touches no watched file, and does not fail' {
            Invoke-Git $script:Never.Path switch -q main | Out-Null
            Add-Content -Path (Join-Path $script:Never.Path 'README.md') -Value 'Docs only.'

            $run = Invoke-ScenarioCpwtr $script:Never @{ Message = 'Docs only'; NoBump = $true }

            $run.Errors | Should -BeNullOrEmpty
            $run.Result.Succeeded | Should -BeTrue
            $run.Result.Outcome | Should -Be 'NothingDeployed'
            Get-StageOutcome $run.Result 'Wait' | Should -Be 'Skipped'
            Get-StageOutcome $run.Result 'Test' | Should -Be 'Skipped'
            ($run.Result.Stages | Where-Object Name -EQ 'Wait').Detail | Should -Match 'skipped deployment'
            ($run.Warnings -join ' ') | Should -Match 'Nothing was deployed'
            (Get-RailwayDeployment -Id $run.Result.DeploymentId).Status | Should -Be Skipped
            Invoke-Git $script:Never.Path log -1 --format=%s | Should -Be 'Docs only'
            Get-HealthVersion $script:Never.Url | Should -Be '0.1.0'
        }

        It 'fails a docs-only push with -FailOnSkip' {
            Add-Content -Path (Join-Path $script:Never.Path 'README.md') -Value 'More docs.'

            $run = Invoke-ScenarioCpwtr $script:Never @{ Message = 'More docs'; NoBump = $true; FailOnSkip = $true }

            $run.Result.Succeeded | Should -BeFalse
            $run.Result.FailureKind | Should -Be 'DeploymentSkipped'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrDeploymentSkipped,*'
        }
    }

    Context 'when the app reports another version' {
        BeforeAll {
            $script:Mismatch = New-ScenarioRepository 'mismatch'
        }

        It 'fails the Test stage with a version mismatch' {
            Set-HealthAnswer $script:Mismatch.Path 'return {"status": "healthy", "version": "9.9.9"}'

            $run = Invoke-ScenarioCpwtr $script:Mismatch @{ Message = 'Hard-coded version'; HealthTimeoutSec = 2 }

            $run.Result.FailedStage | Should -Be 'Test'
            $run.Result.FailureKind | Should -Be 'VersionMismatch'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrVersionMismatch,*'
            $run.Result.Health.Version | Should -Be '9.9.9'
            $run.Result.Health.ExpectedVersion | Should -Be '0.1.1'
            Get-StageOutcome $run.Result 'Wait' | Should -Be 'Succeeded'
        }

        It 'resumes at Wait and Test only' {
            $before = Get-CommitCount $script:Mismatch.Path

            $run = Invoke-ScenarioCpwtr $script:Mismatch @{ Message = 'Hard-coded version'; HealthTimeoutSec = 1 }

            $run.Result.FailureKind | Should -Be 'VersionMismatch'
            Get-StageOutcome $run.Result 'Wait' | Should -Be 'AlreadyDone'
            Get-CommitCount $script:Mismatch.Path | Should -Be $before
        }
    }

    Context 'with a secret file in the working tree' {
        BeforeAll {
            $script:Secret = New-ScenarioRepository 'secret'
        }

        It 'refuses to commit, and changes nothing' {
            Set-Content -Path (Join-Path $script:Secret.Path '.env') -Value 'API_KEY=do-not-commit'
            Add-Content -Path (Join-Path $script:Secret.Path 'app/__init__.py') -Value '# with a secret beside it'
            $before = Get-CommitCount $script:Secret.Path

            $run = Invoke-ScenarioCpwtr $script:Secret @{ Message = 'Oops' }

            $run.Result.FailedStage | Should -Be 'Commit'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrSecretFileRefused,*'
            $run.Errors[0].CategoryInfo.Category | Should -Be 'SecurityError'
            $run.Result.Reason | Should -Match '\.env'
            $run.Result.Reason | Should -Not -Match 'do-not-commit'
            Get-StageOutcome $run.Result 'Version' | Should -Be 'Skipped'
            Get-CommitCount $script:Secret.Path | Should -Be $before
            Get-DeclaredVersion $script:Secret.Path | Should -Be '0.1.0'
            Invoke-Git $script:Secret.Path status --porcelain | Should -Contain '?? .env'
        }

        It 'ships once the secret is ignored, leaving it out of the commit' {
            Set-Content -Path (Join-Path $script:Secret.Path '.gitignore') -Value '.env'

            $run = Invoke-ScenarioCpwtr $script:Secret @{ Message = 'Ignore .env' }

            $run.Result.Succeeded | Should -BeTrue
            Invoke-Git $script:Secret.Path ls-files | Should -Not -Contain '.env'
            Test-Path (Join-Path $script:Secret.Path '.env') | Should -BeTrue
        }
    }

    Context 'when the commit fails' {
        BeforeAll {
            $script:Commit = New-ScenarioRepository 'commit'
            $hook = Join-Path $script:Commit.Path '.git/hooks/pre-commit'
            Set-Content -Path $hook -Value "#!/bin/sh`necho 'lint failed' >&2`nexit 1`n"
            if (-not $IsWindows) { & chmod +x $hook }
        }

        It 'restores the version file and keeps the other edits' {
            Add-Content -Path (Join-Path $script:Commit.Path 'app/__init__.py') -Value '# work in progress'
            $before = Get-CommitCount $script:Commit.Path

            $run = Invoke-ScenarioCpwtr $script:Commit @{ Message = 'Blocked by a hook' }

            $run.Result.FailedStage | Should -Be 'Commit'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrCommitFailed,*'
            $run.Result.Reason | Should -Match 'lint failed'
            Get-CommitCount $script:Commit.Path | Should -Be $before
            Get-DeclaredVersion $script:Commit.Path | Should -Be '0.1.0'
            $run.Result.Version | Should -Be '0.1.0' -Because 'the version file was put back, so the repository holds 0.1.0'
            Get-Content -Raw (Join-Path $script:Commit.Path 'app/__init__.py') | Should -Match 'work in progress'
            Invoke-Git $script:Commit.Path diff --name-only HEAD | Should -Not -Contain 'app/config.py'
        }

        It 'leaves exactly what the user had staged, unstaged and untracked' {
            Add-Content -Path (Join-Path $script:Commit.Path 'README.md') -Value 'staged line'
            Invoke-Git $script:Commit.Path add README.md | Out-Null
            Set-Content -Path (Join-Path $script:Commit.Path 'notes.txt') -Value 'untracked'
            $status = Invoke-Git $script:Commit.Path status --porcelain
            $staged = Invoke-Git $script:Commit.Path diff --cached --name-only

            $run = Invoke-ScenarioCpwtr $script:Commit @{ Message = 'Blocked by a hook' }

            $run.Result.FailedStage | Should -Be 'Commit'
            Invoke-Git $script:Commit.Path diff --cached --name-only | Should -Be $staged
            Invoke-Git $script:Commit.Path status --porcelain | Should -Be $status
            $run.Result.Reason | Should -Match 'staged as it was'
            Invoke-Git $script:Commit.Path reset -q | Out-Null
            Remove-Item (Join-Path $script:Commit.Path 'notes.txt')
        }

        It 'ships the kept edits once the hook passes' {
            Remove-Item (Join-Path $script:Commit.Path '.git/hooks/pre-commit')

            $run = Invoke-ScenarioCpwtr $script:Commit @{ Message = 'Unblocked' }

            $run.Result.Succeeded | Should -BeTrue
            $run.Result.Version | Should -Be '0.1.1'
            (Invoke-Git $script:Commit.Path show --stat --format= HEAD) -join "`n" | Should -Match 'app/__init__.py'
            Get-BumpCommitCount $script:Commit.Path '0.1.1' | Should -Be 1
        }
    }

    Context 'when the deployment outlasts the run''s deadline, then waits for approval' {
        BeforeAll {
            $script:Slow = New-ScenarioRepository 'slow'
        }

        It 'ends with RailwayCpwtrWaitTimedOut at -TimeoutSec while the deployment still builds' {
            Set-RailwayToml $script:Slow.Path -Build 'buildCommand = "sleep 40"'

            $run = Invoke-ScenarioCpwtr $script:Slow @{ Message = 'Slow build'; TimeoutSec = 8 }

            $run.Result.FailedStage | Should -Be 'Wait'
            $run.Result.FailureKind | Should -Be 'WaitTimedOut'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrWaitTimedOut,*'
            $run.Errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $run.Errors[0].ErrorDetails.RecommendedAction | Should -Be $run.Result.NextCommand
            $script:SlowDeployment = Get-RailwayDeployment -Project $script:Slow.Project -CommitSha (Invoke-Git $script:Slow.Path rev-parse HEAD) -First 1
            $script:SlowDeployment.Status | Should -Be 'Building'
        }

        It 'ends the resumed run with RailwayCpwtrDeploymentNeedsApproval when Railway holds that deployment for approval' {
            # The same release, resumed at Wait, finds its deployment (still building) held for approval.
            Invoke-EmulatorAdmin -Emulator $script:Emulator -Path "deployments/$($script:SlowDeployment.DeploymentId)/status" -Method Post -Body @{ status = 'NEEDS_APPROVAL' } | Out-Null

            $run = Invoke-ScenarioCpwtr $script:Slow @{ Message = 'Slow build' }

            $run.Result.FailedStage | Should -Be 'Wait'
            $run.Result.FailureKind | Should -Be 'DeploymentNeedsApproval'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrDeploymentNeedsApproval,*'
            $run.Errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $run.Result.NextCommand | Should -BeLike "Approve deployment $($script:SlowDeployment.DeploymentId)*resumes at Wait*"
            Get-StageOutcome $run.Result 'Push' | Should -Be 'AlreadyDone'
        }
    }

    Context 'when stopped during the wait' {
        BeforeAll {
            $script:Cancel = New-ScenarioRepository 'cancel'
        }

        It 'returns within a second of Stop(), and the next run resumes at Wait' {
            Set-RailwayToml $script:Cancel.Path -Build 'buildCommand = "sleep 6"'
            $before = Get-CommitCount $script:Cancel.Path
            $powershell = [powershell]::Create()
            try {
                $null = $powershell.AddScript({
                        param($Module, $Path, $Project, $Endpoint)
                        Import-Module $Module
                        Set-Location $Path
                        $token = ConvertTo-SecureString 'emu-account-token' -AsPlainText -Force
                        Invoke-Cpwtr -Project $Project -Message 'Slow build' -Token $token -Endpoint $Endpoint -Confirm:$false
                    }).AddArgument((Get-RailwayOpsTestModulePath)).AddArgument($script:Cancel.Path).AddArgument($script:Cancel.Project).AddArgument($script:Emulator.GraphQLUrl)
                $async = $powershell.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddSeconds(60)
                do {
                    Start-Sleep -Milliseconds 200
                    $head = Invoke-Git $script:Cancel.Path log -1 --format=%H%x09%s
                    $sha, $subject = $head -split "`t"
                    $building = $subject -eq 'Slow build - bump to v0.1.1' -and
                        @(Get-RailwayDeployment -Project $script:Cancel.Project -CommitSha $sha -ErrorAction SilentlyContinue | Where-Object Status -EQ Building).Count -gt 0
                } until ($building -or [DateTime]::UtcNow -gt $deadline)
                $building | Should -BeTrue
                $async.IsCompleted | Should -BeFalse

                $clock = [Diagnostics.Stopwatch]::StartNew()
                $powershell.Stop()
                $clock.Stop()

                $clock.Elapsed.TotalMilliseconds | Should -BeLessThan 1000
                $powershell.InvocationStateInfo.State | Should -Be 'Stopped'
            }
            finally { $powershell.Dispose() }

            $run = Invoke-ScenarioCpwtr $script:Cancel @{ Message = 'Slow build' }

            $run.Result.Succeeded | Should -BeTrue
            Get-StageOutcome $run.Result 'Push' | Should -Be 'AlreadyDone'
            Get-StageOutcome $run.Result 'Wait' | Should -Be 'Succeeded'
            Get-CommitCount $script:Cancel.Path | Should -Be ($before + 1)
            Get-BumpCommitCount $script:Cancel.Path '0.1.1' | Should -Be 1
        }
    }

    Context 'when the app crashes right after it goes live' {
        BeforeAll {
            $script:Crash = New-ScenarioRepository 'crash'
        }

        It 'fails the Test stage with RailwayCpwtrDeploymentUnstable instead of reporting success' {
            # Answers its health check, then exits four seconds after it started (restart policy NEVER).
            $main = Join-Path $script:Crash.Path 'app/main.py'
            (Get-Content -Raw $main) -replace '(?m)^(\s+)server\.serve_forever\(\)', "`$1import os, threading`n`$1threading.Timer(4.0, lambda: os._exit(3)).start()`n`$1server.serve_forever()" |
                Set-Content -Path $main -NoNewline

            $run = Invoke-ScenarioCpwtr $script:Crash @{ Message = 'Crash later'; StableSec = 10 }

            $result = $run.Result
            $result.Succeeded | Should -BeFalse
            $result.FailedStage | Should -Be 'Test'
            $result.FailureKind | Should -Be 'DeploymentUnstable'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrDeploymentUnstable,*'
            $run.Errors[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $result.Health.Version | Should -Be '0.1.1' -Because 'it did answer with the new version before it crashed'
            $result.Stability.Stable | Should -BeFalse
            $result.Stability.Status | Should -Be 'Crashed'
            $result.Reason | Should -Match 'CRASHED'
            ($result.DeployLogTail.Message -join "`n") | Should -Match 'exited with code 3'
            $result.NextCommand | Should -BeLike "Get-RailwayDeploymentLog -DeploymentId $($result.DeploymentId) -Type Deploy*"
            (Get-RailwayDeployment -Id $result.DeploymentId).Status | Should -Be Crashed
        }

        It 'rolls back to the deployment it replaced with -RollbackOnFailure and reports both versions' {
            $run = Invoke-ScenarioCpwtr $script:Crash @{ Message = 'Crash later'; RollbackOnFailure = $true }

            $result = $run.Result
            $result.Succeeded | Should -BeFalse
            $result.FailedStage | Should -Be 'Wait'
            $result.Version | Should -Be '0.1.1'
            $result.Rollback | Should -Not -BeNullOrEmpty
            $result.Rollback.Succeeded | Should -BeTrue -Because $result.Rollback.Detail
            $result.Rollback.FromDeploymentId | Should -Be $result.DeploymentId
            $result.Rollback.Version | Should -Be '0.1.0'
            $result.Rollback.Commit | Should -Be $script:Crash.First.Commit
            $result.Reason | Should -Match 'Rolled back to deployment'
            (Get-RailwayDeployment -Id $result.Rollback.DeploymentId).Status | Should -Be Success
            Get-HealthVersion $script:Crash.Url | Should -Be '0.1.0'
        }

        It 'never rolls back without the switch' {
            (Get-Command Invoke-Cpwtr).Parameters['RollbackOnFailure'].SwitchParameter | Should -BeTrue
            $before = @(Get-RailwayDeployment -Project $script:Crash.Project).Count

            $run = Invoke-ScenarioCpwtr $script:Crash @{ Message = 'Crash later' }

            $run.Result.Rollback | Should -BeNullOrEmpty
            @(Get-RailwayDeployment -Project $script:Crash.Project).Count | Should -Be $before
        }
    }

    Context 'resuming versus a new release' {
        BeforeAll {
            $script:Resume = New-ScenarioRepository 'resume' -Change 'init'
        }

        It 'ships a new -Message on a clean tree whose HEAD is a shipped release as a new version' {
            $before = Get-CommitCount $script:Resume.Path

            $run = Invoke-ScenarioCpwtr $script:Resume @{ Message = 'second' }

            $result = $run.Result
            $result.Succeeded | Should -BeTrue
            $result.Outcome | Should -Be 'Released'
            $result.Version | Should -Be '0.1.1'
            Get-StageOutcome $result 'Version' | Should -Be 'Succeeded'
            Get-StageOutcome $result 'Commit' | Should -Be 'Succeeded'
            Get-StageOutcome $result 'Push' | Should -Be 'Succeeded'
            Get-CommitCount $script:Resume.Path | Should -Be ($before + 1)
            $subject = Invoke-Git $script:Resume.Path log -1 --format=%s
            $subject | Should -Be 'second - bump to v0.1.1'
            ($result.Stages | Where-Object Name -EQ 'Commit').Detail | Should -BeLike "*`"$subject`""
            @(Invoke-Git $script:Resume.Path show --name-only --format= HEAD | Where-Object { $_ }) | Should -Be @('app/config.py') -Because 'the bump is the commit''s change'
            Get-HealthVersion $result.Url | Should -Be '0.1.1'
        }

        It 'says a rerun with nothing new shipped nothing, quoting what git and Railway hold' {
            $head = Invoke-Git $script:Resume.Path rev-parse HEAD

            $run = Invoke-ScenarioCpwtr $script:Resume

            $result = $run.Result
            $result.Outcome | Should -Be 'AlreadyLive'
            ($result.Stages | Where-Object Name -EQ 'Commit').Detail | Should -Be ('HEAD {0} "second - bump to v0.1.1"' -f $head.Substring(0, 7))
            ($result.Stages | Where-Object Name -EQ 'Wait').Detail | Should -Match "Deployment $($result.DeploymentId) was already live"
            ($run.Warnings -join ' ') | Should -Match 'Nothing was shipped'
            ($run.Warnings -join ' ') | Should -Match '"second - bump to v0.1.1"'
            $result.ToString() | Should -Match 'nothing shipped'
            Invoke-Git $script:Resume.Path rev-parse HEAD | Should -Be $head
        }
    }

    Context 'on a branch that a staging environment deploys' {
        BeforeAll {
            $script:Staging = New-ScenarioRepository 'staging'
        }

        It 'deploys to the environment whose deploy trigger follows the branch and tests its own URL' {
            Invoke-Git $script:Staging.Path switch -q -c staging | Out-Null
            Add-Content -Path (Join-Path $script:Staging.Path 'app/__init__.py') -Value '# staged feature'

            $run = Invoke-ScenarioCpwtr $script:Staging @{ Message = 'Staged feature' }

            $run.Errors | Should -BeNullOrEmpty
            $result = $run.Result
            $result.Succeeded | Should -BeTrue
            $result.Environment | Should -Be 'staging'
            $result.Branch | Should -Be 'staging'
            (Get-RailwayDeployment -Id $result.DeploymentId).EnvironmentName | Should -Be 'staging'
            $result.Url | Should -Not -Be $script:Staging.Url
            Get-HealthVersion $result.Url | Should -Be '0.1.1'
            Get-HealthVersion $script:Staging.Url | Should -Be '0.1.0' -Because 'production follows main only'
        }
    }

    Context 'when Railway names the health path' {
        BeforeAll {
            $script:HealthPath = New-ScenarioRepository 'healthpath' -NoToml
        }

        It 'tests the service''s healthcheckPath from Railway, not /api/health, and says so' {
            Add-Content -Path (Join-Path $script:HealthPath.Path 'app/__init__.py') -Value '# root health'

            $run = Invoke-ScenarioCpwtr $script:HealthPath @{ Message = 'Root health' }

            $run.Result.Succeeded | Should -BeTrue
            $run.Result.HealthPath | Should -Be '/'
            $run.Result.HealthPathSource | Should -Be 'ServiceSettings'
            $run.Result.Health.Uri.AbsolutePath | Should -Be '/'
            $run.Result.Health.Version | Should -Be '0.1.1'
            $script:HealthPath.First.HealthPathSource | Should -Be 'ServiceSettings'
        }
    }

    Context 'in a project with two services' {
        It 'releases the service whose deploy trigger names the origin repository' {
            $two = New-ScenarioRepository 'two'

            $two.First.Service | Should -Be 'web'
            (Get-RailwayDeployment -Id $two.First.DeploymentId).ServiceName | Should -Be 'web'
        }

        It 'names the services when the origin is the repository of none of them' {
            $other = Join-Path $TestDrive 'two-elsewhere'
            Invoke-Git $TestDrive clone -q ($script:Repos | Where-Object repo -EQ 'railwayops/cpwtr-prod').path $other | Out-Null

            Push-Location $other
            try {
                $thrown = $null
                try { Invoke-Cpwtr -Project 'cpwtr-two' -NoBump -Confirm:$false -ErrorAction Stop @script:NoWindow } catch { $thrown = $_ }
            }
            finally { Pop-Location }

            $thrown.FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrServiceRequired,*'
            $thrown.Exception.Message | Should -Match '\((web, api|api, web)\)'
            $thrown.Exception.Message | Should -Match '-Service'
        }
    }

    Context 'when one push deploys several services' {
        It 'waits for every deployment of the push and reports each' {
            $multi = New-ScenarioRepository 'multi' -Change 'Two services' -Parameters @{ Service = 'web' }

            $result = $multi.First
            $result.Succeeded | Should -BeTrue
            $result.Deployments.Count | Should -Be 2
            @($result.Deployments.Service | Sort-Object) | Should -Be @('jobs', 'web')
            @($result.Deployments.Status | ForEach-Object ToString) | Should -Be @('Success', 'Success')
            foreach ($deployment in $result.Deployments) {
                (Get-RailwayDeployment -Id $deployment.DeploymentId).CommitHash | Should -Be $result.Commit
            }
            ($result.Stages | Where-Object Name -EQ 'Wait').Detail | Should -Match 'also live'
        }
    }

    Context 'when the pushed commit is behind more than ten newer deployments' {
        BeforeAll {
            $script:Long = New-ScenarioRepository 'commitsha'
            $script:LongCommit = $script:Long.First.Commit
            # Eleven commits that exist in the hosted repository (on a branch no trigger follows), each deployed
            # on request, so the released commit's deployment is the twelfth newest.
            Invoke-Git $script:Long.Path switch -q -c side | Out-Null
            $shas = foreach ($i in 1..11) {
                Invoke-Git $script:Long.Path commit -q --allow-empty -m "side $i" | Out-Null
                Invoke-Git $script:Long.Path rev-parse HEAD
            }
            Invoke-Git $script:Long.Path push -q origin side | Out-Null
            Invoke-Git $script:Long.Path switch -q main | Out-Null
            $deployment = Get-RailwayDeployment -Id $script:Long.First.DeploymentId
            foreach ($sha in $shas) {
                $body = @{
                    query     = 'mutation Deploy($e: String!, $s: String!, $c: String) { serviceInstanceDeployV2(environmentId: $e, serviceId: $s, commitSha: $c) }'
                    variables = @{ e = $deployment.EnvironmentId; s = $deployment.ServiceId; c = $sha }
                } | ConvertTo-Json -Depth 5
                $answer = Invoke-RestMethod -Method Post -Uri $script:Emulator.GraphQLUrl -Headers @{ Authorization = 'Bearer emu-account-token' } -ContentType 'application/json' -Body $body
                if ($answer.errors) { throw "serviceInstanceDeployV2 failed: $($answer.errors[0].message)" }
            }
            # The newest one goes live and replaces the released one (the others were superseded while queued).
            Wait-RailwayDeployment -Project $script:Long.Project -Environment production -Service web -Latest -TimeoutSec 120 -ErrorAction SilentlyContinue | Out-Null
            $script:Newer = @(Get-RailwayDeployment -Project $script:Long.Project -First 20 | Where-Object CreatedAt -GT $deployment.CreatedAt).Count
        }

        It 'Wait-RailwayDeployment -CommitSha finds it instead of reporting it never appeared' {
            $script:Newer | Should -BeGreaterThan 10

            Wait-RailwayDeployment -Project $script:Long.Project -Environment production -Service web -CommitSha $script:LongCommit -AppearTimeoutSec 5 -TimeoutSec 60 `
                -ErrorAction SilentlyContinue -ErrorVariable problems | Out-Null

            # Newer deployments replaced it, so it is REMOVED now: the point is that it was found.
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentRemoved,*'
            $problems[0].TargetObject.CommitHash | Should -Be $script:LongCommit
        }

        It 'a resumed release finds it too, and says which deployment replaced it' {
            $run = Invoke-ScenarioCpwtr $script:Long @{ AppearTimeoutSec = 5 }

            $run.Result.FailedStage | Should -Be 'Wait'
            $run.Result.FailureKind | Should -Be 'DeploymentSuperseded'
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrDeploymentSuperseded,*'
            $run.Result.DeploymentId | Should -Be $script:Long.First.DeploymentId
            $run.Result.Reason | Should -Match 'replaced it'
        }
    }

    Context 'outside a usable repository' {
        It 'is a terminating RailwayCpwtrRepositoryNotUsable error in a folder that is not a git repository' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'not-a-repo')
            { Invoke-Cpwtr -Path $folder.FullName -Project 'cpwtr-prod' -ErrorAction Stop } |
                Should -Throw -ErrorId 'RailwayCpwtrRepositoryNotUsable,RailwayOps.Commands.InvokeCpwtrCommand'
        }

        It 'says plainly that a repository with no commits has nothing to release' {
            $empty = Join-Path $TestDrive 'no-commits'
            Invoke-Git $TestDrive init -q -b main $empty | Out-Null
            Set-Content -Path (Join-Path $empty 'VERSION') -Value '0.1.0'

            $thrown = $null
            try { Invoke-Cpwtr -Path $empty -Project 'cpwtr-prod' -Confirm:$false -ErrorAction Stop } catch { $thrown = $_ }

            $thrown.FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrRepositoryNotUsable,*'
            $thrown.Exception.Message | Should -Match 'has no commits yet'
            $thrown.Exception.Message | Should -Not -Match 'exit code'
            Test-Path (Join-Path $empty '.git/index') | Should -BeFalse -Because 'nothing was staged'
        }
    }
}

Describe 'Invoke-Cpwtr across an emulator restart' {
    BeforeAll {
        # Its own emulator on a state folder it keeps, so that it can be stopped and started again in the middle of a release.
        $script:RestartState = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-cpwtr-restart-' + [guid]::NewGuid().ToString('n'))
        $restartSeed = @{
            tokens   = @(@{ kind = 'account'; value = 'emu-account-token'; name = 'Cpwtr Tester' })
            projects = @(@{
                    name         = 'cpwtr-restart'
                    environments = @(@{ name = 'production' })
                    services     = @(@{ name = 'web'; repo = 'railwayops/cpwtr-restart'; branch = 'main'
                            settings = @{ startCommand = 'python3 -m app.main'; healthcheckPath = '/api/health'; healthcheckTimeout = 5 } })
                })
        }
        $seedFile = Join-Path $TestDrive 'restart-seed.json'
        $restartSeed | ConvertTo-Json -Depth 10 | Set-Content -Path $seedFile
        $script:RestartToken = ConvertTo-SecureString 'emu-account-token' -AsPlainText -Force
        $script:Restarted = $null
        $script:Before = Start-RailwayEmulator -Seed $seedFile -StateDirectory $script:RestartState -NoConnect -Confirm:$false
        $bare = (Invoke-RestMethod ([Uri]::new($script:Before.AdminUrl, 'repos')) | ForEach-Object { $_ } | Where-Object repo -EQ 'railwayops/cpwtr-restart').path
        $script:RestartRepo = Join-Path $TestDrive 'restart'
        Copy-Item -Recurse $script:SampleRoot $script:RestartRepo
        Set-RailwayToml $script:RestartRepo
        Invoke-Git $script:RestartRepo init -q -b main | Out-Null
        Invoke-Git $script:RestartRepo config user.name 'Cpwtr Tester' | Out-Null
        Invoke-Git $script:RestartRepo config user.email 'cpwtr@example.com' | Out-Null
        Invoke-Git $script:RestartRepo add -A | Out-Null
        Invoke-Git $script:RestartRepo commit -q -m 'Initial layout - bump to v0.1.0' | Out-Null
        Invoke-Git $script:RestartRepo remote add origin $bare | Out-Null

        function Invoke-RestartCpwtr($Emulator, [hashtable]$Parameters = @{}) {
            $errors = $null
            $all = @{ Path = $script:RestartRepo; Project = 'cpwtr-restart'; Endpoint = $Emulator.GraphQLUrl; Token = $script:RestartToken
                HealthTimeoutSec = 10; TimeoutSec = 120; Confirm = $false } + $script:NoWindow
            foreach ($key in $Parameters.Keys) { $all[$key] = $Parameters[$key] }
            $result = Invoke-Cpwtr @all -ErrorAction SilentlyContinue -ErrorVariable errors
            [pscustomobject]@{ Result = $result; Errors = @($errors) }
        }
    }

    AfterAll {
        foreach ($emulator in $script:Restarted, $script:Before) {
            if ($emulator) { $emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction SilentlyContinue }
        }
        if (Test-Path $script:RestartState) { Remove-Item $script:RestartState -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'says a release cut off by the restart was interrupted, how to redeploy it, and then ships it' {
        (Invoke-RestartCpwtr $script:Before @{ NoBump = $true }).Result.Succeeded | Should -BeTrue
        Set-RailwayToml $script:RestartRepo -Build 'buildCommand = "sleep 8"'
        $powershell = [powershell]::Create()
        try {
            $null = $powershell.AddScript({
                    param($Module, $Path, $Endpoint, $Token)
                    Import-Module $Module
                    Invoke-Cpwtr -Path $Path -Project 'cpwtr-restart' -Message 'Slow build' -Endpoint $Endpoint -Token $Token -TimeoutSec 120 -Confirm:$false -ErrorAction SilentlyContinue
                }).AddArgument((Get-RailwayOpsTestModulePath)).AddArgument($script:RestartRepo).AddArgument($script:Before.GraphQLUrl).AddArgument($script:RestartToken)
            $async = $powershell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            do {
                Start-Sleep -Milliseconds 200
                $subject = Invoke-Git $script:RestartRepo log -1 --format=%s
                $building = $subject -eq 'Slow build - bump to v0.1.1' -and @(Get-RailwayDeployment -Endpoint $script:Before.GraphQLUrl -Token $script:RestartToken -Project 'cpwtr-restart' `
                            -CommitSha (Invoke-Git $script:RestartRepo rev-parse HEAD) -ErrorAction SilentlyContinue | Where-Object Status -EQ Building).Count -gt 0
            } until ($building -or [DateTime]::UtcNow -gt $deadline)
            $building | Should -BeTrue

            $script:Before | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false
            # The run that was waiting ends with a result too: Railway went away inside its Wait stage.
            $async.AsyncWaitHandle.WaitOne(90000) | Should -BeTrue
            $cut = @($powershell.EndInvoke($async)) | Where-Object { $_ -is [RailwayOps.ReleaseResult] } | Select-Object -First 1
            $cut.FailedStage | Should -Be 'Wait'
            $cut.FailureKind | Should -Be 'RailwayRequestFailed'
            $cut.NextCommand | Should -Match 'resumes at Wait'
        }
        finally { $powershell.Dispose() }

        $script:Restarted = Start-RailwayEmulator -StateDirectory $script:RestartState -NoConnect -Confirm:$false
        $run = Invoke-RestartCpwtr $script:Restarted @{ Message = 'Slow build' }

        $result = $run.Result
        $result.FailedStage | Should -Be 'Wait'
        $result.FailureKind | Should -Be 'DeploymentInterrupted'
        $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrDeploymentInterrupted,*'
        $result.Reason | Should -Match 'interrupted'
        $result.Reason | Should -Match 'keeps serving'
        $result.NextCommand | Should -Be "Redo-RailwayDeployment -DeploymentId $($result.DeploymentId); then Invoke-Cpwtr: it resumes at Wait."
        (Get-RailwayDeployment -Endpoint $script:Restarted.GraphQLUrl -Token $script:RestartToken -Id $result.DeploymentId).Status | Should -Be Removed

        Redo-RailwayDeployment -Endpoint $script:Restarted.GraphQLUrl -Token $script:RestartToken -DeploymentId $result.DeploymentId -Confirm:$false | Out-Null
        $again = Invoke-RestartCpwtr $script:Restarted @{ Message = 'Slow build' }

        $again.Errors | Should -BeNullOrEmpty
        $again.Result.Succeeded | Should -BeTrue
        $again.Result.Outcome | Should -Be 'Resumed'
        $again.Result.Version | Should -Be '0.1.1'
        Get-BumpCommitCount $script:RestartRepo '0.1.1' | Should -Be 1
    }
}
