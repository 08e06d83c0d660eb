<#
.SYNOPSIS
    B10: New-RailwayDatabase -Type Postgres until the first query answers, against doing the same by hand on this
    machine (initdb + pg_ctl start + psql -c 'select 1').
.DESCRIPTION
    One emulator. The sides alternate (-Count runs each, after one warm-up of each):
    the cmdlet side is New-RailwayDatabase -Type Postgres -Name bench<N> (template, templateDeployV2, workflow, the
    deployment's wait) and then Connect-RailwayDatabase -ArgumentList '-tAc', 'select 1' through its public URL;
    by hand is initdb (the emulator's flags: scram-sha-256, password on stdin, UTF8) into a fresh folder, pg_ctl -w
    start on a free loopback port, and psql -tAc 'select 1' with the password in PGPASSWORD (as root both run under
    `unshare --user --map-user=1000`, as the emulator runs them, since PostgreSQL refuses uid 0). The by-hand server is
    stopped and its folder deleted after each run, untimed. Ratio = median cmdlet / median by hand; goal ≤ 1.3.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Count = 4,
    [double]$GoalRatio = 1.3
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = (Resolve-Path $ModuleManifest).ProviderPath
$what = "New-RailwayDatabase -Type Postgres until 'select 1' answers, against initdb + pg_ctl start + psql by hand"
$goal = "≤ $GoalRatio × by hand (median)"
$missing = @('initdb', 'pg_ctl', 'psql' | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue) })
if ($missing) {
    Write-BenchResultFile -Results @(Get-BenchSkippedResult -Id 'B10' -What $what -Goal $goal -Reason "$($missing -join ', ') not installed (apt-get install postgresql)") -Path $ResultFile
    return
}
$emulator = $null
$saved = $null
$work = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-bench-b10-' + [guid]::NewGuid().ToString('n').Substring(0, 12))
New-Item -ItemType Directory -Path $work | Out-Null
try {
    $emulator = Start-BenchEmulator -ModuleManifest $manifest
    $saved = Use-BenchModuleEnvironment -Emulator $emulator
    Import-Module $manifest
    $initdb = (Get-Command initdb -CommandType Application | Select-Object -First 1).Source
    $pgctl = (Get-Command pg_ctl -CommandType Application | Select-Object -First 1).Source
    $psql = (Get-Command psql -CommandType Application | Select-Object -First 1).Source
    $asUser = if ((id -u) -eq '0') { @('unshare', '--user', '--map-user=1000', '--map-group=1000') } else { @() }
    $password = [guid]::NewGuid().ToString('n')
    $script:Run = 0

    function Invoke-AsUser([string]$Program, [string[]]$Arguments, [string]$InputText) {
        $all = @($asUser) + @($Program) + $Arguments
        $output = if ($InputText) { $InputText | & $all[0] @($all | Select-Object -Skip 1) 2>&1 } else { & $all[0] @($all | Select-Object -Skip 1) 2>&1 }
        if ($LASTEXITCODE -ne 0) { throw "$(Split-Path -Leaf $Program) exited $LASTEXITCODE`: $($output -join ' ')" }
    }

    $sides = [ordered]@{
        cmdlet = {
            $name = "bench$($script:Run)"
            New-RailwayDatabase -Type Postgres -Name $name -Confirm:$false -ErrorAction Stop | Out-Null
            $answer = @(Connect-RailwayDatabase -Service $name -ArgumentList '-tAc', 'select 1' -ErrorAction Stop | ForEach-Object { $_ })
            if ($answer -ne '1') { throw "select 1 answered '$answer' (exit $LASTEXITCODE)" }
        }
        byHand = {
            $folder = Join-Path $work "hand$($script:Run)"
            New-Item -ItemType Directory -Path $folder | Out-Null
            if ($asUser) { chmod 0777 $folder }
            $data = Join-Path $folder 'data'
            $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
            $script:HandFolder = $folder; $script:HandData = $data
            Invoke-AsUser $initdb @('-D', $data, '-U', 'postgres', '--auth=scram-sha-256', '--pwfile=/dev/stdin', '-E', 'UTF8', '--no-instructions') $password
            Invoke-AsUser $pgctl @('-D', $data, '-w', '-l', (Join-Path $folder 'log'), '-o', "-p $port -k $folder -c listen_addresses=127.0.0.1", 'start')
            $env:PGPASSWORD = $password
            try { $answer = & $psql -h 127.0.0.1 -p $port -U postgres -d postgres -tAc 'select 1' } finally { Remove-Item Env:PGPASSWORD }
            if ($answer -ne '1') { throw "select 1 answered '$answer' (exit $LASTEXITCODE)" }
        }
    }
    $cleanup = @{
        cmdlet = { }
        byHand = {
            Invoke-AsUser $pgctl @('-D', $script:HandData, '-m', 'immediate', 'stop')
            Remove-Item -Recurse -Force $script:HandFolder
        }
    }
    foreach ($name in $sides.Keys) { $script:Run++; & $sides[$name]; & $cleanup[$name] }
    $samples = @{ cmdlet = [Collections.Generic.List[double]]::new(); byHand = [Collections.Generic.List[double]]::new() }
    for ($i = 0; $i -lt $Count; $i++) {
        $order = if ($i % 2 -eq 0) { 'cmdlet', 'byHand' } else { 'byHand', 'cmdlet' }
        foreach ($name in $order) {
            $script:Run++
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & $sides[$name]
            $samples[$name].Add($watch.Elapsed.TotalSeconds)
            & $cleanup[$name]
        }
    }
    $cmdlet = Get-Median ([double[]]$samples.cmdlet)
    $hand = Get-Median ([double[]]$samples.byHand)
    $ratio = $cmdlet / $hand
    $results = @(New-BenchResult -Id 'B10' -What $what -Goal $goal `
            -Measured ("{0:N2} × ({1} vs {2} by hand)" -f $ratio, (Format-Seconds $cmdlet), (Format-Seconds $hand)) `
            -Status (Get-PassFail ($ratio -le $GoalRatio)) -Details ([ordered]@{
                count = $Count; cmdletSeconds = @($samples.cmdlet); byHandSeconds = @($samples.byHand); cmdletMedian = $cmdlet; byHandMedian = $hand; ratio = $ratio
            }))
    Write-BenchResultFile -Results $results -Path $ResultFile
    $results | Format-List Id, Measured, Status | Out-String | Write-Host
}
finally {
    if ($saved) { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
    Stop-BenchEmulator $emulator
    foreach ($data in @(Get-ChildItem $work -Directory -ErrorAction SilentlyContinue | ForEach-Object { Join-Path $_.FullName 'data' } | Where-Object { Test-Path (Join-Path $_ 'postmaster.pid') })) {
        try { Invoke-AsUser $pgctl @('-D', $data, '-m', 'immediate', 'stop') } catch { Write-Warning $_ }
    }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
