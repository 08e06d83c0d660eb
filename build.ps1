<#
.SYNOPSIS
    The one entry point of the RailwayOps build: Build, Test, Demo, Bench, Package, Clean.
.DESCRIPTION
    Needs only the .NET SDK: run `dotnet tool restore` first, then `dotnet pwsh ./build.ps1 <Task>`.
    Build stages the importable module at out/RailwayOps/. Test runs xunit, the Pester suite and its canary pass
    (announcing each, with its duration), then checks that nothing the run started is still running and nothing
    is left in its temp folder (counted as one test), and ends with one line "N passed, N failed". Demo runs the
    release loop against the local emulator.
.PARAMETER Task
    Build (default), Test, Demo, Bench, Package or Clean.
.PARAMETER Full
    With Test: also run the tests tagged Load (50 concurrent waits, 20 runspaces).
.PARAMETER Configuration
    The dotnet build configuration, Release by default.
.EXAMPLE
    dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string]$Task = 'Build',
    [switch]$Full,
    # Test: copy the run's reliability report (out/test-results/RELIABILITY.md) over tests/RELIABILITY.md at the end.
    [switch]$UpdateReport,
    [string]$Configuration = 'Release'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'RailwayOps'
# Child scripts run in the same PowerShell as this one. Under `dotnet pwsh` this process is the dotnet
# host itself, so the child is started as `dotnet <PSHOME>/pwsh.dll`.
$hostPath = (Get-Process -Id $PID).Path
$Pwsh = if ((Split-Path -Leaf $hostPath) -like 'dotnet*') { @($hostPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($hostPath) }
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Native {
    # Runs a native command and fails the build on a non-zero exit code. A simple function on
    # purpose: an advanced one would take dotnet's "-v" as its own -Verbose.
    $filePath, $arguments = $args
    & $filePath @arguments
    if ($LASTEXITCODE -ne 0) { throw "'$filePath $($arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-ProjectVersion {
    $props = [xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))
    $version = $props.Project.PropertyGroup | ForEach-Object { $_.Version } | Where-Object { $_ } | Select-Object -First 1
    if (-not $version) { throw 'Directory.Build.props has no <Version>.' }
    $version
}

function Get-PesterManifest {
    # Pester comes from the NuGet feed (no PowerShell Gallery): restoring build/tools.proj downloads it.
    Invoke-Native dotnet restore (Join-Path $Root 'build/tools.proj') --verbosity quiet
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $manifest = Join-Path $packages.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) { throw "Pester was not restored to $manifest." }
    $manifest
}

function Get-HostPlatform {
    # The platform as the module's load context names its ReadyToRun folder (src/RailwayOps/Hosting/DependencyResolver.cs).
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } elseif ($IsLinux) { 'linux' } else { $null }
    $architecture = switch ([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture) {
        'X64' { 'x64' } 'Arm64' { 'arm64' } 'X86' { 'x86' } 'Arm' { 'arm' } default { $null }
    }
    if ($os -and $architecture) { "$os-$architecture" }
}

function Test-ReadyToRunImage([string]$Path) {
    $stream = [IO.File]::OpenRead($Path)
    try { [Reflection.PortableExecutable.PEReader]::new($stream).PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 }
    finally { $stream.Dispose() }
}

function Add-ReadyToRunDependencies([string]$DependencyDirectory) {
    # ReadyToRun copies of the isolated dependencies (all but Octokit: see the project) for this machine's
    # platform, compiled by the SDK's crossgen2 for the runtime PowerShell 7.6 runs on (build/ReadyToRun/
    # ReadyToRun.csproj says why a project of its own). The IL files stay beside them for every other
    # platform and runtime.
    $platform = Get-HostPlatform
    if (-not $platform) { Write-Warning 'No ReadyToRun copies: unknown platform; the module runs its IL.'; return }
    $compiled = Join-Path $Out "readytorun/$platform"
    if (Test-Path $compiled) { Remove-Item $compiled -Recurse -Force }
    Invoke-Native dotnet publish (Join-Path $Root 'build/ReadyToRun/ReadyToRun.csproj') -c $Configuration -r $platform --self-contained false `
        "-p:InputDirectory=$DependencyDirectory" -o $compiled --nologo -v quiet '-clp:ErrorsOnly'
    $target = Join-Path $DependencyDirectory "readytorun/$platform"
    New-Item -ItemType Directory -Force -Path $target | Out-Null
    foreach ($file in Get-ChildItem $DependencyDirectory -Filter *.dll -File) {
        $copy = Join-Path $compiled $file.Name
        if ((Test-Path $copy) -and (Test-ReadyToRunImage $copy)) { Copy-Item $copy $target }
    }
    if (-not (Test-Path (Join-Path $target 'RailwayOps.Core.dll'))) { throw "build/ReadyToRun made no ReadyToRun copy of RailwayOps.Core.dll in $compiled." }
}

function Invoke-Build {
    $version = Get-ProjectVersion
    Write-Host "Building RailwayOps $version ($Configuration)"
    Invoke-Native dotnet build (Join-Path $Root 'RailwayOps.sln') -c $Configuration --nologo -v quiet '-clp:ErrorsOnly'

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleOut | Out-Null

    # The cmdlet assembly stays in the module root and loads in PowerShell's default context; RailwayOps.Core
    # and its runtime dependencies (Octokit, Polly.Core) go to dependencies/, which only the module's private
    # load context reads (src/RailwayOps/Hosting). PowerShell itself is provided by the host.
    $binaries = Join-Path $Root "src/RailwayOps/bin/$Configuration/net8.0"
    $dependencies = Join-Path $ModuleOut 'dependencies'
    New-Item -ItemType Directory -Path $dependencies | Out-Null
    Get-ChildItem $binaries -Filter *.dll |
        Where-Object Name -NotLike 'System.Management.Automation*' |
        ForEach-Object { Copy-Item $_.FullName -Destination $(if ($_.Name -eq 'RailwayOps.dll') { $ModuleOut } else { $dependencies }) }
    Copy-Item (Join-Path $Root 'src/RailwayOps/RailwayOps.Format.ps1xml') $ModuleOut
    Add-ReadyToRunDependencies -DependencyDirectory $dependencies

    $manifest = Get-Content -Raw (Join-Path $Root 'RailwayOps.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion = '$version'"
    Set-Content -Path (Join-Path $ModuleOut 'RailwayOps.psd1') -Value $manifest -Encoding utf8NoBOM

    Invoke-Native dotnet publish (Join-Path $Root 'src/RailwayOps.Emulator/RailwayOps.Emulator.csproj') -c $Configuration `
        -o (Join-Path $ModuleOut 'emulator') --nologo -v quiet '-clp:ErrorsOnly'

    $help = Join-Path $ModuleOut 'en-US'
    New-Item -ItemType Directory -Force -Path $help | Out-Null
    foreach ($about in Get-ChildItem (Join-Path $Root 'docs') -Filter 'about_*.md') {
        Copy-Item $about.FullName (Join-Path $help ($about.BaseName + '.help.txt'))
    }
    Invoke-Native @Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'build/New-MamlHelp.ps1') `
        -ModuleManifest (Join-Path $ModuleOut 'RailwayOps.psd1') -DocsPath (Join-Path $Root 'docs/cmdlets') `
        -OutFile (Join-Path $help 'RailwayOps.dll-Help.xml')
    Write-Host "Module staged at $ModuleOut"
}

function Read-TrxCounts([string]$Directory) {
    $totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($file in Get-ChildItem -LiteralPath $Directory -Filter *.trx -Recurse -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content -Raw -LiteralPath $file.FullName)).TestRun.ResultSummary.Counters
        $totals.Passed += [int]$counters.passed
        $totals.Failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        # xunit's skipped tests are counted as neither executed nor notExecuted in the TRX summary.
        $totals.Skipped += [int]$counters.total - [int]$counters.executed
    }
    $totals
}

function Write-TrxSkipReasons([string]$Directory) {
    <# Every skipped xunit test says why: one line per reason, with how many tests it skipped and one of their names. #>
    $skipped = foreach ($file in Get-ChildItem -LiteralPath $Directory -Filter *.trx -Recurse -ErrorAction SilentlyContinue) {
        $trx = [xml](Get-Content -Raw -LiteralPath $file.FullName)
        foreach ($result in $trx.TestRun.Results.UnitTestResult | Where-Object outcome -EQ 'NotExecuted') {
            [pscustomobject]@{ Test = $result.testName; Reason = "$($result.Output.ErrorInfo.Message)".Trim() }
        }
    }
    foreach ($group in $skipped | Group-Object Reason) {
        Write-Host ("  skipped ({0}): {1} (e.g. {2})" -f $group.Count, $(if ($group.Name) { $group.Name } else { 'no reason given' }), $group.Group[0].Test)
    }
}

function Format-Duration([TimeSpan]$Span) { '{0}m{1:00}s' -f [int][Math]::Floor($Span.TotalMinutes), $Span.Seconds }

function Invoke-Test {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Invoke-Build
    # The emulator's database services run this machine's PostgreSQL and Redis: install what is missing (issue 18).
    & (Join-Path $Root 'build/Install-DatabaseServers.ps1')
    $results = Join-Path $Out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Path $results | Out-Null
    # Restored before the run's own environment is set: a tool's server or cache is not the run's leftover.
    $pesterManifest = Get-PesterManifest

    # The run's id and temp folder. Every process the tests start inherits RAILWAYOPS_RUN_ID (the emulator passes
    # it on to every build and app), and every temp folder they make lands in the run's TMPDIR, so that the leftover
    # check at the end looks at this run only, never at another run on the same machine. MSBuild nodes are not
    # reused (they would outlive the run), and .NET processes the tests kill leave no diagnostic sockets behind.
    $runId = 'run-' + [guid]::NewGuid().ToString('n').Substring(0, 12)
    $runTemp = Join-Path ([IO.Path]::GetTempPath()) "railwayops-$runId"
    New-Item -ItemType Directory -Path $runTemp | Out-Null
    $saved = @{}
    # The reliability files write their report into the run's results, never over the tracked tests/RELIABILITY.md
    # (-UpdateReport copies it there at the end); they start from the tracked one so a partial run keeps the rest.
    $report = Join-Path $results 'RELIABILITY.md'
    $trackedReport = Join-Path $Root 'tests/RELIABILITY.md'
    if (Test-Path $trackedReport) { Copy-Item $trackedReport $report }
    $runEnvironment = @{ RAILWAYOPS_RUN_ID = $runId; TMPDIR = $runTemp; MSBUILDDISABLENODEREUSE = '1'; DOTNET_EnableDiagnostics = '0'; RAILWAYOPS_RELIABILITY_REPORT = $report }
    foreach ($name in $runEnvironment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); Set-Item "Env:$name" $runEnvironment[$name] }
    $durations = [ordered]@{}
    try {
        Write-Host "Test pass 1 of 2: xunit (RailwayOps.Core.Tests, RailwayOps.Emulator.Tests); run $runId"
        $pass = [Diagnostics.Stopwatch]::StartNew()
        & dotnet test (Join-Path $Root 'RailwayOps.sln') -c $Configuration --no-build --nologo `
            --logger 'trx' --logger 'console;verbosity=minimal' --results-directory (Join-Path $results 'xunit')
        $xunit = Read-TrxCounts (Join-Path $results 'xunit')
        $durations['xunit'] = $pass.Elapsed
        Write-Host ("Test pass 1 of 2 done in {0}: {1} passed, {2} failed, {3} skipped" -f (Format-Duration $pass.Elapsed), $xunit.Passed, $xunit.Failed, $xunit.Skipped)
        Write-TrxSkipReasons (Join-Path $results 'xunit')

        # Pass 2 (the suite, with the token scan) is announced by Invoke-PesterSuite.ps1 itself.
        $pesterSummary = Join-Path $results 'pester.json'
        $pass = [Diagnostics.Stopwatch]::StartNew()
        & $Pwsh[0] @($Pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $Root 'build/Invoke-PesterSuite.ps1') `
            -PesterManifest $pesterManifest -TestPath (Join-Path $Root 'tests/Pester') `
            -ModuleManifest (Join-Path $ModuleOut 'RailwayOps.psd1') -SummaryFile $pesterSummary `
            -ResultFile (Join-Path $results 'pester.xml') -ConsoleFile (Join-Path $results 'pester-console.txt') -Full:$Full
        $pester = if (Test-Path $pesterSummary) { Get-Content -Raw $pesterSummary | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
        $durations['Pester'] = $pass.Elapsed
        if (Test-Path $report) {
            $figures = @{}
            foreach ($match in [regex]::Matches((Get-Content -Raw $report), '(?m)^\| (Scenarios run|Passing|Failing) \| (\d+) \|')) { $figures[$match.Groups[1].Value] = $match.Groups[2].Value }
            $where = if ($UpdateReport) { Copy-Item $report $trackedReport; "copied to $trackedReport" } else { 'tests/RELIABILITY.md left as it is (-UpdateReport copies it)' }
            Write-Host ("Reliability report: {0} scenarios, {1} passing, {2} failing in {3}; {4}" -f $figures['Scenarios run'], $figures['Passing'], $figures['Failing'], $report, $where)
        }
    }
    finally {
        foreach ($name in $saved.Keys) {
            if ($null -eq $saved[$name]) { Remove-Item "Env:$name" -ErrorAction SilentlyContinue } else { Set-Item "Env:$name" $saved[$name] }
        }
    }

    # The leftover check, counted as one test: no process of this run alive, nothing left in its temp folder.
    $pass = [Diagnostics.Stopwatch]::StartNew()
    . (Join-Path $Root 'build/RunLeftovers.ps1')
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    do {
        # An emulator stopped by the last test may still be ending its processes and deleting its folder.
        $leftovers = @(Get-RunLeftover -RunId $runId -TempFolder $runTemp -ExcludeProcessId $PID)
        if ($leftovers.Count -eq 0) { break }
        Start-Sleep -Milliseconds 500
    } while ([DateTime]::UtcNow -lt $deadline)
    $leftProcesses = @($leftovers | Where-Object Kind -EQ 'process')
    $leftTemp = @($leftovers | Where-Object Kind -EQ 'temp')
    if ($leftovers.Count -eq 0) {
        Write-Host "Leftover check passed: no process of run $runId alive, nothing left in $runTemp."
    }
    else {
        Write-Host "Leftover check FAILED: $($leftProcesses.Count) process(es) of run $runId still running, $($leftTemp.Count) entr(y/ies) left in $runTemp (ended and deleted now):"
        foreach ($process in $leftProcesses) { Write-Host "  process $($process.Id): $($process.What)" }
        foreach ($entry in $leftTemp) { Write-Host "  $($entry.What) $($entry.Path)" }
        $leftovers | Remove-RunLeftover
    }
    Remove-Item -LiteralPath $runTemp -Recurse -Force -ErrorAction SilentlyContinue
    $leftoverPassed = [int]($leftovers.Count -eq 0)
    $durations['leftover check'] = $pass.Elapsed

    $passed = $xunit.Passed + $pester.Passed + $leftoverPassed
    $failed = $xunit.Failed + $pester.Failed + (1 - $leftoverPassed)
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host ("xunit: {0} passed, {1} failed, {2} skipped; Pester: {3} passed, {4} failed, {5} skipped; leftover check: {6}" -f
        $xunit.Passed, $xunit.Failed, $xunit.Skipped, $pester.Passed, $pester.Failed, $pester.Skipped, $(if ($leftoverPassed) { 'passed' } else { 'failed' }))
    Write-Host ("Durations: {0}; total {1} (build included)" -f (($durations.GetEnumerator() | ForEach-Object { "$($_.Key) $(Format-Duration $_.Value)" }) -join ', '), (Format-Duration $clock.Elapsed))
    $ranNothing = ($xunit.Passed + $xunit.Failed) -eq 0 -or ($pester.Passed + $pester.Failed) -eq 0
    if ($ranNothing) { Write-Host 'A suite ran no test.' }
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $ranNothing) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    & (Join-Path $Root 'build/Install-DatabaseServers.ps1')
    Invoke-Native @Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'build/Demo.ps1') `
        -ModuleManifest (Join-Path $ModuleOut 'RailwayOps.psd1') -SampleRoot (Join-Path $Root 'samples/hello-railway')
}

function Invoke-Bench {
    Invoke-Build
    Invoke-Native @Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Benchmarks.ps1') `
        -ModuleManifest (Join-Path $ModuleOut 'RailwayOps.psd1')
}

function Invoke-Package {
    Invoke-Build
    Invoke-Native @Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'build/New-ModulePackage.ps1') `
        -ModuleDirectory $ModuleOut -OutputDirectory (Join-Path $Out 'package')
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Package' { Invoke-Package }
    'Clean' { if (Test-Path $Out) { Remove-Item $Out -Recurse -Force } }
}
