# Helpers for the deployment cmdlets' tests: a clone of samples/hello-railway pushed to the emulator's
# bare repository by real git, forced statuses, and a PowerShell instance to stop mid-wait.
Set-StrictMode -Version Latest

$script:SampleRoot = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'samples/hello-railway'

function Enter-DeploymentTestFixture {
    <#
    The opening of every deployment test file: the isolated test environment, an emulator, a clone of the sample
    pushed to it and that first deployment live. Returns Emulator, Target (demo / production / web), Repository and
    Live (the deployment). A failure part way stops what was started and throws; Exit-DeploymentTestFixture ends it.
    #>
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $fixture = [pscustomobject]@{ Emulator = $null; Target = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }; Repository = $null; Live = $null }
    try {
        $fixture.Emulator = Start-RailwayTestEmulator
        $fixture.Repository = New-DeploymentTestRepository -Emulator $fixture.Emulator
        $sha = Publish-DeploymentTestCommit -Repository $fixture.Repository -Message 'first deploy'
        $target = $fixture.Target
        $fixture.Live = Wait-RailwayDeployment @target -CommitSha $sha -TimeoutSec 120 -ErrorAction Stop
    }
    catch {
        Exit-DeploymentTestFixture $fixture
        throw
    }
    $fixture
}

function Exit-DeploymentTestFixture {
    <# Stops the fixture's emulator, deletes its clone and restores the environment (what exists of them). #>
    param($Fixture)
    if ($null -eq $Fixture) { return }
    try {
        if ($Fixture.Emulator) { Stop-RailwayTestEmulator $Fixture.Emulator }
    }
    finally {
        Remove-DeploymentTestRepository $Fixture.Repository
        Exit-RailwayTestEnvironment
    }
}

function New-DeploymentTestRepository {
    <# Copies the sample app to a temp folder with a short health-check timeout, commits it and sets the emulator's bare repository as origin. #>
    param([Parameter(Mandatory)] $Emulator)
    $repo = @(Invoke-EmulatorAdmin -Emulator $Emulator -Path 'repos')[0]
    $work = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-app-' + [guid]::NewGuid().ToString('n'))
    Copy-Item -Recurse $script:SampleRoot $work
    $toml = Join-Path $work 'railway.toml'
    (Get-Content -Raw $toml) -replace 'healthcheckTimeout = \d+', 'healthcheckTimeout = 5' | Set-Content -NoNewline $toml
    Invoke-DeploymentTestGit $work init -q -b $repo.defaultBranch
    Invoke-DeploymentTestGit $work config user.email 'tests@railwayops.local'
    Invoke-DeploymentTestGit $work config user.name 'RailwayOps tests'
    Invoke-DeploymentTestGit $work remote add origin $repo.path
    [pscustomobject]@{ Path = $work; Branch = $repo.defaultBranch }
}

function Invoke-DeploymentTestGit {
    # A simple function, not an advanced one: git's own switches (-q, -m, -b) must pass through unbound.
    $path, $arguments = $args
    $output = & git -C $path @arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "git $($arguments -join ' ') failed: $output" }
    $output
}

function Publish-DeploymentTestCommit {
    <# Optionally edits the working tree, commits everything and pushes; returns the commit's SHA. #>
    param([Parameter(Mandatory)] $Repository, [scriptblock]$Change, [string]$Message = 'test change')
    if ($Change) { & $Change $Repository.Path }
    Invoke-DeploymentTestGit $Repository.Path add -A
    Invoke-DeploymentTestGit $Repository.Path commit -q --allow-empty -m $Message | Out-Null
    Invoke-DeploymentTestGit $Repository.Path push -q origin $Repository.Branch | Out-Null
    (Invoke-DeploymentTestGit $Repository.Path rev-parse HEAD | Select-Object -Last 1).Trim()
}

function Set-DeploymentTestStartCommand {
    param([Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)][string]$Command)
    $toml = Join-Path $Path 'railway.toml'
    (Get-Content -Raw $toml) -replace 'startCommand = "[^"]*"', "startCommand = `"$Command`"" | Set-Content -NoNewline $toml
}

function Set-DeploymentTestStatus {
    <# Forces a deployment's status through the emulator's admin endpoint. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][string]$DeploymentId, [Parameter(Mandatory)][string]$Status)
    Invoke-EmulatorAdmin -Emulator $Emulator -Path "deployments/$DeploymentId/status" -Method Post -Body @{ status = $Status } | Out-Null
}

function Start-DeploymentTestStatusChange {
    <#
    Forces statuses on a background thread after a pause, so that a wait in progress sees them change. With
    -AfterSubscriptions N the pause starts once the emulator's journal counts N deployment subscriptions (reset the
    journal first): the wait is then known to be on its subscription, not assumed to be after a sleep.
    #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][string[]]$DeploymentId, [Parameter(Mandatory)][string]$Status, [double]$AfterSec = 2,
        [int]$AfterSubscriptions = 0)
    $uri = [Uri]::new($Emulator.AdminUrl, 'deployments/')
    $journal = [Uri]::new($Emulator.AdminUrl, 'journal')
    Start-ThreadJob -ArgumentList $uri, $DeploymentId, $Status, $AfterSec, $journal, $AfterSubscriptions -ScriptBlock {
        param($Base, $Ids, $Status, $After, $Journal, $Subscriptions)
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($Subscriptions -gt 0 -and [DateTime]::UtcNow -lt $deadline) {
            $count = (Invoke-RestMethod -Uri $Journal).byOperation.PSObject.Properties['DeploymentUpdates']
            if ($count -and $count.Value -ge $Subscriptions) { break }
            Start-Sleep -Milliseconds 25
        }
        Start-Sleep -Milliseconds ([int]($After * 1000))
        foreach ($id in $Ids) {
            Invoke-RestMethod -Uri ([Uri]::new($Base, "$id/status")) -Method Post -Body (@{ status = $Status } | ConvertTo-Json) -ContentType 'application/json' | Out-Null
        }
    }
}

function Start-DeploymentTestPowerShell {
    <# Runs one command line in a separate PowerShell instance with the module imported, for stop-latency tests. #>
    param([Parameter(Mandatory)][string]$Command, [hashtable]$Parameters = @{})
    # One statement, not a batch: a stopped batch would go on to its next statement on a pool thread.
    $names = @($Parameters.Keys | ForEach-Object { '$' + $_ }) -join ', '
    $script = "param($names) Import-Module '$(Get-RailwayOpsTestModulePath)'; $Command"
    $shell = [powershell]::Create()
    $null = $shell.AddScript($script)
    foreach ($name in $Parameters.Keys) { $null = $shell.AddParameter($name, $Parameters[$name]) }
    [pscustomobject]@{ Shell = $shell; Handle = $shell.BeginInvoke() }
}

function Measure-DeploymentTestStop {
    <# Stops a running instance and returns how long Stop() took, in seconds. #>
    param([Parameter(Mandatory)] $Running)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $Running.Shell.Stop()
    $clock.Stop()
    try { $null = $Running.Shell.EndInvoke($Running.Handle) } catch { $null = $_ }
    $Running.Shell.Dispose()
    $clock.Elapsed.TotalSeconds
}

function Wait-DeploymentTestRunning {
    <#
    Waits (bounded) until a background instance has written a verbose line matching the pattern and the emulator's
    journal counts -Subscriptions subscriptions of -Operation (reset the journal before starting the instance), i.e.
    it is inside its wait on an open subscription.
    #>
    param([Parameter(Mandatory)] $Running, [Parameter(Mandatory)][string]$Pattern, [Parameter(Mandatory)] $Emulator,
        [string]$Operation = 'DeploymentUpdates', [int]$Subscriptions = 1, [double]$TimeoutSec = 20)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not @($Running.Shell.Streams.Verbose | Where-Object Message -Match $Pattern) -and -not $Running.Handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
        Start-Sleep -Milliseconds 100
    }
    if (-not $Running.Handle.IsCompleted) {
        Wait-EmulatorSubscription -Emulator $Emulator -Operation $Operation -Count $Subscriptions -TimeoutSec ([Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalSeconds))
    }
}

function Remove-DeploymentTestRepository {
    param($Repository)
    if ($Repository -and (Test-Path $Repository.Path)) { Remove-Item $Repository.Path -Recurse -Force -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function *-*
