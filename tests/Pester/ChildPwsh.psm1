# Runs scripts in a fresh pwsh process, for tests that need what only a new process has: an empty
# default load context, a first import, the streams of Import-Module, CI variables that must not leak
# into the test process.
Set-StrictMode -Version Latest

function Get-ChildPwshCommand {
    <# Under `dotnet pwsh` this process is the dotnet host, so a child is `dotnet <PSHOME>/pwsh.dll`. #>
    $processPath = [Environment]::ProcessPath
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    if ((Split-Path -Leaf $processPath) -match '^dotnet(\.exe)?$' -and (Test-Path $pwshDll)) {
        [pscustomobject]@{ FilePath = $processPath; Prefix = @($pwshDll) }
    }
    else {
        [pscustomobject]@{ FilePath = $processPath; Prefix = @() }
    }
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
        Runs a script block's text in a new pwsh -NoProfile -NonInteractive and returns stdout, stderr
        and the exit code. Arguments are passed positionally; Environment entries are set (or, when
        $null, removed) in the child only. The child starts in WorkingDirectory (the current location
        by default). With InputText the child is interactive (no -NonInteractive) and reads its prompt
        answers from that text on stdin, one line per answer; stdin ends after it.
    #>
    param(
        [Parameter(Mandatory)][scriptblock]$ScriptBlock,
        [object[]]$ArgumentList = @(),
        [hashtable]$Environment = @{},
        [string]$WorkingDirectory = (Get-Location -PSProvider FileSystem).ProviderPath,
        [int]$TimeoutSec = 180,
        [string]$InputText
    )
    $scriptFile = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-child-' + [guid]::NewGuid().ToString('n') + '.ps1')
    Set-Content -LiteralPath $scriptFile -Value $ScriptBlock.ToString() -Encoding utf8NoBOM
    $pwsh = Get-ChildPwshCommand
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
    $interactive = $PSBoundParameters.ContainsKey('InputText')
    $mode = if ($interactive) { @() } else { @('-NonInteractive') }
    foreach ($argument in @($pwsh.Prefix) + @('-NoProfile') + $mode + @('-File', $scriptFile) + @($ArgumentList | ForEach-Object { "$_" })) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardInput = $interactive
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $start.WorkingDirectory = $WorkingDirectory
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { [void]$start.Environment.Remove($name) }
        else { $start.Environment[$name] = [string]$Environment[$name] }
    }
    try {
        $process = [Diagnostics.Process]::Start($start)
        if ($interactive) {
            $process.StandardInput.Write($InputText)
            $process.StandardInput.Close()
        }
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSec * 1000)) {
            $process.Kill($true)
            throw "The child pwsh did not finish within $TimeoutSec s."
        }
        $process.WaitForExit()
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            Output   = $stdout.GetAwaiter().GetResult()
            Error    = $stderr.GetAwaiter().GetResult()
            Lines    = @($stdout.GetAwaiter().GetResult() -split '\r?\n' | Where-Object { $_ -ne '' })
        }
    }
    finally {
        Remove-Item -LiteralPath $scriptFile -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Get-ChildPwshCommand, Invoke-ChildPwsh
