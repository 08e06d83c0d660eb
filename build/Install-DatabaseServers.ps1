<#
.SYNOPSIS
    Makes sure the database servers the emulator runs (PostgreSQL, Redis) and their clients are on this machine.
.DESCRIPTION
    The emulator runs a real PostgreSQL (Debian's /usr/lib/postgresql/<version>/bin) and a real Redis (redis-server)
    for every database service. This script looks for them and, when some are missing, installs Debian's packages with
    apt-get: only when it runs as root on a machine with apt-get, non-interactively, with services kept from starting
    (a package's own server must not be left running: the emulator starts its servers itself). It never fails the build:
    what it could not install is printed, one line per package, and the tests that need it report "skipped" with why.
.PARAMETER WhatIf
    Print what would be installed, install nothing.
.EXAMPLE
    dotnet pwsh ./build/Install-DatabaseServers.ps1
.EXAMPLE
    dotnet pwsh ./build/Install-DatabaseServers.ps1 -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param()
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Test-Postgres {
    @(Get-ChildItem '/usr/lib/postgresql/*/bin/postgres' -ErrorAction SilentlyContinue |
        Where-Object { Test-Path (Join-Path $_.DirectoryName 'initdb') }).Count -gt 0
}
function Test-OnPath([string]$Name) { $null -ne (Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue) }

# Debian package => how to tell it is there.
$wanted = [ordered]@{
    'postgresql'        = { Test-Postgres }
    'postgresql-client' = { Test-OnPath 'psql' }
    'redis-server'      = { (Test-OnPath 'redis-server') -or (Test-Path '/usr/bin/redis-server') }
    'redis-tools'       = { Test-OnPath 'redis-cli' }
}
$missing = @($wanted.Keys | Where-Object { -not (& $wanted[$_]) })
if ($missing.Count -eq 0) {
    Write-Host 'Database servers: PostgreSQL and Redis (and psql, redis-cli) are installed.'
    return
}
Write-Host ("Database servers: missing Debian package(s): {0}" -f ($missing -join ', '))

$isRoot = $IsLinux -and ((& id -u) -eq '0')
$hasApt = Test-OnPath 'apt-get'
if (-not $isRoot -or -not $hasApt) {
    $why = if (-not $hasApt) { 'there is no apt-get on this machine' } else { 'this is not running as root' }
    foreach ($package in $missing) {
        Write-Host "Database servers: could not install $package ($why): install it by hand (sudo apt-get install $package); the tests that need it are skipped."
    }
    return
}
if (-not $PSCmdlet.ShouldProcess(($missing -join ' '), 'apt-get install')) { return }

# A package's maintainer script would start its own server (a redis on 6379, a postgres cluster on 5432) that nobody
# stops: policy-rc.d answering 101 forbids that while apt-get runs (the usual way in containers).
$policy = '/usr/sbin/policy-rc.d'
$ownPolicy = -not (Test-Path $policy)
if ($ownPolicy) {
    Set-Content -Path $policy -Value "#!/bin/sh`nexit 101`n" -NoNewline
    & chmod 755 $policy
}
$saved = $env:DEBIAN_FRONTEND
$env:DEBIAN_FRONTEND = 'noninteractive'
try {
    & apt-get install -y --no-install-recommends @missing 2>&1 | ForEach-Object { Write-Verbose "$_" }
    if ($LASTEXITCODE -ne 0) {
        # The package lists may be stale or absent (a fresh container): refresh them once and try again.
        & apt-get update 2>&1 | ForEach-Object { Write-Verbose "$_" }
        & apt-get install -y --no-install-recommends @missing 2>&1 | ForEach-Object { Write-Verbose "$_" }
    }
}
finally {
    $env:DEBIAN_FRONTEND = $saved
    if ($ownPolicy) { Remove-Item $policy -Force -ErrorAction SilentlyContinue }
}
foreach ($package in $missing) {
    if (& $wanted[$package]) { Write-Host "Database servers: installed $package." }
    else { Write-Host "Database servers: could not install $package (apt-get failed; no network?): the tests that need it are skipped." }
}
