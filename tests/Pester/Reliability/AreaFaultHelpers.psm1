# The per-cmdlet fault rows of the area files (Reliability.Environments/ServiceInstances/Uploads.Tests.ps1): one
# fault (HTTP 503, 429 with Retry-After, an answer slower than RAILWAY_HTTP_TIMEOUT) on the cmdlet's own request,
# and every cmdlet of an area against a silent socket at once. A read must absorb a transient fault (retried,
# answered); a mutation must end in one clear error, be sent exactly once and change nothing (its state read back).
Set-StrictMode -Version Latest
# The instance the test file imported (the rows it collects), not a second one.
Import-Module (Join-Path $PSScriptRoot 'ReliabilityHelpers.psm1')

$script:AreaFaults = @(
    @{ Name = 'HTTP 503 once'; Fault = @{ kind = 'status'; status = 503; count = 1 }; ErrorId = 'RailwayConnectionFailed'; Category = 'ConnectionError' }
    @{ Name = '429 Retry-After: 1 once'; Fault = @{ kind = 'retryAfter'; retryAfterSeconds = 1; count = 1 }; ErrorId = 'RailwayRateLimited'; Category = 'LimitsExceeded' }
    @{ Name = 'answer slower than RAILWAY_HTTP_TIMEOUT=1, once'; Fault = @{ kind = 'slow'; delayMs = 4000; count = 1 }; ErrorId = 'RailwayTimeout'; Category = 'OperationTimeout'; HttpTimeout = 1 }
)

function Get-AreaFault {
    <# The faults every cmdlet row is tried with (Name, Fault, ErrorId and Category a mutation must end in, HttpTimeout). #>
    $script:AreaFaults | ForEach-Object { $_.Clone() }
}

function Get-AreaFaultCase {
    <# The Pester -ForEach cases: every cmdlet case crossed with every fault. #>
    param([Parameter(Mandatory)][hashtable[]]$Cases)
    foreach ($case in $Cases) {
        foreach ($fault in Get-AreaFault) {
            $row = $case.Clone()
            $row.FaultName = $fault.Name
            $row.Fault = $fault.Fault.Clone()
            $row.Fault.operation = $case.Operation
            if ($case['Path']) { $row.Fault.Remove('operation'); $row.Fault.path = $case.Path }
            $row.FaultErrorId = $fault.ErrorId
            $row.FaultCategory = $fault.Category
            $row.HttpTimeout = $fault['HttpTimeout']
            $row
        }
    }
}

function Get-AreaOperationCount {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][string]$Operation)
    $journal = Invoke-RestMethod -Uri ([Uri]::new($Emulator.AdminUrl, 'journal'))
    $entry = @($journal.byOperation.PSObject.Properties | Where-Object { $_.Name -eq $Operation -or ($Operation.StartsWith('POST ') -and $_.Name -like "$Operation*") })
    if ($entry.Count) { ($entry | Measure-Object -Property Value -Sum).Sum } else { 0 }
}

function Invoke-AreaFaultRow {
    <#
    Runs one row: $Row.Setup (what the command needs, e.g. the environment it removes), the state read
    ($Row.State) before, the fault on $Row.Operation, the command, and the checks. Returns the observed text.
    #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][hashtable]$Row)
    $invokeAdmin = { param($Path, $Method, $Body)
        $uri = [Uri]::new($Emulator.AdminUrl, $Path)
        if ($Body) { Invoke-RestMethod -Uri $uri -Method $Method -Body ($Body | ConvertTo-Json -Depth 5) -ContentType 'application/json' | Out-Null }
        else { Invoke-RestMethod -Uri $uri -Method $Method | Out-Null }
    }
    if ($Row['Setup']) { & $Row.Setup | Out-Null }
    $before = if ($Row['State']) { (& $Row.State | Out-String).Trim() } else { '' }
    & $invokeAdmin 'journal' 'Delete'
    $savedTimeout = $env:RAILWAY_HTTP_TIMEOUT
    try {
        & $invokeAdmin 'faults' 'Post' $Row.Fault
        if ($Row.HttpTimeout) { $env:RAILWAY_HTTP_TIMEOUT = [string]$Row.HttpTimeout }
        $captured = Invoke-Captured $Row.Command
    }
    finally {
        if ($null -eq $savedTimeout) { Remove-Item Env:RAILWAY_HTTP_TIMEOUT -ErrorAction SilentlyContinue } else { $env:RAILWAY_HTTP_TIMEOUT = $savedTimeout }
        & $invokeAdmin 'faults' 'Delete'
    }
    # A slow answer is journalled when the emulator gives up on it (the client went away): wait for it.
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ((Get-AreaOperationCount -Emulator $Emulator -Operation $Row.Operation) -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
    $sent = Get-AreaOperationCount -Emulator $Emulator -Operation $Row.Operation
    if ($Row['Mutation']) {
        $report = Assert-ClearError $captured.Errors -ErrorId $Row.FaultErrorId -Category $Row.FaultCategory
        $sent | Should -Be 1 -Because "a mutation is sent once, never retried ($($Row.Operation))"
        if ($Row['State']) { (& $Row.State | Out-String).Trim() | Should -Be $before -Because 'a failed mutation changes nothing' }
        if ($Row['MessageLike']) { $captured.Errors[0].Exception.Message | Should -BeLike $Row.MessageLike }
        "$report; $($Row.Operation) sent once; state unchanged in $($captured.Seconds) s"
    }
    else {
        $captured.Errors | Should -BeNullOrEmpty -Because (($captured.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) -join '; ')
        @($captured.Output).Count | Should -BeGreaterThan 0
        $sent | Should -BeGreaterOrEqual 2 -Because 'the read was retried after the fault'
        "recovered: $(@($captured.Output).Count) object(s), $($Row.Operation) sent $sent times, $($captured.Seconds) s"
    }
}

function Start-AreaSilentRun {
    <#
    Starts every command of $Cases at once, each in a runspace of its own with the module imported, against
    $Endpoint (a silent socket) with RAILWAY_HTTP_TIMEOUT=1; returns the handles for Receive-AreaSilentRun.
    #>
    param([Parameter(Mandatory)][hashtable[]]$Cases, [Parameter(Mandatory)][Uri]$Endpoint, [Parameter(Mandatory)][string]$ModulePath, [hashtable]$Arguments = @{})
    $saved = $env:RAILWAY_HTTP_TIMEOUT
    $env:RAILWAY_HTTP_TIMEOUT = '1'
    $token = ConvertTo-SecureString 'silent-socket-token-area' -AsPlainText -Force
    $runs = @{}
    try {
        foreach ($case in $Cases) {
            $ps = [powershell]::Create()
            [void]$ps.AddScript("param(`$Module, `$Endpoint, `$Token, `$A) Import-Module `$Module; `$ErrorActionPreference = 'Continue'; `$w = [Diagnostics.Stopwatch]::StartNew(); try { & { $($case.Command) } 2>&1 | ForEach-Object { `$_ } } catch { `$_ }; [pscustomobject]@{ PSTypeName = 'Silent.Elapsed'; Seconds = `$w.Elapsed.TotalSeconds }")
            [void]$ps.AddArgument($ModulePath).AddArgument($Endpoint).AddArgument($token).AddArgument($Arguments)
            $runs[$case.Name] = [pscustomobject]@{ Shell = $ps; Handle = $ps.BeginInvoke(); Started = [DateTime]::UtcNow }
        }
        # The timeout is read as each cmdlet starts: keep it until every runspace has imported the module and begun.
        Start-Sleep -Seconds 3
    }
    finally {
        if ($null -eq $saved) { Remove-Item Env:RAILWAY_HTTP_TIMEOUT -ErrorAction SilentlyContinue } else { $env:RAILWAY_HTTP_TIMEOUT = $saved }
    }
    $runs
}

function Receive-AreaSilentRun {
    <# The errors, output and seconds of one silent-socket run; a run still going after $LimitSec is stopped and fails. #>
    param([Parameter(Mandatory)] $Run, [int]$LimitSec = 60)
    $left = [Math]::Max(1, $LimitSec - ([DateTime]::UtcNow - $Run.Started).TotalSeconds)
    try {
        if (-not $Run.Handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($left))) {
            $Run.Shell.Stop()
            throw "still running after $LimitSec s against a silent socket"
        }
        $items = @($Run.Shell.EndInvoke($Run.Handle))
    }
    finally { $Run.Shell.Dispose() }
    [pscustomobject]@{
        Errors  = @($items | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        Output  = @($items | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and -not ($_.PSObject.TypeNames -contains 'Silent.Elapsed') })
        Seconds = [Math]::Round(@($items | Where-Object { $_.PSObject.TypeNames -contains 'Silent.Elapsed' })[-1].Seconds, 2)
    }
}

Export-ModuleMember -Function Get-AreaFault, Get-AreaFaultCase, Get-AreaOperationCount, Invoke-AreaFaultRow, Start-AreaSilentRun, Receive-AreaSilentRun
