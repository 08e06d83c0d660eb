<#
.SYNOPSIS
    B4: Invoke-Cpwtr end to end vs the hand-written release script (baselines/Invoke-Release.ps1)
    on the sample app, and Invoke-Cpwtr's overhead over the emulator's own build/deploy time.
.DESCRIPTION
    Setup (not timed): an emulator with the bench project; a clone of samples/hello-railway whose
    origin is the emulator's bare repository; its first push deployed. Then, per API latency setting
    (0 ms and a realistic 80 ms), Count alternating pairs (flipping the order each pair): before each
    run a line is added to CHANGES.md (the change being released, untimed); each side bumps the
    patch version, commits, pushes, waits for the deployment of its commit and checks the
    health endpoint for the new version, in this pwsh process (module imported and warmed up).
    The emulator really builds and starts the app each time. Deploy time is the deployment's own
    createdAt → statusUpdatedAt (SUCCESS); overhead = end-to-end − deploy time. The profile splits
    Invoke-Cpwtr into its stages, the emulator's pickup of the push (push end → createdAt) and the
    detection of SUCCESS (statusUpdatedAt → end of the Wait stage), and counts requests per run.
    The goal rows run Invoke-Cpwtr with -StableSec 0 (the baseline script has no stability window);
    a separate row reports what the default window costs, from -WindowRuns runs at 0 ms.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Count = 5,
    [int[]]$LatencyMs = @(0, 80),
    [int]$BaselineIntervalSec = 2,
    [int]$ColdPairs = 3,
    [int]$StableSec = 0,
    [int]$WindowRuns = 2,
    [string]$SampleRoot = (Join-Path (Split-Path -Parent $PSScriptRoot) 'samples/hello-railway')
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$baseline = Join-Path $PSScriptRoot 'baselines/Invoke-Release.ps1'
$what = 'Invoke-Cpwtr end to end vs the hand-written release script'
$goal = 'total ratio ≤ 0.8; overhead ≤ 1.5 s'
$results = [System.Collections.Generic.List[object]]::new()

function Get-CommitDeployment {
    param($Emulator, [string]$Commit)
    $deployment = Get-BenchDeploymentIds -Emulator $Emulator -First 20 | Where-Object { $_.meta.commitHash -eq $Commit } | Select-Object -First 1
    if (-not $deployment) { throw "no deployment of $Commit" }
    $deployment
}

function Get-DeploySeconds($Deployment) {
    ([DateTimeOffset]$Deployment.statusUpdatedAt - [DateTimeOffset]$Deployment.createdAt).TotalSeconds
}

function Add-Change {
    # What the user releases: a change in the working tree (untimed, before each side runs). Without
    # one, Invoke-Cpwtr rightly treats a pushed, deployed release commit as done and only tests it.
    param([string]$Work, [string]$Text)
    Add-Content -Path (Join-Path $Work 'CHANGES.md') -Value "- $Text"
}

function Invoke-Git {
    param([Parameter(ValueFromRemainingArguments)][string[]]$GitArgs)
    $output = & git @GitArgs 2>&1
    if ($LASTEXITCODE) { throw "git $($GitArgs -join ' '): $output" }
    $output
}

$emulator = $null
try {
    Import-Module $ModuleManifest -Force
    if (-not (Get-Command Invoke-Cpwtr -ErrorAction Ignore)) {
        throw [System.Management.Automation.ItemNotFoundException]::new('Invoke-Cpwtr is not in this build of the module')
    }
    $emulator = Start-BenchEmulator -ModuleManifest $ModuleManifest
    Use-BenchModuleEnvironment -Emulator $emulator | Out-Null

    # The sample app, cloned with the emulator as origin, its first commit deployed.
    $repository = (@(Invoke-BenchAdmin -Emulator $emulator -Path 'repos') | ForEach-Object { $_ } | Where-Object repo -EQ 'railwayops/hello-railway').path
    $work = Join-Path $emulator.Folder 'hello-railway'
    Copy-Item -Recurse $SampleRoot $work
    Invoke-Git -C $work init --quiet --initial-branch=main | Out-Null
    Invoke-Git -C $work add -A | Out-Null
    Invoke-Git -C $work commit --quiet -m 'hello-railway for the benchmark' | Out-Null
    Invoke-Git -C $work remote add origin $repository | Out-Null
    Invoke-Git -C $work push --quiet origin main | Out-Null
    $first = Invoke-Git -C $work rev-parse HEAD
    $deadline = [DateTime]::UtcNow.AddSeconds(120)
    while ((Get-BenchDeploymentIds -Emulator $emulator -First 5 | Where-Object { $_.meta.commitHash -eq $first -and $_.status -eq 'SUCCESS' }) -eq $null) {
        if ([DateTime]::UtcNow -gt $deadline) { throw 'the first deployment of the sample app did not succeed' }
        Start-Sleep -Milliseconds 200
    }
    $domains = Invoke-BenchGraphQL -Emulator $emulator -Variables @{ p = $emulator.ProjectId; e = $emulator.EnvironmentId; s = $emulator.ServiceId } -Query @'
query BenchSetupDomains($p: String!, $e: String!, $s: String!) { domains(projectId: $p, environmentId: $e, serviceId: $s) { serviceDomains { domain } } }
'@
    $domain = $domains.domains.serviceDomains[0].domain
    $healthUrl = if ($domain -match '^https?://') { "$domain/api/health" } else { "http://$domain/api/health" }

    $runLog = [System.Collections.Generic.List[object]]::new()
    $ours = {
        param($Index)
        Add-Change -Work $work -Text "bench change $Index (Invoke-Cpwtr)"
        $before = Get-BenchJournal -Emulator $emulator
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-Cpwtr -Path $work -Message "bench change $Index" -StableSec $StableSec -Confirm:$false
        $watch.Stop()
        if (-not $result.Succeeded) { throw "Invoke-Cpwtr failed at $($result.FailedStage): $($result.Reason)" }
        $pushed = $result.Stages | Where-Object { [string]$_.Name -eq 'Push' -and [string]$_.Outcome -eq 'Succeeded' }
        if (-not $pushed) { throw "Invoke-Cpwtr released nothing (stages: $(($result.Stages | ForEach-Object { "$($_.Name) $($_.Outcome)" }) -join ', '))" }
        $requests = Get-BenchJournalDelta -Before $before -After (Get-BenchJournal -Emulator $emulator)
        $deployment = Get-CommitDeployment -Emulator $emulator -Commit $result.Commit
        $stages = [ordered]@{}
        foreach ($stage in $result.Stages) { $stages[[string]$stage.Name] = [math]::Round($stage.Duration.TotalSeconds, 3) }
        $push = $result.Stages | Where-Object { [string]$_.Name -eq 'Push' }
        $wait = $result.Stages | Where-Object { [string]$_.Name -eq 'Wait' }
        $pushEnd = if ($push -and $push.Started) { $push.Started + $push.Duration } else { $null }
        $waitEnd = if ($wait -and $wait.Started) { $wait.Started + $wait.Duration } else { $null }
        $deploySeconds = Get-DeploySeconds $deployment
        $runLog.Add([ordered]@{
                side = 'Invoke-Cpwtr'; seconds = [math]::Round($watch.Elapsed.TotalSeconds, 3); deploySeconds = [math]::Round($deploySeconds, 3)
                overheadSeconds = [math]::Round($watch.Elapsed.TotalSeconds - $deploySeconds, 3); stages = $stages
                pickupSeconds = if ($pushEnd) { [math]::Round(([DateTimeOffset]$deployment.createdAt - $pushEnd).TotalSeconds, 3) } else { $null }
                detectSeconds = if ($waitEnd) { [math]::Round(($waitEnd - [DateTimeOffset]$deployment.statusUpdatedAt).TotalSeconds, 3) } else { $null }
                requests = $requests.Total; byOperation = $requests.ByOperation
            })
        $watch.Elapsed.TotalSeconds
    }
    $theirs = {
        param($Index)
        Add-Change -Work $work -Text "bench change $Index (baseline)"
        $before = Get-BenchJournal -Emulator $emulator
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $result = & { Set-StrictMode -Off; & $baseline -RepositoryPath $work -Message "bench change $Index" -HealthUrl $healthUrl -IntervalSec $BaselineIntervalSec 2>$null }
        $watch.Stop()
        $requests = Get-BenchJournalDelta -Before $before -After (Get-BenchJournal -Emulator $emulator)
        $deploySeconds = Get-DeploySeconds (Get-CommitDeployment -Emulator $emulator -Commit $result.Commit)
        $runLog.Add([ordered]@{
                side = 'baseline'; seconds = [math]::Round($watch.Elapsed.TotalSeconds, 3); deploySeconds = [math]::Round($deploySeconds, 3)
                overheadSeconds = [math]::Round($watch.Elapsed.TotalSeconds - $deploySeconds, 3); requests = $requests.Total; byOperation = $requests.ByOperation
            })
        $watch.Elapsed.TotalSeconds
    }

    # Warm-up: one run of each side, not counted.
    & $ours -1 | Out-Null
    & $theirs -1 | Out-Null

    foreach ($latency in $LatencyMs) {
        Set-BenchLatency -Emulator $emulator -Milliseconds $latency
        $runLog.Clear()
        $runs = Invoke-Alternating -A { param($i) & $ours $i } -B { param($i) & $theirs $i } -Count $Count
        $ourRuns = @($runLog | Where-Object { $_.side -eq 'Invoke-Cpwtr' })
        $theirRuns = @($runLog | Where-Object { $_.side -eq 'baseline' })
        $ratio = (Get-Median $runs.A) / (Get-Median $runs.B)
        $overhead = Get-Median ([double[]]($ourRuns | ForEach-Object { $_.overheadSeconds }))
        # Overhead split per run (then medians): the stages other than Wait, the emulator's pickup of
        # the push, the detection of SUCCESS, and the rest (planning lookups, result building).
        $splits = foreach ($run in $ourRuns) {
            $split = [ordered]@{}
            foreach ($name in $run.stages.Keys) { if ($name -ne 'Wait') { $split["$name stage"] = $run.stages[$name] } }
            $split['emulator pickup of the push (push end → createdAt)'] = $run.pickupSeconds
            $split['detecting SUCCESS (statusUpdatedAt → end of Wait)'] = $run.detectSeconds
            $split['other (planning lookups before Version, building the result)'] = $run.overheadSeconds - (($split.Values | Measure-Object -Sum).Sum)
            $split
        }
        $overheadSplit = [ordered]@{}
        foreach ($name in $splits[0].Keys) { $overheadSplit[$name] = [math]::Round((Get-Median ([double[]]($splits | ForEach-Object { $_[$name] }))), 3) }
        $stageMedians = [ordered]@{}
        foreach ($name in $ourRuns[0].stages.Keys) { $stageMedians[$name] = Get-Median ([double[]]($ourRuns | ForEach-Object { $_.stages[$name] })) }
        $details = [ordered]@{
            latencyMs                = $latency
            pairs                    = $Count
            invokeCpwtrSeconds       = Get-BenchStatistics $runs.A
            baselineSeconds          = Get-BenchStatistics $runs.B
            totalRatio               = [math]::Round($ratio, 3)
            deploySeconds            = Get-BenchStatistics ([double[]]($ourRuns | ForEach-Object { $_.deploySeconds }))
            overheadSeconds          = Get-BenchStatistics ([double[]]($ourRuns | ForEach-Object { $_.overheadSeconds }))
            baselineOverheadSeconds  = Get-BenchStatistics ([double[]]($theirRuns | ForEach-Object { $_.overheadSeconds }))
            stageMedianSeconds       = $stageMedians
            overheadSplitMedianSeconds = $overheadSplit
            requestsPerRun           = [ordered]@{
                invokeCpwtr = Get-Median ([double[]]($ourRuns | ForEach-Object { $_.requests }))
                baseline    = Get-Median ([double[]]($theirRuns | ForEach-Object { $_.requests }))
            }
            runs                     = @($runLog)
        }
        $measured = 'ratio {0:N2} ({1} vs {2}); overhead {3} over a {4} deploy (baseline overhead {5})' -f $ratio,
            (Format-Seconds (Get-Median $runs.A)), (Format-Seconds (Get-Median $runs.B)), (Format-Seconds $overhead),
            (Format-Seconds $details.deploySeconds.median), (Format-Seconds $details.baselineOverheadSeconds.median)
        $results.Add((New-BenchResult -Id "B4 @$latency ms" -What "$what, API round trip +$latency ms" -Goal $goal -Measured $measured `
                    -Status (Get-PassFail ($ratio -le 0.8 -and $overhead -le 1.5)) -Details $details `
                    -Notes @("$Count alternating pairs in one warm pwsh process; the baseline polls every $BaselineIntervalSec s; the emulator really builds and starts the sample app")))
    }

    # What the default stability window costs: the same release with Invoke-Cpwtr's default -StableSec,
    # against the median of the window-0 runs at 0 ms. Information only: the window is time spent watching.
    if ($WindowRuns -gt 0) {
        Set-BenchLatency -Emulator $emulator -Milliseconds 0
        $windowed = [System.Collections.Generic.List[object]]::new()
        foreach ($i in 1..$WindowRuns) {
            Add-Change -Work $work -Text "bench window $i"
            $before = Get-BenchJournal -Emulator $emulator
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $result = Invoke-Cpwtr -Path $work -Message "bench window $i" -Confirm:$false
            $watch.Stop()
            if (-not $result.Succeeded) { throw "Invoke-Cpwtr with the default window failed at $($result.FailedStage): $($result.Reason)" }
            $requests = Get-BenchJournalDelta -Before $before -After (Get-BenchJournal -Emulator $emulator)
            $windowed.Add([ordered]@{
                    seconds = [math]::Round($watch.Elapsed.TotalSeconds, 3); windowSeconds = $result.Stability.Window.TotalSeconds
                    probes = $result.Stability.Probes; testStageSeconds = [math]::Round(($result.Stages | Where-Object { [string]$_.Name -eq 'Test' }).Duration.TotalSeconds, 3)
                    requests = $requests.Total; byOperation = $requests.ByOperation
                })
        }
        $zero = @($results | Where-Object { $_.id -eq 'B4 @0 ms' })[0]
        $zeroSeconds = if ($zero) { [double]$zero.details.invokeCpwtrSeconds.median } else { [double]::NaN }
        $zeroRequests = if ($zero) { [double]$zero.details.requestsPerRun.invokeCpwtr } else { [double]::NaN }
        $median = Get-Median ([double[]]($windowed | ForEach-Object { $_.seconds }))
        $medianRequests = Get-Median ([double[]]($windowed | ForEach-Object { $_.requests }))
        $window = $windowed[0].windowSeconds
        $results.Add((New-BenchResult -Id 'B4 window @0 ms' -What "Invoke-Cpwtr with its default stability window ($window s) after the health check" -Goal '(information)' `
                    -Measured ('{0} per release (window 0: {1}); +{2} requests ({3} vs {4}), {5} health probes' -f (Format-Seconds $median), (Format-Seconds $zeroSeconds),
                        ($medianRequests - $zeroRequests), $medianRequests, $zeroRequests, $windowed[0].probes) -Status info `
                    -Details ([ordered]@{ windowSeconds = $window; windowedRuns = @($windowed); medianSeconds = $median; windowZeroMedianSeconds = $zeroSeconds; medianRequests = $medianRequests; windowZeroRequests = $zeroRequests }) `
                    -Notes @("$WindowRuns runs at 0 ms; the window watches the deployment on its subscription and probes the health URL every 5 s (a third of the window when shorter)")))
    }

    # As a CI job runs it: each side in a new pwsh process (start, import, one release), at the
    # realistic latency. Information only: few pairs, no goal.
    if ($ColdPairs -gt 0) {
        $coldLatency = ($LatencyMs | Measure-Object -Maximum).Maximum
        Set-BenchLatency -Emulator $emulator -Milliseconds $coldLatency
        $environment = Get-BenchModuleEnvironment -Emulator $emulator
        $manifest = (Resolve-Path $ModuleManifest).ProviderPath
        $coldOurs = { param($i) Add-Change -Work $work -Text "bench cold $i (Invoke-Cpwtr)"; Measure-Seconds { Invoke-BenchPwsh -Environment $environment -ArgumentList '-c', "Import-Module '$manifest'; `$r = Invoke-Cpwtr -Path '$work' -Message 'bench cold $i' -StableSec $StableSec -Confirm:`$false; if (-not `$r.Succeeded) { exit 1 }" } }
        $coldTheirs = { param($i) Add-Change -Work $work -Text "bench cold $i (baseline)"; Measure-Seconds { Invoke-BenchPwsh -Environment $environment -ArgumentList '-c', "& '$baseline' -RepositoryPath '$work' -Message 'bench cold $i' -HealthUrl '$healthUrl' -IntervalSec $BaselineIntervalSec 2>`$null | Out-Null" } }
        $cold = Invoke-Alternating -A $coldOurs -B $coldTheirs -Count $ColdPairs
        $coldRatio = (Get-Median $cold.A) / (Get-Median $cold.B)
        $results.Add((New-BenchResult -Id "B4 cold @$coldLatency ms" -What "$what, each in a new pwsh process as a CI step runs it (start + import + release), API round trip +$coldLatency ms" `
                    -Goal '(information)' -Measured ('ratio {0:N2} ({1} vs {2})' -f $coldRatio, (Format-Seconds (Get-Median $cold.A)), (Format-Seconds (Get-Median $cold.B))) -Status info `
                    -Details ([ordered]@{ latencyMs = $coldLatency; pairs = $ColdPairs; invokeCpwtrSeconds = Get-BenchStatistics $cold.A; baselineSeconds = Get-BenchStatistics $cold.B; totalRatio = [math]::Round($coldRatio, 3) }) `
                    -Notes @("$ColdPairs alternating pairs of new processes")))
    }
}
catch [System.Management.Automation.ItemNotFoundException] {
    $results.Add((Get-BenchSkippedResult -Id 'B4' -What $what -Goal $goal -Reason $_.Exception.Message))
}
catch {
    $results.Add((New-BenchResult -Id 'B4' -What $what -Goal $goal -Measured "error: $($_.Exception.Message) at $($_.InvocationInfo.PositionMessage)" -Status error))
}
finally {
    Stop-BenchEmulator $emulator
}
Write-BenchResultFile -Results $results.ToArray() -Path $ResultFile
$results
