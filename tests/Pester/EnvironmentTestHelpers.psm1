# Helpers for the environment, domain and status tests: what the emulator's processes, ports and folders are doing,
# read from /proc and the state folder, and bounded polls instead of sleeps.
Set-StrictMode -Version Latest

function Get-TestProcessIdWorkingIn {
    <# Processes whose working directory is in $Folder (a deployed app runs in its deployment's work folder). #>
    param([Parameter(Mandatory)][string]$Folder)
    if (-not (Test-Path -LiteralPath $Folder)) { return }
    $root = (& realpath $Folder).Trim()
    foreach ($entry in [IO.Directory]::GetDirectories('/proc')) {
        $id = Split-Path -Leaf $entry
        if ($id -notmatch '^\d+$' -or [int]$id -eq $PID) { continue }
        $cwd = try { [IO.DirectoryInfo]::new("$entry/cwd").LinkTarget } catch { $null }
        if ($cwd -and ($cwd -eq $root -or $cwd.StartsWith("$root/"))) { [int]$id }
    }
}

function Test-TestProcessRunning {
    # A killed process can stay a zombie until it is reaped; it runs no more.
    param([Parameter(Mandatory)][int]$Id)
    $text = try { [IO.File]::ReadAllText("/proc/$Id/stat") } catch { $null }
    [bool]$text -and $text[$text.LastIndexOf(')') + 2] -ne 'Z'
}

function Test-TestPortListening {
    <# Whether something accepts connections on 127.0.0.1:$Port. #>
    param([Parameter(Mandatory)][int]$Port)
    $client = [Net.Sockets.TcpClient]::new()
    try { $client.Connect('127.0.0.1', $Port); $true } catch { $false } finally { $client.Dispose() }
}

function Wait-TestCondition {
    <# Polls $Condition until it is true; throws $Because when it is not within $TimeoutSec. #>
    param([Parameter(Mandatory)][scriptblock]$Condition, [double]$TimeoutSec = 60, [string]$Because = 'the condition')
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    do {
        if (& $Condition) { return }
        Start-Sleep -Milliseconds 100
    } while ([DateTime]::UtcNow -lt $deadline)
    throw "Not within $TimeoutSec s: $Because."
}

function Get-TestJournalOperation {
    <# The operation names the emulator's journal counted since its last reset. #>
    param([Parameter(Mandatory)] $Emulator)
    @((Invoke-RestMethod -Uri ([Uri]::new($Emulator.AdminUrl, 'journal'))).byOperation.PSObject.Properties | ForEach-Object Name)
}

function Get-TestWorkFolder {
    <# The work folder of a deployment under the emulator's state folder. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][string]$DeploymentId)
    Join-Path $Emulator.StateDirectory "work/$DeploymentId"
}

Export-ModuleMember -Function *-*
