<#
.SYNOPSIS
    B6: peak memory of a pwsh process listing 10,000 deployments with Get-RailwayDeployment, piped
    to Out-Null and to Measure-Object, above the same process idle.
.DESCRIPTION
    Each case runs in a new pwsh process against an emulator seeded with 10,000 generated
    deployments. The process imports the module, lists one deployment (so the HTTP, JSON and
    GraphQL code is loaded: "idle" is a process that has used the module, not a bare one), collects
    garbage and reads its resident set (VmRSS, /proc/self/status); it then resets the kernel's peak
    counter (writing 5 to /proc/self/clear_refs, so VmHWM restarts from the current RSS), lists the
    10,000 deployments, and reads VmHWM: the peak resident set during the listing, sampled by the
    kernel rather than by polling. Added = VmHWM − idle VmRSS. For comparison (no goal) the
    hand-written Invoke-RestMethod loop (baselines/Get-Deployments.ps1) is measured the same way.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Deployments = 10000,
    [int]$GoalMb = 64
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$what = "peak memory of the pwsh process listing $Deployments deployments (Get-RailwayDeployment | Out-Null / Measure-Object)"
$goal = "≤ $GoalMb MB above the same process idle"
$baseline = Join-Path $PSScriptRoot 'baselines/Get-Deployments.ps1'

# Runs in the child process; prints one JSON line.
$probe = @'
param([string]$Manifest, [string]$Case, [string]$Baseline)
$ErrorActionPreference = 'Stop'
function Read-Status {
    $values = @{}
    foreach ($line in Get-Content /proc/self/status) {
        if ($line -match '^(VmRSS|VmHWM):\s+(\d+)\s+kB') { $values[$Matches[1]] = [double]$Matches[2] / 1024 }
    }
    $values
}
function Reset-Peak {
    try { [IO.File]::WriteAllText('/proc/self/clear_refs', '5'); $true } catch { $false }
}
$afterStart = Read-Status
if ($Case -ne 'baseline') {
    Import-Module $Manifest
    Get-RailwayDeployment -First 1 | Out-Null
}
else {
    & $Baseline -PageSize 1 | Select-Object -First 1 | Out-Null
}
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
Start-Sleep -Milliseconds 200
$idle = Read-Status
$managedIdle = [GC]::GetTotalMemory($true)
$peakReset = Reset-Peak
$allocatedBefore = [GC]::GetTotalAllocatedBytes($false)
$watch = [Diagnostics.Stopwatch]::StartNew()
$count = switch ($Case) {
    'Out-Null' { Get-RailwayDeployment | Out-Null; $null }
    'Measure-Object' { (Get-RailwayDeployment | Measure-Object).Count }
    'baseline' { (& $Baseline | Measure-Object).Count }
}
$seconds = $watch.Elapsed.TotalSeconds
$after = Read-Status
$managedEnd = [GC]::GetTotalMemory($false)
$managedRetained = [GC]::GetTotalMemory($true)
[pscustomobject]@{
    case              = $Case
    count             = $count
    seconds           = [math]::Round($seconds, 3)
    startRssMb        = [math]::Round($afterStart.VmRSS, 1)
    idleRssMb         = [math]::Round($idle.VmRSS, 1)
    peakResetWorked   = $peakReset
    peakMb            = [math]::Round($after.VmHWM, 1)
    endRssMb          = [math]::Round($after.VmRSS, 1)
    addedMb           = [math]::Round($after.VmHWM - $idle.VmRSS, 1)
    allocatedMb       = [math]::Round(([GC]::GetTotalAllocatedBytes($false) - $allocatedBefore) / 1MB, 1)
    managedIdleMb     = [math]::Round($managedIdle / 1MB, 1)
    managedEndMb      = [math]::Round($managedEnd / 1MB, 1)
    managedRetainedMb = [math]::Round(($managedRetained - $managedIdle) / 1MB, 1)
} | ConvertTo-Json -Compress
'@

$emulator = $null
try {
    if (-not (Test-Path /proc/self/status)) { throw [System.Management.Automation.ItemNotFoundException]::new('needs /proc/self/status (Linux)') }
    $emulator = Start-BenchEmulator -ModuleManifest $ModuleManifest -Seed (New-BenchSeed -GeneratedDeployments $Deployments)
    $environment = Get-BenchModuleEnvironment -Emulator $emulator
    $probeFile = Join-Path $emulator.Folder 'memory-probe.ps1'
    Set-Content -Path $probeFile -Value $probe -Encoding utf8NoBOM
    $manifest = (Resolve-Path $ModuleManifest).ProviderPath
    # One untimed pass over every page first, so that no case pays for the emulator's own warm-up.
    $warmUp = (& { Set-StrictMode -Off; & $baseline -Endpoint $emulator.GraphQLUrl -Token $emulator.Token -ProjectId $emulator.ProjectId `
                -EnvironmentId $emulator.EnvironmentId -ServiceId $emulator.ServiceId } | Measure-Object).Count
    if ($warmUp -ne $Deployments) { throw "the emulator lists $warmUp deployments, expected $Deployments" }
    $cases = [ordered]@{}
    foreach ($case in 'Out-Null', 'Measure-Object', 'baseline') {
        $line = Invoke-BenchPwsh -ArgumentList '-File', $probeFile, '-Manifest', $manifest, '-Case', $case, '-Baseline', $baseline -Environment $environment -TimeoutSec 300 |
            Select-Object -Last 1
        $cases[$case] = $line | ConvertFrom-Json
    }
    $measureCount = $cases['Measure-Object'].count
    if ($measureCount -ne $Deployments) { throw "Get-RailwayDeployment | Measure-Object counted $measureCount, expected $Deployments" }
    $worst = [math]::Max($cases['Out-Null'].addedMb, $cases['Measure-Object'].addedMb)
    $measured = 'Out-Null +{0:N1} MB, Measure-Object +{1:N1} MB above idle {2:N0} MB (hand-written loop +{3:N1} MB)' -f
        $cases['Out-Null'].addedMb, $cases['Measure-Object'].addedMb, $cases['Out-Null'].idleRssMb, $cases['baseline'].addedMb
    $result = New-BenchResult -Id 'B6' -What $what -Goal $goal -Measured $measured -Status (Get-PassFail ($worst -le $GoalMb)) `
        -Details ([ordered]@{ deployments = $Deployments; cases = $cases }) `
        -Notes @('one new pwsh process per case; peak = kernel VmHWM after resetting it at idle; idle = after import and one request, garbage collected')
}
catch [System.Management.Automation.ItemNotFoundException] {
    $result = Get-BenchSkippedResult -Id 'B6' -What $what -Goal $goal -Reason $_.Exception.Message
}
catch {
    $result = New-BenchResult -Id 'B6' -What $what -Goal $goal -Measured "error: $($_.Exception.Message) at $($_.InvocationInfo.PositionMessage)" -Status error
}
finally {
    Stop-BenchEmulator $emulator
}
Write-BenchResultFile -Results @($result) -Path $ResultFile
$result
