# Cancellation: PowerShell.Stop() (what Ctrl+C does) during every waiting cmdlet returns within one second and
# leaves no child process (no git or pwsh left under this test process) and no half-written file.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator -NoConnect
    $env:RAILWAY_API_TOKEN = Get-TestSeedToken -Kind account
    $env:RAILWAYOPS_API_URL = $script:Emulator.GraphQLUrl
    $script:Section = 'Cancellation'
    $script:WorstStopMs = 0
    $script:Clone = New-ReliabilityClone -Emulator $script:Emulator
    $sha = git -C $script:Clone rev-parse HEAD
    Wait-RailwayDeployment -CommitSha $sha -Project demo -Environment production -Service web -TimeoutSec 90 | Out-Null
    $script:Building = @(Get-RailwayDeployment -Project demo -Environment staging -Service web -Status Removed -First 1)[0].DeploymentId
    Invoke-EmulatorAdmin $script:Emulator "deployments/$($script:Building)/status" -Method Post -Body @{ status = 'BUILDING' } | Out-Null

    $state = [initialsessionstate]::CreateDefault2()
    $state.ImportPSModule((Get-RailwayOpsTestModulePath))
    $script:Runspace = [runspacefactory]::CreateRunspace($state)
    $script:Runspace.Open()

    function Get-ChildProcess {
        <# The processes whose parent is this test process, except the emulators this file started. #>
        @(Get-ChildItem /proc -Directory -ErrorAction SilentlyContinue | Where-Object Name -Match '^\d+$' | ForEach-Object {
                $stat = try { [IO.File]::ReadAllText("$($_.FullName)/stat") } catch { $null }
                if ($stat -and $stat -match '^\d+ \((.*)\) \S (\d+) ') {
                    if ([int]$Matches[2] -eq $PID -and [int]$_.Name -ne $script:Emulator.ProcessId) { "$($_.Name):$($Matches[1])" }
                }
            })
    }

    function Stop-WhileWaiting {
        <#
        Starts $Script in the test runspace, waits until $Ready says the cmdlet is waiting, then stops the pipeline
        and measures how long Stop() takes. Returns the latency and the child processes left afterwards.
        #>
        param([string]$Script, [scriptblock]$Ready, [int]$ReadyTimeoutSec = 30)
        $before = Get-ChildProcess
        $ps = [powershell]::Create()
        $ps.Runspace = $script:Runspace
        [void]$ps.AddScript($Script)
        $handle = $ps.BeginInvoke()
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds($ReadyTimeoutSec)
            while (-not (& $Ready) -and [DateTime]::UtcNow -lt $deadline -and -not $handle.IsCompleted) { Start-Sleep -Milliseconds 200 }
            # (Never enumerate $ps.Streams.Error here: a PSDataCollection's enumerator blocks until the command ends.)
            $handle.IsCompleted | Should -BeFalse -Because 'the command must still be waiting when stopped'
            Start-Sleep -Milliseconds 500
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $elapsed = $watch.ElapsedMilliseconds
            $state = $ps.InvocationStateInfo.State
        }
        finally { $ps.Dispose() }
        Start-Sleep -Milliseconds 300
        $left = @(Get-ChildProcess | Where-Object { $_ -notin $before })
        if ($elapsed -gt $script:WorstStopMs) { $script:WorstStopMs = $elapsed }
        [pscustomobject]@{ Milliseconds = $elapsed; State = $state; Left = $left }
    }

    function Test-Journal([string]$Pattern) {
        @((Get-EmulatorJournal $script:Emulator).entries | Where-Object { $_.operation -like $Pattern }).Count -gt 0
    }
}

AfterAll {
    Set-ReliabilityMetric -Name 'Cancellation.WorstStopMs' -Value $script:WorstStopMs
    Write-ReliabilityReport -Sections 'Cancellation'
    if ($script:Runspace) { $script:Runspace.Dispose() }
    Stop-RailwayTestEmulator $script:Emulator
    if ($script:Clone) { Remove-Item $script:Clone -Recurse -Force -ErrorAction SilentlyContinue }
    Exit-RailwayTestEnvironment
}

Describe 'Cancellation: Stop() during every waiting cmdlet' {
    BeforeEach { Reset-EmulatorJournal $script:Emulator }

    It 'stops <Name> within one second, leaving no child process' -ForEach @(
        @{ Name = 'Wait-RailwayDeployment (subscription)'; Script = 'Wait-RailwayDeployment -Id {0} -TimeoutSec 300'; Ready = 'DeploymentUpdates' }
        @{ Name = 'Wait-RailwayDeployment -NoSubscription (polling)'; Script = 'Wait-RailwayDeployment -Id {0} -TimeoutSec 300 -NoSubscription -PollIntervalSec 1'; Ready = 'Deployment' }
        @{ Name = 'Get-RailwayDeploymentLog -Follow'; Script = 'Get-RailwayDeploymentLog -Id {0} -Type Build -Follow'; Ready = '*Logs*' }
        @{ Name = 'Test-RailwayHealth on a never-healthy URL'; Script = 'Test-RailwayHealth -Uri http://127.0.0.1:{1}/api/health -TimeoutSec 300 -RetryIntervalSec 0.5'; Ready = $null }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "Stop() during $Name" -Expected 'Stopped within 1000 ms, no child process left' -Class stopped -Body {
            $port = Get-FreeTcpPort
            $text = $Script -f $script:Building, $port
            $readyOperation = $Ready
            $started = [DateTime]::UtcNow
            $ready = if ($readyOperation) { { Test-Journal $readyOperation } } else { { ([DateTime]::UtcNow - $started).TotalSeconds -gt 2 } }

            $result = Stop-WhileWaiting -Script $text -Ready $ready

            $result.State | Should -Be 'Stopped'
            $result.Milliseconds | Should -BeLessOrEqual 1000
            $result.Left | Should -BeNullOrEmpty
            "Stopped in $($result.Milliseconds) ms; 0 child processes left"
        }
    }

    It 'stops Invoke-Cpwtr mid-wait within one second with the release commit intact and no temporary file' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'Stop() during Invoke-Cpwtr (Wait stage, deployment never healthy)' -Expected 'Stopped within 1000 ms; no git/pwsh child; config.py whole and committed; no *.tmp; resumable' -Class stopped -Body {
            # A start command that never becomes healthy keeps the release in its Wait stage.
            $toml = Join-Path $script:Clone 'railway.toml'
            (Get-Content -Raw $toml) -replace 'startCommand = "[^"]*"', 'startCommand = "sleep 600"' | Set-Content -Path $toml -NoNewline
            git -C $script:Clone commit -qam 'a start command that never answers' 2>$null
            $versionBefore = (Select-String -Path (Join-Path $script:Clone 'app/config.py') -Pattern 'app_version: str = "([^"]+)"').Matches[0].Groups[1].Value

            $result = Stop-WhileWaiting -Script "Invoke-Cpwtr -Path '$($script:Clone)' -Message 'stop me' -Project demo -Environment production -Service web -TimeoutSec 300 -Confirm:`$false" -Ready { Test-Journal 'DeploymentUpdates' -or (Test-Journal 'Deployments') }

            $result.State | Should -Be 'Stopped'
            $result.Milliseconds | Should -BeLessOrEqual 1000
            $result.Left | Should -BeNullOrEmpty
            $config = Get-Content -Raw (Join-Path $script:Clone 'app/config.py')
            $config | Should -Match 'app_version: str = "\d+\.\d+\.\d+"' -Because 'the version file is whole'
            $config | Should -Not -Match ([regex]::Escape("app_version: str = `"$versionBefore`"")) -Because 'the bump happened before the wait'
            @(git -C $script:Clone status --porcelain).Count | Should -Be 0 -Because 'the bump was committed before the push'
            git -C $script:Clone log -1 --format=%s | Should -BeLike 'stop me - bump to v*'
            @(Get-ChildItem $script:Clone -Recurse -Force -File | Where-Object { $_.Name -like '*.tmp' -or $_.Name -like '*.tmp.*' -or $_.Name -like '.#*' }) | Should -BeNullOrEmpty
            Test-Path (Join-Path $script:Clone '.git/index.lock') | Should -BeFalse -Because 'git is not left holding its lock'
            "Stopped in $($result.Milliseconds) ms; 0 child processes; config.py whole and committed as '$(git -C $script:Clone log -1 --format=%s)'; no temporary files"
        }
    }
}

Describe 'Cancellation: Stop() against a silent socket and during a live -Follow' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'Reliability/SilentListener.psm1') -Force
        $script:Silent = Start-SilentListener
        $script:Live = @(Get-RailwayDeployment -Project demo -Environment production -Service web -Status Success -First 1)[0].DeploymentId
    }

    AfterAll { Stop-SilentListener $script:Silent }

    It 'stops <Name> within one second, leaving no child process' -ForEach @(
        @{ Name = 'Wait-RailwayDeployment on a silent socket (no deadline)'; Script = 'Wait-RailwayDeployment -Id 00000000-0000-4000-8000-000000000003 -TimeoutSec 0 -Endpoint {0}'; ReadySec = 2 }
        @{ Name = 'Invoke-Cpwtr -WhatIf planning against a silent socket'; Script = "Invoke-Cpwtr -Path '{2}' -Message silent -Project demo -Environment production -Service web -TimeoutSec 0 -Endpoint {0} -WhatIf"; ReadySec = 3 }
        @{ Name = 'Get-RailwayDeploymentLog -Follow of the live deployment (streams until stopped)'; Script = 'Get-RailwayDeploymentLog -Id {1} -Type Deploy -Follow'; ReadySec = 3 }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "Stop() during $Name" -Expected 'Stopped within 1000 ms, no child process left' -Class stopped -Body {
            $text = $Script -f $script:Silent.GraphQLUrl, $script:Live, $script:Clone
            $started = [DateTime]::UtcNow
            $seconds = $ReadySec

            $result = Stop-WhileWaiting -Script $text -Ready { ([DateTime]::UtcNow - $started).TotalSeconds -gt $seconds }

            $result.State | Should -Be 'Stopped' -Because 'the command must still be running when stopped (a live -Follow streams on)'
            $result.Milliseconds | Should -BeLessOrEqual 1000
            $result.Left | Should -BeNullOrEmpty
            "Stopped in $($result.Milliseconds) ms; 0 child processes left"
        }
    }
}
