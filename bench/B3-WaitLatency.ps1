<#
.SYNOPSIS
    B3: how soon Wait-RailwayDeployment returns after the deployment succeeds, with the subscription
    and with polling (-NoSubscription), against a hand-written Invoke-RestMethod polling loop
    (baselines/Wait-Deployment.ps1, every 2 s); and how many requests one 60 s wait spends.
.DESCRIPTION
    Latency of one sample: a deployment is forced to BUILDING, the wait starts in a runspace of this
    process, and later the deployment is forced to SUCCESS through the emulator's admin endpoint
    (POST deployments/{id}/status). t0 is taken right before that POST, t1 right after the waiting
    command returns, on the same monotonic clock. For every latency setting (0 ms and a realistic
    80 ms per API request):
      - subscription: Count sequential samples; SUCCESS is forced 0.3–1.0 s after the emulator
        journalled the subscribe;
      - polling: Count waits with -NoSubscription (default -PollIntervalSec 5) and Count baseline
        loops run side by side, each on its own deployment, and SUCCESS is forced at a random
        moment 33–38 s after they started (by then RailwayOps' adaptive interval, 1 s growing by
        half per quiet poll, has reached its 5 s ceiling, so the sample is not flattered by the
        early short intervals). The goal is what the ceiling trades: at most half the 2 s loop's
        requests per minute, counted from the journal from 12 s (both sides at their steady rate: the
        ceiling is reached 8.1 s into a wait, and on a busy machine the last of ten waits starts up to a
        few seconds late) to the first forced SUCCESS, a window of 21 s or more (four polls of each wait
        at the ceiling; a shorter one counts too few to tell 0.4 from 0.67), and no detection later than
        the ceiling plus one round trip.
    Request budget: ONE wait with the subscription held 60 s on its own emulator (run beside the
    latency samples, which use another emulator), counted from the emulator journal.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Count = 5,
    [int[]]$LatencyMs = @(0, 80),
    [int]$BudgetWindowSec = 60,
    [int]$BaselineIntervalSec = 2,
    [double]$PollingForceFromSec = 33,
    [double]$PollingForceSpreadSec = 5,
    # RailwayOps' polling interval starts at 1 s and grows by half per quiet poll to its 5 s ceiling, reached
    # after 1 + 1.5 + 2.25 + 3.375 ≈ 8.1 s into a wait; the waits start up to a few seconds after the
    # benchmark's clock on a busy machine: from 12 s on every wait of both sides polls at its steady rate.
    [double]$PollingSteadyFromSec = 12,
    [double]$PollingCeilingSec = 5
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$baseline = Join-Path $PSScriptRoot 'baselines/Wait-Deployment.ps1'
$what = 'Wait-RailwayDeployment: SUCCESS → cmdlet returned'
$results = [System.Collections.Generic.List[object]]::new()

$ourWaitScript = @'
param([string]$Id, [bool]$NoSubscription)
$null = Wait-RailwayDeployment -Id $Id -TimeoutSec 300 -NoSubscription:$NoSubscription -ErrorAction Stop
[System.Diagnostics.Stopwatch]::GetTimestamp() / [double][System.Diagnostics.Stopwatch]::Frequency
'@
$baselineWaitScript = @'
param([string]$Baseline, [string]$Id, [string]$Endpoint, [string]$Token, [int]$IntervalSec)
$null = & $Baseline -DeploymentId $Id -Endpoint $Endpoint -Token $Token -IntervalSec $IntervalSec -TimeoutSec 300
[System.Diagnostics.Stopwatch]::GetTimestamp() / [double][System.Diagnostics.Stopwatch]::Frequency
'@
# Forces SUCCESS on each deployment at its planned moment; t0 is taken right before each POST.
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

function Wait-ForSubscribe {
    # The emulator journals a WebSocket subscribe (method "WS") when it arrives; the journal was reset
    # just before the wait started.
    param($Emulator, [int]$TimeoutSec = 30)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ((Get-BenchJournal -Emulator $Emulator).Entries | Where-Object { $_.method -eq 'WS' }) { return $true }
        Start-Sleep -Milliseconds 25
    }
    $false
}

$main = $null
$budgetEmulator = $null
$runspaces = [System.Collections.Generic.List[object]]::new()
try {
    Import-Module $ModuleManifest -Force
    if (-not (Get-Command Wait-RailwayDeployment -ErrorAction Ignore)) {
        throw [System.Management.Automation.ItemNotFoundException]::new('Wait-RailwayDeployment is not in this build of the module')
    }
    $samplesNeeded = ($Count * 3 + 2) * $LatencyMs.Count + 4
    $main = Start-BenchEmulator -ModuleManifest $ModuleManifest -Seed (New-BenchSeed -GeneratedDeployments $samplesNeeded)
    $budgetEmulator = Start-BenchEmulator -ModuleManifest $ModuleManifest -Seed (New-BenchSeed -GeneratedDeployments 3)
    Use-BenchModuleEnvironment -Emulator $main | Out-Null
    $pool = [System.Collections.Generic.Queue[string]]::new([string[]]@((Get-BenchDeploymentIds -Emulator $main -First $samplesNeeded).id))
    $budgetId = (Get-BenchDeploymentIds -Emulator $budgetEmulator -First 3)[1].id

    # Runspaces are opened (module imported) before anything is timed.
    $subscriptionRunspace = New-BenchRunspace -ModuleManifest $ModuleManifest; $runspaces.Add($subscriptionRunspace)
    $budgetRunspace = New-BenchRunspace -ModuleManifest $ModuleManifest; $runspaces.Add($budgetRunspace)
    $budgetForcerRunspace = New-BenchRunspace; $runspaces.Add($budgetForcerRunspace)
    $forcerRunspace = New-BenchRunspace; $runspaces.Add($forcerRunspace)
    $pollingRunspaces = foreach ($i in 1..$Count) { $r = New-BenchRunspace -ModuleManifest $ModuleManifest; $runspaces.Add($r); $r }
    $baselineRunspaces = foreach ($i in 1..$Count) { $r = New-BenchRunspace; $runspaces.Add($r); $r }

    # The 60 s budget wait: its own emulator (so its journal counts nothing else) and runspace.
    Set-BenchDeploymentStatus -Emulator $budgetEmulator -DeploymentId $budgetId -Status BUILDING
    Reset-BenchJournal -Emulator $budgetEmulator
    # Environment variables are per process: the budget wait names its endpoint explicitly instead.
    $budgetScript = $ourWaitScript -replace 'Wait-RailwayDeployment -Id \$Id', "Wait-RailwayDeployment -Endpoint '$($budgetEmulator.GraphQLUrl)' -Id `$Id"
    $budgetStart = Get-BenchTimestamp
    $budgetStartWall = [DateTimeOffset]::UtcNow
    $budgetWait = Start-BenchRunspace -Runspace $budgetRunspace -Script $budgetScript -Parameters @{ Id = $budgetId; NoSubscription = $false }
    $budgetForcer = Start-BenchRunspace -Runspace $budgetForcerRunspace -Script $forcerScript -Parameters @{
        AdminUrl = $budgetEmulator.AdminUrl; Schedule = @([pscustomobject]@{ Id = $budgetId; At = $budgetStart + $BudgetWindowSec })
    }

    # Warm-up: one subscription wait and one polling wait, not counted.
    foreach ($noSubscription in $false, $true) {
        $id = $pool.Dequeue()
        Set-BenchDeploymentStatus -Emulator $main -DeploymentId $id -Status BUILDING
        $handle = Start-BenchRunspace -Runspace $subscriptionRunspace -Script $ourWaitScript -Parameters @{ Id = $id; NoSubscription = $noSubscription }
        Start-Sleep -Milliseconds 1500
        Set-BenchDeploymentStatus -Emulator $main -DeploymentId $id -Status SUCCESS
        Receive-BenchRunspace -Handle $handle | Out-Null
    }

    $perLatency = [ordered]@{}
    foreach ($latency in $LatencyMs) {
        Set-BenchLatency -Emulator $main -Milliseconds $latency

        # Subscription: sequential samples.
        $subscription = foreach ($i in 1..$Count) {
            $id = $pool.Dequeue()
            Set-BenchDeploymentStatus -Emulator $main -DeploymentId $id -Status BUILDING
            Reset-BenchJournal -Emulator $main
            $handle = Start-BenchRunspace -Runspace $subscriptionRunspace -Script $ourWaitScript -Parameters @{ Id = $id; NoSubscription = $false }
            if (-not (Wait-ForSubscribe -Emulator $main)) { throw 'Wait-RailwayDeployment never subscribed' }
            Start-Sleep -Milliseconds (Get-Random -Minimum 300 -Maximum 1000)
            $t0 = Get-BenchTimestamp
            Set-BenchDeploymentStatus -Emulator $main -DeploymentId $id -Status SUCCESS
            $received = Receive-BenchRunspace -Handle $handle
            if ($received.Errors) { throw "Wait-RailwayDeployment: $($received.Errors -join '; ')" }
            [double]$received.Output[-1] - $t0
        }

        # Polling: ours (-NoSubscription) and the baseline side by side, each on its own deployment.
        $ids = @(foreach ($i in 1..(2 * $Count)) { $pool.Dequeue() })
        foreach ($id in $ids) { Set-BenchDeploymentStatus -Emulator $main -DeploymentId $id -Status BUILDING }
        # One round trip at this latency: the time a single poll (the baseline's query) takes from here.
        $roundTrips = [double[]]@(foreach ($i in 1..5) {
                Measure-Seconds { Invoke-BenchGraphQL -Emulator $main -Query 'query RoundTrip($id: String!) { deployment(id: $id) { id status } }' -Variables @{ id = $ids[0] } }
            })
        $roundTrip = Get-Median $roundTrips
        Reset-BenchJournal -Emulator $main
        $startWall = [DateTimeOffset]::UtcNow
        $start = Get-BenchTimestamp
        $handles = @(
            for ($i = 0; $i -lt $Count; $i++) {
                [pscustomobject]@{ Side = 'ours'; Id = $ids[$i]; Handle = Start-BenchRunspace -Runspace $pollingRunspaces[$i] -Script $ourWaitScript -Parameters @{ Id = $ids[$i]; NoSubscription = $true } }
                [pscustomobject]@{ Side = 'baseline'; Id = $ids[$Count + $i]; Handle = Start-BenchRunspace -Runspace $baselineRunspaces[$i] -Script $baselineWaitScript -Parameters @{
                        Baseline = $baseline; Id = $ids[$Count + $i]; Endpoint = $main.GraphQLUrl; Token = $main.Token; IntervalSec = $BaselineIntervalSec } }
            })
        $schedule = foreach ($id in $ids) { [pscustomobject]@{ Id = $id; At = $start + $PollingForceFromSec + (Get-Random -Minimum 0.0 -Maximum $PollingForceSpreadSec) } }
        $forced = (Receive-BenchRunspace -Handle (Start-BenchRunspace -Runspace $forcerRunspace -Script $forcerScript -Parameters @{ AdminUrl = $main.AdminUrl; Schedule = @($schedule) })).Output
        $latencies = @{ ours = [System.Collections.Generic.List[double]]::new(); baseline = [System.Collections.Generic.List[double]]::new() }
        foreach ($entry in $handles) {
            $received = Receive-BenchRunspace -Handle $entry.Handle
            if ($received.Errors) { throw "$($entry.Side) wait: $($received.Errors -join '; ')" }
            $t0 = ($forced | Where-Object Id -EQ $entry.Id).T0
            $latencies[$entry.Side].Add([double]$received.Output[-1] - $t0)
        }
        $pollingElapsed = (Get-BenchTimestamp) - $start
        Start-Sleep -Milliseconds 300
        $journal = Get-BenchJournal -Emulator $main
        # The baseline's operation is DeploymentStatus; every other request is RailwayOps'.
        $baselinePolls = if ($journal.ByOperation.Contains('DeploymentStatus')) { $journal.ByOperation['DeploymentStatus'] } else { 0 }
        $ourPolls = $journal.Total - $baselinePolls
        # The steady rate: requests journalled after RailwayOps' interval reached its ceiling and before the
        # first SUCCESS was forced, while every wait of both sides was still polling.
        $steadyFrom = $startWall.AddSeconds($PollingSteadyFromSec)
        $steadyTo = $startWall.AddSeconds(($forced | Measure-Object -Property T0 -Minimum).Minimum - $start)
        $steadySeconds = ($steadyTo - $steadyFrom).TotalSeconds
        $steady = @($journal.Entries | Where-Object { $t = [DateTimeOffset]$_.time; $t -ge $steadyFrom -and $t -lt $steadyTo })
        $steadyBaseline = @($steady | Where-Object { $_.operation -eq 'DeploymentStatus' }).Count
        $steadyOurs = $steady.Count - $steadyBaseline
        $perMinute = { param($Requests, $Seconds) if ($Seconds -gt 0) { [math]::Round($Requests / $Count / ($Seconds / 60), 1) } else { $null } }
        $steadyOurRate = & $perMinute $steadyOurs $steadySeconds
        $steadyBaselineRate = & $perMinute $steadyBaseline $steadySeconds
        $maxPolling = ($latencies.ours | Measure-Object -Maximum).Maximum
        $detectionCeiling = $PollingCeilingSec + $roundTrip
        # Judged on the steady rate when the run has a steady window (a quick run may not), else on the whole wait.
        $rateRatio = if ($steadyBaselineRate) { $steadyOurRate / $steadyBaselineRate } else { $ourPolls / [math]::Max(1, $baselinePolls) }

        $perLatency["$latency"] = [ordered]@{
            subscriptionSeconds        = Get-BenchStatistics $subscription
            pollingSeconds             = Get-BenchStatistics $latencies.ours.ToArray()
            baselineSeconds            = Get-BenchStatistics $latencies.baseline.ToArray()
            pollingRequestsPerWaitPerMinute  = [math]::Round($ourPolls / $Count / ($pollingElapsed / 60), 1)
            baselineRequestsPerWaitPerMinute = [math]::Round($baselinePolls / $Count / ($pollingElapsed / 60), 1)
            steadyWindowSeconds              = [math]::Round($steadySeconds, 2)
            steadyPollingRequestsPerWaitPerMinute  = $steadyOurRate
            steadyBaselineRequestsPerWaitPerMinute = $steadyBaselineRate
            pollingRateRatio                 = [math]::Round($rateRatio, 2)
            roundTripSeconds                 = Get-BenchStatistics $roundTrips
            pollingCeilingSeconds            = $PollingCeilingSec
            detectionLimitSeconds            = [math]::Round($detectionCeiling, 3)
        }
        $sub = Get-Median $subscription
        $poll = Get-Median $latencies.ours.ToArray()
        $base = Get-Median $latencies.baseline.ToArray()
        $results.Add((New-BenchResult -Id "B3 subscription @$latency ms" -What "$what, with the subscription, API round trip +$latency ms" `
                    -Goal '≤ 0.2 s median' -Measured ('{0} median (max {1}); baseline 2 s poll loop {2}, {3:N0}× as long' -f (Format-Seconds $sub),
                        (Format-Seconds ($subscription | Measure-Object -Maximum).Maximum), (Format-Seconds $base), ($base / $sub)) `
                    -Status (Get-PassFail ($sub -le 0.2)) -Details $perLatency["$latency"] `
                    -Notes @("$Count sequential samples")))
        $rateText = if ($null -ne $steadyOurRate) { '{0} vs {1} requests per wait per minute once at the ceiling ({2:N2} ×; over the whole wait {3} vs {4})' -f $steadyOurRate, $steadyBaselineRate, $rateRatio, $perLatency["$latency"].pollingRequestsPerWaitPerMinute, $perLatency["$latency"].baselineRequestsPerWaitPerMinute }
            else { '{0} vs {1} requests per wait per minute over the whole wait ({2:N2} ×; no steady window in this run)' -f $perLatency["$latency"].pollingRequestsPerWaitPerMinute, $perLatency["$latency"].baselineRequestsPerWaitPerMinute, $rateRatio }
        $results.Add((New-BenchResult -Id "B3 polling @$latency ms" -What "$what, -NoSubscription (poll ceiling $PollingCeilingSec s), API round trip +$latency ms: what the ceiling trades against the 2 s poll loop" `
                    -Goal ('requests per minute ≤ ½ of the 2 s loop''s; each detection ≤ the ceiling + one round trip ({0:N0} s + {1})' -f $PollingCeilingSec, (Format-Seconds $roundTrip)) `
                    -Measured ('{0}; detection {1} median, max {2} (limit {3}); baseline 2 s poll loop {4} median' -f $rateText, (Format-Seconds $poll),
                        (Format-Seconds $maxPolling), (Format-Seconds $detectionCeiling), (Format-Seconds $base)) `
                    -Status (Get-PassFail ($rateRatio -le 0.5 -and $maxPolling -le $detectionCeiling)) -Details $perLatency["$latency"] `
                    -Notes @("$Count waits of each side side by side, SUCCESS forced at random $PollingForceFromSec–$($PollingForceFromSec + $PollingForceSpreadSec) s; the steady rate counts the journal from $PollingSteadyFromSec s (RailwayOps' interval at its ceiling) to the first forced SUCCESS; one round trip = median of 5 timed polls from the benchmark at this latency")))
    }

    $budgetDone = Receive-BenchRunspace -Handle $budgetWait -TimeoutSec ($BudgetWindowSec + 120)
    $budgetForced = (Receive-BenchRunspace -Handle $budgetForcer).Output
    if ($budgetDone.Errors) { throw "60 s wait: $($budgetDone.Errors -join '; ')" }
    $budgetSeconds = [double]$budgetDone.Output[-1] - $budgetStart
    Start-Sleep -Milliseconds 500   # the WebSocket's own journal entry is written when it closes
    $budgetJournal = Get-BenchJournal -Emulator $budgetEmulator
    $results.Add((New-BenchResult -Id 'B3 budget' -What "requests spent by one Wait-RailwayDeployment (subscription) held $BudgetWindowSec s" `
                -Goal '≤ 3 requests per 60 s wait' -Measured ('{0} requests in {1:N1} s ({2}); the 2 s baseline loop spends ~{3} per 60 s' -f $budgetJournal.Total, $budgetSeconds,
                    (($budgetJournal.ByOperation.GetEnumerator() | ForEach-Object { "$($_.Key) $($_.Value)" }) -join ', '), [int](60 / $BaselineIntervalSec)) `
                -Status (Get-PassFail ($budgetJournal.Total -le 3)) `
                -Details ([ordered]@{ windowSeconds = [math]::Round($budgetSeconds, 2); requests = $budgetJournal.Total; byOperation = $budgetJournal.ByOperation; forcedAt = [math]::Round($budgetForced.T0 - $budgetStart, 2)
                    # When each request was journalled, in seconds from the start of the wait (a WebSocket's entry is written when it closes).
                    timeline = @($budgetJournal.Entries | ForEach-Object { '{0:N1} s {1} {2}' -f ([DateTimeOffset]$_.time - $budgetStartWall).TotalSeconds, $_.method, $_.operation }) }) `
                -Notes @('one wait, run once; counted by the emulator journal of its own emulator')))
}
catch [System.Management.Automation.ItemNotFoundException] {
    $results.Add((Get-BenchSkippedResult -Id 'B3' -What $what -Goal '≤ 0.2 s (subscription); polling ≤ ½ the 2 s loop''s requests per minute and each detection ≤ ceiling + one round trip; ≤ 3 requests per 60 s' -Reason $_.Exception.Message))
}
catch {
    $results.Add((New-BenchResult -Id 'B3' -What $what -Goal '≤ 0.2 s (subscription); polling ≤ ½ the 2 s loop''s requests per minute and each detection ≤ ceiling + one round trip; ≤ 3 requests per 60 s' -Measured "error: $($_.Exception.Message) at $($_.InvocationInfo.PositionMessage)" -Status error))
}
finally {
    foreach ($runspace in $runspaces) { $runspace.Dispose() }
    Stop-BenchEmulator $main
    Stop-BenchEmulator $budgetEmulator
}
Write-BenchResultFile -Results $results.ToArray() -Path $ResultFile
$results
