# Helpers of Reliability.Processes.Tests.ps1: which processes a scenario started (found by a tag in their
# environment, never by name: other test runs share the machine), signals, and a child pwsh driven line by line
# the way a user types at the prompt.
Set-StrictMode -Version Latest

function New-ProcessTag {
    <#
    A tag for one scenario: RAILWAYOPS_RUN_ID set to it is inherited by whatever the scenario starts (the module's
    emulator passes it on to every build and app). It extends the run's own tag (build.ps1), so the run's
    leftover check still sees what the scenario started.
    #>
    $base = if ($env:RAILWAYOPS_RUN_ID) { $env:RAILWAYOPS_RUN_ID } else { 'pester' }
    "$base/processes-$([guid]::NewGuid().ToString('n').Substring(0, 12))"
}

function Get-TaggedProcess {
    <# Live (not zombie) processes other than this one whose environment holds RAILWAYOPS_RUN_ID=$Tag exactly. #>
    param([Parameter(Mandatory)][string]$Tag)
    $entry = "RAILWAYOPS_RUN_ID=$Tag"
    foreach ($directory in [IO.Directory]::GetDirectories('/proc')) {
        $name = Split-Path -Leaf $directory
        if ($name -notmatch '^\d+$' -or [int]$name -eq $PID) { continue }
        try {
            $stat = [IO.File]::ReadAllText("$directory/stat")
            if ($stat[$stat.LastIndexOf(')') + 2] -eq 'Z') { continue }
            $environment = [Text.Encoding]::UTF8.GetString([IO.File]::ReadAllBytes("$directory/environ")).Split([char]0)
            if ($environment -contains $entry) {
                [pscustomobject]@{ Id = [int]$name; Command = ([IO.File]::ReadAllText("$directory/cmdline") -replace "`0", ' ').Trim() }
            }
        }
        catch { $null = $_ }
    }
}

function Wait-TaggedProcessGone {
    <# Waits (bounded) until no process carries $Tag; returns those still running ("id command"). #>
    param([Parameter(Mandatory)][string]$Tag, [double]$TimeoutSec = 15)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    do {
        $left = @(Get-TaggedProcess -Tag $Tag)
        if ($left.Count -eq 0) { return @() }
        Start-Sleep -Milliseconds 200
    } while ([DateTime]::UtcNow -lt $deadline)
    @($left | ForEach-Object { "$($_.Id) $($_.Command)" })
}

function Stop-TaggedProcess {
    <# Kills whatever still carries $Tag (the clean-up after a failed scenario). #>
    param([Parameter(Mandatory)][string]$Tag)
    foreach ($process in @(Get-TaggedProcess -Tag $Tag)) { Send-Signal -Id $process.Id -Signal KILL }
}

function Send-Signal {
    <# kill -<Signal> <Id>, or to the whole process group <Id> with -Group (what a terminal does on Ctrl+C). #>
    param([Parameter(Mandatory)][int]$Id, [Parameter(Mandatory)][ValidateSet('INT', 'TERM', 'KILL')][string]$Signal, [switch]$Group)
    $target = if ($Group) { "-$Id" } else { "$Id" }
    $kill = (Get-Command -Name kill -CommandType Application | Select-Object -First 1).Source
    & $kill "-$Signal" -- $target 2>$null
}

function Wait-ProcessGone {
    param([Parameter(Mandatory)][int]$Id, [double]$TimeoutSec = 15)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ([DateTime]::UtcNow -lt $deadline) {
        $stat = try { [IO.File]::ReadAllText("/proc/$Id/stat") } catch { $null }
        if (-not $stat -or $stat[$stat.LastIndexOf(')') + 2] -eq 'Z') { return $true }
        Start-Sleep -Milliseconds 100
    }
    $false
}

function Test-ProcessAlive([int]$Id) {
    $stat = try { [IO.File]::ReadAllText("/proc/$Id/stat") } catch { $null }
    [bool]$stat -and $stat[$stat.LastIndexOf(')') + 2] -ne 'Z'
}

function Start-PromptPwsh {
    <#
    A pwsh reading commands from its stdin one line at a time, as at a prompt, in a session and process group of its
    own (so that a SIGINT to its group reaches it and whatever is in its group, not the test run), with SIGINT at its
    default disposition (a shell may have started the test run with SIGINT ignored, which its children inherit).
    Its output goes to a file; Send-PromptLine types a line, Wait-PromptOutput waits for a pattern.
    #>
    param([Parameter(Mandatory)][string]$Tag, [hashtable]$Environment = @{})
    $pwsh = Get-ChildPwshCommand
    $output = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-prompt-' + [guid]::NewGuid().ToString('n') + '.txt')
    $start = [Diagnostics.ProcessStartInfo]::new('/bin/sh')
    # exec all the way: the pid the test holds is the pwsh's, which is also its session and process group id.
    foreach ($argument in @('-c', 'exec setsid env --default-signal=INT "$@" > "$RAILWAYOPS_PROMPT_OUTPUT" 2>&1', 'sh', $pwsh.FilePath) +
        @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-Command', '-')) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardInput = $true
    $start.UseShellExecute = $false
    $start.Environment['RAILWAYOPS_PROMPT_OUTPUT'] = $output
    $start.Environment['RAILWAYOPS_RUN_ID'] = $Tag
    # A pwsh a scenario kills leaves no diagnostic sockets in the temp folder.
    $start.Environment['DOTNET_EnableDiagnostics'] = '0'
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = [string]$Environment[$name] }
    $process = [Diagnostics.Process]::Start($start)
    [pscustomobject]@{ Process = $process; Id = $process.Id; Output = $output }
}

function Send-PromptLine {
    param([Parameter(Mandatory)] $Prompt, [Parameter(Mandatory)][string]$Line)
    $Prompt.Process.StandardInput.WriteLine($Line)
    $Prompt.Process.StandardInput.Flush()
}

function Wait-PromptOutput {
    <# Waits (bounded) until the prompt's output matches $Pattern; returns the match (or $null). #>
    param([Parameter(Mandatory)] $Prompt, [Parameter(Mandatory)][string]$Pattern, [double]$TimeoutSec = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    do {
        $text = try { [IO.File]::ReadAllText($Prompt.Output) } catch { '' }
        $match = [regex]::Match($text, $Pattern)
        if ($match.Success) { return $match }
        if ($Prompt.Process.HasExited) { break }
        Start-Sleep -Milliseconds 200
    } while ([DateTime]::UtcNow -lt $deadline)
    $null
}

function Get-PromptText {
    param([Parameter(Mandatory)] $Prompt)
    $text = try { [IO.File]::ReadAllText($Prompt.Output) } catch { '' }
    $text -replace '\x1b\[[0-9;?]*[A-Za-z]', ''
}

function Stop-PromptPwsh {
    param($Prompt)
    if ($null -eq $Prompt) { return }
    if (-not $Prompt.Process.HasExited) {
        try { $Prompt.Process.StandardInput.Close() } catch { $null = $_ }
        if (-not $Prompt.Process.WaitForExit(15000)) { $Prompt.Process.Kill($true) }
    }
    Remove-Item -LiteralPath $Prompt.Output -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function New-ProcessTag, Get-TaggedProcess, Wait-TaggedProcessGone, Stop-TaggedProcess, Send-Signal, Wait-ProcessGone,
    Test-ProcessAlive, Start-PromptPwsh, Send-PromptLine, Wait-PromptOutput, Get-PromptText, Stop-PromptPwsh
