<#
.SYNOPSIS
    B5: 50 deployments awaited at once by one Wait-RailwayDeployment: total time vs the slowest
    deployment, how soon each one is reported, and the requests per minute it spends.
.DESCRIPTION
    Per run: 50 deployments are forced to BUILDING and read with Get-RailwayDeployment -Id (not
    timed, not counted); `$deployments | Wait-RailwayDeployment` starts in a runspace; a second runspace forces them to
    SUCCESS one by one at evenly staggered moments from 1 s to SlowestSec after the start, in random
    order. total = start → the cmdlet returned; slowest = start → the last SUCCESS was forced; each
    deployment's report delay = the moment its object came out of the pipeline − its SUCCESS.
    Requests are counted by the emulator journal over the run. Runs with the subscription (Count
    times) and, for the request budget, once with -NoSubscription (polling, 5 s ceiling).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Count = 3,
    [int]$Deployments = 50,
    [double]$SlowestSec = 15,
    [switch]$SkipPolling
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$what = "$Deployments deployments awaited at once (one Wait-RailwayDeployment, SUCCESS staggered over $SlowestSec s)"
$goal = 'total ≤ 1.2 × the slowest; requests per minute reported'
$results = [System.Collections.Generic.List[object]]::new()

$waitScript = @'
param([object[]]$Deployments, [bool]$NoSubscription)
$clock = { [System.Diagnostics.Stopwatch]::GetTimestamp() / [double][System.Diagnostics.Stopwatch]::Frequency }
$start = & $clock
$reported = $deployments | Wait-RailwayDeployment -TimeoutSec 120 -NoSubscription:$NoSubscription -ErrorAction Stop |
    ForEach-Object { [pscustomobject]@{ Id = $_.DeploymentId; At = & $clock } }
[pscustomobject]@{ Start = $start; End = & $clock; Reported = @($reported) }
'@
$forcerScript = @'
param([string]$AdminUrl, [object[]]$Schedule)
foreach ($item in $Schedule | Sort-Object At) {
    while ($true) {
        $left = $item.At - [System.Diagnostics.Stopwatch]::GetTimestamp() / [double][System.Diagnostics.Stopwatch]::Frequency
        if ($left -le 0) { break }
        Start-Sleep -Milliseconds ([Math]::Max(1, [Math]::Min(50, [int]($left * 1000))))
    }
    $t0 = [System.Diagnostics.Stopwatch]::GetTimestamp() / [double][System.Diagnostics.Stopwatch]::Frequency
    Invoke-RestMethod -Method Post -Uri ($AdminUrl + "deployments/$($item.Id)/status") -ContentType 'application/json' -Body '{"status":"SUCCESS"}' | Out-Null
    [pscustomobject]@{ Id = $item.Id; T0 = $t0 }
}
'@

$emulator = $null
$runspaces = [System.Collections.Generic.List[object]]::new()
try {
    Import-Module $ModuleManifest -Force
    if (-not (Get-Command Wait-RailwayDeployment -ErrorAction Ignore)) {
        throw [System.Management.Automation.ItemNotFoundException]::new('Wait-RailwayDeployment is not in this build of the module')
    }
    $emulator = Start-BenchEmulator -ModuleManifest $ModuleManifest -Seed (New-BenchSeed -GeneratedDeployments ($Deployments + 10))
    Use-BenchModuleEnvironment -Emulator $emulator | Out-Null
    $ids = @((Get-BenchDeploymentIds -Emulator $emulator -First ($Deployments + 10)).id | Select-Object -Skip 5 -First $Deployments)
    $waitRunspace = New-BenchRunspace -ModuleManifest $ModuleManifest; $runspaces.Add($waitRunspace)
    $forcerRunspace = New-BenchRunspace; $runspaces.Add($forcerRunspace)

    function Invoke-Run([string[]]$RunIds, [double]$Slowest, [bool]$NoSubscription) {
        foreach ($id in $RunIds) { Set-BenchDeploymentStatus -Emulator $emulator -DeploymentId $id -Status BUILDING }
        $deployments = @(Get-RailwayDeployment -Id $RunIds)
        Reset-BenchJournal -Emulator $emulator
        $origin = Get-BenchTimestamp
        $originWall = [DateTimeOffset]::UtcNow
        $wait = Start-BenchRunspace -Runspace $waitRunspace -Script $waitScript -Parameters @{ Deployments = $deployments; NoSubscription = $NoSubscription }
        # Forces are planned from now; the wait's own start comes back with its result, and total
        # and slowest are both measured from that start.
        $offsets = @(for ($k = 0; $k -lt $RunIds.Count; $k++) { 1 + ($Slowest - 1) * $k / [Math]::Max(1, $RunIds.Count - 1) }) | Get-Random -Shuffle
        $schedule = for ($k = 0; $k -lt $RunIds.Count; $k++) { [pscustomobject]@{ Id = $RunIds[$k]; At = $origin + $offsets[$k] } }
        $forced = (Receive-BenchRunspace -Handle (Start-BenchRunspace -Runspace $forcerRunspace -Script $forcerScript -Parameters @{ AdminUrl = $emulator.AdminUrl; Schedule = @($schedule) })).Output
        $received = Receive-BenchRunspace -Handle $wait -TimeoutSec 180
        if ($received.Errors) { throw "Wait-RailwayDeployment: $($received.Errors -join '; ')" }
        Start-Sleep -Milliseconds 500   # WebSocket entries are journalled when the socket closes
        $journal = Get-BenchJournal -Emulator $emulator
        $outcome = $received.Output[-1]
        $total = $outcome.End - $outcome.Start
        $lastForced = ($forced | Measure-Object -Property T0 -Maximum).Maximum - $outcome.Start
        $delays = foreach ($report in $outcome.Reported) { $report.At - ($forced | Where-Object Id -EQ $report.Id).T0 }
        # The steady rate: requests in the second half of the wait, when setting up is long over.
        # A WebSocket's own entry ("(websocket)") is written when it closes, so it counts with setup.
        $halfway = $outcome.Start + ($outcome.End - $outcome.Start) / 2
        $halfwayWall = $originWall.AddSeconds($halfway - $origin)
        $whileWaiting = @($journal.Entries | Where-Object { $_.operation -ne '(websocket)' -and [DateTimeOffset]$_.time -gt $halfwayWall }).Count
        $waitingMinutes = ($outcome.End - $halfway) / 60
        [pscustomobject]@{
            Mode              = if ($NoSubscription) { 'polling' } else { 'subscription' }
            Reported          = @($outcome.Reported).Count
            Total             = $total
            Slowest           = $lastForced
            Ratio             = $total / $lastForced
            Delays            = [double[]]@($delays)
            Requests          = $journal.Total
            ByOperation       = $journal.ByOperation
            RequestsPerMinute = $journal.Total / (($outcome.End - $origin) / 60)
            WhileWaiting      = $whileWaiting
            WhileWaitingPerMinute = $whileWaiting / $waitingMinutes
        }
    }

    Invoke-Run -RunIds $ids[0..2] -Slowest 2 -NoSubscription $false | Out-Null   # warm-up, not counted
    $runs = @(
        foreach ($i in 1..$Count) { Invoke-Run -RunIds $ids -Slowest $SlowestSec -NoSubscription $false }
        if (-not $SkipPolling) { Invoke-Run -RunIds $ids -Slowest $SlowestSec -NoSubscription $true }
    )

    foreach ($mode in 'subscription', 'polling') {
        $modeRuns = @($runs | Where-Object Mode -EQ $mode)
        if (-not $modeRuns) { continue }
        if ($modeRuns | Where-Object Reported -NE $Deployments) { throw "a $mode run reported $(($modeRuns | Where-Object Reported -NE $Deployments)[0].Reported) of $Deployments deployments" }
        $ratio = Get-Median ([double[]]$modeRuns.Ratio)
        $allDelays = [double[]]@($modeRuns | ForEach-Object { $_.Delays })
        $perMinute = Get-Median ([double[]]$modeRuns.RequestsPerMinute)
        $details = [ordered]@{
            runs                     = $modeRuns.Count
            totalSeconds             = Get-BenchStatistics ([double[]]$modeRuns.Total)
            slowestSeconds           = Get-BenchStatistics ([double[]]$modeRuns.Slowest)
            ratio                    = Get-BenchStatistics ([double[]]$modeRuns.Ratio)
            reportDelaySeconds       = [ordered]@{ median = [math]::Round((Get-Median $allDelays), 3); max = [math]::Round(($allDelays | Measure-Object -Maximum).Maximum, 3); n = $allDelays.Count }
            requestsPerRun           = Get-BenchStatistics ([double[]]$modeRuns.Requests) -Digits 0
            requestsPerMinute        = [math]::Round($perMinute, 1)
            requestsWhileWaiting     = Get-BenchStatistics ([double[]]$modeRuns.WhileWaiting) -Digits 0
            requestsPerMinuteWhileWaiting = [math]::Round((Get-Median ([double[]]$modeRuns.WhileWaitingPerMinute)), 1)
            byOperationLastRun       = $modeRuns[-1].ByOperation
        }
        $id = if ($mode -eq 'subscription') { 'B5' } else { 'B5 polling' }
        $measured = 'total {0} = {1:N3} × the slowest ({2}); each reported {3} median after its SUCCESS (max {4}); {5:N0} requests per run ({7:N1} per deployment) = {6:N0} per minute, {8:N0} per minute in the second half of the wait' -f
            (Format-Seconds $details.totalSeconds.median), $ratio, (Format-Seconds $details.slowestSeconds.median),
            (Format-Seconds $details.reportDelaySeconds.median), (Format-Seconds $details.reportDelaySeconds.max), $details.requestsPerRun.median, $perMinute, ($details.requestsPerRun.median / $Deployments), $details.requestsPerMinuteWhileWaiting
        # The goal is for the default (subscription); the polling run is there for its request budget.
        $status = if ($mode -eq 'subscription') { Get-PassFail ($ratio -le 1.2) } else { 'info' }
        $results.Add((New-BenchResult -Id $id -What "$what, $(if ($mode -eq 'polling') { '-NoSubscription' } else { 'subscription' })" -Goal $goal -Measured $measured `
                    -Status $status -Details $details -Notes @("$($modeRuns.Count) run(s); requests counted by the emulator journal; a hand-written 2 s poll loop per deployment would spend $([int]($Deployments * 30)) per minute")))
    }
}
catch [System.Management.Automation.ItemNotFoundException] {
    $results.Add((Get-BenchSkippedResult -Id 'B5' -What $what -Goal $goal -Reason $_.Exception.Message))
}
catch {
    $results.Add((New-BenchResult -Id 'B5' -What $what -Goal $goal -Measured "error: $($_.Exception.Message) at $($_.InvocationInfo.PositionMessage)" -Status error))
}
finally {
    foreach ($runspace in $runspaces) { $runspace.Dispose() }
    Stop-BenchEmulator $emulator
}
Write-BenchResultFile -Results $results.ToArray() -Path $ResultFile
$results
