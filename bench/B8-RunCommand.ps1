<#
.SYNOPSIS
    B8: what Invoke-RailwayCommand { exit 0 } adds over starting the same command with the service's variables set
    by hand, and how many API requests it makes.
.DESCRIPTION
    One emulator; RAILWAY_PROJECT_ID, RAILWAY_ENVIRONMENT_ID and RAILWAY_SERVICE_ID name the service (as in CI or a
    linked folder). In this process, after one warm-up of each side, the sides alternate (-Count runs each):
    Invoke-RailwayCommand { exit 0 } (one variablesForServiceDeployment request, then a child pwsh runs the script
    block) and "by hand": the same variables (read once beforehand, not timed) set in the environment, then the same
    child pwsh (-NoProfile -File with `exit 0`) started with & and its $LASTEXITCODE read. Overhead = median cmdlet
    time - median by-hand time; goal ≤ 0.3 s and exactly one request per invocation (from the emulator's journal).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Count = 15,
    [double]$GoalSeconds = 0.3
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = (Resolve-Path $ModuleManifest).ProviderPath
$what = 'Invoke-RailwayCommand { exit 0 } over the same child started with the variables set by hand'
$emulator = $null
$saved = $null
$script = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-bench-b8-' + [guid]::NewGuid().ToString('n') + '.ps1')
try {
    $emulator = Start-BenchEmulator -ModuleManifest $manifest
    $saved = Use-BenchModuleEnvironment -Emulator $emulator
    Import-Module $manifest
    Set-Content -LiteralPath $script -Value 'exit 0'
    $pwsh = Get-BenchPwsh
    $variables = Invoke-BenchGraphQL -Emulator $emulator -Variables @{ p = $emulator.ProjectId; e = $emulator.EnvironmentId; s = $emulator.ServiceId } -Query @'
query BenchSetupVariables($p: String!, $e: String!, $s: String!) { variablesForServiceDeployment(projectId: $p, environmentId: $e, serviceId: $s) }
'@
    $byHand = @{}
    foreach ($property in $variables.variablesForServiceDeployment.PSObject.Properties) { $byHand[$property.Name] = [string]$property.Value }
    $sides = [ordered]@{
        cmdlet = {
            Invoke-RailwayCommand { exit 0 } -Confirm:$false -ErrorAction Stop
            if ($LASTEXITCODE -ne 0) { throw "exit $LASTEXITCODE" }
        }
        byHand = {
            foreach ($entry in $byHand.GetEnumerator()) { [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value) }
            & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NoLogo -File $script
            if ($LASTEXITCODE -ne 0) { throw "exit $LASTEXITCODE" }
        }
    }
    foreach ($name in $sides.Keys) { & $sides[$name] }
    $samples = @{ cmdlet = [Collections.Generic.List[double]]::new(); byHand = [Collections.Generic.List[double]]::new() }
    Reset-BenchJournal -Emulator $emulator
    for ($i = 0; $i -lt $Count; $i++) {
        $order = if ($i % 2 -eq 0) { 'cmdlet', 'byHand' } else { 'byHand', 'cmdlet' }
        foreach ($name in $order) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & $sides[$name]
            $samples[$name].Add($watch.Elapsed.TotalSeconds)
        }
    }
    $journal = Get-BenchJournal -Emulator $emulator
    $requestsPerRun = $journal.Total / $Count
    $cmdlet = Get-Median ([double[]]$samples.cmdlet)
    $hand = Get-Median ([double[]]$samples.byHand)
    $overhead = $cmdlet - $hand
    $passed = $overhead -le $GoalSeconds -and $requestsPerRun -eq 1
    $results = @(New-BenchResult -Id 'B8' -What $what -Goal "overhead ≤ $(Format-Seconds $GoalSeconds) median, 1 request" `
            -Measured ("{0}{1} ({2} vs {3}); {4:N1} request(s) per run" -f $(if ($overhead -lt 0) { "-" } else { "+" }), (Format-Seconds ([Math]::Abs($overhead))), (Format-Seconds $cmdlet), (Format-Seconds $hand), $requestsPerRun) `
            -Status (Get-PassFail $passed) -Details ([ordered]@{
                count = $Count; cmdletSeconds = @($samples.cmdlet); byHandSeconds = @($samples.byHand); cmdletMedian = $cmdlet; byHandMedian = $hand
                overheadSeconds = $overhead; requestsPerRun = $requestsPerRun; byOperation = $journal.ByOperation
            }))
    Write-BenchResultFile -Results $results -Path $ResultFile
    $results | Format-List Id, Measured, Status | Out-String | Write-Host
}
finally {
    if ($saved) { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
    Stop-BenchEmulator $emulator
    Remove-Item -LiteralPath $script -ErrorAction SilentlyContinue
}
