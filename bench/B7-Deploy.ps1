<#
.SYNOPSIS
    B7: Deploy-RailwayService of a 50 MB folder (many small files and a few large ones) beside the script a
    user would write (`tar czf` + `Invoke-WebRequest -InFile`), and the peak memory of the pwsh process while it
    uploads a 500 MB folder.
.DESCRIPTION
    Time: one emulator whose service has no repository; in this process, after one warm-up of each side, the two
    sides alternate (-Count runs each): Deploy-RailwayService <folder> (no -Wait: until Railway answers with the
    deployment, which the cmdlet then reads) and baselines/Deploy-Folder.ps1 (tar czf to a temp file, then
    Invoke-WebRequest -InFile to the same endpoint). Between runs (not timed) the deployment just made is waited
    for, so that the emulator's build of one run does not load the machine during the next. The goal: median
    cmdlet time ≤ 1.0 × median script time.
    Memory: in a new pwsh process, the module imported and used once (one Get-RailwayService), garbage collected,
    the kernel's peak counter reset (5 > /proc/self/clear_refs), then Deploy-RailwayService of a -LargeMb folder;
    added = VmHWM - idle VmRSS. Goal ≤ 64 MB whatever the folder's size.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [string]$ResultFile,
    [int]$Count = 5,
    [int]$SmallMb = 50,
    [int]$LargeMb = 500,
    [double]$GoalRatio = 1.0,
    [int]$GoalMb = 64
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = (Resolve-Path $ModuleManifest).ProviderPath
$baseline = Join-Path $PSScriptRoot 'baselines/Deploy-Folder.ps1'

function New-BenchFolder([string]$Path, [int]$TotalMb) {
    <# A fifth of the size in 10 KB text files (in 20 folders), the rest in large incompressible files of at most 50 MB. #>
    New-Item -ItemType Directory -Path $Path | Out-Null
    $random = [Random]::new(7)
    $smallBytes = [long]$TotalMb * 1MB / 5
    $line = ('0123456789abcdef' * 8) + "`n"
    $text = [Text.Encoding]::ASCII.GetBytes(($line * 80))
    $files = [int]($smallBytes / $text.Length)
    for ($i = 0; $i -lt $files; $i++) {
        $folder = Join-Path $Path ('src{0:00}' -f ($i % 20))
        if (-not (Test-Path $folder)) { New-Item -ItemType Directory -Path $folder | Out-Null }
        $text[0] = [byte](65 + $i % 26)
        [IO.File]::WriteAllBytes((Join-Path $folder "file$i.txt"), $text)
    }
    $left = [long]$TotalMb * 1MB - $files * $text.Length
    $n = 0
    $buffer = [byte[]]::new(1MB)
    while ($left -gt 0) {
        $size = [Math]::Min($left, 50MB)
        $stream = [IO.File]::Create((Join-Path $Path "asset$n.bin"))
        try { for ($written = 0; $written -lt $size; $written += $buffer.Length) { $random.NextBytes($buffer); $stream.Write($buffer, 0, [int][Math]::Min($buffer.Length, $size - $written)) } }
        finally { $stream.Dispose() }
        $left -= $size; $n++
    }
    Set-Content -LiteralPath (Join-Path $Path 'railway.toml') -Value "[deploy]`nstartCommand = `"python3 -m http.server `$PORT --bind 127.0.0.1`"`nhealthcheckPath = `"/`"" -Encoding utf8NoBOM
    [pscustomobject]@{ Path = $Path; Files = $files + $n + 1 }
}

$seed = New-BenchSeed
$service = $seed.projects[0].services[0]
$service.Remove('repo'); $service.Remove('branch')
$service.settings = [ordered]@{ healthcheckPath = '/'; healthcheckTimeout = 60; restartPolicyType = 'NEVER'; restartPolicyMaxRetries = 0; watchPatterns = @() }
$what = "Deploy-RailwayService of a $SmallMb MB folder vs tar czf + Invoke-WebRequest -InFile; peak memory uploading $LargeMb MB"
$work = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-bench-b7-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$emulator = $null
$saved = $null
try {
    $emulator = Start-BenchEmulator -ModuleManifest $manifest -Seed $seed
    $saved = Use-BenchModuleEnvironment -Emulator $emulator
    Import-Module $manifest
    $small = New-BenchFolder (Join-Path $work 'small') $SmallMb
    $uri = "$(([Uri]$emulator.GraphQLUrl).GetLeftPart('Authority'))/project/$($emulator.ProjectId)/environment/$($emulator.EnvironmentId)/up?serviceId=$($emulator.ServiceId)"
    function Wait-Built([string]$Id) { Wait-RailwayDeployment -Id $Id -TimeoutSec 300 -ErrorAction SilentlyContinue | Out-Null }
    $sides = [ordered]@{
        cmdlet   = { $d = Deploy-RailwayService -Path $small.Path -Confirm:$false -ErrorAction Stop; $script:lastId = $d.DeploymentId }
        baseline = { $script:lastId = (& $baseline -Path $small.Path -Uri $uri -Token $emulator.Token).deploymentId }
    }
    $samples = @{ cmdlet = [Collections.Generic.List[double]]::new(); baseline = [Collections.Generic.List[double]]::new() }
    foreach ($name in $sides.Keys) { & $sides[$name]; Wait-Built $script:lastId }
    for ($i = 0; $i -lt $Count; $i++) {
        $order = if ($i % 2 -eq 0) { 'cmdlet', 'baseline' } else { 'baseline', 'cmdlet' }
        foreach ($name in $order) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & $sides[$name]
            $samples[$name].Add($watch.Elapsed.TotalSeconds)
            Wait-Built $script:lastId
        }
    }
    $cmdlet = Get-Median ([double[]]$samples.cmdlet)
    $script = Get-Median ([double[]]$samples.baseline)
    $ratio = $cmdlet / $script

    # Memory, in a new process: what uploading a large folder adds to the process's resident set.
    $large = New-BenchFolder (Join-Path $work 'large') $LargeMb
    $probe = @'
param([string]$Manifest, [string]$Folder)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function Read-Status { $v = @{}; foreach ($l in Get-Content /proc/self/status) { if ($l -match '^(VmRSS|VmHWM):\s+(\d+)\s+kB') { $v[$Matches[1]] = [double]$Matches[2] / 1024 } }; $v }
Import-Module $Manifest
Get-RailwayService | Out-Null
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
$idle = Read-Status
[IO.File]::WriteAllText('/proc/self/clear_refs', '5')
$watch = [Diagnostics.Stopwatch]::StartNew()
$d = Deploy-RailwayService -Path $Folder -Confirm:$false
$seconds = $watch.Elapsed.TotalSeconds
$peak = Read-Status
[pscustomobject]@{ idleMb = $idle.VmRSS; peakMb = $peak.VmHWM; seconds = $seconds; deploymentId = $d.DeploymentId } | ConvertTo-Json -Compress
'@
    $probeFile = Join-Path $work 'probe.ps1'
    Set-Content -LiteralPath $probeFile -Value $probe
    $memory = (Invoke-BenchPwsh -ArgumentList '-File', $probeFile, $manifest, $large.Path -TimeoutSec 900 | Select-Object -Last 1) | ConvertFrom-Json
    Wait-Built $memory.deploymentId
    $added = $memory.peakMb - $memory.idleMb

    $passed = $ratio -le $GoalRatio -and $added -le $GoalMb
    $results = @(New-BenchResult -Id 'B7' -What $what -Goal "time ≤ $GoalRatio × the script; peak ≤ +$GoalMb MB" `
            -Measured ("{0} vs {1} ({2:N2} ×); +{3:N0} MB uploading {4} MB in {5}" -f (Format-Seconds $cmdlet), (Format-Seconds $script), $ratio, $added, $LargeMb, (Format-Seconds $memory.seconds)) `
            -Status (Get-PassFail $passed) -Details ([ordered]@{
                smallMb = $SmallMb; smallFiles = $small.Files; largeMb = $LargeMb; largeFiles = $large.Files; count = $Count
                cmdletSeconds = @($samples.cmdlet); scriptSeconds = @($samples.baseline); cmdletMedian = $cmdlet; scriptMedian = $script; ratio = $ratio
                idleMb = $memory.idleMb; peakMb = $memory.peakMb; addedMb = $added; largeUploadSeconds = $memory.seconds
            }) -Notes @('The script sends every file (it has no ignore rules) and buffers the tarball in a temp file; the cmdlet streams tar+gzip into the request body while it reads the files.'))
    Write-BenchResultFile -Results $results -Path $ResultFile
    $results | Format-List Id, Measured, Status | Out-String | Write-Host
}
finally {
    if ($saved) { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
    Stop-BenchEmulator $emulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
