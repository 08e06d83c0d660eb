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

$result = Invoke-Pester -Configuration $configuration
[pscustomobject]@{
    Passed = $result.PassedCount
    Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content -Path $SummaryFile -Encoding utf8NoBOM
