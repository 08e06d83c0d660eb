# The seed's PR lifecycle, end to end on the emulator: a pull request opened on its GitHub gets an environment forked
# from the base (production, which tracks main), a push to the PR's branch deploys there, Get-RailwayStatus shows it,
# and closing the pull request deletes the environment and ends its processes. Then the same by hand with the
# module's own cmdlets: New-RailwayEnvironment -Source staging, deploy, Remove-RailwayEnvironment.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'EnvironmentTestHelpers.psm1') -Force
    $script:Fixture = Enter-DeploymentTestFixture
    $script:Emulator = $script:Fixture.Emulator
    $script:Repository = $script:Fixture.Repository
    $script:Repo = @(Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'repos')[0].repo
    $script:GitHubHeaders = @{ Authorization = 'token ' + (Get-RailwayOpsTestSeed).githubTokens[0] }

    function Invoke-GitHub([string]$Method, [string]$Path, $Body) {
        Invoke-RestMethod -Method $Method -Uri ([Uri]::new($script:Emulator.GitHubApiUrl, $Path)) -Headers $script:GitHubHeaders `
            -ContentType 'application/json' -Body ($Body | ConvertTo-Json)
    }

    function Get-LiveProcess([string]$DeploymentId) {
        @(Get-TestProcessIdWorkingIn (Get-TestWorkFolder -Emulator $script:Emulator -DeploymentId $DeploymentId))
    }
}

AfterAll {
    if ($script:Pull -and $script:Pull.state -eq 'open') {
        Invoke-GitHub Patch "repos/$($script:Repo)/pulls/$($script:Pull.number)" @{ state = 'closed' } | Out-Null
    }
    Exit-DeploymentTestFixture $script:Fixture
}

Describe 'PR lifecycle, as Railway runs it' {
    It 'opens a pull request: its environment appears, forked from production, and deploys the head' {
        Invoke-DeploymentTestGit $script:Repository.Path checkout -q -b feature/lifecycle
        $script:Head = Publish-DeploymentTestCommit -Repository ([pscustomobject]@{ Path = $script:Repository.Path; Branch = 'feature/lifecycle' }) -Message 'feature work' -Change { param($Path) Set-Content (Join-Path $Path 'app/lifecycle.txt') 'feature work' }

        $script:Pull = Invoke-GitHub Post "repos/$($script:Repo)/pulls" @{ title = 'Lifecycle'; head = 'feature/lifecycle'; base = $script:Repository.Branch }

        $environment = Get-RailwayEnvironment -Project demo -PullRequest $script:Pull.number
        $environment.IsEphemeral | Should -BeTrue
        $environment.Branch | Should -Be 'feature/lifecycle'
        $environment.SourceEnvironmentId | Should -Be (Get-RailwayEnvironment -Project demo -Name production).EnvironmentId
        $script:PrEnvironment = $environment.Name
        (Wait-RailwayDeployment -Project demo -Environment $script:PrEnvironment -Service web -CommitSha $script:Head -TimeoutSec 120).Status | Should -Be 'Success'
    }

    It 'deploys a push to the pull request''s branch, and Get-RailwayStatus shows it' {
        $script:Pushed = Publish-DeploymentTestCommit -Repository ([pscustomobject]@{ Path = $script:Repository.Path; Branch = 'feature/lifecycle' }) -Message 'review fix' -Change { param($Path) Set-Content (Join-Path $Path 'app/lifecycle.txt') 'review fix' }

        $deployed = Wait-RailwayDeployment -Project demo -Environment $script:PrEnvironment -Service web -CommitSha $script:Pushed -TimeoutSec 120

        $deployed.Status | Should -Be 'Success'
        $status = Get-RailwayStatus -Project demo -Environment $script:PrEnvironment -Service web
        $status.CommitHash | Should -Be $script:Pushed
        $status.Status | Should -Be 'Success'
        $status.DeploymentId | Should -Be $deployed.DeploymentId
        ($status | Test-RailwayHealth).Healthy | Should -BeTrue
        (Get-RailwayStatus -Project demo -Environment production -Service web).CommitHash | Should -Not -Be $script:Pushed -Because 'production tracks main, not the PR branch'
        $script:PrLive = $deployed.DeploymentId
        $script:PrPort = $status.Url.Port
    }

    It 'closes the pull request: the environment is gone and its processes ended' {
        $processes = Get-LiveProcess $script:PrLive
        $processes | Should -Not -BeNullOrEmpty
        Test-TestPortListening $script:PrPort | Should -BeTrue

        $script:Pull = Invoke-GitHub Patch "repos/$($script:Repo)/pulls/$($script:Pull.number)" @{ state = 'closed' }

        $script:Pull.state | Should -Be 'closed'
        Get-RailwayEnvironment -Project demo -Name $script:PrEnvironment -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @($processes | Where-Object { Test-TestProcessRunning $_ }) | Should -BeNullOrEmpty
        Test-TestPortListening $script:PrPort | Should -BeFalse
        (Test-RailwayHealth -Project demo -Environment production -Service web).Healthy | Should -BeTrue -Because 'the base environment serves on'
    }
}

Describe 'PR lifecycle, by hand with the module' {
    It 'New-RailwayEnvironment -Source staging, deploy, Remove-RailwayEnvironment' {
        $environment = New-RailwayEnvironment -Project demo -Name pr-by-hand -Source staging
        $environment.SourceEnvironmentId | Should -Be (Get-RailwayEnvironment -Project demo -Name staging).EnvironmentId
        $first = Wait-RailwayDeployment -Project demo -Environment pr-by-hand -Service web -Latest -TimeoutSec 120
        $first.Status | Should -Be 'Success'

        # Deploy it again, as a CI job would, and wait for that deployment.
        $deployed = Redo-RailwayDeployment -Id $first.DeploymentId -Wait -PassThru -Confirm:$false
        $deployed.Status | Should -Be 'Success'
        $status = Get-RailwayStatus -Project demo -Environment pr-by-hand -Service web
        $status.DeploymentId | Should -Be $deployed.DeploymentId
        $processes = Get-LiveProcess $deployed.DeploymentId
        $processes | Should -Not -BeNullOrEmpty

        Get-RailwayEnvironment -Project demo -Name pr-by-hand | Remove-RailwayEnvironment -Force

        Get-RailwayEnvironment -Project demo -Name pr-by-hand -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @($processes | Where-Object { Test-TestProcessRunning $_ }) | Should -BeNullOrEmpty
        Test-TestPortListening $status.Url.Port | Should -BeFalse
    }
}
