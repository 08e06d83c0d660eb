<#
.SYNOPSIS
    What a test run left behind: the processes it started that are still alive, and what is left in its temp folder.
.DESCRIPTION
    build.ps1 Test gives its test passes a run id (RAILWAYOPS_RUN_ID, inherited by every process they start; the
    emulator passes it on to every build and app it runs) and a temp folder of their own (TMPDIR). Dot-source this
    file for Get-RunLeftover and Remove-RunLeftover. Only processes carrying this run's id are looked at, never
    processes by name, so other runs on the same machine are left alone.
#>
Set-StrictMode -Version Latest

function Get-RunLeftover {
    <#
    Returns one object per leftover: Kind 'process' (Id, What = its command line) or 'temp' (Path, What = what it
    is). A process carries RAILWAYOPS_RUN_ID equal to $RunId or starting with "$RunId/" (a scenario's own tag);
    zombies (they run no more) and the processes in $ExcludeProcessId are not leftovers. Empty folders named like
    the .NET test platform's own (six letters and digits, made by every dotnet test) are not the run's either.
    #>
    param(
        [Parameter(Mandatory)][string]$RunId,
        [string]$TempFolder,
        [int[]]$ExcludeProcessId = @()
    )
    if ($IsLinux) {
        foreach ($directory in [IO.Directory]::GetDirectories('/proc')) {
            $name = Split-Path -Leaf $directory
            if ($name -notmatch '^\d+$' -or [int]$name -in $ExcludeProcessId) { continue }
            try {
                $stat = [IO.File]::ReadAllText("$directory/stat")
                if ($stat[$stat.LastIndexOf(')') + 2] -eq 'Z') { continue }
                $tag = [Text.Encoding]::UTF8.GetString([IO.File]::ReadAllBytes("$directory/environ")).Split([char]0) |
                    Where-Object { $_ -eq "RAILWAYOPS_RUN_ID=$RunId" -or $_.StartsWith("RAILWAYOPS_RUN_ID=$RunId/", [StringComparison]::Ordinal) } |
                    Select-Object -First 1
                if ($tag) {
                    $command = ([IO.File]::ReadAllText("$directory/cmdline") -replace "`0", ' ').Trim()
                    [pscustomobject]@{ Kind = 'process'; Id = [int]$name; Path = $null; What = $command }
                }
            }
            catch { $null = $_ }
        }
    }
    if ($TempFolder -and (Test-Path -LiteralPath $TempFolder)) {
        foreach ($entry in Get-ChildItem -LiteralPath $TempFolder -Force) {
            $empty = $entry.PSIsContainer -and -not (Get-ChildItem -LiteralPath $entry.FullName -Force | Select-Object -First 1)
            if ($empty -and $entry.Name -cmatch '^[A-Za-z0-9]{6}$') { continue }
            # NuGet's own scratch folder, made by any dotnet restore in the run (it is NuGet's cache, not the run's work).
            if ($entry.PSIsContainer -and $entry.Name -clike 'NuGetScratch*') { continue }
            $what = if ($entry.PSIsContainer) { 'folder' } elseif ($entry.Attributes -band [IO.FileAttributes]::ReparsePoint) { 'link' } else { 'file' }
            [pscustomobject]@{ Kind = 'temp'; Id = $null; Path = $entry.FullName; What = $what }
        }
    }
}

function Remove-RunLeftover {
    <# Ends the leftover processes (SIGKILL) and deletes the leftover temp entries, so that a failed check leaves nothing either. #>
    param([Parameter(ValueFromPipeline)] $Leftover)
    process {
        if ($null -eq $Leftover) { return }
        if ($Leftover.Kind -eq 'process') {
            try { [Diagnostics.Process]::GetProcessById($Leftover.Id).Kill() } catch { $null = $_ }
        }
        elseif ($Leftover.Path) {
            Remove-Item -LiteralPath $Leftover.Path -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
