<#
.SYNOPSIS
    B9: Get-RailwayStatus of an environment with 20 services at +80 ms API latency, against a hand-written
    Invoke-RestMethod loop over the services (baselines/Get-ServiceStatus.ps1), side by side in one run.
.DESCRIPTION
    One emulator seeded with one project of 20 services (each with a few generated deployments, the newest SUCCESS).
    Sides, alternating in this process (module imported, each warmed up once), Count times each, output to Out-Null:
      - Get-RailwayStatus -Project <id> -Environment <id> (ids given, as the baseline gets them);
      - Get-RailwayStatus -Project <name> -Environment <name> (one more request finds the project's id);
      - the baseline loop (1 + 20 requests);
      - one round trip: a single Invoke-RestMethod of a one-field query, the unit of the goal.
    Requests per run are counted from the emulator's journal. Goal: Get-RailwayStatus (ids) in at most 2 requests and
    at most 1.5 × one round trip.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Count = 9,
    [int]$Services = 20,
    [int[]]$LatencyMs = @(80)
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$what = "Get-RailwayStatus of an environment with $Services services vs an Invoke-RestMethod loop over the services"
$goal = '≤ 2 requests and ≤ 1.5 × one round trip'
$baseline = Join-Path $PSScriptRoot 'baselines/Get-ServiceStatus.ps1'
$results = [System.Collections.Generic.List[object]]::new()

$emulator = $null
try {
    Import-Module $ModuleManifest -Force
    $seed = New-BenchSeed
    $first = $seed.projects[0].services[0]
    $first.generatedDeployments = [ordered]@{ environment = 'production'; count = 3 }
    $more = foreach ($n in 2..$Services) {
        [ordered]@{ name = ('svc-{0:D2}' -f $n); repo = $first.repo; branch = 'main'; settings = $first.settings
            generatedDeployments = [ordered]@{ environment = 'production'; count = 3 } }
    }
    $seed.projects[0].services = @($first) + @($more)
    $emulator = Start-BenchEmulator -ModuleManifest $ModuleManifest -Seed $seed
    Use-BenchModuleEnvironment -Emulator $emulator | Out-Null
    $byId = @{ Project = $emulator.ProjectId; Environment = $emulator.EnvironmentId }
    $byName = @{ Project = 'bench'; Environment = 'production' }
    $baselineArgs = @{ Endpoint = $emulator.GraphQLUrl; Token = $emulator.Token; ProjectId = $emulator.ProjectId; EnvironmentId = $emulator.EnvironmentId }
    $headers = @{ Authorization = "Bearer $($emulator.Token)" }
    $pingBody = @{ query = 'query($id: String!) { project(id: $id) { id } }'; variables = @{ id = $emulator.ProjectId } } | ConvertTo-Json -Compress

    $ours = { Measure-Seconds { Get-RailwayStatus @byId | Out-Null } }
    $oursByName = { Measure-Seconds { Get-RailwayStatus @byName | Out-Null } }
    $theirs = { Measure-Seconds { Set-StrictMode -Off; & $baseline @baselineArgs | Out-Null } }
    $roundTrip = { Measure-Seconds { Invoke-RestMethod -Method Post -Uri $emulator.GraphQLUrl -Headers $headers -ContentType 'application/json' -Body $pingBody | Out-Null } }

    # Correctness first: both sides see every service with its latest deployment.
    $ourRows = @(Get-RailwayStatus @byId)
    $theirRows = @(& { Set-StrictMode -Off; & $baseline @baselineArgs })
    if ($ourRows.Count -ne $Services -or $theirRows.Count -ne $Services -or @($ourRows | Where-Object { -not $_.DeploymentId }).Count) {
        throw "expected $Services services with a deployment: Get-RailwayStatus wrote $($ourRows.Count), the baseline $($theirRows.Count)"
    }
    foreach ($warmUp in $ours, $oursByName, $theirs, $roundTrip) { & $warmUp | Out-Null }

    foreach ($latency in $LatencyMs) {
        Set-BenchLatency -Emulator $emulator -Milliseconds $latency
        $runs = Invoke-Alternating -A $ours -B $theirs -Count $Count
        $named = Invoke-Alternating -A $oursByName -B $roundTrip -Count $Count
        $requests = [ordered]@{}
        foreach ($side in @(@{ Name = 'Get-RailwayStatus (ids)'; Block = $ours }, @{ Name = 'Get-RailwayStatus (names)'; Block = $oursByName }, @{ Name = 'baseline'; Block = $theirs })) {
            Reset-BenchJournal -Emulator $emulator
            & $side.Block | Out-Null
            $journal = Get-BenchJournal -Emulator $emulator
            $requests[$side.Name] = [ordered]@{ total = $journal.Total; byOperation = $journal.ByOperation }
        }
        $oursMedian = Get-Median $runs.A
        $oneTrip = Get-Median $named.B
        $overTrip = $oursMedian / $oneTrip
        $namedOverTrip = (Get-Median $named.A) / $oneTrip
        $ratio = $oursMedian / (Get-Median $runs.B)
        $oursRequests = $requests['Get-RailwayStatus (ids)'].total
        $details = [ordered]@{
            services                       = $Services
            latencyMs                      = $latency
            runsPerSide                    = $Count
            getRailwayStatusSeconds        = Get-BenchStatistics $runs.A
            getRailwayStatusByNameSeconds  = Get-BenchStatistics $named.A
            baselineSeconds                = Get-BenchStatistics $runs.B
            oneRoundTripSeconds            = Get-BenchStatistics $named.B
            overOneRoundTrip               = [math]::Round($overTrip, 3)
            byNameOverOneRoundTrip         = [math]::Round($namedOverTrip, 3)
            ratioToBaseline                = [math]::Round($ratio, 3)
            requests                       = $requests
        }
        $measured = '{0} request(s), {1} = {2:N2} × one round trip ({3}); by name {4} requests, {5:N2} ×; baseline {6} requests, {7} (ratio {8:N2})' -f $oursRequests,
            (Format-Seconds $oursMedian), $overTrip, (Format-Seconds $oneTrip), $requests['Get-RailwayStatus (names)'].total, $namedOverTrip,
            $requests['baseline'].total, (Format-Seconds (Get-Median $runs.B)), $ratio
        $results.Add((New-BenchResult -Id "B9 @$latency ms" -What "$what, API round trip +$latency ms" -Goal $goal -Measured $measured `
                    -Status (Get-PassFail ($oursRequests -le 2 -and $overTrip -le 1.5)) -Details $details `
                    -Notes @("medians of $Count alternating runs per side in one warm pwsh process; the goal is held by the ids form, which the baseline also gets; by name costs one more request (the project list)")))
    }
}
catch {
    $results.Add((New-BenchResult -Id 'B9' -What $what -Goal $goal -Measured "error: $($_.Exception.Message) at $($_.InvocationInfo.PositionMessage)" -Status error))
}
finally {
    Stop-BenchEmulator $emulator
}
Write-BenchResultFile -Results $results.ToArray() -Path $ResultFile
$results
