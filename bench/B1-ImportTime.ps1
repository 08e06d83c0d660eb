<#
.SYNOPSIS
    B1: RailwayOps' own share of `Import-Module` time: what importing it adds to a bare `pwsh -NoProfile`
    start beyond what importing the reference module (Microsoft.PowerShell.ThreadJob) adds.
.DESCRIPTION
    Rounds of three new processes, the order rotated every round (bare, RailwayOps, reference; then
    RailwayOps, reference, bare; ...), after one discarded warm-up round: `pwsh -NoProfile -c exit`,
    `pwsh -NoProfile -c "Import-Module <psd1>; exit"` and the same with the reference module, the smallest
    binary module shipped with PowerShell. Importing any binary module costs something (PowerShell's module
    machinery, its first manifest, its first cmdlet scan); the goal is about what RailwayOps adds beyond that:
    per round, own share = (RailwayOps start - bare start) - (reference start - bare start) = RailwayOps start -
    reference start, two processes started next to each other. The median of those is the figure; the
    quartiles and the extremes are its spread (this machine is shared: read the spread before the median).
    Every process is new, so the module's assemblies are loaded and jitted cold; the OS file cache is warm
    (as on a CI runner that has just restored the module). Each process also reports the CPU time it used
    (every thread): the same own share in CPU seconds, which other processes on a shared machine move far
    less than the wall clock (the goal stays on the wall clock: that is what a user waits for).
    Profile: the import timed inside new processes after the reference module warmed PowerShell's module
    machinery, whole and without the format file, the two assemblies loaded alone, and how many methods the
    JIT compiled during the import (a count the machine's load does not change).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Pairs = 30,
    [double]$GoalSeconds = 0.03,
    [string]$ReferenceModule = 'Microsoft.PowerShell.ThreadJob',
    [int]$ProfileRuns = 7
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = (Resolve-Path $ModuleManifest).ProviderPath

# Each process ends by printing the CPU time it has used (all its threads: the JIT's background threads and
# the GC included): a second figure, much less moved than the wall clock by other processes on the machine.
$cpuSoFar = '[Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds'
function Measure-Start([string]$Command) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $output = Invoke-BenchPwsh -ArgumentList '-c', $Command
    [pscustomobject]@{ Wall = $watch.Elapsed.TotalSeconds; Cpu = [double]($output | Select-Object -Last 1) }
}
$sides = [ordered]@{
    bare       = { Measure-Start $cpuSoFar }
    railwayOps = { Measure-Start "Import-Module '$manifest'; $cpuSoFar" }
    reference  = { Measure-Start "Import-Module $ReferenceModule; $cpuSoFar" }
}
foreach ($side in $sides.Values) { & $side | Out-Null }
$samples = @{ bare = [Collections.Generic.List[object]]::new(); railwayOps = [Collections.Generic.List[object]]::new(); reference = [Collections.Generic.List[object]]::new() }
$names = @($sides.Keys)
for ($i = 0; $i -lt $Pairs; $i++) {
    foreach ($k in 0..2) {
        $name = $names[($i + $k) % 3]
        $samples[$name].Add((& $sides[$name]))
    }
}
$bare = [double[]]$samples.bare.Wall
$withImport = [double[]]$samples.railwayOps.Wall
$withReference = [double[]]$samples.reference.Wall
$ownShareCpu = [double[]]@(for ($i = 0; $i -lt $Pairs; $i++) { $samples.railwayOps[$i].Cpu - $samples.reference[$i].Cpu })
$referenceAddedCpu = [double[]]@(for ($i = 0; $i -lt $Pairs; $i++) { $samples.reference[$i].Cpu - $samples.bare[$i].Cpu })
$added = [double[]]@(for ($i = 0; $i -lt $Pairs; $i++) { $withImport[$i] - $bare[$i] })
$referenceAdded = [double[]]@(for ($i = 0; $i -lt $Pairs; $i++) { $withReference[$i] - $bare[$i] })
$ownShare = [double[]]@(for ($i = 0; $i -lt $Pairs; $i++) { $withImport[$i] - $withReference[$i] })
$medianOwn = Get-Median $ownShare
$spread = [ordered]@{
    p25 = [math]::Round((Get-Quantile $ownShare 0.25), 3)
    p75 = [math]::Round((Get-Quantile $ownShare 0.75), 3)
    min = [math]::Round(($ownShare | Measure-Object -Minimum).Minimum, 3)
    max = [math]::Round(($ownShare | Measure-Object -Maximum).Maximum, 3)
}

# Profile: phases timed inside new processes, each after PowerShell's own module machinery has been
# warmed by importing the reference module first (otherwise its first-use cost, which the reference pays
# in the rotation above too, hides RailwayOps' own share): the whole import with the number of methods the
# JIT compiled meanwhile; the same module without its format file (a copy of the folder whose manifest has
# no FormatsToProcess); the two assemblies loaded alone.
function Measure-InProcess([string]$Statement, [int]$Times = $ProfileRuns) {
    $code = "Import-Module $ReferenceModule; `$j = [Runtime.JitInfo]::GetCompiledMethodCount(`$false); `$t = [Runtime.JitInfo]::GetCompilationTime(`$false); " +
        "`$w = [Diagnostics.Stopwatch]::StartNew(); $Statement; `$s = `$w.Elapsed.TotalSeconds; " +
        "'{0} {1} {2}' -f `$s, ([Runtime.JitInfo]::GetCompiledMethodCount(`$false) - `$j), ([Runtime.JitInfo]::GetCompilationTime(`$false) - `$t).TotalSeconds"
    foreach ($i in 1..$Times) {
        $seconds, $methods, $jitSeconds = ((Invoke-BenchPwsh -ArgumentList '-c', $code | Select-Object -Last 1) -split ' ')
        [pscustomobject]@{ Seconds = [double]$seconds; JitMethods = [double]$methods; JitSeconds = [double]$jitSeconds }
    }
}
function Test-ReadyToRun([string]$Path) {
    # True when the file carries ReadyToRun code (a managed native header), i.e. needs no JIT where it applies.
    $stream = [IO.File]::OpenRead($Path)
    try { [Reflection.PortableExecutable.PEReader]::new($stream).PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 } finally { $stream.Dispose() }
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
    $inProcess = @(Measure-InProcess "Import-Module '$manifest'")
    $withoutFormat = @(Measure-InProcess "Import-Module '$noFormatManifest'")
    $assemblyLoad = @(Measure-InProcess "[void][Reflection.Assembly]::LoadFrom('$moduleDirectory/RailwayOps.dll'); [void][Reflection.Assembly]::LoadFrom('$coreAssembly')")
}
finally {
    Remove-Item $noFormat -Recurse -Force -ErrorAction SilentlyContinue
}
$precompiled = @(Get-ChildItem (Join-Path $moduleDirectory 'dependencies/readytorun') -Filter *.dll -Recurse -ErrorAction SilentlyContinue |
        ForEach-Object { '{0}/{1}' -f $_.Directory.Name, $_.Name })

$details = [ordered]@{
    pairs                          = $Pairs
    goalSeconds                    = $GoalSeconds
    referenceModule                = $ReferenceModule
    ownShareSeconds                = Get-BenchStatistics $ownShare
    ownShareSpread                 = $spread
    ownShareCpuSeconds             = Get-BenchStatistics $ownShareCpu
    ownShareCpuSpread              = [ordered]@{ p25 = [math]::Round((Get-Quantile $ownShareCpu 0.25), 3); p75 = [math]::Round((Get-Quantile $ownShareCpu 0.75), 3) }
    referenceAddedCpuSeconds       = Get-BenchStatistics $referenceAddedCpu
    bareStartCpuSeconds            = Get-BenchStatistics ([double[]]$samples.bare.Cpu)
    bareStartSeconds               = Get-BenchStatistics $bare
    startWithImportSeconds         = Get-BenchStatistics $withImport
    startWithReferenceSeconds      = Get-BenchStatistics $withReference
    addedSeconds                   = Get-BenchStatistics $added
    referenceAddedSeconds          = Get-BenchStatistics $referenceAdded
    importModuleInProcessSeconds   = Get-BenchStatistics ([double[]]$inProcess.Seconds)
    importJitMethods               = Get-BenchStatistics ([double[]]$inProcess.JitMethods) -Digits 0
    importJitSeconds               = Get-BenchStatistics ([double[]]$inProcess.JitSeconds)
    importWithoutFormatFileSeconds = Get-BenchStatistics ([double[]]$withoutFormat.Seconds)
    importWithoutFormatJitMethods  = Get-BenchStatistics ([double[]]$withoutFormat.JitMethods) -Digits 0
    assemblyLoadOnlySeconds        = Get-BenchStatistics ([double[]]$assemblyLoad.Seconds)
    powerShellReadyToRun           = Test-ReadyToRun (Join-Path $PSHOME 'System.Management.Automation.dll')
    moduleReadyToRun               = [ordered]@{ 'RailwayOps.dll' = Test-ReadyToRun (Join-Path $moduleDirectory 'RailwayOps.dll'); precompiledDependencies = $precompiled }
}
$result = New-BenchResult -Id 'B1' -What "Import-Module RailwayOps cold: its own share, what it adds to a bare pwsh -NoProfile start beyond what importing $ReferenceModule adds" `
    -Goal ('≤ {0:N2} s own share (median of per-round differences to the reference)' -f $GoalSeconds) `
    -Measured ('own share {0:N3} s (quartiles {1:N3}–{2:N3} s, range {3:N3}–{4:N3} s over {5} rounds; in CPU time {10:N3} s); RailwayOps adds {6:N3} s, {7} adds {8:N3} s to a {9:N3} s bare start' -f
        $medianOwn, $spread.p25, $spread.p75, $spread.min, $spread.max, $Pairs, (Get-Median $added), $ReferenceModule, (Get-Median $referenceAdded), (Get-Median $bare), (Get-Median $ownShareCpu)) `
    -Status (Get-PassFail ($medianOwn -le $GoalSeconds)) -Details $details `
    -Notes @("$Pairs rounds of three new processes in rotating order (bare, RailwayOps, reference; one warm-up round discarded); own share = RailwayOps start − reference start in the same round; pwsh started as dotnet pwsh.dll (no pwsh apphost on this machine)")
Write-BenchResultFile -Results @($result) -Path $ResultFile
$result
