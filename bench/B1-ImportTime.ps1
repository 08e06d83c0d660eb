<#
.SYNOPSIS
    B1: what `Import-Module RailwayOps` adds to a bare `pwsh -NoProfile` start.
.DESCRIPTION
    Starts pwsh -NoProfile -c exit and pwsh -NoProfile -c "Import-Module <psd1>; exit" alternately,
    Pairs times each after one discarded warm-up round, and reports the median of each side and the
    median of the per-pair differences. A third side in the same rotation imports the smallest
    binary module shipped with PowerShell (Microsoft.PowerShell.ThreadJob) as a reference floor:
    what importing any binary module costs here. Every process is new, so the
    module's assemblies are loaded and jitted cold; the OS file cache is warm (as on a CI runner that
    has just restored the module). For the profile it also times Import-Module inside a process.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Pairs = 12,
    [double]$GoalSeconds = 0.15,
    [string]$ReferenceModule = 'Microsoft.PowerShell.ThreadJob'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = (Resolve-Path $ModuleManifest).ProviderPath

$sides = [ordered]@{
    bare       = { Measure-Seconds { Invoke-BenchPwsh -ArgumentList '-c', 'exit' } }
    railwayOps = { Measure-Seconds { Invoke-BenchPwsh -ArgumentList '-c', "Import-Module '$manifest'; exit" } }
    # Reference floor: the smallest binary module shipped with PowerShell.
    reference  = { Measure-Seconds { Invoke-BenchPwsh -ArgumentList '-c', "Import-Module $ReferenceModule; exit" } }
}
foreach ($side in $sides.Values) { & $side | Out-Null }
# Rounds of the three, the order rotated every round (bare first, then RailwayOps first, ...).
$samples = @{ bare = [Collections.Generic.List[double]]::new(); railwayOps = [Collections.Generic.List[double]]::new(); reference = [Collections.Generic.List[double]]::new() }
$names = @($sides.Keys)
for ($i = 0; $i -lt $Pairs; $i++) {
    foreach ($k in 0..2) {
        $name = $names[($i + $k) % 3]
        $samples[$name].Add((& $sides[$name]))
    }
}
$runs = @{ A = $samples.bare.ToArray(); B = $samples.railwayOps.ToArray() }
$added = for ($i = 0; $i -lt $Pairs; $i++) { $runs.B[$i] - $runs.A[$i] }
$referenceAdded = for ($i = 0; $i -lt $Pairs; $i++) { $samples.reference[$i] - $runs.A[$i] }
$medianAdded = Get-Median $added

# Profile: phases timed inside new processes, each after PowerShell's own module machinery has been
# warmed by importing the reference module first (otherwise its first-use cost, which a bare start
# does not pay in the added figure, hides RailwayOps' own share): the whole import; the same module
# without its format file (a copy of the folder whose manifest has no FormatsToProcess); the two
# assemblies loaded alone.
function Measure-InProcess([string]$Statement, [int]$Times = 5) {
    foreach ($i in 1..$Times) {
        [double](Invoke-BenchPwsh -ArgumentList '-c', "Import-Module $ReferenceModule; `$w = [Diagnostics.Stopwatch]::StartNew(); $Statement; `$w.Elapsed.TotalSeconds" | Select-Object -Last 1)
    }
}
$moduleDirectory = Split-Path -Parent $manifest
$noFormat = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-bench-noformat-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
$noFormatModule = Join-Path $noFormat (Split-Path -Leaf $moduleDirectory)
New-Item -ItemType Directory -Path $noFormat | Out-Null
Copy-Item -Recurse $moduleDirectory $noFormatModule
Remove-Item (Join-Path $noFormatModule 'emulator') -Recurse -Force -ErrorAction SilentlyContinue
$noFormatManifest = Join-Path $noFormatModule (Split-Path -Leaf $manifest)
(Get-Content -Raw $noFormatManifest) -replace '(?m)^\s*FormatsToProcess\s*=.*$', '' | Set-Content -Path $noFormatManifest -Encoding utf8NoBOM
$coreAssembly = @("$moduleDirectory/dependencies/RailwayOps.Core.dll", "$moduleDirectory/RailwayOps.Core.dll") | Where-Object { Test-Path $_ } | Select-Object -First 1
try {
    $inProcess = Measure-InProcess "Import-Module '$manifest'"
    $withoutFormat = Measure-InProcess "Import-Module '$noFormatManifest'"
    $assemblyLoad = Measure-InProcess "[void][Reflection.Assembly]::LoadFrom('$moduleDirectory/RailwayOps.dll'); [void][Reflection.Assembly]::LoadFrom('$coreAssembly')"
}
finally {
    Remove-Item $noFormat -Recurse -Force -ErrorAction SilentlyContinue
}

$details = [ordered]@{
    pairs                         = $Pairs
    bareStartSeconds              = Get-BenchStatistics $runs.A
    startWithImportSeconds        = Get-BenchStatistics $runs.B
    addedSeconds                  = Get-BenchStatistics $added
    referenceModule               = $ReferenceModule
    referenceAddedSeconds         = Get-BenchStatistics $referenceAdded
    medianOfSidesDifference       = [math]::Round((Get-Median $runs.B) - (Get-Median $runs.A), 3)
    importModuleInProcessSeconds  = Get-BenchStatistics $inProcess
    importWithoutFormatFileSeconds = Get-BenchStatistics $withoutFormat
    assemblyLoadOnlySeconds       = Get-BenchStatistics $assemblyLoad
}
$result = New-BenchResult -Id 'B1' -What 'Import-Module RailwayOps cold, added to a bare pwsh -NoProfile start' `
    -Goal ('≤ {0:N2} s median added' -f $GoalSeconds) `
    -Measured ('{0:N3} s added (bare {1:N3} s, with import {2:N3} s); reference: {3} adds {4:N3} s' -f $medianAdded, (Get-Median $runs.A), (Get-Median $runs.B), $ReferenceModule, (Get-Median $referenceAdded)) `
    -Status (Get-PassFail ($medianAdded -le $GoalSeconds)) -Details $details `
    -Notes @("median of $Pairs rotating rounds of new processes (bare, RailwayOps, reference; one warm-up round discarded); added = per-round difference; pwsh started as dotnet pwsh.dll (no pwsh apphost on this machine)")
Write-BenchResultFile -Results @($result) -Path $ResultFile
$result
