# Service settings, replicas, volumes and metrics: bad input changes nothing, faults give clear errors and change
# nothing (mutations sent once), no token reaches any stream, and a stopped -Deploy wait returns at once.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/AreaFaultHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/SilentListener.psm1') -Force
    $script:Fixture = Enter-DeploymentTestFixture
    $script:Emulator, $script:Target, $script:Live = $script:Fixture.Emulator, $script:Fixture.Target, $script:Fixture.Live

    function Get-MutationCount {
        $journal = Get-EmulatorJournal $script:Emulator
        @($journal.byOperation.PSObject.Properties | Where-Object Name -In 'ServiceInstanceUpdate', 'EnvironmentPatchCommit', 'VolumeCreate', 'VolumeDelete', 'DeploymentRedeploy' |
            Measure-Object -Property Value -Sum).Sum ?? 0
    }

    # A railway.toml for Compare-RailwayServiceConfig, and the state a failed mutation must leave as it was.
    $script:ConfigFolder = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-rel-config-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:ConfigFolder | Out-Null
    Set-Content -LiteralPath (Join-Path $script:ConfigFolder 'railway.toml') -Value "[deploy]`nhealthcheckPath = `"/compared`"`n" -Encoding utf8NoBOM
    function Get-InstanceState([string]$Environment = 'production', [string]$Service = 'web') {
        $instance = Get-RailwayServiceInstance -Project demo -Environment $Environment -Service $Service
        "replicas=$($instance.Replicas) healthcheckTimeout=$($instance.HealthcheckTimeout) restartPolicyMaxRetries=$($instance.RestartPolicyMaxRetries)"
    }
    function Get-VolumeState([string]$Environment, [string]$Service) { @((Get-RailwayVolume -Project demo -Environment $Environment -Service $Service).MountPath | Sort-Object) -join ',' }
    function Get-ReplicaCount {
        @(Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'replicas' | ForEach-Object { $_ } |
                Where-Object { $_.environmentId -eq $script:Live.EnvironmentId -and $_.serviceId -eq $script:Live.ServiceId }).Count
    }
}

AfterAll {
    if ($script:WorstStopMs) { Set-ReliabilityMetric -Name 'ServiceInstances: stop.WorstStopMs' -Value $script:WorstStopMs }
    Write-ReliabilityReport -Sections 'ServiceInstances: bad input', 'ServiceInstances: faults', 'ServiceInstances: secrets', 'ServiceInstances: stop', 'ServiceInstances: 5xx, 429, slow answer', 'ServiceInstances: silent socket', 'ServiceInstances: names in messages'
    Exit-DeploymentTestFixture $script:Fixture
    if ($script:ConfigFolder) { Remove-Item -LiteralPath $script:ConfigFolder -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'ServiceInstances: bad input' {
    It 'refuses <Scenario>, sending nothing' -ForEach @(
        @{ Scenario = 'Set-RailwayServiceInstance -Replicas -2'; ErrorId = 'RailwayInvalidServiceSetting'; Command = { Set-RailwayServiceInstance @target -Replicas -2 -Confirm:$false } }
        @{ Scenario = 'Set-RailwayServiceInstance -RestartPolicy SOMETIMES'; ErrorId = 'RailwayInvalidServiceSetting'; Command = { Set-RailwayServiceInstance @target -RestartPolicy SOMETIMES -Confirm:$false } }
        @{ Scenario = 'New-RailwayVolume -MountPath data (not absolute)'; ErrorId = 'RailwayInvalidVolumeMountPath'; Command = { New-RailwayVolume @target -MountPath data -Confirm:$false } }
        @{ Scenario = 'Get-RailwayMetric -Since 90 days'; ErrorId = 'RailwayMetricWindowInvalid'; Command = { Get-RailwayMetric @target -Since (New-TimeSpan -Days 90) } }
        @{ Scenario = 'Get-RailwayMetric -SampleRateSec 0'; ErrorId = 'RailwayMetricWindowInvalid'; Command = { Get-RailwayMetric @target -SampleRateSec 0 } }
        @{ Scenario = 'Set-RailwayServiceInstance -HealthcheckPath health (no leading /)'; ErrorId = 'RailwayInvalidServiceSetting'; Command = { Set-RailwayServiceInstance @target -HealthcheckPath health -Confirm:$false } }
        @{ Scenario = 'Set-RailwayServiceInstance -RestartPolicyMaxRetries -1'; ErrorId = 'RailwayInvalidServiceSetting'; Command = { Set-RailwayServiceInstance @target -RestartPolicyMaxRetries -1 -Confirm:$false } }
        @{ Scenario = 'Set-RailwayServiceInstance with no setting'; ErrorId = 'RailwayInvalidServiceSetting'; Command = { Set-RailwayServiceInstance @target -Confirm:$false } }
        @{ Scenario = 'New-RailwayVolume -MountPath /data/../etc'; ErrorId = 'RailwayInvalidVolumeMountPath'; Command = { New-RailwayVolume @target -MountPath /data/../etc -Confirm:$false } }
        @{ Scenario = 'Compare-RailwayServiceConfig -Path of a folder without railway.toml'; ErrorId = 'RailwayConfigFileNotFound'; Command = { Compare-RailwayServiceConfig @target -Path ([IO.Path]::GetTempPath() + 'railwayops-no-such-config') } }
    ) {
        Invoke-ReliabilityCase -Section 'ServiceInstances: bad input' -Scenario $Scenario -Expected "$ErrorId (InvalidArgument); no request of the cmdlet sent" -Class refused -Body {
            $target = $script:Target
            Reset-EmulatorJournal $script:Emulator
            $result = Invoke-Captured $Command

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId $ErrorId
            # No mutation, and none of the cmdlet's reads either (the refusal comes before the target is resolved).
            $journal = Get-EmulatorJournal $script:Emulator
            Get-MutationCount | Should -Be 0
            @($journal.byOperation.PSObject.Properties.Name | Where-Object { $_ -in 'ServiceInstance', 'VolumeInstances', 'Metrics', 'ProjectOutline', 'Projects' }) |
                Should -BeNullOrEmpty -Because ($journal.byOperation | ConvertTo-Json -Compress)
            "$report; mutations: 0"
        }
    }

    It 'refuses a second volume on a service that has one' {
        Invoke-ReliabilityCase -Section 'ServiceInstances: bad input' -Scenario 'New-RailwayVolume on a service that has a volume' -Expected 'RailwayVolumeExists (ResourceExists); no volumeCreate sent' -Class refused -Body {
            $target = $script:Target
            New-RailwayVolume @target -MountPath /data -Confirm:$false -ErrorAction Stop | Out-Null
            Reset-EmulatorJournal $script:Emulator
            $result = Invoke-Captured { New-RailwayVolume @target -MountPath /other -Confirm:$false }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'RailwayVolumeExists'
            Get-MutationCount | Should -Be 0
            @(Get-RailwayVolume @target).Count | Should -Be 1
            "$report; volumes: 1"
        }
    }
}

Describe 'ServiceInstances: faults' {
    It 'an HTTP 500 on serviceInstanceUpdate: clear error, sent once, nothing changed' {
        Invoke-ReliabilityCase -Section 'ServiceInstances: faults' -Scenario 'serviceInstanceUpdate answers HTTP 500' -Expected 'a clear error (an HTTP 5xx is RailwayConnectionFailed); the mutation sent once (not retried); settings unchanged' -Class 'clear error' -Body {
            $target = $script:Target
            $before = Get-RailwayServiceInstance @target
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'status'; status = 500; operation = 'ServiceInstanceUpdate'; count = 1 }
            $result = Invoke-Captured { Set-RailwayServiceInstance @target -HealthcheckTimeout 33 -Confirm:$false }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'Railway*'
            (Get-EmulatorJournal $script:Emulator).byOperation.ServiceInstanceUpdate | Should -Be 1
            (Get-RailwayServiceInstance @target).HealthcheckTimeout | Should -Be $before.HealthcheckTimeout
            "$report; sent: 1"
        }
    }

    It 'a reset connection on the metrics query is retried (a read)' {
        Invoke-ReliabilityCase -Section 'ServiceInstances: faults' -Scenario 'metrics query connection reset once' -Expected 'retried; samples returned, no error' -Class recovered -Body {
            $target = $script:Target
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'reset'; operation = 'Metrics'; count = 1 }
            $result = Invoke-Captured { Get-RailwayMetric @target -Measurement MemoryUsageGb -Since '00:05:00' }

            $result.Errors | Should -BeNullOrEmpty
            (Get-EmulatorJournal $script:Emulator).byOperation.Metrics | Should -Be 2
            "attempts: 2; samples: $(@($result.Output).Count)"
        }
    }

    It 'Railway refusing the environment patch: the replica count stays' {
        Invoke-ReliabilityCase -Section 'ServiceInstances: faults' -Scenario 'environmentPatchCommit answers a GraphQL error' -Expected 'RailwayGraphQLError; replicas unchanged; processes unchanged' -Class 'clear error' -Body {
            $target = $script:Target
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'graphqlError'; operation = 'EnvironmentPatchCommit'; message = 'Problem processing request'; count = 1 }
            $result = Invoke-Captured { Set-RailwayServiceInstance @target -Replicas 2 -Confirm:$false }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'RailwayGraphQLError'
            (Get-RailwayServiceInstance @target).Replicas | Should -Be 1
            $all = Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'replicas'
            @($all | Where-Object { $_.environmentId -eq $script:Live.EnvironmentId -and $_.serviceId -eq $script:Live.ServiceId }).Count | Should -Be 1
            "$report; replicas: 1"
        }
    }
}

Describe 'ServiceInstances: secrets' {
    It 'the token reaches no stream of <Command>' -ForEach @(
        @{ Command = 'Get-RailwayServiceInstance'; Script = { Get-RailwayServiceInstance @target -Token $token -Verbose -Debug } }
        @{ Command = 'Set-RailwayServiceInstance -WhatIf'; Script = { Set-RailwayServiceInstance @target -Token $token -Replicas 2 -WhatIf -Verbose -Debug } }
        @{ Command = 'Get-RailwayVolume'; Script = { Get-RailwayVolume @target -Token $token -Verbose -Debug } }
        @{ Command = 'Get-RailwayMetric -Summary'; Script = { Get-RailwayMetric @target -Token $token -Summary -Verbose -Debug } }
    ) {
        Invoke-ReliabilityCase -Section 'ServiceInstances: secrets' -Scenario "token passed to $Command with -Verbose -Debug" -Expected 'the token text appears in no output, error, verbose, debug or warning record' -Class 'no leak' -Body {
            $target = $script:Target
            $plain = Get-TestSeedToken
            $token = ConvertTo-TestSecureString $plain
            $all = & { & $Script } *>&1 | Out-String

            $all | Should -Not -BeNullOrEmpty
            $all | Should -Not -Match ([regex]::Escape($plain))
            "streams: $($all.Length) chars, token absent"
        }
    }
}

Describe 'ServiceInstances: stop' {
    It 'Set-RailwayServiceInstance -Deploy stopped while it waits returns and leaves the deployment to Railway' {
        Invoke-ReliabilityCase -Section 'ServiceInstances: stop' -Scenario 'Ctrl+C (Stop) during Set-RailwayServiceInstance -Deploy, its redeploy request slow' -Expected 'returns within the stop budget; the setting written; the redeploy sent once, not retried' -Class stopped -Body {
            $target = $script:Target
            Reset-EmulatorJournal $script:Emulator
            # The redeploy answers after 8 s: the stop arrives while the cmdlet waits on it.
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'slow'; delayMs = 8000; operation = 'DeploymentRedeploy'; count = 1 }
            $running = Start-DeploymentTestPowerShell -Command 'Set-RailwayServiceInstance -Project demo -Environment production -Service web -RestartPolicyMaxRetries 3 -Deploy -Confirm:$false -Endpoint $Endpoint -Token $Token -Verbose' `
                -Parameters @{ Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken)) }
            # The verbose line comes just before the redeploy is sent (the journal counts a request once it is answered).
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not @($running.Shell.Streams.Verbose | Where-Object Message -Match 'Redeploying').Count -and -not $running.Handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $running.Handle.IsCompleted | Should -BeFalse
            $seconds = Measure-DeploymentTestStop $running

            $seconds | Should -BeLessThan 5
            # Sent at most once: the slow answer arrives after the stop and nothing sends it again.
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties['DeploymentRedeploy'] -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            (Get-EmulatorJournal $script:Emulator).byOperation.DeploymentRedeploy | Should -BeLessOrEqual 1
            (Get-RailwayServiceInstance @target).RestartPolicyMaxRetries | Should -Be 3
            'stopped in {0:0.00} s; redeploys: 1' -f $seconds
        }
    }
}

Describe 'ServiceInstances: bad input that needs Railway''s answer' {
    It 'refuses <Scenario> with <ErrorId>, changing nothing' -ForEach @(
        @{ Scenario = 'Get-RailwayServiceInstance of a service that does not exist'; ErrorId = 'RailwayServiceNotFound'; Command = { Get-RailwayServiceInstance -Project demo -Environment production -Service nope } }
        @{ Scenario = 'Set-RailwayServiceInstance in an environment that does not exist'; ErrorId = 'RailwayEnvironmentNotFound'; Command = { Set-RailwayServiceInstance -Project demo -Environment nope -Service web -Replicas 2 -Confirm:$false } }
        # Only Railway knows whether a volume id exists: its volumeDelete is sent once and refused.
        @{ Scenario = 'Remove-RailwayVolume of a volume id that does not exist'; ErrorId = 'RailwayNotFound'; Refused = 1; MessageLike = '*volume 00000000-0000-4000-8000-00000000dead*Get-RailwayVolume*'
            Command = { Remove-RailwayVolume -Id 00000000-0000-4000-8000-00000000dead -Force } }
        @{ Scenario = 'Compare-RailwayServiceConfig of an invalid railway.toml'; ErrorId = 'RailwayInvalidConfigFile'; Command = {
                $folder = Join-Path $script:ConfigFolder 'invalid'; New-Item -ItemType Directory -Force -Path $folder | Out-Null
                Set-Content -LiteralPath (Join-Path $folder 'railway.toml') -Value "[deploy`nhealthcheckPath = 1"
                Compare-RailwayServiceConfig -Project demo -Environment production -Service web -Path $folder } }
        @{ Scenario = 'Get-RailwayVolume of a service that does not exist'; ErrorId = 'RailwayServiceNotFound'; Command = { Get-RailwayVolume -Project demo -Environment production -Service nope } }
    ) {
        $sent = if ($Refused) { "$Refused mutation, refused by Railway" } else { 'no mutation' }
        Invoke-ReliabilityCase -Section 'ServiceInstances: bad input' -Scenario $Scenario -Expected "$ErrorId; $sent; settings, replicas and volumes unchanged" -Class refused -Body {
            $before = "$(Get-InstanceState) volumes=$(Get-VolumeState production web) replicas-running=$(Get-ReplicaCount)"
            Reset-EmulatorJournal $script:Emulator

            $result = Invoke-Captured $Command

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId $ErrorId -MessageLike $(if ($MessageLike) { $MessageLike } else { '*' })
            Get-MutationCount | Should -Be $(if ($Refused) { $Refused } else { 0 })
            "$(Get-InstanceState) volumes=$(Get-VolumeState production web) replicas-running=$(Get-ReplicaCount)" | Should -Be $before
            "$report; mutations: $(Get-MutationCount); state unchanged; $($result.Errors[0].Exception.Message)"
        }
    }
}

Describe 'ServiceInstances: stop within one second' {
    BeforeAll {
        $script:WorstStopMs = 0
        function Measure-Stop($Running) {
            $ms = [Math]::Round((Measure-DeploymentTestStop $Running) * 1000)
            if ($ms -gt $script:WorstStopMs) { $script:WorstStopMs = $ms }
            $ms
        }
    }

    It 'stops Get-RailwayMetric while its metrics read is unanswered' {
        Invoke-ReliabilityCase -Section 'ServiceInstances: stop' -Scenario 'Stop() during Get-RailwayMetric, its Metrics request answered only after 20 s' -Expected 'stopped within 1 s (the Cancellation contract); no samples written; the read not retried' -Class stopped -Body {
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'slow'; delayMs = 20000; operation = 'Metrics'; count = 1 }
            try {
                $running = Start-DeploymentTestPowerShell -Command 'Get-RailwayMetric -Project demo -Environment production -Service web -Since 00:10:00 -Endpoint $Endpoint -Token $Token -Verbose' `
                    -Parameters @{ Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken)) }
                # The target is resolved (ProjectOutline answered) before the metrics request goes out.
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while (-not (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties['ProjectOutline'] -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
                Start-Sleep -Milliseconds 500
                $running.Handle.IsCompleted | Should -BeFalse -Because 'the read must still be waiting when stopped'
                $output = $running.Shell.Streams.Information.Count
                $ms = Measure-Stop $running
            }
            finally { Clear-EmulatorFault $script:Emulator }

            $ms | Should -BeLessOrEqual 1000
            # The abandoned request is journalled once the emulator notices the client left; never a second one.
            Start-Sleep -Milliseconds 500
            [int](Get-EmulatorJournal $script:Emulator).byOperation.Metrics | Should -BeLessOrEqual 1
            "stopped in $ms ms; Metrics requests: $([int](Get-EmulatorJournal $script:Emulator).byOperation.Metrics)"
        }
    }

    It 'stops Set-RailwayServiceInstance -Replicas mid-scale, and the scale converges' {
        Invoke-ReliabilityCase -Section 'ServiceInstances: stop' -Scenario 'Stop() during Set-RailwayServiceInstance -Replicas 3 while the new replicas start (the patch answers when they serve)' -Expected 'stopped within 1 s; the running replicas converge on the count read back (the patch was sent once); scaled back to 1 after' -Class stopped -Body {
            Reset-EmulatorJournal $script:Emulator
            $running = Start-DeploymentTestPowerShell -Command 'Set-RailwayServiceInstance -Project demo -Environment production -Service web -Replicas 3 -Confirm:$false -Endpoint $Endpoint -Token $Token -Verbose' `
                -Parameters @{ Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken)) }
            try {
                $deadline = [DateTime]::UtcNow.AddSeconds(30)
                while ((Get-ReplicaCount) -lt 2 -and -not $running.Handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
                $midScale = -not $running.Handle.IsCompleted
                $ms = Measure-Stop $running

                $ms | Should -BeLessOrEqual 1000
                # The journal counts a request once it is answered: the patch answers when the new replicas serve.
                $deadline = [DateTime]::UtcNow.AddSeconds(30)
                while (-not (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties['EnvironmentPatchCommit'] -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
                [int](Get-EmulatorJournal $script:Emulator).byOperation.EnvironmentPatchCommit | Should -Be 1
                $wanted = [int](Get-RailwayServiceInstance @script:Target).Replicas
                $deadline = [DateTime]::UtcNow.AddSeconds(60)
                while ((Get-ReplicaCount) -ne $wanted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
                Get-ReplicaCount | Should -Be $wanted -Because 'the replicas converge on the count read back'
            }
            finally {
                Set-RailwayServiceInstance @script:Target -Replicas 1 -Confirm:$false -ErrorAction SilentlyContinue | Out-Null
            }
            Get-ReplicaCount | Should -Be 1 -Because 'scaling back down ends the extra replicas'
            "stopped in $ms ms $(if ($midScale) { 'mid-scale' } else { 'as the scale answered' }); Replicas read back $wanted with $wanted running; back to 1"
        }
    }
}

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Reliability/AreaFaultHelpers.psm1') -Force
    $cases = @(
        @{ Name = 'Get-RailwayServiceInstance'; Operation = 'ServiceInstance'; Command = { Get-RailwayServiceInstance -Project demo -Environment production -Service web } }
        @{ Name = 'Compare-RailwayServiceConfig'; Operation = 'ServiceInstance'; Command = { Compare-RailwayServiceConfig -Project demo -Environment production -Service web -Path $script:ConfigFolder } }
        @{ Name = 'Get-RailwayVolume'; Operation = 'VolumeInstances'; Command = { Get-RailwayVolume -Project demo -Environment production -Service web } }
        @{ Name = 'Get-RailwayMetric'; Operation = 'Metrics'; Command = { Get-RailwayMetric -Project demo -Environment production -Service web -Since '00:05:00' } }
        @{ Name = 'Set-RailwayServiceInstance -HealthcheckTimeout'; Operation = 'ServiceInstanceUpdate'; Mutation = $true
            Command = { Set-RailwayServiceInstance -Project demo -Environment production -Service web -HealthcheckTimeout 41 -Confirm:$false }; State = { Get-InstanceState } }
        @{ Name = 'Set-RailwayServiceInstance -Replicas 2 (scale)'; Operation = 'EnvironmentPatchCommit'; Mutation = $true
            Command = { Set-RailwayServiceInstance -Project demo -Environment production -Service web -Replicas 2 -Confirm:$false }; State = { "$(Get-InstanceState) running=$(Get-ReplicaCount)" } }
        @{ Name = 'New-RailwayVolume'; Operation = 'VolumeCreate'; Mutation = $true
            Command = { New-RailwayVolume -Project demo -Environment staging -Service worker -MountPath /fault -Confirm:$false }; State = { Get-VolumeState staging worker } }
        @{ Name = 'Remove-RailwayVolume'; Operation = 'VolumeDelete'; Mutation = $true
            Setup = { if (-not (Get-VolumeState production worker)) { New-RailwayVolume -Project demo -Environment production -Service worker -MountPath /kept -Confirm:$false } }
            Command = { Get-RailwayVolume -Project demo -Environment production -Service worker | Remove-RailwayVolume -Force }; State = { Get-VolumeState production worker } }
    )
    $script:ServiceInstanceFaultCases = @(Get-AreaFaultCase -Cases $cases)
}

Describe 'ServiceInstances: 5xx, 429 and a slow answer on each cmdlet''s own request' {
    AfterEach { Clear-EmulatorFault $script:Emulator }

    It '<Name> under <FaultName>' -ForEach $script:ServiceInstanceFaultCases {
        $row = $_
        $expected = if ($Mutation) { "$FaultErrorId / $FaultCategory; $Operation sent once (mutations are not retried); nothing changed" } else { 'retried and answered; no error' }
        Invoke-ReliabilityCase -Section 'ServiceInstances: 5xx, 429, slow answer' -Scenario "$Name / $FaultName on $Operation" -Expected $expected -Class $(if ($Mutation) { 'clear error' } else { 'recovered' }) -Body {
            Invoke-AreaFaultRow -Emulator $script:Emulator -Row $row
        }
    }
}

Describe 'ServiceInstances: a silent socket (connections accepted, never answered)' {
    BeforeAll {
        $script:Silent = Start-SilentListener
        $script:SilentCases = @(
            @{ Name = 'Get-RailwayServiceInstance'; Command = 'Get-RailwayServiceInstance -Project demo -Environment production -Service web -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Set-RailwayServiceInstance -Replicas 3'; Command = 'Set-RailwayServiceInstance -Project demo -Environment production -Service web -Replicas 3 -Confirm:$false -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Compare-RailwayServiceConfig'; Command = 'Compare-RailwayServiceConfig -Project demo -Environment production -Service web -Path $A.Folder -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Get-RailwayVolume'; Command = 'Get-RailwayVolume -Project demo -Environment production -Service web -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'New-RailwayVolume'; Command = 'New-RailwayVolume -Project demo -Environment production -Service web -MountPath /silent -Confirm:$false -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Remove-RailwayVolume'; Command = 'Remove-RailwayVolume -Id 00000000-0000-4000-8000-00000000beef -Force -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Get-RailwayMetric'; Command = 'Get-RailwayMetric -Project demo -Environment production -Service web -Endpoint $Endpoint -Token $Token' }
        )
        $script:StateBefore = "$(Get-InstanceState) running=$(Get-ReplicaCount)"
        $script:SilentRuns = Start-AreaSilentRun -Cases $script:SilentCases -Endpoint $script:Silent.GraphQLUrl -ModulePath (Get-RailwayOpsTestModulePath) -Arguments @{ Folder = $script:ConfigFolder }
    }

    AfterAll { Stop-SilentListener $script:Silent }

    It '<Name> ends in a clear RailwayTimeout' -ForEach @(
        @{ Name = 'Get-RailwayServiceInstance' }, @{ Name = 'Set-RailwayServiceInstance -Replicas 3' }, @{ Name = 'Compare-RailwayServiceConfig' }, @{ Name = 'Get-RailwayVolume' },
        @{ Name = 'New-RailwayVolume' }, @{ Name = 'Remove-RailwayVolume' }, @{ Name = 'Get-RailwayMetric' }
    ) {
        Invoke-ReliabilityCase -Section 'ServiceInstances: silent socket' -Scenario "$Name against a silent socket, RAILWAY_HTTP_TIMEOUT=1" -Expected 'RailwayTimeout / OperationTimeout (< 30 s); settings and replicas unchanged' -Class 'clear error' -Body {
            $result = Receive-AreaSilentRun $script:SilentRuns[$Name]

            $report = Assert-ClearError $result.Errors -ErrorId 'RailwayTimeout' -Category OperationTimeout
            $result.Seconds | Should -BeLessThan 30
            $result.Output | Should -BeNullOrEmpty
            "$(Get-InstanceState) running=$(Get-ReplicaCount)" | Should -Be $script:StateBefore
            "$report after $($result.Seconds) s"
        }
    }
}

Describe 'ServiceInstances: names in messages' {
    It 'Railway refusing <Operation> is reported with the <Place>, not only the operation' -ForEach @(
        @{ Operation = 'ServiceInstanceUpdate'; Place = 'service web in demo/production'; Command = { Set-RailwayServiceInstance -Project demo -Environment production -Service web -HealthcheckTimeout 44 -Confirm:$false } }
        @{ Operation = 'EnvironmentPatchCommit'; Place = 'service worker in demo/staging'; Command = { Set-RailwayServiceInstance -Project demo -Environment staging -Service worker -Replicas 2 -Confirm:$false } }
        @{ Operation = 'VolumeCreate'; Place = 'service worker in demo/staging'; Command = { New-RailwayVolume -Project demo -Environment staging -Service worker -MountPath /named -Confirm:$false } }
        @{ Operation = 'Metrics'; Place = 'service web in demo/production'; Command = { Get-RailwayMetric -Project demo -Environment production -Service web } }
        @{ Operation = 'ServiceInstance'; Place = 'service web in demo/production'; Command = { Compare-RailwayServiceConfig -Project demo -Environment production -Service web -Path $script:ConfigFolder } }
    ) {
        Invoke-ReliabilityCase -Section 'ServiceInstances: names in messages' -Scenario "GraphQL error 'Problem processing request' answering $Operation" -Expected "RailwayGraphQLError whose message starts with '$Place'" -Class 'clear error' -Body {
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'graphqlError'; message = 'Problem processing request'; operation = $Operation; count = -1 }
            try { $captured = Invoke-Captured $Command } finally { Clear-EmulatorFault $script:Emulator }

            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayGraphQLError' -MessageLike "$Place*Problem processing request*"
            "$report; $($captured.Errors[0].Exception.Message)"
        }
    }
}
