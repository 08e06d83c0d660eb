<#
.SYNOPSIS
    Shared helpers for the RailwayOps benchmarks: child pwsh processes, local emulators with seeds,
    medians, alternating runs, result records and the machine/commit description.
.DESCRIPTION
    Every benchmark script imports this module. It talks to the emulator only through its process
    contract, its admin endpoints (src/RailwayOps.Emulator/README.md) and plain GraphQL requests for setup,
    never through RailwayOps itself, so the module under test is not part of the measuring apparatus.
#>
Set-StrictMode -Version Latest

$script:RepositoryRoot = Split-Path -Parent $PSScriptRoot
$script:BenchToken = 'bench-account-token'
$script:BenchGitHubToken = 'bench-github-token'

#region Processes

function Get-BenchPwsh {
    <# How to start another pwsh like this one. Under `dotnet pwsh` the process is the dotnet host, so
       the child is started as `dotnet <PSHOME>/pwsh.dll`; with an installed pwsh it is that binary. #>
    $processPath = [Environment]::ProcessPath
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    if ((Split-Path -Leaf $processPath) -match '^dotnet(\.exe)?$' -and (Test-Path $pwshDll)) {
        [pscustomobject]@{ FilePath = $processPath; Prefix = @($pwshDll) }
    }
    else {
        [pscustomobject]@{ FilePath = $processPath; Prefix = @() }
    }
}

function Invoke-BenchPwsh {
    <# Runs a child pwsh -NoProfile -NonInteractive with the given arguments; returns its stdout lines.
       Throws with its stderr when it exits non-zero. #>
    param(
        [Parameter(Mandatory)][string[]]$ArgumentList,
        [hashtable]$Environment = @{},
        [int]$TimeoutSec = 300
    )
    $pwsh = Get-BenchPwsh
    $info = [System.Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
    foreach ($argument in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive') + $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = [string]$Environment[$key] }
    $process = [System.Diagnostics.Process]::Start($info)
    $stderrTask = $process.StandardError.ReadToEndAsync()
    $stdoutTask = $process.StandardOutput.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSec * 1000)) {
        $process.Kill($true)
        throw "child pwsh timed out after $TimeoutSec s: $($ArgumentList -join ' ')"
    }
    $process.WaitForExit()
    $stdout = $stdoutTask.GetAwaiter().GetResult()
    $stderr = $stderrTask.GetAwaiter().GetResult()
    if ($process.ExitCode -ne 0) {
        throw "child pwsh exited with $($process.ExitCode): $stderr $stdout"
    }
    $stdout -split "`r?`n" | Where-Object { $_ -ne '' }
}

#endregion

#region Emulator

function New-BenchSeed {
    <# A seed with one project `bench` (production), one service `web` tracking main of
       railwayops/hello-railway (the sample app's settings) and N generated historical deployments. #>
    param([int]$GeneratedDeployments = 0)
    $service = [ordered]@{
        name     = 'web'
        repo     = 'railwayops/hello-railway'
        branch   = 'main'
        settings = [ordered]@{
            startCommand = 'python3 -m app.main'; healthcheckPath = '/api/health'; healthcheckTimeout = 100
            restartPolicyType = 'ON_FAILURE'; restartPolicyMaxRetries = 10; buildCommand = $null; watchPatterns = @()
        }
        variables = @{ production = @{ GREETING = 'hello from the benchmark' } }
    }
    if ($GeneratedDeployments -gt 0) {
        $service.generatedDeployments = [ordered]@{ environment = 'production'; count = $GeneratedDeployments }
    }
    [ordered]@{
        account      = [ordered]@{ name = 'Bench User'; email = 'bench@railwayops.local'; workspace = 'Bench Workspace' }
        tokens       = @([ordered]@{ kind = 'account'; value = $script:BenchToken; name = 'Bench User' })
        githubTokens = @($script:BenchGitHubToken)
        projects     = @([ordered]@{
                name         = 'bench'
                description  = 'RailwayOps benchmarks'
                environments = @([ordered]@{ name = 'production' })
                services     = @($service)
            })
    }
}

function Start-BenchEmulator {
    <# Starts the emulator shipped beside the module on a fresh state folder with the given seed,
       waits for its ready file and returns its URLs, ids of the bench project and the process. #>
    param(
        [Parameter(Mandatory)][string]$ModuleManifest,
        [System.Collections.IDictionary]$Seed = (New-BenchSeed),
        [int]$LatencyMs = 0,
        [int]$TimeoutSec = 120
    )
    $moduleDirectory = Split-Path -Parent (Resolve-Path $ModuleManifest).ProviderPath
    $dll = Join-Path $moduleDirectory 'emulator/RailwayOps.Emulator.dll'
    if (-not (Test-Path $dll)) { throw "The emulator is missing at $dll." }
    $state = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-bench-' + [guid]::NewGuid().ToString('n').Substring(0, 12))
    New-Item -ItemType Directory -Path $state | Out-Null
    $seedFile = Join-Path ([IO.Path]::GetTempPath()) ("railwayops-bench-seed-" + [guid]::NewGuid().ToString('n') + '.json')
    $Seed | ConvertTo-Json -Depth 20 | Set-Content -Path $seedFile -Encoding utf8NoBOM
    $stateDir = Join-Path $state 'state'
    $dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
    $arguments = @($dll, '--port', '0', '--seed', $seedFile, '--state', $stateDir, '--latency-ms', "$LatencyMs", '--parent-pid', "$PID")
    $process = Start-Process -FilePath $dotnet -ArgumentList $arguments -PassThru `
        -RedirectStandardOutput (Join-Path $state 'stdout.txt') -RedirectStandardError (Join-Path $state 'stderr.txt')
    $readyFile = Join-Path $stateDir 'emulator.json'
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not (Test-Path $readyFile)) {
        if ($process.HasExited) {
            throw "The emulator exited with $($process.ExitCode): $(Get-Content -Raw (Join-Path $state 'stderr.txt') -ErrorAction SilentlyContinue)"
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            $process.Kill($true)
            throw "The emulator was not ready after $TimeoutSec s."
        }
        Start-Sleep -Milliseconds 50
    }
    $ready = $null
    while ($null -eq $ready) {
        try { $ready = Get-Content -Raw $readyFile | ConvertFrom-Json } catch { Start-Sleep -Milliseconds 50 }
    }
    Remove-Item $seedFile -ErrorAction SilentlyContinue
    $emulator = [pscustomobject]@{
        GraphQLUrl     = [string]$ready.graphqlUrl
        GitHubApiUrl   = [string]$ready.githubApiUrl
        AdminUrl       = [string]$ready.adminUrl
        StateDirectory = $stateDir
        Folder         = $state
        Process        = $process
        Token          = $script:BenchToken
        GitHubToken    = $script:BenchGitHubToken
        ProjectId      = $null
        EnvironmentId  = $null
        ServiceId      = $null
    }
    $ids = Get-BenchTargetIds -Emulator $emulator
    $emulator.ProjectId = $ids.ProjectId
    $emulator.EnvironmentId = $ids.EnvironmentId
    $emulator.ServiceId = $ids.ServiceId
    $emulator
}

function Stop-BenchEmulator {
    param($Emulator)
    if ($null -eq $Emulator) { return }
    try { Invoke-RestMethod -Method Post -Uri ($Emulator.AdminUrl + 'shutdown') -TimeoutSec 5 | Out-Null } catch { }
    if (-not $Emulator.Process.WaitForExit(10000)) { $Emulator.Process.Kill($true) }
    Remove-Item $Emulator.Folder -Recurse -Force -ErrorAction SilentlyContinue
}

function Invoke-BenchAdmin {
    <# Calls an admin endpoint (/_emulator/<Path>), JSON in and out. Admin requests are not journalled. #>
    param(
        [Parameter(Mandatory)]$Emulator,
        [Parameter(Mandatory)][string]$Path,
        [string]$Method = 'Get',
        $Body
    )
    $uri = $Emulator.AdminUrl + $Path
    if ($PSBoundParameters.ContainsKey('Body')) {
        Invoke-RestMethod -Uri $uri -Method $Method -Body ($Body | ConvertTo-Json -Depth 10 -Compress) -ContentType 'application/json'
    }
    else {
        Invoke-RestMethod -Uri $uri -Method $Method
    }
}

function Get-BenchJournal {
    <# {total, byOperation} of the API requests the emulator has answered since the last reset. #>
    param([Parameter(Mandatory)]$Emulator)
    $journal = Invoke-BenchAdmin -Emulator $Emulator -Path 'journal'
    $byOperation = [ordered]@{}
    foreach ($property in $journal.byOperation.PSObject.Properties) { $byOperation[$property.Name] = [long]$property.Value }
    [pscustomobject]@{ Total = [long]$journal.total; ByOperation = $byOperation; Entries = @($journal.entries) }
}

function Reset-BenchJournal {
    param([Parameter(Mandatory)]$Emulator)
    Invoke-BenchAdmin -Emulator $Emulator -Path 'journal' -Method Delete | Out-Null
}

function Get-BenchJournalDelta {
    <# Requests per operation between two journal snapshots. #>
    param([Parameter(Mandatory)]$Before, [Parameter(Mandatory)]$After)
    $delta = [ordered]@{}
    foreach ($name in $After.ByOperation.Keys) {
        $count = $After.ByOperation[$name] - ($Before.ByOperation.Contains($name) ? $Before.ByOperation[$name] : 0)
        if ($count -ne 0) { $delta[$name] = $count }
    }
    [pscustomobject]@{ Total = $After.Total - $Before.Total; ByOperation = $delta }
}

function Set-BenchLatency {
    param([Parameter(Mandatory)]$Emulator, [Parameter(Mandatory)][int]$Milliseconds)
    Invoke-BenchAdmin -Emulator $Emulator -Path 'latency' -Method Post -Body @{ ms = $Milliseconds } | Out-Null
}

function Set-BenchDeploymentStatus {
    param([Parameter(Mandatory)]$Emulator, [Parameter(Mandatory)][string]$DeploymentId, [Parameter(Mandatory)][string]$Status)
    Invoke-BenchAdmin -Emulator $Emulator -Path "deployments/$DeploymentId/status" -Method Post -Body @{ status = $Status } | Out-Null
}

function Invoke-BenchGraphQL {
    <# One GraphQL request as a plain user would send it (used for setup, not for measured sides). #>
    param([Parameter(Mandatory)]$Emulator, [Parameter(Mandatory)][string]$Query, [hashtable]$Variables = @{})
    $body = @{ query = $Query; variables = $Variables } | ConvertTo-Json -Depth 10 -Compress
    $response = Invoke-RestMethod -Method Post -Uri $Emulator.GraphQLUrl -Body $body -ContentType 'application/json' `
        -Headers @{ Authorization = "Bearer $($Emulator.Token)" }
    if ($response.PSObject.Properties['errors'] -and $response.errors) { throw "GraphQL error: $($response.errors[0].message)" }
    $response.data
}

function Get-BenchTargetIds {
    param([Parameter(Mandatory)]$Emulator)
    $data = Invoke-BenchGraphQL -Emulator $Emulator -Query @'
query BenchSetupProjects { projects { edges { node { id name
  environments { edges { node { id name } } }
  services { edges { node { id name } } } } } } }
'@
    $project = $data.projects.edges.node | Where-Object name -EQ 'bench' | Select-Object -First 1
    [pscustomobject]@{
        ProjectId     = $project.id
        EnvironmentId = ($project.environments.edges.node | Where-Object name -EQ 'production' | Select-Object -First 1).id
        ServiceId     = ($project.services.edges.node | Where-Object name -EQ 'web' | Select-Object -First 1).id
    }
}

function Get-BenchDeploymentIds {
    <# The ids of the newest deployments of the bench service (setup only). #>
    param([Parameter(Mandatory)]$Emulator, [int]$First = 100)
    $data = Invoke-BenchGraphQL -Emulator $Emulator -Variables @{ first = $First; input = @{ serviceId = $Emulator.ServiceId; environmentId = $Emulator.EnvironmentId } } -Query @'
query BenchSetupDeployments($first: Int, $input: DeploymentListInput!) {
  deployments(first: $first, input: $input) { edges { node { id status createdAt statusUpdatedAt meta } } } }
'@
    @($data.deployments.edges | ForEach-Object { $_.node })
}

function Get-BenchModuleEnvironment {
    <# Environment variables that point RailwayOps (and a user's script) at an emulator, with HOME
       isolated so that no developer's ~/.railway/config.json takes part. #>
    param([Parameter(Mandatory)]$Emulator)
    $home = Join-Path $Emulator.Folder 'home'
    New-Item -ItemType Directory -Force -Path $home | Out-Null
    @{
        RAILWAYOPS_API_URL     = $Emulator.GraphQLUrl
        RAILWAY_API_TOKEN      = $Emulator.Token
        RAILWAY_PROJECT_ID     = $Emulator.ProjectId
        RAILWAY_ENVIRONMENT_ID = $Emulator.EnvironmentId
        RAILWAY_SERVICE_ID     = $Emulator.ServiceId
        GITHUB_API_URL         = $Emulator.GitHubApiUrl
        GITHUB_TOKEN           = $Emulator.GitHubToken
        HOME                   = $home
        GIT_AUTHOR_NAME        = 'Bench User'
        GIT_AUTHOR_EMAIL       = 'bench@railwayops.local'
        GIT_COMMITTER_NAME     = 'Bench User'
        GIT_COMMITTER_EMAIL    = 'bench@railwayops.local'
    }
}

function Use-BenchModuleEnvironment {
    <# Applies Get-BenchModuleEnvironment to this process; returns the previous values. #>
    param([Parameter(Mandatory)]$Emulator)
    $saved = @{}
    foreach ($entry in (Get-BenchModuleEnvironment -Emulator $Emulator).GetEnumerator()) {
        $saved[$entry.Key] = [Environment]::GetEnvironmentVariable($entry.Key)
        [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
    }
    foreach ($name in 'RAILWAY_TOKEN', 'GH_TOKEN') {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    $saved
}

#endregion

#region Statistics and runs

function Get-Median {
    param([Parameter(Mandatory)][double[]]$Values)
    $sorted = [double[]]($Values | Sort-Object)
    $n = $sorted.Count
    if ($n -eq 0) { return [double]::NaN }
    if ($n % 2) { return $sorted[($n - 1) / 2] }
    ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

function Get-Quantile {
    <# The q-quantile (0..1) of a list of numbers, linear between the two nearest ranks. #>
    param([Parameter(Mandatory)][double[]]$Values, [Parameter(Mandatory)][double]$Q)
    $sorted = [double[]]($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    $rank = $Q * ($sorted.Count - 1)
    $low = [math]::Floor($rank)
    $high = [math]::Ceiling($rank)
    $sorted[$low] + ($rank - $low) * ($sorted[$high] - $sorted[$low])
}

function Get-BenchStatistics {
    <# Median, min, max and the samples (rounded) of a list of numbers. #>
    param([Parameter(Mandatory)][AllowEmptyCollection()][double[]]$Values, [int]$Digits = 3)
    if ($Values.Count -eq 0) { return [ordered]@{ n = 0 } }
    [ordered]@{
        n       = $Values.Count
        median  = [math]::Round((Get-Median $Values), $Digits)
        min     = [math]::Round(($Values | Measure-Object -Minimum).Minimum, $Digits)
        max     = [math]::Round(($Values | Measure-Object -Maximum).Maximum, $Digits)
        samples = @($Values | ForEach-Object { [math]::Round($_, $Digits) })
    }
}

function Invoke-Alternating {
    <# Runs side A and side B alternately, Count times each, flipping which goes first every pair
       (A B, B A, A B, ...) so that neither side always runs on a warmer or colder machine.
       Each side is a scriptblock returning a number (seconds) or an object with a Seconds property.
       Returns @{ A = samples; B = samples }. #>
    param(
        [Parameter(Mandatory)][scriptblock]$A,
        [Parameter(Mandatory)][scriptblock]$B,
        [int]$Count = 5
    )
    $samples = @{ A = [System.Collections.Generic.List[object]]::new(); B = [System.Collections.Generic.List[object]]::new() }
    for ($i = 0; $i -lt $Count; $i++) {
        $order = if ($i % 2 -eq 0) { 'A', 'B' } else { 'B', 'A' }
        foreach ($side in $order) {
            $block = if ($side -eq 'A') { $A } else { $B }
            $samples[$side].Add((& $block $i))
        }
    }
    @{ A = $samples.A.ToArray(); B = $samples.B.ToArray() }
}

function Measure-Seconds {
    <# Wall-clock seconds of a scriptblock (its output is discarded). #>
    param([Parameter(Mandatory)][scriptblock]$ScriptBlock)
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    & $ScriptBlock | Out-Null
    $watch.Stop()
    $watch.Elapsed.TotalSeconds
}

#endregion

#region Results

function New-BenchResult {
    <# One row of the summary table. Status: pass, fail, info (no goal), skipped (not available). #>
    param(
        [Parameter(Mandatory)][string]$Id,
        [Parameter(Mandatory)][string]$What,
        [string]$Goal = '',
        [string]$Measured = '',
        [ValidateSet('pass', 'fail', 'info', 'skipped', 'error')][string]$Status = 'info',
        [System.Collections.IDictionary]$Details = [ordered]@{},
        [string[]]$Notes = @()
    )
    [pscustomobject][ordered]@{
        Id       = $Id
        What     = $What
        Goal     = $Goal
        Measured = $Measured
        Status   = $Status
        Details  = $Details
        Notes    = $Notes
    }
}

function Get-PassFail {
    param([Parameter(Mandatory)][bool]$Condition)
    if ($Condition) { 'pass' } else { 'fail' }
}

function Get-BenchSkippedResult {
    param([Parameter(Mandatory)][string]$Id, [Parameter(Mandatory)][string]$What, [string]$Goal = '', [Parameter(Mandatory)][string]$Reason)
    New-BenchResult -Id $Id -What $What -Goal $Goal -Measured "not available: $Reason" -Status skipped
}

function Write-BenchResultFile {
    <# Writes the results of one benchmark script as JSON (read back by Invoke-Benchmarks.ps1). #>
    param([Parameter(Mandatory)][AllowEmptyCollection()][object[]]$Results, [string]$Path)
    if (-not $Path) { return }
    ConvertTo-Json -InputObject @($Results) -Depth 12 | Set-Content -Path $Path -Encoding utf8NoBOM
}

function Format-Seconds {
    param([double]$Seconds)
    if ([double]::IsNaN($Seconds)) { return 'n/a' }
    if ($Seconds -lt 1) { '{0:N0} ms' -f ($Seconds * 1000) } else { '{0:N2} s' -f $Seconds }
}

function Get-BenchEnvironmentInfo {
    <# Commit and machine: what a reader needs to compare two results files. #>
    $git = { $out = & git -C $script:RepositoryRoot @args 2>$null; if ($LASTEXITCODE -eq 0) { ($out -join "`n").Trim() } else { $null } }
    $commit = & $git rev-parse HEAD
    $dirty = & $git status --porcelain --untracked-files=no
    $cpu = $null
    if (Test-Path /proc/cpuinfo) {
        $cpu = (Get-Content /proc/cpuinfo | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    }
    $memoryMb = $null
    if (Test-Path /proc/meminfo) {
        $line = Get-Content /proc/meminfo | Where-Object { $_ -match '^MemTotal:' } | Select-Object -First 1
        if ($line -match '(\d+)\s*kB') { $memoryMb = [math]::Round([double]$Matches[1] / 1024) }
    }
    $os = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
    if (Test-Path /etc/os-release) {
        $pretty = Get-Content /etc/os-release | Where-Object { $_ -match '^PRETTY_NAME=' } | Select-Object -First 1
        if ($pretty) { $os = ($pretty -replace '^PRETTY_NAME=', '').Trim('"') + " (kernel $([Environment]::OSVersion.Version))" }
    }
    $load = if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' } else { $null }
    $dotnetVersion = (& dotnet --version 2>$null | Select-Object -First 1)
    [ordered]@{
        commit          = $commit
        commitShort     = if ($commit) { $commit.Substring(0, [Math]::Min(12, $commit.Length)) } else { $null }
        commitSubject   = & $git log -1 --format=%s
        workingTree     = if ($null -eq $dirty) { 'unknown' } elseif ($dirty) { 'modified (uncommitted changes to tracked files)' } else { 'clean' }
        cpu             = $cpu
        cores           = [Environment]::ProcessorCount
        memoryMb        = $memoryMb
        os              = $os
        dotnetSdk       = $dotnetVersion
        dotnetRuntime   = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        pwsh            = $PSVersionTable.PSVersion.ToString()
        git             = ((& git --version 2>$null) -replace '^git version ', '')
        python          = ((& python3 --version 2>$null) -replace '^Python ', '')
        loadAverage     = $load
    }
}

#endregion

#region Runspaces (concurrent sides inside one process)

function New-BenchRunspace {
    <# An opened runspace with the module under test imported (or none), for waits that must run
       beside the thread that drives the emulator. #>
    param([string]$ModuleManifest)
    $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
    if ($ModuleManifest) { $state.ImportPSModule([string[]]@((Resolve-Path $ModuleManifest).ProviderPath)) }
    $runspace = [runspacefactory]::CreateRunspace($state)
    $runspace.Open()
    $runspace
}

function Start-BenchRunspace {
    <# Starts a script (text, so it binds to the target runspace) with named parameters; returns a handle. #>
    param(
        [Parameter(Mandatory)][System.Management.Automation.Runspaces.Runspace]$Runspace,
        [Parameter(Mandatory)][string]$Script,
        [hashtable]$Parameters = @{}
    )
    $shell = [powershell]::Create()
    $shell.Runspace = $Runspace
    [void]$shell.AddScript($Script)
    if ($Parameters.Count) { [void]$shell.AddParameters($Parameters) }
    [pscustomobject]@{ Shell = $shell; Async = $shell.BeginInvoke() }
}

function Receive-BenchRunspace {
    <# Waits for a Start-BenchRunspace handle and returns its output; its errors become warnings-in-data. #>
    param([Parameter(Mandatory)]$Handle, [int]$TimeoutSec = 300)
    if (-not $Handle.Async.AsyncWaitHandle.WaitOne($TimeoutSec * 1000)) {
        $Handle.Shell.Stop()
        throw "a benchmark runspace did not finish within $TimeoutSec s"
    }
    try {
        $output = $Handle.Shell.EndInvoke($Handle.Async)
        $errors = @($Handle.Shell.Streams.Error | ForEach-Object { $_.ToString() })
        [pscustomobject]@{ Output = @($output); Errors = $errors }
    }
    finally {
        $Handle.Shell.Dispose()
    }
}

function Get-BenchTimestamp {
    <# A monotonic, process-wide timestamp in seconds (the same clock in every runspace). #>
    [System.Diagnostics.Stopwatch]::GetTimestamp() / [double][System.Diagnostics.Stopwatch]::Frequency
}

#endregion

Export-ModuleMember -Function *-*
