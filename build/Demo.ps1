<#
.SYNOPSIS
    The README's main command: runs RailwayOps against a freshly started local Railway emulator.
.DESCRIPTION
    Starts the emulator with its demo seed, lists what a Railway user would look at first (projects,
    services, the deployment history, the failed deployments), then stops everything it started, also
    when a step fails.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [Parameter(Mandatory)][string]$SampleRoot
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force

function Write-Step([string]$Text) { Write-Host ''; Write-Host "== $Text" -ForegroundColor Cyan }

$state = Join-Path ([System.IO.Path]::GetTempPath()) "railwayops-demo-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
$emulator = $null
try {
    Write-Step 'Start-RailwayEmulator (port picked by the emulator, session pointed at it)'
    $emulator = Start-RailwayEmulator -StateDirectory $state
    $emulator | Format-List | Out-Host

    Write-Step 'Get-RailwayProject'
    Get-RailwayProject | Format-Table | Out-Host

    Write-Step 'Get-RailwayService -Project demo'
    Get-RailwayService -Project demo | Format-Table | Out-Host

    Write-Step 'Get-RailwayDeployment -Project demo -Environment production -First 10'
    Get-RailwayDeployment -Project demo -Environment production -First 10 | Format-Table | Out-Host

    Write-Step 'Get-RailwayDeployment -Project demo | Where-Object Status -eq Failed'
    Get-RailwayDeployment -Project demo | Where-Object Status -eq Failed | Format-Table | Out-Host

    Write-Step 'Get-RailwayService -Project demo | Get-RailwayDeployment -First 1'
    Get-RailwayService -Project demo | Get-RailwayDeployment -First 1 | Format-Table | Out-Host
}
finally {
    if ($emulator) { $emulator | Stop-RailwayEmulator }
    if (Test-Path $state) { Remove-Item $state -Recurse -Force -ErrorAction SilentlyContinue }
}
Write-Host ''
Write-Host 'Demo finished.' -ForegroundColor Green
