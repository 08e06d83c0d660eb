<#
.SYNOPSIS
    Packs the staged module (out/RailwayOps) into RailwayOps.<version>.nupkg, the package the PowerShell
    Gallery takes, with PSResourceGet (shipped with PowerShell 7.4 and later) and no network.
.DESCRIPTION
    Checks that the manifest carries what the Gallery shows (description, author, company, copyright,
    tags, project and licence URIs, release notes), copies the module with the repository's LICENSE
    into a temporary folder, publishes it to a temporary local folder repository, and copies the
    .nupkg to -OutputDirectory. The emulator (emulator/) and the isolated dependencies (dependencies/)
    ship inside the package. PSResourceGet's repository list lives under the user's data folder: this
    script points XDG_DATA_HOME at a temporary folder for its own process (Linux and macOS) and removes
    the repository it registered in any case, so the user's own repositories are never touched.
.PARAMETER ModuleDirectory
    The staged module folder (build.ps1 Build makes out/RailwayOps).
.PARAMETER OutputDirectory
    Where the .nupkg is written (build.ps1 Package uses out/package).
.EXAMPLE
    dotnet pwsh ./build.ps1 Package
.EXAMPLE
    pwsh build/New-ModulePackage.ps1 -ModuleDirectory out/RailwayOps -OutputDirectory out/package
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleDirectory,
    [Parameter(Mandatory)][string]$OutputDirectory
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$repositoryRoot = Split-Path -Parent $PSScriptRoot
$moduleDirectory = (Resolve-Path -LiteralPath $ModuleDirectory).ProviderPath
# The staged folder may have any name; the package is named after the manifest in it.
$manifests = @(Get-ChildItem -LiteralPath $moduleDirectory -Filter *.psd1 -File)
if ($manifests.Count -ne 1) { throw "Expected one module manifest in $moduleDirectory, found $($manifests.Count); run 'dotnet pwsh ./build.ps1 Build' first." }
$manifestPath = $manifests[0].FullName
$moduleName = $manifests[0].BaseName

$manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
$psData = $manifest.PrivateData.PSData
$missing = @(
    foreach ($key in 'ModuleVersion', 'Description', 'Author', 'CompanyName', 'Copyright') { if (-not $manifest[$key]) { $key } }
    foreach ($key in 'Tags', 'ProjectUri', 'LicenseUri', 'ReleaseNotes') { if (-not $psData[$key]) { "PrivateData.PSData.$key" } }
)
if ($missing) { throw "The manifest lacks what the PowerShell Gallery shows: $($missing -join ', ')." }
if ($manifest.ModuleVersion -eq '0.0.0') { throw "$manifestPath is the unstamped source manifest; package the staged module." }
foreach ($folder in 'dependencies', 'emulator') {
    if (-not (Test-Path -LiteralPath (Join-Path $moduleDirectory $folder))) { throw "The staged module has no $folder/ folder; run 'dotnet pwsh ./build.ps1 Build'." }
}

$work = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-package-' + [guid]::NewGuid().ToString('n'))
$repositoryName = 'RailwayOpsPackage' + [guid]::NewGuid().ToString('n').Substring(0, 8)
$savedDataHome = $env:XDG_DATA_HOME
$registered = $false
try {
    $staging = Join-Path $work "module/$moduleName"
    $feed = Join-Path $work 'feed'
    New-Item -ItemType Directory -Path $staging, $feed | Out-Null
    Copy-Item -Path (Join-Path $moduleDirectory '*') -Destination $staging -Recurse
    Copy-Item -LiteralPath (Join-Path $repositoryRoot 'LICENSE') -Destination $staging

    if (-not $IsWindows) {
        # .NET answers "" for a data folder that does not exist, and PSResourceGet would then write its
        # repository list relative to the current directory: the folder must exist before the import.
        $env:XDG_DATA_HOME = Join-Path $work 'data'
        New-Item -ItemType Directory -Path $env:XDG_DATA_HOME | Out-Null
    }
    Push-Location -LiteralPath $work
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    Register-PSResourceRepository -Name $repositoryName -Uri $feed -Trusted
    $registered = $true
    Publish-PSResource -Path $staging -Repository $repositoryName

    $package = Get-ChildItem -LiteralPath $feed -Filter "$moduleName.*.nupkg" | Select-Object -First 1
    if (-not $package) { throw "Publish-PSResource wrote no package to $feed." }
    New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
    $destination = Join-Path $OutputDirectory "$moduleName.$($manifest.ModuleVersion).nupkg"
    Copy-Item -LiteralPath $package.FullName -Destination $destination -Force
    Write-Host "Package written to $destination"
    Get-Item -LiteralPath $destination
}
finally {
    if ((Get-Location).ProviderPath -eq $work) { Pop-Location }
    if ($registered) { Unregister-PSResourceRepository -Name $repositoryName -ErrorAction SilentlyContinue }
    if ($IsWindows) { } elseif ($null -eq $savedDataHome) { Remove-Item Env:XDG_DATA_HOME -ErrorAction SilentlyContinue } else { $env:XDG_DATA_HOME = $savedDataHome }
    if (Test-Path -LiteralPath $work) { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }
}
