<#
.SYNOPSIS
    B2: list 2,000 deployments with Get-RailwayDeployment vs a hand-written Invoke-RestMethod
    pagination loop (baselines/Get-Deployments.ps1), and Get-RailwayDeployment's time to first object.
.DESCRIPTION
    One emulator seeded with 2,000 generated deployments (generatedDeployments). Both sides get the
    project, environment and service as ids, run in this process (module imported, both warmed up
    once) alternately, Count times each, output to Out-Null. Time to first object is
    `Get-RailwayDeployment | Select-Object -First 1`, compared with one page's round trip (one
    Invoke-RestMethod of the first page of 100, the same query), measured alternately too. All of it
    runs with the emulator's added latency at 0 ms and at a realistic 80 ms per API request.
    The profile splits each side into server time (the emulator journal's per-request duration)
    and client time, and counts requests per operation.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Count = 7,
    [int]$Deployments = 2000,
    [int[]]$LatencyMs = @(0, 80)
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$what = "list $Deployments deployments: Get-RailwayDeployment vs Invoke-RestMethod pagination loop"
$goal = 'total ratio ≤ 1.0; time to first object ≤ 1.5 × one page round trip'
$baseline = Join-Path $PSScriptRoot 'baselines/Get-Deployments.ps1'
$results = [System.Collections.Generic.List[object]]::new()

$emulator = $null
try {
    Import-Module $ModuleManifest -Force
    $emulator = Start-BenchEmulator -ModuleManifest $ModuleManifest -Seed (New-BenchSeed -GeneratedDeployments $Deployments)
    Use-BenchModuleEnvironment -Emulator $emulator | Out-Null
    $target = @{ Project = $emulator.ProjectId; Environment = $emulator.EnvironmentId; Service = $emulator.ServiceId }
    $baselineArgs = @{ Endpoint = $emulator.GraphQLUrl; Token = $emulator.Token; ProjectId = $emulator.ProjectId; EnvironmentId = $emulator.EnvironmentId; ServiceId = $emulator.ServiceId }

    $ours = { Measure-Seconds { Get-RailwayDeployment @target | Out-Null } }
    # The baseline runs as a user runs a script: without strict mode.
    $theirs = { Measure-Seconds { Set-StrictMode -Off; & $baseline @baselineArgs | Out-Null } }

    # Correctness first: both sides must see every deployment.
    $ourCount = (Get-RailwayDeployment @target | Measure-Object).Count
    $theirCount = (& { Set-StrictMode -Off; & $baseline @baselineArgs } | Measure-Object).Count
    if ($ourCount -ne $Deployments -or $theirCount -ne $Deployments) {
        throw "expected $Deployments deployments, Get-RailwayDeployment wrote $ourCount, the baseline $theirCount"
    }

    # Time to first object vs one page's round trip (the baseline's first request alone).
    $pageQuery = (Get-Content -Raw $baseline) -replace '(?s)^.*?\$query = @''\r?\n(.*?)\r?\n''@.*$', '$1'
    $pageBody = @{ query = $pageQuery; variables = @{ input = @{ projectId = $emulator.ProjectId; environmentId = $emulator.EnvironmentId; serviceId = $emulator.ServiceId }; first = 100; after = $null } } | ConvertTo-Json -Depth 5 -Compress
    $headers = @{ Authorization = "Bearer $($emulator.Token)" }
    $onePage = { Measure-Seconds { Invoke-RestMethod -Method Post -Uri $emulator.GraphQLUrl -Headers $headers -ContentType 'application/json' -Body $pageBody } }
    $firstObject = { Measure-Seconds { Get-RailwayDeployment @target | Select-Object -First 1 } }
    foreach ($warmUp in $ours, $theirs, $onePage, $firstObject) { & $warmUp | Out-Null }

    foreach ($latency in $LatencyMs) {
        Set-BenchLatency -Emulator $emulator -Milliseconds $latency
        $pairs = if ($latency -eq 0) { $Count } else { [Math]::Max(5, [int]($Count * 5 / 7)) }
        $runs = Invoke-Alternating -A $ours -B $theirs -Count $pairs
        $ratio = (Get-Median $runs.A) / (Get-Median $runs.B)
        $ttfo = Invoke-Alternating -A $firstObject -B $onePage -Count ([Math]::Max($pairs, 9))
        $ttfoRatio = (Get-Median $ttfo.A) / (Get-Median $ttfo.B)

        # Profile: one more run of each side with the journal's view of it.
        $profile = [ordered]@{}
        foreach ($side in @(@{ Name = 'Get-RailwayDeployment'; Block = $ours }, @{ Name = 'baseline'; Block = $theirs }, @{ Name = 'firstObject'; Block = $firstObject })) {
            Reset-BenchJournal -Emulator $emulator
            $seconds = & $side.Block
            $journal = Get-BenchJournal -Emulator $emulator
            $server = ($journal.Entries | Measure-Object -Property durationMs -Sum).Sum / 1000
            $profile[$side.Name] = [ordered]@{
                seconds       = [math]::Round($seconds, 3)
                requests      = $journal.Total
                byOperation   = $journal.ByOperation
                serverSeconds = [math]::Round($server, 3)
                clientSeconds = [math]::Round($seconds - $server, 3)
            }
        }

        $details = [ordered]@{
            deployments                  = $Deployments
            latencyMs                    = $latency
            runsPerSide                  = $pairs
            getRailwayDeploymentSeconds  = Get-BenchStatistics $runs.A
            baselineSeconds              = Get-BenchStatistics $runs.B
            totalRatio                   = [math]::Round($ratio, 3)
            timeToFirstObjectSeconds     = Get-BenchStatistics $ttfo.A
            onePageRoundTripSeconds      = Get-BenchStatistics $ttfo.B
            timeToFirstObjectOverOnePage = [math]::Round($ttfoRatio, 3)
            profile                      = $profile
        }
        $measured = 'ratio {0:N2} ({1} vs {2}); first object {3} = {4:N2} × one page ({5})' -f $ratio,
            (Format-Seconds (Get-Median $runs.A)), (Format-Seconds (Get-Median $runs.B)),
            (Format-Seconds (Get-Median $ttfo.A)), $ttfoRatio, (Format-Seconds (Get-Median $ttfo.B))
        $results.Add((New-BenchResult -Id "B2 @$latency ms" -What "$what, API round trip +$latency ms" -Goal $goal -Measured $measured `
                    -Status (Get-PassFail ($ratio -le 1.0 -and $ttfoRatio -le 1.5)) -Details $details `
                    -Notes @("medians of $pairs alternating runs per side ($([Math]::Max($pairs, 9)) for the first object) in one warm pwsh process, ids given to both sides, output to Out-Null")))
    }
}
catch {
    $results.Add((New-BenchResult -Id 'B2' -What $what -Goal $goal -Measured "error: $($_.Exception.Message) at $($_.InvocationInfo.PositionMessage)" -Status error))
}
finally {
    Stop-BenchEmulator $emulator
}
Write-BenchResultFile -Results $results.ToArray() -Path $ResultFile
$results
