<#
.SYNOPSIS
    Runs the RailwayOps benchmarks B1–B10 against local emulators and writes bench/results/latest.md
    (for people), bench/results/latest.json (for tools) and a dated copy of each.
.DESCRIPTION
    The staged module is first copied to a private temporary folder (another build may restage out/
    meanwhile). Each benchmark script runs in its own new pwsh process (so one benchmark's module
    state, memory or failure cannot touch another) and starts its own emulators from the module's
    emulator/ folder. A benchmark whose cmdlet is missing from the build reports a "not available"
    row instead of failing the run. Takes about six minutes on a 2-core machine.
    Called by `dotnet pwsh ./build.ps1 Bench`; can be run alone after a build:
        dotnet pwsh ./bench/Invoke-Benchmarks.ps1 -ModuleManifest ./out/RailwayOps/RailwayOps.psd1
.PARAMETER ModuleManifest
    The staged module's manifest (out/RailwayOps/RailwayOps.psd1).
.PARAMETER Only
    Run only these benchmarks (B1 … B10), as a list or one comma-separated string.
.PARAMETER Quick
    Small iteration counts, for developing the benchmarks; the results say so and are not written
    to latest.* unless -OutputDirectory is given.
.PARAMETER OutputDirectory
    Where results go; bench/results by default.
.PARAMETER RenderFrom
    Runs nothing: writes latest.md/latest.json (and the dated copies of that run) again from a
    results JSON file, e.g. after the analysis text was improved.
#>
[CmdletBinding(DefaultParameterSetName = 'Run')]
param(
    [Parameter(Mandatory, ParameterSetName = 'Run')][string]$ModuleManifest,
    [Parameter(Mandatory, ParameterSetName = 'Render')][string]$RenderFrom,
    [Parameter(ParameterSetName = 'Run')][string[]]$Only = @('B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10'),
    [Parameter(ParameterSetName = 'Run')][switch]$Quick,
    [string]$OutputDirectory
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
# -Only B2,B4 arrives as one string under -File (as build.ps1 and a shell pass it): split it here.
$Only = @($Only -split ',' | ForEach-Object { $_.Trim().ToUpperInvariant() } | Where-Object { $_ })
$unknown = @($Only | Where-Object { $_ -notin 'B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10' })
if ($unknown) { throw "Unknown benchmark(s): $($unknown -join ', '). Use B1 … B10." }

if ($PSCmdlet.ParameterSetName -eq 'Render') {
    # Writes the markdown (and the JSON's analysis) again from a results file, without running anything.
    $document = Get-Content -Raw $RenderFrom | ConvertFrom-Json
    $environment = $document.environment
    $started = [DateTimeOffset]$document.generatedAt
    $duration = [double]$document.durationSeconds
    $Quick = [switch][bool]$document.quick
    $timings = [ordered]@{}
    foreach ($property in $document.secondsPerBenchmark.PSObject.Properties) { $timings[$property.Name] = $property.Value }
    $results = @($document.results)
    if (-not $OutputDirectory) { $OutputDirectory = Split-Path -Parent (Resolve-Path $RenderFrom).ProviderPath }
    $snapshot = $null
}
else {
    # Benchmark a private snapshot of the staged module: another build may restage out/ during the run.
    $staged = (Resolve-Path $ModuleManifest).ProviderPath
    $snapshot = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-bench-module-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $stagedDirectory = Split-Path -Parent $staged
    New-Item -ItemType Directory -Path $snapshot | Out-Null
    Copy-Item -Recurse $stagedDirectory $snapshot
    $manifest = Join-Path $snapshot (Join-Path (Split-Path -Leaf $stagedDirectory) (Split-Path -Leaf $staged))
    if (-not $OutputDirectory) {
        $OutputDirectory = if ($Quick) { Join-Path ([IO.Path]::GetTempPath()) 'railwayops-bench-quick' } else { Join-Path $PSScriptRoot 'results' }
    }
    New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null

    $benchmarks = [ordered]@{
        B1 = @{ Script = 'B1-ImportTime.ps1'; Quick = @('-Pairs', '3', '-ProfileRuns', '2'); TimeoutSec = 480 }
        B2 = @{ Script = 'B2-ListDeployments.ps1'; Quick = @('-Count', '3'); TimeoutSec = 240 }
        B3 = @{ Script = 'B3-WaitLatency.ps1'; Quick = @('-Count', '2', '-LatencyMs', '0', '-BudgetWindowSec', '20', '-PollingForceFromSec', '6', '-PollingForceSpreadSec', '3'); TimeoutSec = 420 }
        B4 = @{ Script = 'B4-Cpwtr.ps1'; Quick = @('-Count', '2', '-LatencyMs', '0', '-ColdPairs', '1', '-WindowRuns', '1'); TimeoutSec = 480 }
        B5 = @{ Script = 'B5-ConcurrentWaits.ps1'; Quick = @('-Count', '1', '-SlowestSec', '6'); TimeoutSec = 300 }
        B6 = @{ Script = 'B6-Memory.ps1'; Quick = @('-Deployments', '2000'); TimeoutSec = 300 }
        B7 = @{ Script = 'B7-Deploy.ps1'; Quick = @('-Count', '2', '-SmallMb', '20', '-LargeMb', '100'); TimeoutSec = 900 }
        B8 = @{ Script = 'B8-RunCommand.ps1'; Quick = @('-Count', '4'); TimeoutSec = 300 }
        B9 = @{ Script = 'B9-Status.ps1'; Quick = @('-Count', '3'); TimeoutSec = 240 }
        B10 = @{ Script = 'B10-Database.ps1'; Quick = @('-Count', '2'); TimeoutSec = 300 }
    }

    $environment = Get-BenchEnvironmentInfo
    $started = [DateTimeOffset]::UtcNow
    $watch = [Diagnostics.Stopwatch]::StartNew()
    Write-Host ("RailwayOps benchmarks at {0} on {1} ({2} cores), load {3}{4}" -f $environment.commitShort, $environment.cpu, $environment.cores,
        $environment.loadAverage, $(if ($Quick) { ' (quick)' } else { '' }))

    $results = [System.Collections.Generic.List[object]]::new()
    $timings = [ordered]@{}
    foreach ($id in $benchmarks.Keys) {
        if ($id -notin $Only) { continue }
        $benchmark = $benchmarks[$id]
        $resultFile = Join-Path ([IO.Path]::GetTempPath()) ("railwayops-bench-$id-" + [guid]::NewGuid().ToString('n') + '.json')
        $arguments = @('-File', (Join-Path $PSScriptRoot $benchmark.Script), '-ModuleManifest', $manifest, '-ResultFile', $resultFile)
        if ($Quick) { $arguments += $benchmark.Quick }
        Write-Host "$id $($benchmark.Script) ..." -NoNewline
        $benchWatch = [Diagnostics.Stopwatch]::StartNew()
        try {
            Invoke-BenchPwsh -ArgumentList $arguments -TimeoutSec $benchmark.TimeoutSec | Out-Null
            $rows = @(Get-Content -Raw $resultFile | ConvertFrom-Json)
        }
        catch {
            $rows = @(New-BenchResult -Id $id -What $benchmark.Script -Measured "error: $($_.Exception.Message)" -Status error)
        }
        finally {
            Remove-Item $resultFile -ErrorAction SilentlyContinue
        }
        $timings[$id] = [math]::Round($benchWatch.Elapsed.TotalSeconds, 1)
        Write-Host (" {0:N0} s" -f $benchWatch.Elapsed.TotalSeconds)
        foreach ($row in $rows) {
            Write-Host ("  {0,-24} {1,-7} {2}" -f $row.Id, $row.Status, $row.Measured)
            $results.Add($row)
        }
    }
    $duration = $watch.Elapsed.TotalSeconds
    $environment['loadAverageAtEnd'] = if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' } else { $null }

    # A partial run (-Only B1, e.g. a rerun on a quiet machine) keeps latest.* whole: the rows of the
    # benchmarks it did not run are carried over from the previous latest.json, each saying which run it is from.
    $previousFile = Join-Path $OutputDirectory 'latest.json'
    if (-not $Quick -and @($benchmarks.Keys | Where-Object { $_ -notin $Only }).Count -gt 0 -and (Test-Path $previousFile)) {
        $previous = Get-Content -Raw $previousFile | ConvertFrom-Json
        foreach ($row in @($previous.results)) {
            if (($row.id -split ' ')[0] -in $Only) { continue }
            $from = if ($row.PSObject.Properties['carriedFrom'] -and $row.carriedFrom) { $row.carriedFrom }
            else { 'the run of {0} UTC at {1}' -f ([DateTimeOffset]$previous.generatedAt).ToUniversalTime().ToString('yyyy-MM-dd HH:mm'), $previous.environment.commitShort }
            $results.Add([pscustomobject][ordered]@{ Id = $row.id; What = $row.what; Goal = $row.goal; Measured = $row.measured; Status = $row.status; Details = $row.details; Notes = @($row.notes); CarriedFrom = $from })
        }
        $order = @($benchmarks.Keys)
        $results = [System.Collections.Generic.List[object]]@($results | Sort-Object -Stable { $order.IndexOf(($_.Id -split ' ')[0]) })
    }
}

#region Analysis: what each figure is made of, from the profiles the benchmarks recorded

function Get-Value($Object, [string]$Path) {
    $current = $Object
    foreach ($part in $Path -split '\.') {
        if ($null -eq $current) { return $null }
        $property = $current.PSObject.Properties[$part]
        $current = if ($property) { $property.Value } else { $null }
    }
    $current
}

function Format-Missed([double]$Measured, [double]$Goal, [string]$Unit = 's') {
    if ($Measured -le $Goal) { return "met with {0:N2} {1} to spare" -f ($Goal - $Measured), $Unit }
    "missed by {0:N2} {1} ({2:N0} % over)" -f ($Measured - $Goal), $Unit, (100 * ($Measured - $Goal) / $Goal)
}

function Get-Analysis($Row) {
    $d = $Row.Details
    if ($Row.Status -in 'skipped', 'error' -or $null -eq $d) { return @() }
    switch -Wildcard ($Row.Id) {
        'B1' {
            $added = Get-Value $d 'addedSeconds.median'
            $reference = Get-Value $d 'referenceAddedSeconds.median'
            $import = Get-Value $d 'importModuleInProcessSeconds.median'
            $assemblies = Get-Value $d 'assemblyLoadOnlySeconds.median'
            $noFormat = Get-Value $d 'importWithoutFormatFileSeconds.median'
            $own = Get-Value $d 'ownShareSeconds.median'
            if ($null -eq $own) {
                # A results file from before the goal was RailwayOps' own share.
                "Import adds {0:N3} s to a {1:N3} s bare start; importing {2} adds {3:N3} s in the same rotation." -f $added, (Get-Value $d 'bareStartSeconds.median'), (Get-Value $d 'referenceModule'), $reference
                break
            }
            $goal = Get-Value $d 'goalSeconds'
            $p25 = Get-Value $d 'ownShareSpread.p25'
            $p75 = Get-Value $d 'ownShareSpread.p75'
            "Own share {0:N3} s beyond {1} (median of {2} per-round differences; quartiles {3:N3}–{4:N3} s, range {5:N3}–{6:N3} s): goal ≤ {7:N2} s {8}. Per-round medians: RailwayOps adds {9:N3} s and {1} adds {10:N3} s to a {11:N3} s bare start." -f $own, (Get-Value $d 'referenceModule'), (Get-Value $d 'pairs'), $p25, $p75, (Get-Value $d 'ownShareSpread.min'), (Get-Value $d 'ownShareSpread.max'), $goal, (Format-Missed $own $goal), $added, $reference, (Get-Value $d 'bareStartSeconds.median')
            $cpu = Get-Value $d 'ownShareCpuSeconds.median'
            if ($null -ne $cpu) {
                "In CPU time (every thread of each process, much less moved by the rest of the machine than the wall clock): own share {0:N3} s (quartiles {1:N3}–{2:N3} s); {3} adds {4:N3} s of CPU to a bare start's {5:N3} s." -f $cpu, (Get-Value $d 'ownShareCpuSpread.p25'), (Get-Value $d 'ownShareCpuSpread.p75'), (Get-Value $d 'referenceModule'), (Get-Value $d 'referenceAddedCpuSeconds.median'), (Get-Value $d 'bareStartCpuSeconds.median')
            }
            if ($p75 - $p25 -gt $goal) {
                "The quartiles of the own share lie {0:N3} s apart, more than the goal itself: at this run's noise a pass and a fail are not told apart; retake B1 on a quiet machine (-Only B1)." -f ($p75 - $p25)
            }
            if ($noFormat -gt 1.2 * $import) {
                "The phase timings below are not consistent with each other in this run (a part takes longer than the whole: the machine was busy while they ran); read them with that caveat, or run B1 again on a quiet machine (-Only B1)."
            }
            $formatCost = if ($import - $noFormat -gt 0.005) { '≈ {0:N3} s' -f ($import - $noFormat) } else { 'nothing measurable' }
            "Profile (inside new processes after the reference module warmed PowerShell's module machinery; medians of {0}): the whole Import-Module {1:N3} s, during which the JIT compiled {2:N0} methods ({3:N3} s); without the format file {4:N3} s ({5:N0} methods), so RailwayOps.Format.ps1xml costs {6} (PowerShell rebuilds its whole format table, its own views included, whenever a module adds a format file: one view costs about what eighteen do); the two assemblies loaded alone {7:N3} s; the rest ≈ {8:N3} s is the manifest's evaluation, the cmdlet scan and OnImport (the private load context and the type accelerators)." -f (Get-Value $d 'importModuleInProcessSeconds.n'), $import, (Get-Value $d 'importJitMethods.median'), (Get-Value $d 'importJitSeconds.median'), $noFormat, (Get-Value $d 'importWithoutFormatJitMethods.median'), $formatCost, $assemblies, ($noFormat - $assemblies)
            if ((Get-Value $d 'powerShellReadyToRun') -eq $false) {
                "This pwsh's own assemblies carry no ReadyToRun code (the dotnet tool package; an installed pwsh's do): PowerShell JIT-compiles its own module machinery and format loader here, which slows every import, RailwayOps' and the reference's, and weighs most on the format file."
            }
            $precompiled = @(Get-Value $d 'moduleReadyToRun.precompiledDependencies')
            if ($precompiled) {
                "ReadyToRun: RailwayOps.dll is IL (PowerShell loads it from the manifest on every platform, and a ReadyToRun file compiled for another platform does not load); dependencies/readytorun/ holds {0}, which the private load context loads on that platform. No Core code runs during the import: they shorten the first request of a new process, not this figure." -f ($precompiled -join ', ')
            }
        }
        'B2*' {
            $ratio = Get-Value $d 'totalRatio'
            $ttfo = Get-Value $d 'timeToFirstObjectOverOnePage'
            "Total ratio {0:N2} (goal ≤ 1.0: {1}); time to first object {2:N2} × one page round trip (goal ≤ 1.5: {3})." -f $ratio, (Format-Missed $ratio 1.0 '×'), $ttfo, (Format-Missed $ttfo 1.5 '×')
            foreach ($side in 'Get-RailwayDeployment', 'baseline', 'firstObject') {
                $p = Get-Value $d "profile.$side"
                if (-not $p) { continue }
                $ops = ($p.byOperation.PSObject.Properties | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '
                "Profile ${side}: {0:N3} s = server {1:N3} s (emulator journal, per-request handling) + client {2:N3} s; {3} requests ({4})." -f $p.seconds, $p.serverSeconds, $p.clientSeconds, $p.requests, $ops
            }
            $ours = Get-Value $d 'profile.Get-RailwayDeployment'
            $first = Get-Value $d 'profile.firstObject'
            if ($ours) {
                $lookups = @($ours.byOperation.PSObject.Properties | Where-Object { $_.Name -ne 'Deployments' -and $_.Name -notlike '(*' })
                $lookupCount = ($lookups | Measure-Object -Property Value -Sum).Sum
                $missed = (Get-Value $d 'timeToFirstObjectOverOnePage') -gt 1.5 -or (Get-Value $d 'totalRatio') -gt 1.0
                if ($lookupCount -gt 0 -and -not $missed) {
                    "Get-RailwayDeployment sends {0} lookup request(s) ({1}) before the first page even when given ids; cheap at +{2} ms." -f $lookupCount, (($lookups | ForEach-Object { $_.Name }) -join ', '), (Get-Value $d 'latencyMs')
                }
                elseif ($lookupCount -gt 0) {
                    "Get-RailwayDeployment was given ids, yet sends {0} lookup request(s) ({1}) one after another before the first page: at +{2} ms that is {0} extra round trips before the first object, which is what puts time to first object at {3:N2} × one page. Projection from the same profile (not measured): without them the listing would take ≈ {4:N3} s, ratio ≈ {5:N2}." -f $lookupCount, (($lookups | ForEach-Object { $_.Name }) -join ', '), (Get-Value $d 'latencyMs'), (Get-Value $d 'timeToFirstObjectOverOnePage'), ($ours.seconds * ($ours.requests - $lookupCount) / $ours.requests), (($ours.seconds * ($ours.requests - $lookupCount) / $ours.requests) / (Get-Value $d 'baselineSeconds.median'))
                }
                if ($missed) { "Pages are fetched one after another (each Deployments request waits for the previous page to be consumed), so at a real round trip the listing time is ≈ requests × round trip for both sides; the client-side work where RailwayOps wins (typed System.Text.Json deserialisation vs Invoke-RestMethod's ConvertFrom-Json into PSCustomObjects) is then the smaller part." }
                else { "RailwayOps wins on the client: typed System.Text.Json deserialisation vs Invoke-RestMethod's ConvertFrom-Json into PSCustomObjects." }
            }
            if ($first -and $first.byOperation.PSObject.Properties['(anonymous)']) {
                "The first-object run also started a next-page request that was cancelled when Select-Object stopped the pipeline (journalled as (anonymous): cancelled before the emulator read its body)."
            }
        }
        'B3 subscription*' {
            $m = Get-Value $d 'subscriptionSeconds.median'
            "Subscription: {0:N3} s median, max {1:N3} s (goal ≤ 0.2 s: {2}); this is the emulator pushing the change over the open WebSocket plus the cmdlet returning, the API latency setting only delays the upgrade request, not the push." -f $m, (Get-Value $d 'subscriptionSeconds.max'), (Format-Missed $m 0.2)
        }
        'B3 polling*' {
            $m = Get-Value $d 'pollingSeconds.median'
            $max = Get-Value $d 'pollingSeconds.max'
            $limit = Get-Value $d 'detectionLimitSeconds'
            if ($null -eq $limit) {
                # A results file from before the goal was restated as what the ceiling trades.
                "Polling (-NoSubscription, ceiling 5 s): {0:N2} s median, max {1:N2} s; {2} requests per wait per minute vs the 2 s baseline's {3}." -f $m, $max, (Get-Value $d 'pollingRequestsPerWaitPerMinute'), (Get-Value $d 'baselineRequestsPerWaitPerMinute')
                break
            }
            $ratio = Get-Value $d 'pollingRateRatio'
            $steadyOurs = Get-Value $d 'steadyPollingRequestsPerWaitPerMinute'
            if ($null -eq $steadyOurs) {
                "Requests: no steady window in this run (SUCCESS was forced before RailwayOps' interval reached its ceiling), so the rate is judged over the whole wait: {0} vs {1} per wait per minute, {2:N2} × (goal ≤ 0.5: {3})." -f (Get-Value $d 'pollingRequestsPerWaitPerMinute'), (Get-Value $d 'baselineRequestsPerWaitPerMinute'), $ratio, (Format-Missed $ratio 0.5 '×')
            }
            else {
            "Requests: {0} per wait per minute once RailwayOps polls at its {1:N0} s ceiling against the 2 s loop's {2} in the same {3:N1} s window, {4:N2} × (goal ≤ 0.5: {5}). Over the whole wait (from its start, where RailwayOps' interval begins at 1 s so that a deployment finishing in seconds is seen in seconds) {6} vs {7}." -f $steadyOurs, (Get-Value $d 'pollingCeilingSeconds'), (Get-Value $d 'steadyBaselineRequestsPerWaitPerMinute'), (Get-Value $d 'steadyWindowSeconds'), $ratio, (Format-Missed $ratio 0.5 '×'), (Get-Value $d 'pollingRequestsPerWaitPerMinute'), (Get-Value $d 'baselineRequestsPerWaitPerMinute')
            }
            "Detection: {0:N2} s median, max {1:N2} s against the ceiling + one round trip, {2:N2} s ({3:N0} ms round trip here; goal on the max: {4}); the 2 s loop detects in {5:N2} s median{6}." -f $m, $max, $limit, (1000 * (Get-Value $d 'roundTripSeconds.median')), (Format-Missed $max $limit), (Get-Value $d 'baselineSeconds.median'), $(if ($ratio -gt 0 -and $ratio -lt 1) { ', which is what its {0:N1} × the requests buy' -f (1 / $ratio) } else { '' })
        }
        'B3 budget' {
            $ops = ((Get-Value $d 'byOperation').PSObject.Properties | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '
            "One {0:N0} s wait with the subscription: {1} requests ({2}); goal ≤ 3: {3}." -f (Get-Value $d 'windowSeconds'), (Get-Value $d 'requests'), $ops, (Format-Missed (Get-Value $d 'requests') 3 'requests')
            $timeline = @(Get-Value $d 'timeline')
            if ($timeline) { "When (seconds from the start of the wait, SUCCESS forced at {0} s): {1}. A WebSocket's own entry is journalled when it closes." -f (Get-Value $d 'forcedAt'), ($timeline -join '; ') }
            $lateReads = @($timeline | Where-Object { $_ -match '^([\d.,]+) s POST Deployment$' -and [double]($Matches[1] -replace ',', '') -gt 5 })
            if ((Get-Value $d 'requests') -gt 3 -and $lateReads) {
                "Beyond the upgrade and the subscribe, Wait-RailwayDeployment -Id reads the deployment once before waiting (to resolve the id), and while subscribed reads it again over HTTP after every 30 s without a message (SubscriptionCheckInterval in Core/Waiting/DeploymentWaiter.cs, a guard against connections that die silently): over a 60 s wait that check is what exceeds the budget. A graphql-transport-ws ping/pong liveness check (no API request) or a longer interval would keep it at 3."
            }
        }
        'B4 window*' {
            $first = @(Get-Value $d 'windowedRuns')[0]
            $firstOps = ((Get-Value $first 'byOperation').PSObject.Properties | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '
            "With Invoke-Cpwtr's default stability window the Test stage watches the live deployment for {0} s after the health check: {1:N2} s per release against {2:N2} s with -StableSec 0 at +0 ms, {3} requests against {4} (the first run's: {5}; the window itself needs a WebSocket upgrade and a deployment(id) subscribe, its health probes go to the app, not to the API). The goal rows run with -StableSec 0, as the baseline script has no window." -f (Get-Value $d 'windowSeconds'), (Get-Value $d 'medianSeconds'), (Get-Value $d 'windowZeroMedianSeconds'), (Get-Value $d 'medianRequests'), (Get-Value $d 'windowZeroRequests'), $firstOps
            break
        }
        'B4 cold*' {
            "In new processes (pwsh start + Import-Module + one release, as a CI step runs it) at +{0} ms: Invoke-Cpwtr {1:N2} s vs the baseline script {2:N2} s, ratio {3:N2}; process start and module import (B1) are paid by both sides and dilute the difference." -f (Get-Value $d 'latencyMs'), (Get-Value $d 'invokeCpwtrSeconds.median'), (Get-Value $d 'baselineSeconds.median'), (Get-Value $d 'totalRatio')
            break
        }
        'B4*' {
            $ratio = Get-Value $d 'totalRatio'
            $overhead = Get-Value $d 'overheadSeconds.median'
            "Latency +{0} ms: ratio {1:N2} (goal ≤ 0.8: {2}); overhead {3:N2} s over the emulator's {4:N2} s build/deploy (goal ≤ 1.5 s: {5}); the baseline's overhead {6:N2} s." -f (Get-Value $d 'latencyMs'), $ratio, (Format-Missed $ratio 0.8 '×'), $overhead, (Get-Value $d 'deploySeconds.median'), (Format-Missed $overhead 1.5), (Get-Value $d 'baselineOverheadSeconds.median')
            $split = Get-Value $d 'overheadSplitMedianSeconds'
            if ($split) {
                $parts = @($split.PSObject.Properties | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Value = [double]$_.Value } })
                $largest = $parts | Sort-Object Value -Descending | Select-Object -First 1
                "Overhead split (per-run medians): " + (($parts | ForEach-Object { '{0} {1:N3} s' -f $_.Name, $_.Value }) -join '; ') + ". Largest: $($largest.Name). The pickup is the emulator's (its push hook is scanned every 200 ms), not RailwayOps'."
            }
            $ourRuns = @((Get-Value $d 'runs') | Where-Object { $_.side -eq 'Invoke-Cpwtr' })
            $unsubscribed = @($ourRuns | Where-Object { -not $_.byOperation.PSObject.Properties['(websocket)'] })
            if ($unsubscribed.Count -gt 0) {
                $subscribed = @($ourRuns | Where-Object { $_.byOperation.PSObject.Properties['(websocket)'] })
                "{0} of {1} runs opened no WebSocket: the deployment (a {2:N2} s build/deploy here) had already finished when the lookup of the pushed commit found it, and detection waited for that lookup's next poll (the commit lookup in Core/Waiting/DeploymentWaiter.cs starts at a 1 s interval): detect median {3:N3} s in those runs vs {4} in runs that subscribed. With Railway's real build times (minutes) the subscription is open long before SUCCESS." -f $unsubscribed.Count, $ourRuns.Count, (Get-Value $d 'deploySeconds.median'),
                    (Get-Median ([double[]]($unsubscribed | ForEach-Object { $_.detectSeconds }))),
                    $(if ($subscribed) { '{0:N3} s' -f (Get-Median ([double[]]($subscribed | ForEach-Object { $_.detectSeconds }))) } else { 'none' })
            }
            if ($ourRuns) {
                $planning = @($ourRuns[-1].byOperation.PSObject.Properties | Where-Object { $_.Name -notin 'Deployments', 'Deployment', 'DeploymentUpdates' -and $_.Name -notlike '(*' })
                if ($planning) {
                    "Lookups besides the wait itself, per run: " + (($planning | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', ') + (" ({0} requests, ≈ {1:N2} s of added round trips at +{2} ms, against {3:N3} s of 'other')." -f ($planning | Measure-Object -Property Value -Sum).Sum, (($planning | Measure-Object -Property Value -Sum).Sum * (Get-Value $d 'latencyMs') / 1000), (Get-Value $d 'latencyMs'), (Get-Value $d 'overheadSplitMedianSeconds.other (planning lookups before Version, building the result)'))
                }
            }
            "Requests per run: Invoke-Cpwtr {0}, baseline {1}." -f (Get-Value $d 'requestsPerRun.invokeCpwtr'), (Get-Value $d 'requestsPerRun.baseline')
        }
        'B5*' {
            $ratio = Get-Value $d 'ratio.median'
            "Total {0:N2} s vs slowest {1:N2} s: {2:N3} × (goal ≤ 1.2: {3}); each deployment reported {4:N3} s median after its SUCCESS (max {5:N3} s); {6} requests per run, {7:N0} per minute over the run." -f (Get-Value $d 'totalSeconds.median'), (Get-Value $d 'slowestSeconds.median'), $ratio, (Format-Missed $ratio 1.2 '×'), (Get-Value $d 'reportDelaySeconds.median'), (Get-Value $d 'reportDelaySeconds.max'), (Get-Value $d 'requestsPerRun.median'), (Get-Value $d 'requestsPerMinute')
            $ops = ((Get-Value $d 'byOperationLastRun').PSObject.Properties | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '
            "Requests of the last run by operation: $ops. Of these, {0} were made in the second half of the wait ({1:N0} per minute: the steady rate); the rest is setting up at the start." -f (Get-Value $d 'requestsWhileWaiting.median'), (Get-Value $d 'requestsPerMinuteWhileWaiting')
            $sockets = Get-Value $d 'byOperationLastRun.(websocket)'
            if ($sockets -and $sockets -gt 1) {
                "Each awaited deployment opens its own WebSocket ({0} connections for one command); graphql-transport-ws can carry many subscriptions on one socket, which would bring the upgrade requests down to one." -f $sockets
            }
        }
        'B9*' {
            "Get-RailwayStatus by ids: {0} request(s), {1:N3} s median = {2:N2} × one round trip ({3:N3} s); by names {4} requests ({5:N2} ×: the project list comes first); the baseline loop {6} requests, {7:N3} s." -f (Get-Value $d 'requests.Get-RailwayStatus (ids).total'), (Get-Value $d 'getRailwayStatusSeconds.median'), (Get-Value $d 'overOneRoundTrip'), (Get-Value $d 'oneRoundTripSeconds.median'), (Get-Value $d 'requests.Get-RailwayStatus (names).total'), (Get-Value $d 'byNameOverOneRoundTrip'), (Get-Value $d 'requests.baseline.total'), (Get-Value $d 'baselineSeconds.median')
        }
        'B6' {
            foreach ($case in 'Out-Null', 'Measure-Object', 'baseline') {
                $c = Get-Value $d "cases.$case"
                if (-not $c) { continue }
                "{0}: peak {1:N1} MB, idle {2:N1} MB, added {3:N1} MB in {6:N2} s; {4:N1} MB allocated while listing, {5:N1} MB of it still reachable after a full collection ({7})." -f $case, $c.peakMb, $c.idleRssMb, $c.addedMb, $c.allocatedMb, $c.managedRetainedMb, $c.seconds,
                    $(if ($c.managedRetainedMb -lt 5) { 'it streams: nothing is buffered' } else { 'objects are retained' })
            }
        }
    }
}

#endregion

#region Writing

function Get-CarriedFrom($Row) {
    # The run a row was carried over from (a partial run), or null for a row this run measured.
    $property = $Row.PSObject.Properties['CarriedFrom']
    if ($property) { $property.Value } else { $null }
}

$stamp = $started.ToString("yyyy-MM-dd'T'HHmm'Z'")
$document = [ordered]@{
    schema          = 'railwayops-bench/1'
    generatedAt     = $started.ToString('o')
    durationSeconds = [math]::Round($duration, 1)
    quick           = [bool]$Quick
    environment     = $environment
    secondsPerBenchmark = $timings
    results         = @($results | ForEach-Object {
            $entry = [ordered]@{ id = $_.Id; what = $_.What; goal = $_.Goal; measured = $_.Measured; status = $_.Status; details = $_.Details; notes = $_.Notes; analysis = @(Get-Analysis $_) }
            $carried = Get-CarriedFrom $_
            if ($carried) { $entry['carriedFrom'] = $carried }
            $entry
        })
}
$json = $document | ConvertTo-Json -Depth 20

$passFail = @{ pass = '✅ pass'; fail = '❌ fail'; info = 'info'; skipped = '⏭ not available'; error = '⚠ error' }
$md = [System.Text.StringBuilder]::new()
$null = $md.AppendLine('# RailwayOps benchmark results').AppendLine()
if ($Quick) { $null = $md.AppendLine('> Quick run (small iteration counts): for developing the benchmarks, not for comparison.').AppendLine() }
$firstLoad = if ($environment.loadAverage) { [double](($environment.loadAverage -split ' ')[0]) } else { 0 }
if ($firstLoad -gt 1.5 * [int]$environment.cores) {
    $null = $md.AppendLine("> The machine was busy when this run started (load average $($environment.loadAverage) on $($environment.cores) cores): timings are inflated.").AppendLine()
}
$null = $md.AppendLine(('Run {0} UTC, {1:N0} s in total (`dotnet pwsh ./build.ps1 Bench`).' -f $started.ToString('yyyy-MM-dd HH:mm'), $duration)).AppendLine()
$carriedRows = @($results | Where-Object { Get-CarriedFrom $_ })
if ($carriedRows) {
    $measuredIds = @($results | Where-Object { -not (Get-CarriedFrom $_) } | ForEach-Object { ($_.Id -split ' ')[0] } | Select-Object -Unique)
    $null = $md.AppendLine(("> A partial run: it measured {0}; the rows marked ""from"" are carried over from the run named there (its commit and machine, not this one's)." -f ($measuredIds -join ', '))).AppendLine()
}
$null = $md.AppendLine('| | |').AppendLine('|---|---|')
$null = $md.AppendLine("| Commit | ``$($environment.commit)`` $($environment.commitSubject) (working tree: $($environment.workingTree)) |")
$null = $md.AppendLine("| Machine | $($environment.cpu), $($environment.cores) cores, $($environment.memoryMb) MB |")
$null = $md.AppendLine("| OS | $($environment.os) |")
$null = $md.AppendLine("| .NET | SDK $($environment.dotnetSdk), pwsh runs on $($environment.dotnetRuntime) |")
$null = $md.AppendLine("| PowerShell | $($environment.pwsh) |")
$null = $md.AppendLine("| git / python | $($environment.git) / $($environment.python) |")
$loadAtEnd = if ($environment.PSObject.Properties['loadAverageAtEnd']) { $environment.loadAverageAtEnd } elseif ($environment -is [System.Collections.IDictionary] -and $environment.Contains('loadAverageAtEnd')) { $environment['loadAverageAtEnd'] } else { $null }
$null = $md.AppendLine("| Load average (1, 5, 15 min) at start / end | $($environment.loadAverage) / $loadAtEnd |").AppendLine()
$null = $md.AppendLine('## Summary').AppendLine()
$null = $md.AppendLine('| id | what | goal | measured | pass/fail |').AppendLine('|---|---|---|---|---|')
foreach ($row in $results) {
    $idCell = if (Get-CarriedFrom $row) { "$($row.Id) (from $(Get-CarriedFrom $row))" } else { $row.Id }
    $cells = $idCell, $row.What, $row.Goal, $row.Measured, $passFail[$row.Status] | ForEach-Object { ([string]$_) -replace '\|', '\|' -replace "`r?`n", ' ' }
    $null = $md.AppendLine('| ' + ($cells -join ' | ') + ' |')
}
$null = $md.AppendLine()
$null = $md.AppendLine('## How each figure is made of (profiles) and where goals are missed').AppendLine()
foreach ($row in $results) {
    $lines = @(Get-Analysis $row)
    if (-not $lines) { continue }
    $null = $md.AppendLine("### $($row.Id)$(if (Get-CarriedFrom $row) { " (from $(Get-CarriedFrom $row))" })").AppendLine()
    foreach ($line in $lines) { $null = $md.AppendLine("- $line") }
    foreach ($note in @($row.Notes)) { if ($note) { $null = $md.AppendLine("- Method: $note") } }
    $null = $md.AppendLine()
}
$null = $md.AppendLine('## Method').AppendLine()
$null = $md.AppendLine('- Every comparison runs both sides alternately in the same run (order flipped every pair), at least five times; medians and their ratio are reported. Each benchmark script runs in its own new pwsh process against its own local emulator(s) started from the staged module.')
$null = $md.AppendLine('- Baselines (bench/baselines/): `Get-Deployments.ps1` (Invoke-RestMethod, Relay first/after, 100 per page, same fields), `Wait-Deployment.ps1` (polls deployment(id) every 2 s), `Invoke-Release.ps1` (config.py -replace, git add/commit/push, polls the deployments list every 2 s until the newest deployment of the commit is final, Invoke-WebRequest /api/health every 2 s until the version matches).')
$null = $md.AppendLine('- "+80 ms" runs set the emulator''s added latency per API request (POST /_emulator/latency) to model a real round trip to Railway; WebSocket messages after the upgrade are not delayed.')
$null = $md.AppendLine("- Seconds per benchmark: " + (($timings.GetEnumerator() | ForEach-Object { "$($_.Key) $($_.Value)" }) -join ', ') + '.')
$null = $md.AppendLine('- Full figures (every sample) are in the JSON file of the same run.')
$markdown = $md.ToString()

Set-Content -Path (Join-Path $OutputDirectory 'latest.json') -Value $json -Encoding utf8NoBOM
Set-Content -Path (Join-Path $OutputDirectory 'latest.md') -Value $markdown -Encoding utf8NoBOM
Set-Content -Path (Join-Path $OutputDirectory "$stamp.json") -Value $json -Encoding utf8NoBOM
Set-Content -Path (Join-Path $OutputDirectory "$stamp.md") -Value $markdown -Encoding utf8NoBOM
Write-Host ("Results: {0} and latest.json (copies {1}.*), {2:N0} s in total" -f (Join-Path $OutputDirectory 'latest.md'), $stamp, $duration)
if ($snapshot) { Remove-Item $snapshot -Recurse -Force -ErrorAction SilentlyContinue }

#endregion

if ($results | Where-Object Status -EQ 'error') { exit 1 }
