# The fault matrix: every cmdlet family (list, wait, logs, variables, health, release loop) under every fault
# the emulator injects. Transient faults must be absorbed (the command succeeds); persistent ones must end in
# one clear error with a stable ErrorId and category. Rows go to tests/RELIABILITY.md.
BeforeDiscovery {
    $families = 'list', 'wait', 'logs', 'variables', 'health', 'release loop'
    $script:TransientCases = foreach ($fault in @(
            @{ Name = '429 with Retry-After 2 s'; Fault = @{ kind = 'retryAfter'; retryAfterSeconds = 2; count = 1 }; RetryAfter = 2 }
            @{ Name = 'transient 500'; Fault = @{ kind = 'status'; status = 500; count = 1 } }
            @{ Name = 'transient 502'; Fault = @{ kind = 'status'; status = 502; count = 1 } }
            @{ Name = 'transient 503'; Fault = @{ kind = 'status'; status = 503; count = 1 } }
            @{ Name = 'transient 504'; Fault = @{ kind = 'status'; status = 504; count = 1 } }
            @{ Name = 'connection reset'; Fault = @{ kind = 'reset'; count = 1 } }
            @{ Name = 'malformed JSON body'; Fault = @{ kind = 'malformed'; count = 1 } }
            @{ Name = 'HTML 502 page from a proxy'; Fault = @{ kind = 'html'; status = 502; count = 1 } }
        )) {
        foreach ($family in $families) { @{ Family = $family; FaultName = $fault.Name; Fault = $fault.Fault; RetryAfter = $fault['RetryAfter'] } }
    }
    $script:PersistentCases = @(
        @{ Name = 'persistent 503 (retry budget spent)'; Fault = @{ kind = 'status'; status = 503; count = -1 }; ErrorId = 'RailwayConnectionFailed'; Category = 'ConnectionError'; Like = '*503*' }
        @{ Name = 'response slower than RAILWAY_HTTP_TIMEOUT=2'; Fault = @{ kind = 'slow'; delayMs = 6000; count = -1 }; ErrorId = 'RailwayTimeout'; Category = 'OperationTimeout'; Timeout = 2 }
        @{ Name = 'persistent malformed JSON'; Fault = @{ kind = 'malformed'; count = -1 }; ErrorId = 'RailwayInvalidResponse'; Category = 'InvalidResult' }
        @{ Name = 'HTML 403 page from a proxy'; Fault = @{ kind = 'html'; status = 403; count = -1 }; ErrorId = 'RailwayForbidden'; Category = 'PermissionDenied' }
        @{ Name = 'GraphQL "Not Authorized"'; Fault = @{ kind = 'graphqlError'; message = 'Not Authorized'; count = -1 }; ErrorId = 'RailwayUnauthorized'; Category = 'AuthenticationError'; Like = '*RAILWAY_API_TOKEN*' }
        @{ Name = 'GraphQL "Deployment not found"'; Fault = @{ kind = 'graphqlError'; message = 'Deployment not found'; count = -1 }; ErrorId = 'Railway*NotFound'; Category = 'ObjectNotFound' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator -NoConnect
    # Environment variables, not a session: the parallel runspaces below resolve the same way.
    $env:RAILWAY_API_TOKEN = Get-TestSeedToken -Kind account
    $env:RAILWAYOPS_API_URL = $script:Emulator.GraphQLUrl
    $script:Section = 'Fault matrix'
    $script:Clone = New-ReliabilityClone -Emulator $script:Emulator
    $sha = git -C $script:Clone rev-parse HEAD
    # Logs are read from the first real deployment; waits target staging's live seed deployment, which the
    # release-loop rows (production) never replace.
    $script:LogsId = (Wait-RailwayDeployment -CommitSha $sha -Project demo -Environment production -Service web -TimeoutSec 90).DeploymentId
    $script:LiveId = @(Get-RailwayDeployment -Project demo -Environment staging -Service web -Status Success -First 1)[0].DeploymentId

    # The stability window is not what these rows are about; the landed module (no -StableSec) runs them as they were.
    $script:NoWindow = if ((Get-Command Invoke-Cpwtr).Parameters.ContainsKey('StableSec')) { ' -StableSec 0' } else { '' }
    # Each family as text with the same parameters, so it runs here or in a runspace of its own.
    $script:Families = [ordered]@{
        'list'         = 'param($Live, $Repo, $Logs) Get-RailwayDeployment -Project demo -Environment production -Service web -First 2'
        'wait'         = 'param($Live, $Repo, $Logs) Wait-RailwayDeployment -Id $Live -TimeoutSec 60'
        'logs'         = 'param($Live, $Repo, $Logs) Get-RailwayDeploymentLog -Id $Logs -Type Deploy -Tail 5'
        'variables'    = 'param($Live, $Repo, $Logs) Get-RailwayVariable -Project demo -Environment production -Service web'
        'health'       = 'param($Live, $Repo, $Logs) Test-RailwayHealth -Project demo -Environment production -Service web -TimeoutSec 20 -RetryIntervalSec 0.5'
        'release loop' = 'param($Live, $Repo, $Logs) Invoke-Cpwtr -Path $Repo -Message "fault matrix" -Project demo -Environment production -Service web -TimeoutSec 90 -HealthTimeoutSec 30 -Confirm:$false' + $script:NoWindow
    }

    function Test-FamilySucceeded([string]$Family, $Captured) {
        $Captured.Errors.Count | Should -Be 0 -Because (($Captured.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) -join '; ')
        $Captured.Output.Count | Should -BeGreaterThan 0
        switch ($Family) {
            'wait' { (Select-Result $Captured.Output).Status | Should -Be 'Success' }
            'health' { (Select-Result $Captured.Output).Healthy | Should -BeTrue }
            'release loop' { (Select-Result $Captured.Output).Succeeded | Should -BeTrue }
        }
    }

    function Invoke-Family([string]$Family) {
        $command = [scriptblock]::Create($script:Families[$Family])
        Invoke-Captured { & $command $script:LiveId $script:Clone $script:LogsId }
    }

    function Invoke-FamiliesInParallel {
        <# Every family at once, each in its own runspace: a persistent fault costs the slowest family, not the sum. #>
        $state = [initialsessionstate]::CreateDefault2()
        $state.ImportPSModule((Get-RailwayOpsTestModulePath))
        $pool = [runspacefactory]::CreateRunspacePool(1, $script:Families.Count, $state, $Host)
        $pool.Open()
        try {
            $running = foreach ($family in $script:Families.Keys) {
                $ps = [powershell]::Create()
                $ps.RunspacePool = $pool
                [void]$ps.AddScript({
                        param($Text, $Live, $Repo, $Logs)
                        $ErrorActionPreference = 'Continue'
                        $watch = [Diagnostics.Stopwatch]::StartNew()
                        $command = [scriptblock]::Create($Text)
                        $items = @(try { & $command $Live $Repo $Logs 2>&1 } catch { $_ })
                        [pscustomobject]@{
                            Output  = @($items | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
                            Errors  = @($items | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
                            Seconds = [Math]::Round($watch.Elapsed.TotalSeconds, 2)
                        }
                    }).AddArgument($script:Families[$family]).AddArgument($script:LiveId).AddArgument($script:Clone).AddArgument($script:LogsId)
                [pscustomobject]@{ Family = $family; PowerShell = $ps; Handle = $ps.BeginInvoke() }
            }
            $results = @{}
            foreach ($job in $running) {
                $results[$job.Family] = @($job.PowerShell.EndInvoke($job.Handle))[0]
                $job.PowerShell.Dispose()
            }
            $results
        }
        finally {
            $pool.Dispose()
        }
    }

    function Get-JournalGap([string]$Operation) {
        <# Seconds between the first faulted request and the next request of the same operation. #>
        $entries = @((Get-EmulatorJournal $script:Emulator).entries | Where-Object { $_.path -like '/graphql*' })
        $faulted = @($entries | Where-Object { $_.PSObject.Properties['fault'] -and $_.fault })[0]
        $next = @($entries | Where-Object { [DateTimeOffset]$_.time -gt [DateTimeOffset]$faulted.time -and $_.operation -eq $faulted.operation })[0]
        if ($null -eq $next) { throw "No retry of $($faulted.operation) after the fault." }
        [pscustomobject]@{ Operation = $faulted.operation; Seconds = ([DateTimeOffset]$next.time - [DateTimeOffset]$faulted.time).TotalSeconds }
    }
}

AfterAll {
    Clear-EmulatorFault $script:Emulator
    Write-ReliabilityReport -Sections 'Fault matrix'
    Remove-Item Env:RAILWAY_HTTP_TIMEOUT -ErrorAction SilentlyContinue
    Stop-RailwayTestEmulator $script:Emulator
    if ($script:Clone) { Remove-Item $script:Clone -Recurse -Force -ErrorAction SilentlyContinue }
    Exit-RailwayTestEnvironment
}

Describe 'Fault matrix: transient faults are absorbed' {
    AfterEach { Clear-EmulatorFault $script:Emulator }

    It '<Family> recovers from <FaultName>' -ForEach $script:TransientCases {
        $expected = if ($RetryAfter) { "recovered; pause before the retry >= $RetryAfter s" } else { 'recovered, no error' }
        Invoke-ReliabilityCase -Section $script:Section -Scenario "$Family / $FaultName" -Expected $expected -Class recovered -Body {
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault $script:Emulator $Fault

            $captured = Invoke-Family $Family

            Test-FamilySucceeded $Family $captured
            $journal = Get-EmulatorJournal $script:Emulator
            @($journal.entries | Where-Object { $_.PSObject.Properties['fault'] -and $_.fault }).Count | Should -BeGreaterThan 0 -Because 'the fault must have hit a request'
            $observed = "recovered: $($captured.Output.Count) object(s), 0 errors, $($captured.Seconds) s, $($journal.total) requests"
            if ($RetryAfter) {
                $gap = Get-JournalGap
                $gap.Seconds | Should -BeGreaterOrEqual $RetryAfter
                $observed += ("; {0} retried after {1:N2} s" -f $gap.Operation, $gap.Seconds)
            }
            $observed
        }
    }
}

Describe 'Fault matrix: persistent faults end in one clear error' {
    AfterEach {
        Clear-EmulatorFault $script:Emulator
        Remove-Item Env:RAILWAY_HTTP_TIMEOUT -ErrorAction SilentlyContinue
    }

    It 'every family fails clearly under <Name>' -ForEach $script:PersistentCases {
        if ($Timeout) { $env:RAILWAY_HTTP_TIMEOUT = "$Timeout" }
        $headBefore = git -C $script:Clone rev-parse HEAD
        Add-EmulatorFault $script:Emulator $Fault

        $results = Invoke-FamiliesInParallel

        Clear-EmulatorFault $script:Emulator
        $failures = @()
        foreach ($family in $script:Families.Keys) {
            $result = $results[$family]
            $expected = "clear error $ErrorId / $Category" + $(if ($Like) { " naming $($Like.Trim('*'))" } else { '' })
            try {
                Invoke-ReliabilityCase -Section $script:Section -Scenario "$family / $Name" -Expected $expected -Class 'clear error' -Body {
                    $result.Errors.Count | Should -BeGreaterThan 0 -Because "$family must fail under $Name"
                    $reports = foreach ($record in $result.Errors) {
                        ($record.FullyQualifiedErrorId -split ',')[0] | Should -BeLike $ErrorId -Because $record.Exception.Message
                        $record.CategoryInfo.Category | Should -Be $Category
                        if ($Like) { ($record.Exception.Message + ' ' + [string]$record.ErrorDetails) | Should -BeLike $Like }
                        Get-ErrorReport $record
                    }
                    if ($family -eq 'release loop') {
                        git -C $script:Clone rev-parse HEAD | Should -Be $headBefore -Because 'a release that cannot reach Railway must not commit'
                        @(git -C $script:Clone status --porcelain).Count | Should -Be 0 -Because 'nor leave a bumped file behind'
                    }
                    "$(@($reports | Select-Object -Unique) -join ', ') after $($result.Seconds) s ($($result.Errors.Count) error(s))"
                }
            }
            catch { $failures += "${family}: $($_.Exception.Message)" }
        }
        $failures | Should -BeNullOrEmpty
    }
}

Describe 'Fault matrix: waits, pushes and health checks' {
    AfterEach { Clear-EmulatorFault $script:Emulator }

    It 'a WebSocket dropped during a wait neither misses nor repeats the terminal status' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'wait / WebSocket dropped mid-wait' -Expected 'reconnects or polls; exactly one Success object, no error' -Class recovered -Body {
            $target = @(Get-RailwayDeployment -Project demo -Environment staging -Service web -Status Removed -First 1)[0]
            Invoke-EmulatorAdmin $script:Emulator "deployments/$($target.DeploymentId)/status" -Method Post -Body @{ status = 'BUILDING' } | Out-Null
            $ps = [powershell]::Create()
            [void]$ps.AddScript({
                    param($Module, $Id)
                    Import-Module $Module
                    Wait-RailwayDeployment -Id $Id -TimeoutSec 40 -PollIntervalSec 2 -Verbose 4>&1 2>&1
                }).AddArgument((Get-RailwayOpsTestModulePath)).AddArgument($target.DeploymentId)
            Reset-EmulatorJournal $script:Emulator
            $handle = $ps.BeginInvoke()
            try {
                # Dropped once the wait's subscription is journaled (it is then on the socket), not after a guessed pause.
                Wait-EmulatorSubscription -Emulator $script:Emulator
                Add-EmulatorFault $script:Emulator @{ kind = 'dropWebSocket'; count = -1 }
                Start-Sleep -Seconds 1
                Invoke-EmulatorAdmin $script:Emulator "deployments/$($target.DeploymentId)/status" -Method Post -Body @{ status = 'SUCCESS' } | Out-Null
                $handle.AsyncWaitHandle.WaitOne(30000) | Should -BeTrue -Because 'the wait must end after the drop'
                $items = @($ps.EndInvoke($handle))
            }
            finally { $ps.Dispose() }
            $objects = @($items | Where-Object { $_ -is [RailwayOps.RailwayDeployment] })
            $errors = @($items | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $errors | Should -BeNullOrEmpty
            $objects.Count | Should -Be 1
            $objects[0].Status | Should -Be 'Success'
            "1 Success object, 0 errors; $(@($items | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count) verbose lines"
        }
    }

    It 'the emulator killed mid-wait ends the wait with a ConnectionError within its timeout' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'wait / emulator killed (kill -9) mid-wait' -Expected 'ConnectionError well within -TimeoutSec 40' -Class 'clear error' -Body {
            $doomed = Start-RailwayTestEmulator -NoConnect
            try {
                $target = @(Get-RailwayDeployment -Endpoint $doomed.GraphQLUrl -Project demo -Environment staging -Service web -Status Removed -First 1)[0]
                Invoke-EmulatorAdmin $doomed "deployments/$($target.DeploymentId)/status" -Method Post -Body @{ status = 'DEPLOYING' } | Out-Null
                $killer = Start-Process -FilePath bash -ArgumentList "-c `"sleep 2; kill -9 $($doomed.ProcessId)`"" -PassThru
                $captured = Invoke-Captured { Wait-RailwayDeployment -Endpoint $doomed.GraphQLUrl -Id $target.DeploymentId -TimeoutSec 40 -PollIntervalSec 1 }
                $killer.WaitForExit(5000) | Out-Null
            }
            finally { Stop-RailwayTestEmulator $doomed }
            Select-Result $captured.Output | Should -BeNullOrEmpty
            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayConnectionFailed' -Category ConnectionError
            $captured.Seconds | Should -BeLessThan 40
            "$report after $($captured.Seconds) s"
        }
    }

    It 'a push rejected as non-fast-forward keeps the commit and a resumed run ships it' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'release loop / push rejected (non-fast-forward)' -Expected 'RailwayCpwtrPushRejected; local commit kept; after pull --rebase the resumed run succeeds' -Class 'clear error' -Body {
            $other = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-rel-other-' + [guid]::NewGuid().ToString('n'))
            git clone -q (Get-BareRepositoryPath $script:Emulator) $other 2>$null
            try {
                Add-Content (Join-Path $other 'README.md') 'A change pushed by someone else.'
                git -C $other -c user.name=Other -c user.email=other@x commit -qam 'someone else' 2>$null
                git -C $other push -q origin main 2>$null
                $LASTEXITCODE | Should -Be 0
            }
            finally { Remove-Item $other -Recurse -Force -ErrorAction SilentlyContinue }

            $captured = Invoke-Captured { Invoke-Cpwtr -Path $script:Clone -Message 'rejected push' -Project demo -Environment production -Service web -TimeoutSec 90 -Confirm:$false }

            $report = Assert-ClearError ($captured.Errors | Select-Object -First 1) -ErrorId 'RailwayCpwtrPushRejected'
            (Select-Result $captured.Output).FailedStage | Should -Be 'Push'
            # The local release commit (this run's, or an earlier release the planner re-pushes) stays, nothing is left dirty.
            $kept = git -C $script:Clone log -1 --format=%s
            $kept | Should -BeLike '* - bump to v*' -Because 'the commit that failed to push stays local'
            @(git -C $script:Clone status --porcelain).Count | Should -Be 0
            git -C $script:Clone pull -q --rebase origin main 2>$null
            $resumed = Invoke-Captured { Invoke-Cpwtr -Path $script:Clone -Message 'rejected push' -Project demo -Environment production -Service web -TimeoutSec 90 -Confirm:$false }
            $resumed.Errors | Should -BeNullOrEmpty
            (Select-Result $resumed.Output).Succeeded | Should -BeTrue
            @(Get-GitLog $script:Clone | Where-Object { $_ -like "* $kept" }).Count | Should -Be 1 -Because 'the kept commit is not duplicated'
            @(Get-GitLog $script:Clone | Where-Object { $_ -like ('* - bump to v' + (Select-Result $resumed.Output).Version) }).Count | Should -Be 1 -Because 'one commit per released version'
            git -C (Get-BareRepositoryPath $script:Emulator) log --format=%s main | Should -Contain $kept -Because 'the kept commit reached the remote'
            "$report; resumed run shipped $((Select-Result $resumed.Output).Version) with one commit"
        }
    }

    It 'a flapping health endpoint is retried until it answers healthy' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'health / endpoint flapping 503,200,503,...' -Expected 'Healthy after a retry; version matched' -Class recovered -Body {
            $server = Start-FlappingHealthServer -Version '2.0.0'
            try { $result = Test-RailwayHealth -Uri $server.Uri -ExpectedVersion '2.0.0' -TimeoutSec 15 -RetryIntervalSec 0.2 }
            finally { Stop-FlappingHealthServer $server }
            $result.Healthy | Should -BeTrue
            $result.Attempts | Should -BeGreaterThan 1
            "Healthy, version $($result.Version), $($result.Attempts) attempts"
        }
    }

    It 'a flapping health endpoint serving the old version fails with a version mismatch' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'health / flapping endpoint with the old version' -Expected 'RailwayHealthVersionMismatch (last answer 1.0.0) or RailwayHealthCheckFailed (last answer 503) after the timeout, never healthy' -Class 'clear error' -Body {
            $server = Start-FlappingHealthServer -Version '1.0.0'
            try { $captured = Invoke-Captured { Test-RailwayHealth -Uri $server.Uri -ExpectedVersion '2.0.0' -TimeoutSec 3 -RetryIntervalSec 0.2 } }
            finally { Stop-FlappingHealthServer $server }
            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayHealth*'
            ($captured.Errors[0].FullyQualifiedErrorId -split ',')[0] | Should -BeIn 'RailwayHealthVersionMismatch', 'RailwayHealthCheckFailed'
            $captured.Errors[0].CategoryInfo.Category | Should -BeIn 'InvalidResult', 'OperationTimeout'
            (Select-Result $captured.Output).Healthy | Should -BeFalse
            (Select-Result $captured.Output).Version | Should -Not -Be '2.0.0'
            "$report after $((Select-Result $captured.Output).Attempts) attempts in $($captured.Seconds) s"
        }
    }

    It 'a variable write under a transient 503 is not retried blindly' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'variables / Set-RailwayVariable (mutation) under a transient 503' -Expected 'clear error, the mutation sent once' -Class 'clear error' -Body {
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault $script:Emulator @{ kind = 'status'; status = 503; count = 1; operation = 'VariableUpsert' }
            Add-EmulatorFault $script:Emulator @{ kind = 'status'; status = 503; count = 1; operation = 'VariableCollectionUpsert' }
            $captured = Invoke-Captured { Set-RailwayVariable -Project demo -Environment production -Service web -Name 'FAULT_PROBE' -Value 'x' -SkipDeploy -Confirm:$false }
            $report = Assert-ClearError $captured.Errors -ErrorId 'Railway*' -Category ConnectionError
            $journal = (Get-EmulatorJournal $script:Emulator).byOperation
            $sent = @($journal.PSObject.Properties | Where-Object Name -Like 'Variable*Upsert' | ForEach-Object Value | Measure-Object -Sum).Sum
            $sent | Should -Be 1
            "$report; the upsert mutation was sent $sent time"
        }
    }
}

Describe 'Fault matrix: a silent socket (connections accepted, never answered)' {
    # -TimeoutSec is a deadline: every request and retry inside the command answers to it, so a blackholed API
    # cannot hold a CI job for minutes (the landed code: Wait-RailwayDeployment -TimeoutSec 5 returned after 367 s).
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'Reliability/SilentListener.psm1') -Force
        $script:Silent = Start-SilentListener
        $script:SilentToken = ConvertTo-SecureString 'silent-socket-token-4c2e' -AsPlainText -Force
        $script:PipedLive = @(Get-RailwayDeployment -Project demo -Environment staging -Service web -Status Success -First 1)[0]

        function Invoke-Bounded {
            <# Runs $Command in its own runspace and gives up after $LimitSec (a hang must fail the row, not the suite). #>
            param([Parameter(Mandatory)][string]$Command, [int]$LimitSec = 20, [object[]]$Arguments = @())
            $ps = [powershell]::Create()
            [void]$ps.AddScript("param(`$Module, `$A) Import-Module `$Module; `$ErrorActionPreference = 'Continue'; `$w = [Diagnostics.Stopwatch]::StartNew(); try { & { $Command } 2>&1 | ForEach-Object { `$_ } } catch { `$_ }; [pscustomobject]@{ PSTypeName = 'Bounded.Elapsed'; Seconds = `$w.Elapsed.TotalSeconds }")
            [void]$ps.AddArgument((Get-RailwayOpsTestModulePath)).AddArgument($Arguments)
            $handle = $ps.BeginInvoke()
            try {
                if (-not $handle.AsyncWaitHandle.WaitOne($LimitSec * 1000)) {
                    $ps.Stop()
                    throw "still running after $LimitSec s"
                }
                $items = @($ps.EndInvoke($handle))
            }
            finally { $ps.Dispose() }
            $isTiming = { $_.PSObject.TypeNames -contains 'Bounded.Elapsed' }
            [pscustomobject]@{
                Errors  = @($items | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
                Output  = @($items | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and -not ($_.PSObject.TypeNames -contains 'Bounded.Elapsed') })
                Seconds = [Math]::Round(@($items | Where-Object $isTiming)[-1].Seconds, 2)
            }
        }
    }

    AfterAll { Stop-SilentListener $script:Silent }

    It '<Name> ends within -TimeoutSec 5 plus one second with an OperationTimeout error' -ForEach @(
        @{ Name = 'Wait-RailwayDeployment -Id'; Command = 'Wait-RailwayDeployment -Id 00000000-0000-4000-8000-000000000001 -TimeoutSec 5 -Endpoint $A[0] -Token $A[1]'; ErrorId = 'RailwayTimeout' }
        @{ Name = 'Wait-RailwayDeployment with a piped deployment'; Command = '$A[2] | Wait-RailwayDeployment -TimeoutSec 5 -Endpoint $A[0] -Token $A[1]'; ErrorId = 'RailwayDeploymentWaitTimeout' }
        @{ Name = 'Wait-RailwayDeployment -CommitSha'; Command = 'Wait-RailwayDeployment -CommitSha abcdef1 -Project demo -Environment production -Service web -TimeoutSec 5 -Endpoint $A[0] -Token $A[1]'; ErrorId = 'RailwayTimeout' }
        @{ Name = 'Invoke-Cpwtr -WhatIf'; Command = 'Invoke-Cpwtr -Path $A[3] -Message silent -Project demo -Environment production -Service web -TimeoutSec 5 -Endpoint $A[0] -Token $A[1] -WhatIf'; ErrorId = 'RailwayTimeout' }
        @{ Name = 'Invoke-Cpwtr'; Command = 'Invoke-Cpwtr -Path $A[3] -Message silent -Project demo -Environment production -Service web -TimeoutSec 5 -Endpoint $A[0] -Token $A[1] -Confirm:$false'; ErrorId = 'RailwayTimeout' }
        @{ Name = 'Test-RailwayHealth -Service'; Command = 'Test-RailwayHealth -Project demo -Environment production -Service web -TimeoutSec 5 -Endpoint $A[0] -Token $A[1]'; ErrorId = 'RailwayTimeout' }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "$Name against a silent socket, -TimeoutSec 5" -Expected "$ErrorId / OperationTimeout within 6 s; nothing committed" -Class 'clear error' -Body {
            $headBefore = git -C $script:Clone rev-parse HEAD

            $result = Invoke-Bounded -Command $Command -Arguments @($script:Silent.GraphQLUrl, $script:SilentToken, $script:PipedLive, $script:Clone)

            $report = Assert-ClearError $result.Errors -ErrorId $ErrorId -Category OperationTimeout
            $result.Seconds | Should -BeLessThan 6 -Because 'the deadline is 5 s and every request answers to it'
            git -C $script:Clone rev-parse HEAD | Should -Be $headBefore -Because 'a release that cannot reach Railway changes nothing'
            @(git -C $script:Clone status --porcelain).Count | Should -Be 0
            "$report after $($result.Seconds) s"
        }
    }

    It 'a Retry-After of <RetryAfter> is a clear RailwayRateLimited error, never an unexpected one' -ForEach @(
        @{ RetryAfter = '1e300'; Requests = 1 }
        @{ RetryAfter = 'Infinity'; Requests = 1 }
        @{ RetryAfter = 'NaN'; Requests = 4 }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "429 with Retry-After: $RetryAfter" -Expected "RailwayRateLimited / LimitsExceeded after $Requests request(s)" -Class 'clear error' -Body {
            $server = Start-RetryAfterServer -RetryAfter $RetryAfter
            try { $result = Invoke-Bounded -Command 'Get-RailwayProject -Endpoint $A[0] -Token $A[1]' -Arguments @($server.GraphQLUrl, $script:SilentToken) -LimitSec 30 }
            finally { Stop-RetryAfterServer $server }
            $report = Assert-ClearError $result.Errors -ErrorId 'RailwayRateLimited' -Category LimitsExceeded
            $server.State.Hits | Should -Be $Requests -Because 'an endless Retry-After is not retried; an unreadable one is ignored, so the usual backoff retries'
            "$report after $($server.State.Hits) request(s) in $($result.Seconds) s"
        }
    }
}

Describe 'Fault matrix: a Railway failure inside a release-loop stage' {
    BeforeAll {
        $script:Release = @{ Project = 'demo'; Environment = 'production'; Service = 'web'; TimeoutSec = 90; HealthTimeoutSec = 10; Confirm = $false }
        if ($script:NoWindow) { $script:Release.StableSec = 0 }

        function Invoke-FaultedRelease([string]$Message) {
            $release = $script:Release
            $summary = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-rel-summary-' + [guid]::NewGuid().ToString('n') + '.md')
            $saved = $env:GITHUB_ACTIONS, $env:GITHUB_STEP_SUMMARY
            $env:GITHUB_ACTIONS = 'true'
            $env:GITHUB_STEP_SUMMARY = $summary
            try { $captured = Invoke-Captured { Invoke-Cpwtr -Path $script:Clone -Message $Message @release } }
            finally {
                $env:GITHUB_ACTIONS, $env:GITHUB_STEP_SUMMARY = $saved
                if ($null -eq $saved[0]) { Remove-Item Env:GITHUB_ACTIONS -ErrorAction SilentlyContinue }
                if ($null -eq $saved[1]) { Remove-Item Env:GITHUB_STEP_SUMMARY -ErrorAction SilentlyContinue }
            }
            $text = if (Test-Path $summary) { Get-Content -Raw $summary } else { '' }
            Remove-Item $summary -ErrorAction SilentlyContinue
            $captured | Add-Member -NotePropertyName Summary -NotePropertyValue $text -PassThru
        }

        function Assert-StageFailure($Captured, [string]$Stage, [string]$Category) {
            $result = Select-Result $Captured.Output
            $result | Should -Not -BeNullOrEmpty -Because 'a stage failure still writes the result'
            $result.FailedStage | Should -Be $Stage
            $result.FailureKind | Should -Be 'RailwayRequestFailed'
            $record = @($Captured.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'RailwayCpwtr*' })[0]
            $report = Assert-ClearError $record -ErrorId 'RailwayCpwtrRailwayRequestFailed' -Category $Category
            $record.ErrorDetails.RecommendedAction | Should -Be $result.NextCommand
            $result.NextCommand | Should -Match 'resumes at Wait'
            $Captured.Summary | Should -Match "the $Stage stage failed"
            $Captured.Summary | Should -Match ([regex]::Escape($result.NextCommand))
            "$report; result written with FailedStage $Stage, the CI summary and the next command"
        }
    }

    AfterEach {
        Clear-EmulatorFault $script:Emulator
        Remove-Item (Join-Path $script:Clone '.git/hooks/pre-push') -ErrorAction SilentlyContinue
    }

    It 'a fault switched on after planning (every request answers 500 from the push on)' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'release loop / HTTP 500 on every request from the push on (after planning)' -Expected 'Wait ends with a result: RailwayCpwtrRailwayRequestFailed / ConnectionError, CI summary, next command; commit on the remote; the resumed run ships it' -Class 'clear error' -Body {
            Add-Content -Path (Join-Path $script:Clone 'README.md') -Value "after-planning fault $([guid]::NewGuid())"
            $hook = Join-Path $script:Clone '.git/hooks/pre-push'
            $faults = [Uri]::new($script:Emulator.AdminUrl, 'faults')
            Set-Content -Path $hook -Value "#!/bin/sh`ncurl -s -X POST -H 'Content-Type: application/json' -d '{`"kind`":`"status`",`"status`":500,`"count`":-1}' '$faults' >/dev/null`nexit 0"
            chmod +x $hook

            $failed = Invoke-FaultedRelease 'fault after planning'

            $report = Assert-StageFailure $failed 'Wait' 'ConnectionError'
            (Select-Result $failed.Output).Stages.Where({ $_.Name -eq 'Push' }).Outcome | Should -Be 'Succeeded'
            git -C (Get-BareRepositoryPath $script:Emulator) rev-parse main | Should -Be (git -C $script:Clone rev-parse HEAD) -Because 'the pushed commit is on the remote'
            Clear-EmulatorFault $script:Emulator
            Remove-Item $hook
            $resumed = Invoke-Captured { Invoke-Cpwtr -Path $script:Clone -Message 'fault after planning' @script:Release }
            $resumed.Errors | Should -BeNullOrEmpty
            (Select-Result $resumed.Output).Succeeded | Should -BeTrue
            (Select-Result $resumed.Output).Stages.Where({ $_.Name -eq 'Push' }).Outcome | Should -Be 'AlreadyDone'
            "$report; resumed run shipped $((Select-Result $resumed.Output).Version) without a second commit"
        }
    }

    It 'a fault in the Wait stage: <Name>' -ForEach @(
        @{ Name = 'Deployments answers 500'; Fault = @{ kind = 'status'; status = 500; count = -1; operation = 'Deployments' }; Category = 'ConnectionError' }
        @{ Name = 'Deployments answers "Not Authorized"'; Fault = @{ kind = 'graphqlError'; message = 'Not Authorized'; count = -1; operation = 'Deployments' }; Category = 'AuthenticationError' }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "release loop / Wait stage: $Name" -Expected "RailwayCpwtrRailwayRequestFailed / $Category with the result, the CI summary and the next command" -Class 'clear error' -Body {
            Add-Content -Path (Join-Path $script:Clone 'README.md') -Value "wait fault $([guid]::NewGuid())"
            Add-EmulatorFault $script:Emulator $Fault

            $failed = Invoke-FaultedRelease "wait fault $Category"

            Assert-StageFailure $failed 'Wait' $Category
        }
    }

    It 'a fault in the Test stage: Domains answers 500' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'release loop / Test stage: Domains answers 500' -Expected 'RailwayCpwtrRailwayRequestFailed / ConnectionError with the result (Wait Succeeded), the CI summary and the next command; the resumed run only tests' -Class 'clear error' -Body {
            Add-Content -Path (Join-Path $script:Clone 'README.md') -Value "test fault $([guid]::NewGuid())"
            Add-EmulatorFault $script:Emulator @{ kind = 'status'; status = 500; count = -1; operation = 'Domains' }

            $failed = Invoke-FaultedRelease 'test fault'

            $report = Assert-StageFailure $failed 'Test' 'ConnectionError'
            (Select-Result $failed.Output).Stages.Where({ $_.Name -eq 'Wait' }).Outcome | Should -Be 'Succeeded'
            Clear-EmulatorFault $script:Emulator
            $resumed = Invoke-Captured { Invoke-Cpwtr -Path $script:Clone -Message 'test fault' @script:Release }
            (Select-Result $resumed.Output).Succeeded | Should -BeTrue
            "$report; the resumed run tested it and succeeded"
        }
    }
}

Describe 'Fault matrix: GitHub faults under Get-RailwayCommitStatus' {
    BeforeAll {
        $script:GitHubRepository = @(Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'repos')[0].repo
        $script:GitHubToken = ConvertTo-TestSecureString ((Get-RailwayOpsTestSeed).githubTokens[0])
    }

    AfterEach {
        Clear-EmulatorFault $script:Emulator
        Remove-Item Env:RAILWAY_HTTP_TIMEOUT, Env:GITHUB_API_URL -ErrorAction SilentlyContinue
    }

    It 'commit status under <Name> is one clear <ErrorId> error' -ForEach @(
        @{ Name = 'GitHub answering 403'; Fault = @{ kind = 'status'; status = 403; count = -1; path = '/api/v3' }; ErrorId = 'RailwayGitHubForbidden'; Category = 'PermissionDenied'; Like = '*denied access (HTTP 403)*'; Recommended = '*-GitHubToken*' }
        @{ Name = 'GitHub answering 403 "API rate limit exceeded"'; Fault = @{ kind = 'status'; status = 403; message = 'API rate limit exceeded for 127.0.0.1.'; count = -1; path = '/api/v3' }; ErrorId = 'RailwayGitHubRateLimited'; Category = 'LimitsExceeded'; Like = '*rate limit*' }
        @{ Name = 'GitHub answering 500'; Fault = @{ kind = 'status'; status = 500; count = -1; path = '/api/v3' }; ErrorId = 'RailwayGitHubError'; Category = 'InvalidResult'; Like = '*HTTP 500*' }
        @{ Name = 'GitHub slower than RAILWAY_HTTP_TIMEOUT=2'; Fault = @{ kind = 'slow'; delayMs = 6000; count = -1; path = '/api/v3' }; ErrorId = 'RailwayGitHubTimeout'; Category = 'OperationTimeout'; Like = '*2 seconds*'; Timeout = 2 }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "commit status / $Name" -Expected "clear error $ErrorId / $Category, no object" -Class 'clear error' -Body {
            $env:GITHUB_API_URL = [string]$script:Emulator.GitHubApiUrl
            if ($Timeout) { $env:RAILWAY_HTTP_TIMEOUT = "$Timeout" }
            Add-EmulatorFault $script:Emulator $Fault

            $captured = Invoke-Captured { Get-RailwayCommitStatus -Repository $script:GitHubRepository -Ref main -GitHubToken $script:GitHubToken }

            Select-Result $captured.Output | Should -BeNullOrEmpty
            $captured.Errors.Count | Should -Be 1
            $report = Assert-ClearError $captured.Errors -ErrorId $ErrorId -Category $Category -MessageLike $Like
            if ($Recommended) { $captured.Errors[0].ErrorDetails.RecommendedAction | Should -BeLike $Recommended }
            if ($Timeout) { $captured.Seconds | Should -BeLessThan 6 -Because 'the request gives up at RAILWAY_HTTP_TIMEOUT, before the slow answer' }
            "$report after $($captured.Seconds) s"
        }
    }
}

Describe 'Fault matrix: answers the emulator never gives (a proxy in front of it)' {
    BeforeAll {
        $script:Token = ConvertTo-TestSecureString (Get-TestSeedToken)
        $script:Web = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
    }

    It '<Command> when <Name> is one clear <ErrorId> error, and nothing changes' -ForEach @(
        @{ Name = 'deploymentRestart answers false'; Command = 'Restart-RailwayDeployment'; Answers = @{ DeploymentRestart = '{"data":{"deploymentRestart":false}}' }; ErrorId = 'RailwayDeploymentActionNotApplied'; Category = 'InvalidResult'; Like = '*answered false*' }
        @{ Name = 'variableCollectionUpsert answers false'; Command = 'Set-RailwayVariable'; Answers = @{ VariableCollectionUpsert = '{"data":{"variableCollectionUpsert":false}}' }; ErrorId = 'RailwayVariableWriteRejected'; Category = 'InvalidResult'; Like = '*answered false*' }
        @{ Name = 'variableCollectionUpsert answers true and changes nothing'; Command = 'Set-RailwayVariable'; Answers = @{ VariableCollectionUpsert = '{"data":{"variableCollectionUpsert":true}}' }; ErrorId = 'RailwayVariableWriteNotApplied'; Category = 'InvalidResult'; Like = '*not applied*' }
        @{ Name = 'the service has no domain'; Command = 'Test-RailwayHealth'; Answers = @{ Domains = '{"data":{"domains":{"serviceDomains":[],"customDomains":[]}}}' }; ErrorId = 'RailwayHealthNoDomain'; Category = 'ObjectNotFound'; Like = '*no public domain*-Uri*' }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "$Command / $Name" -Expected "clear error $ErrorId / $Category; Railway's state unchanged" -Class 'clear error' -Body {
            $live = @(Get-RailwayDeployment @script:Web -Status Success -First 1)[0]
            $name = 'PROXY_' + [guid]::NewGuid().ToString('n').Substring(0, 8).ToUpperInvariant()
            $proxy = Start-EmulatorAnswerProxy -Emulator $script:Emulator -Answers $Answers
            try {
                $through = @{ Endpoint = $proxy.GraphQLUrl; Token = $script:Token }
                $captured = switch ($Command) {
                    'Restart-RailwayDeployment' { Invoke-Captured { Restart-RailwayDeployment -Id $live.DeploymentId -PassThru -Confirm:$false @through } }
                    'Set-RailwayVariable' { Invoke-Captured { Set-RailwayVariable @script:Web -Name $name -Value 'from the proxy test' -SkipDeploy -Confirm:$false @through } }
                    'Test-RailwayHealth' { Invoke-Captured { Test-RailwayHealth @script:Web -TimeoutSec 10 @through } }
                }
                $answered = $proxy.Answered[@($Answers.Keys)[0]]
            }
            finally { Stop-EmulatorAnswerProxy $proxy }

            $answered | Should -Be 1 -Because 'the proxy answered the operation once'
            Select-Result $captured.Output | Should -BeNullOrEmpty
            $report = Assert-ClearError $captured.Errors -ErrorId $ErrorId -Category $Category -MessageLike $Like
            $captured.Errors.Count | Should -Be 1
            (Get-RailwayDeployment -Id $live.DeploymentId).Status | Should -Be 'Success'
            (Get-RailwayVariable @script:Web -Name $name -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty -Because 'the write never reached the emulator'
            "$report; Railway unchanged"
        }
    }
}
