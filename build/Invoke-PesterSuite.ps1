<#
.SYNOPSIS
    Runs tests/Pester in a pwsh of its own (so the module loaded by the tests never lingers in the build
    process) and writes a small JSON summary that build.ps1 adds to the xunit counts.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$PesterManifest,
    [Parameter(Mandatory)][string]$TestPath,
    [Parameter(Mandatory)][string]$ModuleManifest,
    [Parameter(Mandatory)][string]$SummaryFile,
    [Parameter(Mandatory)][string]$ResultFile,
    [switch]$Full
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force

# The tests import the module from here; they never fall back to an installed copy.
$env:RAILWAYOPS_TEST_MODULE = (Resolve-Path -LiteralPath $ModuleManifest).Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultFile
if (-not $Full) { $configuration.Filter.ExcludeTag = @('Load') }

function Format-Duration([TimeSpan]$Span) { '{0}m{1:00}s' -f [int][Math]::Floor($Span.TotalMinutes), $Span.Seconds }

$files = @(Get-ChildItem -LiteralPath $TestPath -Filter '*.Tests.ps1' -File).Count
Write-Host "Test pass 2 of 3: Pester, the suite ($files files$(if (-not $Full) { ', Load excluded' }))"
$clock = [Diagnostics.Stopwatch]::StartNew()
# A test file that leaks objects into the pipeline must not hide the run's result among them.
$result = @(Invoke-Pester -Configuration $configuration) | Where-Object { $_.PSObject.Properties['PassedCount'] } | Select-Object -Last 1
$summary = [pscustomobject]@{
    Passed = $result.PassedCount
    Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
}
Write-Host ("Test pass 2 of 3 done in {0}: {1} passed, {2} failed, {3} skipped" -f (Format-Duration $clock.Elapsed), $summary.Passed, $summary.Failed, $summary.Skipped)

# Every Test run does this, not only -Full: a leak must fail the ordinary run. It roughly doubles the Pester
# time (about six minutes here), which keeps the whole run near a quarter of an hour.
# The canary pass (tests/RELIABILITY.md): the whole suite once more, in a pwsh of its own, with every RailwayOps
# cmdlet -Verbose and -Debug and the detailed error view; everything that pwsh printed (what a transcript would
# hold: tests stop transcripts of their own, so the console is captured instead) and its $Error must not contain
# the seed's tokens. Only the scan counts (one test); the tests' own outcomes were counted above.
$seed = Get-Content -Raw (Join-Path (Split-Path -Parent $ModuleManifest) 'emulator/seeds/demo.json') | ConvertFrom-Json
$canaries = @(@($seed.tokens.value) + @($seed.githubTokens) | Where-Object { $_ })
$printed = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-canary-pass-' + [guid]::NewGuid().ToString('n') + '.txt')
$canaryScript = {
    Import-Module $PesterManifest
    foreach ($pattern in '*-Railway*', 'Invoke-Cpwtr') {
        $PSDefaultParameterValues["${pattern}:Verbose"] = $true
        $PSDefaultParameterValues["${pattern}:Debug"] = $true
        # -Debug makes a compiled cmdlet's warnings Inquire (PowerShell's rule); the pass scans streams, it answers no prompts.
        $PSDefaultParameterValues["${pattern}:WarningAction"] = 'Continue'
    }
    $ErrorView = 'DetailedView'
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $TestPath
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'None'
    $configuration.Filter.ExcludeTag = @('Load')
    $run = @(Invoke-Pester -Configuration $configuration) | Where-Object { $_.PSObject.Properties['PassedCount'] } | Select-Object -Last 1
    $Error | ForEach-Object { $_ | Out-String -Width 400; if ($_.Exception) { $_.Exception.ToString() } }
    "CANARY-PASS-RESULT $($run.PassedCount) $($run.FailedCount)"
    $run.Failed | ForEach-Object { "CANARY-PASS-FAILED $($_.ExpandedPath)" }
}
$scriptFile = [IO.Path]::ChangeExtension($printed, '.ps1')
Set-Content -Path $scriptFile -Value "param(`$PesterManifest, `$TestPath)`n$canaryScript" -Encoding utf8NoBOM
# Under 'dotnet pwsh' this process is dotnet itself: run pwsh.dll with it.
$hostPath = (Get-Process -Id $PID).Path
$pwsh = if ((Split-Path -Leaf $hostPath) -like 'dotnet*') { @($hostPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($hostPath) }
Write-Host "Test pass 3 of 3: the canary pass (the whole suite again with -Verbose -Debug and DetailedView; its console and `$Error are scanned for the seed's tokens; it prints nothing until it ends)"
$clock = [Diagnostics.Stopwatch]::StartNew()
& $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $scriptFile -PesterManifest $PesterManifest -TestPath $TestPath *> $printed
Remove-Item $scriptFile -ErrorAction SilentlyContinue
$text = Get-Content -Raw $printed
$leaks = @($canaries | Where-Object { $text.Contains($_) })
$counts = [regex]::Match($text, 'CANARY-PASS-RESULT (\d+) (\d+)')
# Named, so that a test which fails only under the extra streams can be looked into (the scan alone counts).
$failedNames = @([regex]::Matches($text, '(?m)^CANARY-PASS-FAILED (.+?)\r?$') | ForEach-Object { $_.Groups[1].Value })
Remove-Item $printed -ErrorAction SilentlyContinue
Write-Host ("Test pass 3 of 3 done in {3}: canary pass (-Verbose -Debug, DetailedView, console and `$Error scanned): {0} tests passed, {1} failed under the extra streams; {2} seed token(s) found." -f
    $counts.Groups[1].Value, $counts.Groups[2].Value, $leaks.Count, (Format-Duration $clock.Elapsed))
foreach ($name in $failedNames) { Write-Host "  failed under the extra streams: $name" }
if ($leaks.Count -gt 0 -or -not $counts.Success) { $summary.Failed++ } else { $summary.Passed++ }

$summary | ConvertTo-Json | Set-Content -Path $SummaryFile -Encoding utf8NoBOM
