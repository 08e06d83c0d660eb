<#
.SYNOPSIS
    Runs tests/Pester once, in a pwsh of its own, with every RailwayOps cmdlet -Verbose and -Debug and the detailed
    error view, and scans everything that pwsh printed for the seed's tokens. Writes a small JSON summary that
    build.ps1 adds to the xunit counts.
.DESCRIPTION
    One pass does both jobs the suite has: every test must pass, and with the extra streams switched on nothing a
    cmdlet writes (verbose, debug, warnings, errors in DetailedView, $Error at the end: what a transcript would
    hold) may contain a token of the emulator's seed. The scan counts as one more test. Running the suite twice
    (once plain, once with the streams) cost as much again for what this pass proves in one go.

    The pass's whole console goes to ConsoleFile; this console shows it without the VERBOSE and DEBUG lines.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$PesterManifest,
    [Parameter(Mandatory)][string]$TestPath,
    [Parameter(Mandatory)][string]$ModuleManifest,
    [Parameter(Mandatory)][string]$SummaryFile,
    [Parameter(Mandatory)][string]$ResultFile,
    [Parameter(Mandatory)][string]$ConsoleFile,
    [string]$PassLabel = 'Test pass 2 of 2',
    [switch]$Full
)
$ErrorActionPreference = 'Stop'

function Format-Duration([TimeSpan]$Span) { '{0}m{1:00}s' -f [int][Math]::Floor($Span.TotalMinutes), $Span.Seconds }

# Runs in the child pwsh: the tests import the module from RAILWAYOPS_TEST_MODULE, never an installed copy.
$suite = {
    param($PesterManifest, $TestPath, $ModuleManifest, $ResultFile, $SummaryFile, $Full)
    $env:RAILWAYOPS_TEST_MODULE = $ModuleManifest
    Import-Module $PesterManifest
    foreach ($pattern in '*-Railway*', 'Invoke-Cpwtr') {
        $PSDefaultParameterValues["${pattern}:Verbose"] = $true
        $PSDefaultParameterValues["${pattern}:Debug"] = $true
        # -Debug makes a compiled cmdlet's warnings Inquire (PowerShell's rule); the suite scans streams, it answers no prompts.
        $PSDefaultParameterValues["${pattern}:WarningAction"] = 'Continue'
    }
    $ErrorView = 'DetailedView'
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $TestPath
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Normal'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $ResultFile
    if ($Full -ne 'True') { $configuration.Filter.ExcludeTag = @('Load') }
    # A test file that leaks objects into the pipeline must not hide the run's result among them.
    $run = @(Invoke-Pester -Configuration $configuration) | Where-Object { $_.PSObject.Properties['PassedCount'] } | Select-Object -Last 1
    [pscustomobject]@{
        Passed = $run.PassedCount
        Failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
        Skipped = $run.SkippedCount
        FailedNames = @($run.Failed | ForEach-Object ExpandedPath) + @($run.FailedBlocks | ForEach-Object ExpandedPath) + @($run.FailedContainers | ForEach-Object Item)
    } | ConvertTo-Json | Set-Content -Path $SummaryFile -Encoding utf8NoBOM
    # $Error is part of what a user would see afterwards: it is scanned too.
    $Error | ForEach-Object { 'ERROR-RECORD'; $_ | Out-String -Width 400; if ($_.Exception) { $_.Exception.ToString() } }
}

$seed = Get-Content -Raw (Join-Path (Split-Path -Parent $ModuleManifest) 'emulator/seeds/demo.json') | ConvertFrom-Json
$canaries = @(@($seed.tokens.value) + @($seed.githubTokens) | Where-Object { $_ })
$scriptFile = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-pester-suite-' + [guid]::NewGuid().ToString('n') + '.ps1')
Set-Content -Path $scriptFile -Value $suite.ToString() -Encoding utf8NoBOM
# Under 'dotnet pwsh' this process is dotnet itself: run pwsh.dll with it.
$hostPath = (Get-Process -Id $PID).Path
$pwsh = if ((Split-Path -Leaf $hostPath) -like 'dotnet*') { @($hostPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($hostPath) }

$files = @(Get-ChildItem -LiteralPath $TestPath -Filter '*.Tests.ps1' -File).Count
Write-Host ("{0}: Pester, the suite ({1} files{2}) with -Verbose -Debug on every RailwayOps cmdlet and DetailedView; its console and `$Error are scanned for the seed's tokens (VERBOSE and DEBUG lines go to {3} only)" -f
    $PassLabel, $files, $(if (-not $Full) { ', Load excluded' } else { '' }), $ConsoleFile)
$clock = [Diagnostics.Stopwatch]::StartNew()
$console = [IO.StreamWriter]::new($ConsoleFile, $false, [Text.UTF8Encoding]::new($false))
$quiet = '^(\e\[[0-9;]*m)*(VERBOSE|DEBUG): '
try {
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $scriptFile `
        -PesterManifest $PesterManifest -TestPath $TestPath -ModuleManifest (Resolve-Path -LiteralPath $ModuleManifest).Path `
        -ResultFile $ResultFile -SummaryFile $SummaryFile -Full $Full.IsPresent.ToString() *>&1 |
        ForEach-Object {
            $line = "$_"
            $console.WriteLine($line)
            if ($line -notmatch $quiet -and $line -ne 'ERROR-RECORD') { Write-Host $line }
        }
}
finally {
    $console.Dispose()
    Remove-Item $scriptFile -ErrorAction SilentlyContinue
}

$summary = if (Test-Path $SummaryFile) { Get-Content -Raw $SummaryFile | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; FailedNames = @('the suite wrote no summary') } }
$text = [IO.File]::ReadAllText($ConsoleFile)
$leaks = @($canaries | Where-Object { $text.Contains($_) })
if ($leaks.Count -gt 0) { $summary.Failed++ } else { $summary.Passed++ }
Write-Host ("{0} done in {1}: {2} passed, {3} failed, {4} skipped (the token scan included: {5} seed token(s) found in the console and `$Error)" -f
    $PassLabel, (Format-Duration $clock.Elapsed), $summary.Passed, $summary.Failed, $summary.Skipped, $leaks.Count)
foreach ($name in @($summary.FailedNames)) { if ($name) { Write-Host "  failed: $name" } }
$summary | Select-Object Passed, Failed, Skipped | ConvertTo-Json | Set-Content -Path $SummaryFile -Encoding utf8NoBOM
