<#
.SYNOPSIS
    B10: New-RailwayDatabase -Type Postgres until the first query answers, beside making the same server by hand on
    the same machine (initdb + pg_ctl start + psql -c 'select 1').
.DESCRIPTION
    Cmdlet side: one emulator for the whole run (a user adds a database to a project that exists); each run, timed,
    New-RailwayDatabase -Type Postgres -Name pg<n> (template deploy, workflow, the server's deployment waited for
    until it is ready), the service's PG* variables read with Get-RailwayVariable and psql -c 'select 1' run with
    them in its environment (no password on a command line, as Connect-RailwayDatabase passes it). The servers of
    earlier runs stay up, idle, until the emulator stops at the end.
    By hand: initdb into a new folder (superuser postgres, scram-sha-256 over TCP, the password from a private file
    removed at once), pg_ctl start -w on a free loopback port, psql -c 'select 1' with PGPASSWORD; then, not timed,
    pg_ctl stop and the folder deleted. As root, the server's tools run as the postgres account through runuser, as a
    root user would type them (the server refuses to run as root).
    After one warm-up of each side the sides alternate, -Count runs each. Goal: median cmdlet time ≤ 1.3 × median
    by-hand time.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Count = 5,
    [double]$GoalRatio = 1.3,
    [string]$PgBin = '/usr/lib/postgresql/15/bin'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = (Resolve-Path $ModuleManifest).ProviderPath
$what = "New-RailwayDatabase -Type Postgres until 'select 1' answers vs initdb + pg_ctl start + psql by hand"
$goal = "≤ $GoalRatio × by hand"

$psql = Get-Command psql -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
$missing = if (-not (Test-Path (Join-Path $PgBin 'initdb'))) { "PostgreSQL's initdb is not in $PgBin" } elseif (-not $psql) { 'psql is not on PATH' }
if ($missing) {
    Write-BenchResultFile -Results @(Get-BenchSkippedResult -Id 'B10' -What $what -Goal $goal -Reason $missing) -Path $ResultFile
    return
}

$asRoot = (& id -u) -eq '0'
function Invoke-PgTool([string]$Tool, [string[]]$Arguments) {
    # A simple native call; as root through runuser -u postgres, which is how a root user starts a cluster by hand.
    $path = Join-Path $PgBin $Tool
    $output = if ($asRoot) { & runuser -u postgres -- $path @Arguments 2>&1 } else { & $path @Arguments 2>&1 }
    if ($LASTEXITCODE -ne 0) { throw "$Tool failed ($LASTEXITCODE): $output" }
}

function Get-FreePort {
    $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop(); $port
}

function Invoke-Psql([hashtable]$Environment) {
    # PG* in the environment for this child only, then restored.
    $saved = @{}
    foreach ($key in $Environment.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $Environment[$key]) }
    try {
        $answer = & $psql.Source -X -A -t -c 'select 1' 2>&1
        if ($LASTEXITCODE -ne 0 -or "$answer".Trim() -ne '1') { throw "psql did not answer 1: $answer" }
    }
    finally {
        # Remove-Item for one that was unset: SetEnvironmentVariable($key, $null) from PowerShell would leave it set to ''.
        foreach ($key in $saved.Keys) { if ($null -eq $saved[$key]) { Remove-Item "Env:$key" -ErrorAction SilentlyContinue } else { Set-Item "Env:$key" $saved[$key] } }
    }
}

$work = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-bench-b10-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
if ($asRoot) { & chown postgres: $work }
$script:emulator = $null
$script:cluster = $null
$saved = $null
$run = 0
try {
    $script:emulator = Start-BenchEmulator -ModuleManifest $manifest
    $saved = Use-BenchModuleEnvironment -Emulator $script:emulator
    Import-Module $manifest
    $sides = [ordered]@{
        cmdlet   = {
            $script:lastStart = [DateTimeOffset]::UtcNow
            $database = New-RailwayDatabase -Type Postgres -Name "pg$script:run" -Project $script:emulator.ProjectId -Environment $script:emulator.EnvironmentId -Confirm:$false -ErrorAction Stop
            $returned = [DateTimeOffset]::UtcNow
            $variables = @{}
            Get-RailwayVariable -Project $script:emulator.ProjectId -Environment $script:emulator.EnvironmentId -Service $database.ServiceName -AsPlainText -ErrorAction Stop |
                Where-Object Name -In 'PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE' | ForEach-Object { $variables[$_.Name] = $_.Value }
            $script:lastReturned = $returned
            Invoke-Psql $variables
            $script:lastAnswered = [DateTimeOffset]::UtcNow
            $script:lastDatabase = $database
        }
        baseline = {
            $data = $script:cluster.Data
            $passwordFile = Join-Path $work "pw-$($script:cluster.Port)"
            [IO.File]::WriteAllText($passwordFile, $script:cluster.Password)
            [IO.File]::SetUnixFileMode($passwordFile, [IO.UnixFileMode]'UserRead, UserWrite')
            if ($asRoot) { & chown postgres: $passwordFile }
            try { Invoke-PgTool initdb @('-D', $data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', "--pwfile=$passwordFile", '-E', 'UTF8') }
            finally { Remove-Item -LiteralPath $passwordFile -Force }
            Invoke-PgTool pg_ctl @('-D', $data, '-w', '-l', "$data.log", '-o', "-p $($script:cluster.Port) -c listen_addresses=127.0.0.1 -k $work", 'start')
            Invoke-Psql @{ PGHOST = '127.0.0.1'; PGPORT = "$($script:cluster.Port)"; PGUSER = 'postgres'; PGPASSWORD = $script:cluster.Password; PGDATABASE = 'postgres' }
        }
    }
    # What each side needs before it and leaves after it, outside the timing.
    $before = @{
        cmdlet   = { }
        baseline = {
            $script:cluster = [pscustomobject]@{ Data = (Join-Path $work "data$run"); Port = (Get-FreePort); Password = [Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes(18)) }
        }
    }
    $after = @{
        cmdlet   = { }
        baseline = {
            if ($script:cluster -and (Test-Path (Join-Path $script:cluster.Data 'postmaster.pid'))) { Invoke-PgTool pg_ctl @('-D', $script:cluster.Data, '-m', 'fast', '-w', 'stop') }
            if ($script:cluster) { Remove-Item -LiteralPath $script:cluster.Data, "$($script:cluster.Data).log" -Recurse -Force -ErrorAction SilentlyContinue }
            $script:cluster = $null
        }
    }
    $samples = @{ cmdlet = [Collections.Generic.List[double]]::new(); baseline = [Collections.Generic.List[double]]::new() }
    function Invoke-Side([string]$Name, [switch]$Timed) {
        $script:run++
        & $before[$Name]
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & $sides[$Name]
            if ($Timed) { $samples[$Name].Add($watch.Elapsed.TotalSeconds) }
        }
        finally { & $after[$Name] }
    }
    foreach ($name in $sides.Keys) { Invoke-Side $name }
    for ($i = 0; $i -lt $Count; $i++) {
        $order = if ($i % 2 -eq 0) { 'cmdlet', 'baseline' } else { 'baseline', 'cmdlet' }
        foreach ($name in $order) { Invoke-Side $name -Timed }
    }
    # Where the last cmdlet run's time went, from the server's deploy log (the emulator stamps each line as it reads it).
    $profile = [ordered]@{}
    $log = @(Get-RailwayDeploymentLog -Id $script:lastDatabase.DeploymentId -Type Deploy -Tail 500 -ErrorAction SilentlyContinue)
    $at = { param($pattern) $line = $log | Where-Object Message -Match $pattern | Select-Object -First 1; if ($line) { $line.Timestamp } }
    $marks = [ordered]@{
        scriptStarted = & $at 'Initialising a new PostgreSQL cluster'; initdbDone = & $at 'syncing data to disk'
        serverReady = & $at 'ready to accept connections'; probeAnswered = & $at 'accepts connections \(after'; live = & $at 'Deployment is live'
    }
    $previous = $script:lastStart
    foreach ($name in $marks.Keys) {
        if ($marks[$name]) { $profile[$name + 'Seconds'] = [Math]::Round(($marks[$name] - $previous).TotalSeconds, 3); $previous = $marks[$name] }
    }
    $profile['cmdletReturnedSeconds'] = [Math]::Round(($script:lastReturned - $previous).TotalSeconds, 3)
    $profile['variablesAndPsqlSeconds'] = [Math]::Round(($script:lastAnswered - $script:lastReturned).TotalSeconds, 3)
    $cmdlet = Get-Median ([double[]]$samples.cmdlet)
    $byHand = Get-Median ([double[]]$samples.baseline)
    $ratio = $cmdlet / $byHand
    $results = @(New-BenchResult -Id 'B10' -What $what -Goal $goal `
            -Measured ('{0} vs {1} by hand ({2:N2} ×)' -f (Format-Seconds $cmdlet), (Format-Seconds $byHand), $ratio) `
            -Status (Get-PassFail ($ratio -le $GoalRatio)) -Details ([ordered]@{
                count = $Count; cmdletSeconds = @($samples.cmdlet); byHandSeconds = @($samples.baseline); cmdletMedian = $cmdlet; byHandMedian = $byHand; ratio = $ratio
                lastRunProfile = $profile; asRoot = $asRoot; postgres = "$(& (Join-Path $PgBin 'postgres') --version)"
            }) -Notes @('Both sides end with the same psql -c ''select 1''; the cmdlet side also reads the service''s variables (one request) to get the password, as a user connecting would.'))
    Write-BenchResultFile -Results $results -Path $ResultFile
    $results | Format-List Id, Measured, Status | Out-String | Write-Host
}
finally {
    if ($script:cluster) { try { & $after.baseline } catch { Write-Warning "B10: the hand-made cluster was not stopped: $_" } }
    if ($saved) { foreach ($k in $saved.Keys) { if ($null -eq $saved[$k]) { Remove-Item "Env:$k" -ErrorAction SilentlyContinue } else { Set-Item "Env:$k" $saved[$k] } } }
    Stop-BenchEmulator $script:emulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
