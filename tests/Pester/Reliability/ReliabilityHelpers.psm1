# Shared machinery of the Reliability.*.Tests.ps1 files: every scenario is recorded as a row (expected,
# observed, pass) and each file regenerates its own sections of tests/RELIABILITY.md in its AfterAll.
Set-StrictMode -Version Latest

$script:RepositoryRoot = Split-Path -Parent (Split-Path -Parent (Split-Path -Parent $PSScriptRoot))
# build.ps1 Test points this at the run's results (RAILWAYOPS_RELIABILITY_REPORT); a file run by hand updates the tracked report.
$script:ReportPath = if ($env:RAILWAYOPS_RELIABILITY_REPORT) { $env:RAILWAYOPS_RELIABILITY_REPORT } else { Join-Path $script:RepositoryRoot 'tests/RELIABILITY.md' }
$script:Rows = [System.Collections.Generic.List[object]]::new()
$script:Metrics = @{}

function Get-ReliabilityReportPath { $script:ReportPath }

function Invoke-ReliabilityCase {
    <#
    Runs one scenario and records it. $Body asserts (Should) and returns a short text of what it observed;
    an exception is the observation of a failed row, and is rethrown so the test fails too.
    #>
    param(
        [Parameter(Mandatory)][string]$Section,
        [Parameter(Mandatory)][string]$Scenario,
        [Parameter(Mandatory)][string]$Expected,
        [Parameter(Mandatory)][ValidateSet('recovered', 'clear error', 'no leak', 'refused', 'stopped', 'intact', 'completed')][string]$Class,
        [Parameter(Mandatory)][scriptblock]$Body
    )
    $watch = [Diagnostics.Stopwatch]::StartNew()
    try {
        $observed = (& $Body | Out-String).Trim() -replace '\s*\r?\n\s*', '; '
        $script:Rows.Add([pscustomobject]@{ Section = $Section; Scenario = $Scenario; Expected = $Expected; Class = $Class
                Observed = $observed; Pass = $true; Seconds = $watch.Elapsed.TotalSeconds })
    }
    catch {
        $message = ($_.Exception.Message -split "`r?`n" | Where-Object { $_.Trim() } | Select-Object -First 2) -join ' '
        $script:Rows.Add([pscustomobject]@{ Section = $Section; Scenario = $Scenario; Expected = $Expected; Class = $Class
                Observed = "FAILED: $message"; Pass = $false; Seconds = $watch.Elapsed.TotalSeconds })
        throw
    }
}

function Set-ReliabilityMetric {
    param([Parameter(Mandatory)][string]$Name, [Parameter(Mandatory)]$Value)
    $script:Metrics[$Name] = $Value
}

function Get-ReliabilityRow { $script:Rows.ToArray() }

function ConvertTo-MarkdownCell([string]$Text) {
    $single = ($Text -replace '\r?\n', ' ' -replace '\|', '\|').Trim()
    if ($single.Length -gt 220) { $single = $single.Substring(0, 217) + '...' }
    $single
}

function Write-ReliabilityReport {
    <#
    Replaces this file's sections of tests/RELIABILITY.md (between <!-- section:Name --> markers) with the
    rows collected in this run, keeps the other files' sections, and recomputes the summary from all tables.
    #>
    param([Parameter(Mandatory)][string[]]$Sections)
    $text = if (Test-Path $script:ReportPath) { Get-Content -Raw $script:ReportPath } else { '' }
    if ($text -notmatch '<!-- summary -->') { $text = New-ReliabilityReportSkeleton }
    foreach ($section in $Sections) {
        $rows = @($script:Rows | Where-Object Section -EQ $section)
        if ($rows.Count -eq 0) { continue }
        $builder = [Text.StringBuilder]::new()
        [void]$builder.AppendLine("<!-- section:$section -->")
        [void]$builder.AppendLine("## $section")
        [void]$builder.AppendLine()
        [void]$builder.AppendLine("Last run: $([DateTimeOffset]::UtcNow.ToString('yyyy-MM-dd HH:mm')) UTC, $($rows.Count) scenarios.")
        [void]$builder.AppendLine()
        [void]$builder.AppendLine('| Scenario | Class | Expected | Observed | Pass |')
        [void]$builder.AppendLine('|---|---|---|---|---|')
        foreach ($row in $rows) {
            [void]$builder.AppendLine(('| {0} | {1} | {2} | {3} | {4} |' -f (ConvertTo-MarkdownCell $row.Scenario), $row.Class,
                    (ConvertTo-MarkdownCell $row.Expected), (ConvertTo-MarkdownCell $row.Observed), $(if ($row.Pass) { 'pass' } else { '**FAIL**' })))
        }
        $metrics = @($script:Metrics.GetEnumerator() | Where-Object { $_.Key -like "$section*" })
        foreach ($metric in $metrics) {
            [void]$builder.AppendLine()
            [void]$builder.AppendLine("<!-- metric:$($metric.Key)=$($metric.Value) -->")
        }
        [void]$builder.AppendLine("<!-- /section:$section -->")
        $block = $builder.ToString().TrimEnd()
        $pattern = "(?s)<!-- section:$([regex]::Escape($section)) -->.*?<!-- /section:$([regex]::Escape($section)) -->"
        if ($text -match $pattern) { $text = [regex]::Replace($text, $pattern, { param($m) $block }) }
        else { $text = $text.TrimEnd() + "`n`n" + $block + "`n" }
    }
    $text = Update-ReliabilitySummary $text
    Set-Content -Path $script:ReportPath -Value ($text.TrimEnd() + "`n") -Encoding utf8NoBOM -NoNewline
}

function Update-ReliabilitySummary([string]$Text) {
    $rows = @([regex]::Matches($Text, '(?m)^\| (?!Scenario \|)(.+?) \| (recovered|clear error|no leak|refused|stopped|intact|completed) \| .* \| (pass|\*\*FAIL\*\*) \|\s*$'))
    # A class counts its passing rows only: a failing row is counted under Failing.
    $count = { param($class) @($rows | Where-Object { $_.Groups[2].Value -eq $class -and $_.Groups[3].Value -eq 'pass' }).Count }
    $failed = @($rows | Where-Object { $_.Groups[3].Value -ne 'pass' }).Count
    $metric = {
        param($name)
        $m = [regex]::Match($Text, "<!-- metric:[^=]*$([regex]::Escape($name))=([^ ]+) -->")
        if ($m.Success) { $m.Groups[1].Value } else { 'n/a' }
    }
    # Every file that measures stops reports its own worst (Cancellation, the area files): the summary shows the worst of them.
    $worst = {
        param($name)
        $values = @([regex]::Matches($Text, "<!-- metric:[^=]*$([regex]::Escape($name))=([0-9.]+) -->") | ForEach-Object { [double]$_.Groups[1].Value })
        if ($values.Count) { ($values | Measure-Object -Maximum).Maximum } else { 'n/a' }
    }
    $summary = @(
        '<!-- summary -->'
        '| Figure | Value |'
        '|---|---|'
        "| Scenarios run | $($rows.Count) |"
        "| Passing | $($rows.Count - $failed) |"
        "| Failing | $failed |"
        "| Recovered (fault absorbed, command succeeded) | $(& $count 'recovered') |"
        "| Clear error (stable ErrorId and category, no stack trace) | $(& $count 'clear error') |"
        "| Refused (secret files, token on plain http) | $(& $count 'refused') |"
        "| Secret scans with zero canary hits | $(& $count 'no leak') |"
        "| Canary leaks found | $(& $metric 'LeaksFound') |"
        "| Stopped pipelines (cancellation) | $(& $count 'stopped') |"
        "| Worst stop latency | $(& $worst 'WorstStopMs') ms |"
        "| Repository / state checks intact | $(& $count 'intact') |"
        "| Load runs completed | $(& $count 'completed') |"
        "| Bad inputs tried | $(& $metric 'BadInputsTried') |"
        '<!-- /summary -->'
    ) -join "`n"
    [regex]::Replace($Text, '(?s)<!-- summary -->.*?<!-- /summary -->', { param($m) $summary })
}

function New-ReliabilityReportSkeleton {
    @'
# RailwayOps reliability and security report

This file is generated: each `tests/Pester/Reliability.*.Tests.ps1` file rewrites its own sections at the
end of its run (rows collected while the scenarios ran: expected outcome, observed outcome, pass). Do not
edit the tables by hand.

## How to run

- `dotnet pwsh ./build.ps1 Test -UpdateReport` regenerates this file (without the switch the run's report stays in
  `out/test-results/RELIABILITY.md`). The test run covers xunit and the whole Pester suite, including the fault matrix, secret
  hygiene (canary token and values), cancellation, nothing-lost and bad-input files. `build/Invoke-PesterSuite.ps1`
  runs the suite in its own pwsh with every RailwayOps cmdlet `-Verbose -Debug` and `$ErrorView = 'DetailedView'`,
  so every test passes with the extra streams on; that pwsh's console output and `$Error` must not contain the
  seed's tokens (one extra test in the counts). `Reliability.Secrets.Tests.ps1` adds a transcript, canary
  variable values and a scan of every file written, for every exported cmdlet.
- `dotnet pwsh ./build.ps1 Test -Full` also runs the files tagged `Load`
  (`Reliability.Load.Tests.ps1`: 50 concurrent waits plus 20 runspaces listing deployments).
- One file alone, against an already staged module:
  `Import-Module <pester>/Pester.psd1; $env:RAILWAYOPS_TEST_MODULE = '<out>/RailwayOps/RailwayOps.psd1'; Invoke-Pester tests/Pester/Reliability.Faults.Tests.ps1`

## Summary

<!-- summary -->
<!-- /summary -->
'@
}

function Get-ErrorReport {
    <# A compact "Id / category" text of an ErrorRecord, and the checks every clear error must pass. #>
    param([Parameter(Mandatory)][System.Management.Automation.ErrorRecord]$ErrorRecord)
    $shown = ($ErrorRecord | Out-String) + $ErrorRecord.Exception.Message + [string]$ErrorRecord.ErrorDetails
    if ($shown -match '(?m)^\s+at \S+.*\(') { throw "The error shows a stack trace: $shown" }
    if ($ErrorRecord.Exception -is [NullReferenceException] -or $ErrorRecord.Exception -is [AggregateException] -or
        $ErrorRecord.Exception -is [InvalidCastException]) {
        throw "The error is a raw $($ErrorRecord.Exception.GetType().Name): $($ErrorRecord.Exception.Message)"
    }
    '{0} / {1}' -f ($ErrorRecord.FullyQualifiedErrorId -split ',')[0], $ErrorRecord.CategoryInfo.Category
}

function Assert-ClearError {
    <# Asserts one ErrorRecord: the ErrorId (before the first comma), the category and no stack trace. Returns the report text. #>
    param(
        [Parameter(Mandatory)][AllowNull()]$ErrorRecord,
        [Parameter(Mandatory)][string]$ErrorId,
        [System.Management.Automation.ErrorCategory]$Category,
        [string]$MessageLike
    )
    if ($null -eq $ErrorRecord) { throw "Expected error $ErrorId but no error was written." }
    $ErrorRecord = @($ErrorRecord)[0]
    $report = Get-ErrorReport $ErrorRecord
    ($ErrorRecord.FullyQualifiedErrorId -split ',')[0] | Should -BeLike $ErrorId -Because "$($ErrorRecord.Exception.Message)"
    if ($PSBoundParameters.ContainsKey('Category')) { $ErrorRecord.CategoryInfo.Category | Should -Be $Category -Because $ErrorRecord.Exception.Message }
    if ($MessageLike) { ($ErrorRecord.Exception.Message + ' ' + [string]$ErrorRecord.ErrorDetails) | Should -BeLike $MessageLike }
    $report
}

function Invoke-Captured {
    <#
    Runs $Command and returns its objects and errors (terminating or not) apart, with the elapsed time; errors
    never escape, so the caller asserts on them.
    #>
    param([Parameter(Mandatory)][scriptblock]$Command)
    $errors = [System.Collections.Generic.List[object]]::new()
    $output = [System.Collections.Generic.List[object]]::new()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    # Local copies: another test file's leaked defaults (-ErrorAction Stop) must not change what is observed.
    $ErrorActionPreference = 'Continue'
    $PSDefaultParameterValues = @{}
    try {
        # Collected as they stream, so objects written before a terminating error are kept.
        & $Command 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) } else { $output.Add($_) }
        }
    }
    catch {
        $errors.Add($_)
    }
    [pscustomobject]@{ Output = $output.ToArray(); Errors = $errors.ToArray(); Seconds = [Math]::Round($watch.Elapsed.TotalSeconds, 2) }
}

Export-ModuleMember -Function Get-ReliabilityReportPath, Invoke-ReliabilityCase, Set-ReliabilityMetric, Get-ReliabilityRow,
    Write-ReliabilityReport, Get-ErrorReport, Assert-ClearError, Invoke-Captured

function New-ReliabilityClone {
    <#
    A clone of the emulator's hello-railway repository holding the sample app, pushed once so production runs
    it; returns the clone's path. $Emulator is a Start-RailwayEmulator result.
    #>
    param([Parameter(Mandatory)] $Emulator, [switch]$NoPush)
    $bare = Get-BareRepositoryPath $Emulator
    $clone = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-rel-clone-' + [guid]::NewGuid().ToString('n'))
    git clone -q $bare $clone 2>$null
    if ($LASTEXITCODE -ne 0) { throw "git clone of $bare failed." }
    git -C $clone config user.name 'Reliability Test'
    git -C $clone config user.email 'reliability@railwayops.local'
    git -C $clone checkout -q -B main 2>$null
    if (-not (Test-Path (Join-Path $clone 'app/config.py'))) {
        Copy-Item (Join-Path $script:RepositoryRoot 'samples/hello-railway/*') $clone -Recurse -Force
        git -C $clone add -A
        git -C $clone commit -qm 'hello-railway sample'
    }
    if (-not $NoPush) {
        git -C $clone push -q origin main 2>$null
        if ($LASTEXITCODE -ne 0) { throw 'git push of the sample failed.' }
    }
    $clone
}

function Get-GitLog {
    param([Parameter(Mandatory)][string]$Repository, [string]$Range = 'HEAD')
    @(git -C $Repository log --format='%H %s' $Range 2>$null)
}

function Get-BareRepositoryPath {
    param([Parameter(Mandatory)] $Emulator)
    # Invoke-RestMethod writes a JSON array as one object: enumerate it.
    $repos = Invoke-RestMethod ([Uri]::new($Emulator.AdminUrl, 'repos')) | ForEach-Object { $_ }
    ($repos | Where-Object { $_.repo -eq 'railwayops/hello-railway' } | Select-Object -First 1).path
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-FlappingHealthServer {
    <#
    A tiny loopback HTTP server that alternates 503 and 200 {"status":"healthy","version":$Version}, starting
    with 503. Returns an object with Uri, Hits (a synchronized counter) and the runspace parts to stop it.
    #>
    param([string]$Version = '1.0.0')
    $port = Get-FreeTcpPort
    $listener = [System.Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $state = [hashtable]::Synchronized(@{ Hits = 0 })
    $powershell = [powershell]::Create()
    [void]$powershell.AddScript({
            param($Listener, $State, $Version)
            while ($Listener.IsListening) {
                try { $context = $Listener.GetContext() } catch { break }
                $State.Hits++
                $healthy = ($State.Hits % 2) -eq 0
                $context.Response.StatusCode = if ($healthy) { 200 } else { 503 }
                $body = if ($healthy) { '{"status":"healthy","version":"' + $Version + '"}' } else { '{"status":"starting"}' }
                $bytes = [Text.Encoding]::UTF8.GetBytes($body)
                $context.Response.ContentType = 'application/json'
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
            }
        }).AddArgument($listener).AddArgument($state).AddArgument($Version)
    $handle = $powershell.BeginInvoke()
    [pscustomobject]@{ Uri = [Uri]"http://127.0.0.1:$port/api/health"; State = $state; Listener = $listener; PowerShell = $powershell; Handle = $handle }
}

function Stop-FlappingHealthServer {
    param($Server)
    if ($null -eq $Server) { return }
    $Server.Listener.Stop()
    $Server.Listener.Close()
    [void]$Server.Handle.AsyncWaitHandle.WaitOne(2000)
    $Server.PowerShell.Dispose()
}

Export-ModuleMember -Function New-ReliabilityClone, Get-GitLog, Get-BareRepositoryPath, Get-FreeTcpPort, Start-FlappingHealthServer, Stop-FlappingHealthServer

function Select-Result {
    <#
    The first result object of a command's output. Under a CI runner (GITHUB_ACTIONS, TF_BUILD) the module also
    writes workflow-command strings, so results are picked by kind, never by position.
    #>
    param([AllowNull()][AllowEmptyCollection()][object[]]$Output)
    @($Output | Where-Object { $null -ne $_ -and $_ -isnot [string] }) | Select-Object -First 1
}

Export-ModuleMember -Function Select-Result
