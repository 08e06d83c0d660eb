# Environments, domains and status (issue 15) in the reliability suite: bad input changes nothing, faults end in a
# clear error (a mutation is sent once, a read retries), no secret reaches any stream, and Ctrl+C stops a read at once.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'EnvironmentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/AreaFaultHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/SilentListener.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Token = Get-TestSeedToken -Kind account
    $script:Mutations = @('EnvironmentCreate', 'EnvironmentDelete', 'EnvironmentRename', 'ServiceDomainCreate', 'ServiceDomainDelete', 'CustomDomainCreate', 'CustomDomainDelete')

    function Get-SentMutation { @(Get-TestJournalOperation $script:Emulator | Where-Object { $_ -in $script:Mutations }) }
    function Get-EnvironmentNames { @((Get-RailwayEnvironment -Project demo).Name | Sort-Object) -join ',' }
    function Get-DomainNames([string]$Environment, [string]$Service) { @((Get-RailwayDomain -Project demo -Environment $Environment -Service $Service).Domain | Sort-Object) -join ',' }
}

AfterAll {
    if ($script:WorstStopMs) { Set-ReliabilityMetric -Name 'Environments: stop.WorstStopMs' -Value $script:WorstStopMs }
    Write-ReliabilityReport -Sections 'Environments: bad input', 'Environments: faults', 'Environments: secrets', 'Environments: stop', 'Environments: 5xx, 429, slow answer', 'Environments: silent socket', 'Environments: names in messages'
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Environments: bad input' {
    It '<Name> is refused with <ErrorId> and changes nothing' -ForEach @(
        @{ Name = 'environment name with a space'; Command = 'New-RailwayEnvironment -Project demo -Name "pr 1"'; ErrorId = 'RailwayInvalidEnvironmentName'; Category = 'InvalidArgument' }
        @{ Name = 'environment name with a NUL'; Command = 'New-RailwayEnvironment -Project demo -Name "pr`01"'; ErrorId = 'RailwayInvalidEnvironmentName'; Category = 'InvalidArgument' }
        @{ Name = 'existing environment name in another case'; Command = 'New-RailwayEnvironment -Project demo -Name Production'; ErrorId = 'RailwayEnvironmentExists'; Category = 'ResourceExists' }
        @{ Name = 'fork from an environment that does not exist'; Command = 'New-RailwayEnvironment -Project demo -Name pr-2 -Source nope'; ErrorId = 'RailwayEnvironmentNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'rename onto an existing name'; Command = 'Rename-RailwayEnvironment -Project demo -Name staging -NewName production'; ErrorId = 'RailwayEnvironmentExists'; Category = 'ResourceExists' }
        @{ Name = 'remove an environment that does not exist'; Command = 'Remove-RailwayEnvironment -Project demo -Name nope -Force'; ErrorId = 'RailwayEnvironmentNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'custom domain that is an IP address'; Command = 'New-RailwayDomain -Project demo -Environment production -Service web -Name 192.168.1.1'; ErrorId = 'RailwayInvalidDomainName'; Category = 'InvalidArgument' }
        @{ Name = 'second generated domain of a service'; Command = 'New-RailwayDomain -Project demo -Environment staging -Service web'; ErrorId = 'RailwayDomainExists'; Category = 'ResourceExists'; Before = 'New-RailwayDomain -Project demo -Environment staging -Service web' }
        @{ Name = 'custom domain another service has'; Command = 'New-RailwayDomain -Project demo -Environment staging -Service worker -Name taken.example.com'; ErrorId = 'RailwayDomainTaken'; Category = 'ResourceExists'; Before = 'New-RailwayDomain -Project demo -Environment production -Service web -Name taken.example.com' }
        @{ Name = 'remove a domain the service does not have'; Command = 'Remove-RailwayDomain -Project demo -Environment production -Service web -Domain nope.example.com -Force'; ErrorId = 'RailwayDomainNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'status of an environment that does not exist'; Command = 'Get-RailwayStatus -Project demo -Environment nope'; ErrorId = 'RailwayEnvironmentNotFound'; Category = 'ObjectNotFound' }
    ) {
        Invoke-ReliabilityCase -Section 'Environments: bad input' -Scenario "$Name : $Command" -Expected "$ErrorId / $Category; no mutation in the journal; environments unchanged" -Class 'refused' -Body {
            # What makes the input bad (a domain that exists already); it may exist from an earlier run of the case.
            if ($Before) { Invoke-Captured ([scriptblock]::Create($Before)) | Out-Null }
            $before = Get-EnvironmentNames
            Reset-EmulatorJournal $script:Emulator

            $captured = Invoke-Captured ([scriptblock]::Create($Command))

            $report = Assert-ClearError $captured.Errors[0] -ErrorId $ErrorId -Category $Category
            Get-SentMutation | Should -BeNullOrEmpty -Because 'refused input sends no mutation'
            Get-EnvironmentNames | Should -Be $before
            $report
        }
    }
}

Describe 'Environments: faults' {
    AfterEach { Clear-EmulatorFault $script:Emulator }

    It 'a 500 on environmentCreate is one clear error, the mutation sent once' {
        Invoke-ReliabilityCase -Section 'Environments: faults' -Scenario 'HTTP 500 answering EnvironmentCreate' -Expected 'one clear error; EnvironmentCreate sent exactly once (mutations are not retried)' -Class 'clear error' -Body {
            Add-EmulatorFault $script:Emulator @{ kind = 'status'; status = 500; operation = 'EnvironmentCreate'; count = -1 }
            Reset-EmulatorJournal $script:Emulator

            $captured = Invoke-Captured { New-RailwayEnvironment -Project demo -Name fault-500 }

            $report = Assert-ClearError $captured.Errors[0] -ErrorId 'Railway*'
            (Get-EmulatorJournal $script:Emulator).byOperation.EnvironmentCreate | Should -Be 1
            $captured.Output | Should -BeNullOrEmpty
            $report
        }
    }

    It 'a 429 with Retry-After on the status read is retried and answered' {
        Invoke-ReliabilityCase -Section 'Environments: faults' -Scenario '429 Retry-After: 1 answering ProjectStatus once' -Expected 'the status after one retry; no error' -Class 'recovered' -Body {
            Add-EmulatorFault $script:Emulator @{ kind = 'retryAfter'; retryAfterSeconds = 1; operation = 'ProjectStatus'; count = 1 }

            $captured = Invoke-Captured { Get-RailwayStatus -Project demo -Environment production }

            $captured.Errors | Should -BeNullOrEmpty
            @($captured.Output).Count | Should -Be 2
            "$(@($captured.Output).Count) services after the retry"
        }
    }

    It 'a GraphQL error on environmentDelete deletes nothing and says so' {
        Invoke-ReliabilityCase -Section 'Environments: faults' -Scenario 'GraphQL error answering EnvironmentDelete' -Expected 'RailwayGraphQLError; the environment is still there' -Class 'clear error' -Body {
            New-RailwayEnvironment -Project demo -Name fault-delete -SkipInitialDeploys | Out-Null
            Add-EmulatorFault $script:Emulator @{ kind = 'graphqlError'; message = 'Problem processing request'; operation = 'EnvironmentDelete'; count = 1 }

            $captured = Invoke-Captured { Remove-RailwayEnvironment -Project demo -Name fault-delete -Force }

            $report = Assert-ClearError $captured.Errors[0] -ErrorId 'RailwayGraphQLError'
            (Get-RailwayEnvironment -Project demo -Name fault-delete).Name | Should -Be 'fault-delete'
            $report
        }
    }
}

Describe 'Environments: secrets' {
    It 'no token and no variable value reaches any stream of a fork, a status read or a domain' {
        Invoke-ReliabilityCase -Section 'Environments: secrets' -Scenario 'New-RailwayEnvironment -Source, Get-RailwayStatus, New-RailwayDomain with -Verbose -Debug and a secret variable' -Expected 'neither the token nor the value in any stream' -Class 'no leak' -Body {
            $secret = 'canary-secret-' + [guid]::NewGuid().ToString('n')
            Set-RailwayVariable -Project demo -Environment staging -Service web -Name SECRET_CANARY -Value $secret -SkipDeploy -Force
            $text = & {
                New-RailwayEnvironment -Project demo -Name secret-fork -Source staging -SkipInitialDeploys -Verbose -Debug
                Get-RailwayStatus -Project demo -Environment secret-fork -Verbose -Debug
                New-RailwayDomain -Project demo -Environment secret-fork -Service web -Verbose -Debug
                Get-RailwayDomain -Project demo -Environment secret-fork -Verbose -Debug
            } *>&1 | Out-String -Width 400

            $text | Should -Not -Match ([regex]::Escape($script:Token))
            $text | Should -Not -Match $secret
            (Get-RailwayVariable -Project demo -Environment secret-fork -Service web -Name SECRET_CANARY -AsPlainText).Value | Should -Be $secret -Because 'the fork has the value; it is just never shown'
            "$($text.Length) characters of output, no token, no value"
        }
    }
}

Describe 'Environments: stop' {
    It 'Ctrl+C stops a slow status read at once' {
        Invoke-ReliabilityCase -Section 'Environments: stop' -Scenario 'Stop() during Get-RailwayStatus answered after 20 s' -Expected 'stopped within 2 s; nothing written' -Class 'stopped' -Body {
            Add-EmulatorFault $script:Emulator @{ kind = 'slow'; delayMs = 20000; operation = 'ProjectStatus'; count = 1 }
            Reset-EmulatorJournal $script:Emulator
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript("param(`$ModulePath, `$Endpoint, `$Token) Import-Module `$ModulePath; Get-RailwayStatus -Project demo -Environment production -Endpoint `$Endpoint -Token `$Token ").AddParameters(@{
                        ModulePath = (Get-RailwayOpsTestModulePath); Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString $script:Token) })
                $handle = $shell.BeginInvoke()
                # The emulator journals a request when it has answered, so the read is known to be under way by time:
                # 3 s after the start, with the answer 20 s out, it must still be waiting (asserted below), as the
                # Cancellation file does for a probe.
                $started = [DateTime]::UtcNow
                Wait-TestCondition -TimeoutSec 10 -Because 'three seconds pass' -Condition { $handle.IsCompleted -or ([DateTime]::UtcNow - $started).TotalSeconds -ge 3 }
                $handle.IsCompleted | Should -BeFalse -Because 'the read must still be waiting when stopped'
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $shell.Stop()
                $watch.Stop()
                $output = try { @($shell.EndInvoke($handle)) } catch { @() }
                $shell.InvocationStateInfo.State | Should -Be 'Stopped'
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
                $output | Should -BeNullOrEmpty
                'stopped in {0:0.00} s' -f $watch.Elapsed.TotalSeconds
            }
            finally {
                $shell.Dispose()
                Clear-EmulatorFault $script:Emulator
            }
        }
    }
}

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Reliability/AreaFaultHelpers.psm1') -Force
    # Every cmdlet of the area by the request that is its own (a read's or the mutation's). Setup makes what the
    # command needs (idempotent: each row runs three times, once per fault); State is what a mutation must not change.
    $script:EnvironmentCases = @(
        @{ Name = 'Get-RailwayEnvironment'; Operation = 'Environments'; Command = { Get-RailwayEnvironment -Project demo } }
        @{ Name = 'Get-RailwayStatus'; Operation = 'ProjectStatus'; Command = { Get-RailwayStatus -Project demo -Environment production } }
        @{ Name = 'Get-RailwayDomain'; Operation = 'Domains'; Command = { Get-RailwayDomain -Project demo -Environment production -Service web } }
        @{ Name = 'New-RailwayEnvironment -Source (fork)'; Operation = 'EnvironmentCreate'; Mutation = $true
            Command = { New-RailwayEnvironment -Project demo -Name fault-fork -Source staging -SkipInitialDeploys }; State = { Get-EnvironmentNames } }
        @{ Name = 'Rename-RailwayEnvironment'; Operation = 'EnvironmentRename'; Mutation = $true
            Setup = { if (-not (Get-RailwayEnvironment -Project demo -Name fault-rename -ErrorAction SilentlyContinue)) { New-RailwayEnvironment -Project demo -Name fault-rename -SkipInitialDeploys } }
            Command = { Rename-RailwayEnvironment -Project demo -Name fault-rename -NewName fault-renamed }; State = { Get-EnvironmentNames } }
        @{ Name = 'Remove-RailwayEnvironment'; Operation = 'EnvironmentDelete'; Mutation = $true
            Setup = { if (-not (Get-RailwayEnvironment -Project demo -Name fault-remove -ErrorAction SilentlyContinue)) { New-RailwayEnvironment -Project demo -Name fault-remove -SkipInitialDeploys } }
            Command = { Remove-RailwayEnvironment -Project demo -Name fault-remove -Force }; State = { Get-EnvironmentNames } }
        @{ Name = 'New-RailwayDomain (service domain)'; Operation = 'ServiceDomainCreate'; Mutation = $true
            Command = { New-RailwayDomain -Project demo -Environment production -Service worker }; State = { Get-DomainNames production worker } }
        @{ Name = 'New-RailwayDomain -Name (custom domain)'; Operation = 'CustomDomainCreate'; Mutation = $true
            Command = { New-RailwayDomain -Project demo -Environment production -Service worker -Name fault.example.com }; State = { Get-DomainNames production worker } }
        @{ Name = 'Remove-RailwayDomain'; Operation = 'CustomDomainDelete'; Mutation = $true
            Setup = { if ((Get-DomainNames production web) -notmatch 'fault-remove\.example\.com') { New-RailwayDomain -Project demo -Environment production -Service web -Name fault-remove.example.com } }
            Command = { Remove-RailwayDomain -Project demo -Environment production -Service web -Domain fault-remove.example.com -Force }; State = { Get-DomainNames production web } }
    )
    $script:EnvironmentFaultCases = @(Get-AreaFaultCase -Cases $script:EnvironmentCases)
}

Describe 'Environments: 5xx, 429 and a slow answer on each cmdlet''s own request' {
    AfterEach { Clear-EmulatorFault $script:Emulator }

    It '<Name> under <FaultName>' -ForEach $script:EnvironmentFaultCases {
        $row = $_
        $expected = if ($Mutation) { "$FaultErrorId / $FaultCategory; $Operation sent once (mutations are not retried); nothing changed" } else { "retried and answered; no error" }
        Invoke-ReliabilityCase -Section 'Environments: 5xx, 429, slow answer' -Scenario "$Name / $FaultName on $Operation" -Expected $expected -Class $(if ($Mutation) { 'clear error' } else { 'recovered' }) -Body {
            Invoke-AreaFaultRow -Emulator $script:Emulator -Row $row
        }
    }
}

Describe 'Environments: a silent socket (connections accepted, never answered)' {
    BeforeAll {
        $script:Silent = Start-SilentListener
        $script:SilentCases = @(
            @{ Name = 'Get-RailwayEnvironment'; Command = 'Get-RailwayEnvironment -Project demo -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'New-RailwayEnvironment -Source'; Command = 'New-RailwayEnvironment -Project demo -Name silent -Source staging -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Rename-RailwayEnvironment'; Command = 'Rename-RailwayEnvironment -Project demo -Name staging -NewName silent -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Remove-RailwayEnvironment'; Command = 'Remove-RailwayEnvironment -Project demo -Name staging -Force -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Get-RailwayDomain'; Command = 'Get-RailwayDomain -Project demo -Environment production -Service web -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'New-RailwayDomain'; Command = 'New-RailwayDomain -Project demo -Environment production -Service web -Name silent.example.com -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Remove-RailwayDomain'; Command = 'Remove-RailwayDomain -Project demo -Environment production -Service web -Domain silent.example.com -Force -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Get-RailwayStatus'; Command = 'Get-RailwayStatus -Project demo -Endpoint $Endpoint -Token $Token' }
        )
        $script:EnvironmentsBefore = Get-EnvironmentNames
        $script:SilentRuns = Start-AreaSilentRun -Cases $script:SilentCases -Endpoint $script:Silent.GraphQLUrl -ModulePath (Get-RailwayOpsTestModulePath)
    }

    AfterAll { Stop-SilentListener $script:Silent }

    It '<Name> ends in a clear RailwayTimeout' -ForEach @(
        @{ Name = 'Get-RailwayEnvironment' }, @{ Name = 'New-RailwayEnvironment -Source' }, @{ Name = 'Rename-RailwayEnvironment' }, @{ Name = 'Remove-RailwayEnvironment' },
        @{ Name = 'Get-RailwayDomain' }, @{ Name = 'New-RailwayDomain' }, @{ Name = 'Remove-RailwayDomain' }, @{ Name = 'Get-RailwayStatus' }
    ) {
        Invoke-ReliabilityCase -Section 'Environments: silent socket' -Scenario "$Name against a silent socket, RAILWAY_HTTP_TIMEOUT=1" -Expected 'RailwayTimeout / OperationTimeout after the read retries (< 30 s); nothing changed on the emulator' -Class 'clear error' -Body {
            $result = Receive-AreaSilentRun $script:SilentRuns[$Name]

            $report = Assert-ClearError $result.Errors -ErrorId 'RailwayTimeout' -Category OperationTimeout
            $result.Seconds | Should -BeLessThan 30
            $result.Output | Should -BeNullOrEmpty
            Test-SilentListenerContacted $script:Silent | Should -BeTrue
            Get-EnvironmentNames | Should -Be $script:EnvironmentsBefore
            "$report after $($result.Seconds) s"
        }
    }
}

Describe 'Environments: names in messages' {
    It 'Railway refusing <Operation> is reported with the <Place>, not only the operation' -ForEach @(
        @{ Operation = 'EnvironmentCreate'; Place = 'environment names-new of project demo'; Command = { New-RailwayEnvironment -Project demo -Name names-new -SkipInitialDeploys } }
        @{ Operation = 'EnvironmentRename'; Place = 'environment staging of project demo'; Command = { Rename-RailwayEnvironment -Project demo -Name staging -NewName names-renamed } }
        @{ Operation = 'ServiceDomainCreate'; Place = 'service worker in demo/staging'; Command = { New-RailwayDomain -Project demo -Environment staging -Service worker } }
    ) {
        Invoke-ReliabilityCase -Section 'Environments: names in messages' -Scenario "GraphQL error 'Problem processing request' answering $Operation" -Expected "RailwayGraphQLError whose message starts with '$Place'" -Class 'clear error' -Body {
            Add-EmulatorFault $script:Emulator @{ kind = 'graphqlError'; message = 'Problem processing request'; operation = $Operation; count = 1 }
            try { $captured = Invoke-Captured $Command } finally { Clear-EmulatorFault $script:Emulator }

            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayGraphQLError' -MessageLike "$Place*Problem processing request*"
            "$report; $($captured.Errors[0].Exception.Message)"
        }
    }

    It 'a fork whose deployment never appears is named by service and environment, not ids' {
        Invoke-ReliabilityCase -Section 'Environments: names in messages' -Scenario 'Wait-RailwayDeployment -CommitSha of a commit never deployed to web in a fork, -TimeoutSec 2' -Expected 'the message says "commit 0123456 in web/<fork>", no service or environment id' -Class 'clear error' -Body {
            if (-not (Get-RailwayEnvironment -Project demo -Name names-fork -ErrorAction SilentlyContinue)) { New-RailwayEnvironment -Project demo -Name names-fork -SkipInitialDeploys | Out-Null }
            $environment = Get-RailwayEnvironment -Project demo -Name names-fork
            $service = Get-RailwayService -Project demo | Where-Object Name -EQ 'web'

            $captured = Invoke-Captured { Wait-RailwayDeployment -Project demo -Environment names-fork -Service web -CommitSha 0123456 -TimeoutSec 2 }

            $report = Assert-ClearError $captured.Errors -ErrorId 'Railway*' -MessageLike '*commit 0123456 in web/names-fork*'
            $message = $captured.Errors[0].Exception.Message
            $message | Should -Not -Match ([regex]::Escape($environment.EnvironmentId))
            $message | Should -Not -Match ([regex]::Escape($service.ServiceId))
            "$report; $message"
        }
    }
}

Describe 'Environments: stop within one second' {
    BeforeAll { $script:WorstStopMs = 0 }

    It 'Stop() while <Name> waits on Railway: within 1 s, and the environment is whole or not there' -ForEach @(
        @{ Name = 'New-RailwayEnvironment -Source staging'; Operation = 'EnvironmentCreate'; Command = 'New-RailwayEnvironment -Project demo -Name stop-fork -Source staging -SkipInitialDeploys -Endpoint $Endpoint -Token $Token -Verbose'; Environment = 'stop-fork'; Setup = $null }
        @{ Name = 'Remove-RailwayEnvironment'; Operation = 'EnvironmentDelete'; Command = 'Remove-RailwayEnvironment -Project demo -Name stop-remove -Force -Endpoint $Endpoint -Token $Token -Verbose'; Environment = 'stop-remove'; Setup = 'stop-remove' }
    ) {
        Invoke-ReliabilityCase -Section 'Environments: stop' -Scenario "Stop() during $Name, its $Operation answered only after 10 s" -Expected 'stopped within 1 s (the Cancellation contract); the mutation sent once; the environment unchanged (the cut-off request never applied)' -Class stopped -Body {
            if ($Setup -and -not (Get-RailwayEnvironment -Project demo -Name $Setup -ErrorAction SilentlyContinue)) { New-RailwayEnvironment -Project demo -Name $Setup -SkipInitialDeploys | Out-Null }
            $before = Get-EnvironmentNames
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault $script:Emulator @{ kind = 'slow'; delayMs = 10000; operation = $Operation; count = 1 }
            try {
                $running = Start-DeploymentTestPowerShell -Command $Command -Parameters @{ Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString $script:Token) }
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while (-not @($running.Shell.Streams.Verbose | Where-Object Message -Match 'Performing the operation').Count -and -not $running.Handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
                Start-Sleep -Milliseconds 500
                $running.Handle.IsCompleted | Should -BeFalse -Because 'the mutation must still be unanswered when stopped'
                $seconds = Measure-DeploymentTestStop $running
            }
            finally { Clear-EmulatorFault $script:Emulator }
            $ms = [Math]::Round($seconds * 1000)
            if ($ms -gt $script:WorstStopMs) { $script:WorstStopMs = $ms }

            $ms | Should -BeLessOrEqual 1000
            # The emulator journals the abandoned request once it sees the client gone.
            Wait-TestCondition -TimeoutSec 15 -Because "the abandoned $Operation is journalled" -Condition { (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties[$Operation] }
            (Get-EmulatorJournal $script:Emulator).byOperation.$Operation | Should -Be 1
            Get-EnvironmentNames | Should -Be $before -Because 'a request whose client went away before the answer was not applied'
            "stopped in $ms ms; $Operation sent once; environments unchanged"
        }
    }
}
