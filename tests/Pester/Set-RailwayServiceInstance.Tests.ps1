BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ProcessHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:ModulePath = Get-RailwayOpsTestModulePath
    $script:Target = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
    $script:Emulator = Start-RailwayTestEmulator
    # The sample with a start command that says which process answered (/whoami) and can be told to crash (/crash).
    $script:Repository = New-DeploymentTestRepository -Emulator $script:Emulator
    $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'replica app' -Change {
        param($Path)
        Copy-Item (Join-Path $PSScriptRoot 'Fixtures/replica_app.py') (Join-Path $Path 'app/replica_app.py')
        Set-DeploymentTestStartCommand -Path $Path -Command 'python3 app/replica_app.py'
    }
    $script:Live = Wait-RailwayDeployment @script:Target -CommitSha $sha -TimeoutSec 120 -ErrorAction Stop

    function Get-WebReplica {
        # The emulator's own list of the processes serving web in production: each replica's process (the shell of its
        # start command, whose process group the app is in; the app reports that group).
        # Assigned first: Invoke-RestMethod writes a JSON array as one object, which a pipe would not enumerate.
        $all = Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'replicas'
        @($all | Where-Object { $_.environmentId -eq $script:Live.EnvironmentId -and $_.serviceId -eq $script:Live.ServiceId })
    }

    function Get-WebUrl {
        # The service's stable URL is its domain (the per-instance proxy in the emulator).
        $query = @{ query = 'query($e:String!,$p:String!,$s:String!){ domains(environmentId:$e, projectId:$p, serviceId:$s){ serviceDomains { domain } } }'
            variables = @{ e = $script:Live.EnvironmentId; p = $script:Live.ProjectId; s = $script:Live.ServiceId } } | ConvertTo-Json -Depth 5
        $answer = Invoke-RestMethod -Uri $script:Emulator.GraphQLUrl -Method Post -Body $query -ContentType 'application/json' -Headers @{ Authorization = "Bearer $(Get-TestSeedToken)" }
        'http://' + $answer.data.domains.serviceDomains[0].domain
    }

    function Invoke-Whoami([int]$Count) {
        # Each request on a new connection, so the proxy's round-robin picks a replica per request.
        foreach ($i in 1..$Count) {
            Invoke-RestMethod -Uri ($script:WebUrl + '/whoami') -TimeoutSec 10 -DisableKeepAlive
        }
    }

    function Get-Mutations {
        $journal = Get-EmulatorJournal $script:Emulator
        @($journal.byOperation.PSObject.Properties | Where-Object Name -In 'ServiceInstanceUpdate', 'EnvironmentPatchCommit', 'DeploymentRedeploy' | Where-Object Value -gt 0)
    }

    function Invoke-ChildSet([string]$Command) {
        # A fresh pwsh, for the host's What if lines.
        $body = "param(`$ModulePath)`n`$PSStyle.OutputRendering = 'PlainText'`nImport-Module `$ModulePath -ErrorAction Stop`n" +
            "try { $Command; 'COMPLETED' }`ncatch { 'ERRORID=' + `$_.FullyQualifiedErrorId; 'MESSAGE=' + `$_.ToString() }"
        $result = Invoke-ChildPwsh -ScriptBlock ([scriptblock]::Create($body)) -ArgumentList $script:ModulePath -TimeoutSec 90 `
            -Environment @{ RAILWAYOPS_API_URL = $script:Emulator.GraphQLUrl; RAILWAY_API_TOKEN = (Get-TestSeedToken) }
        $result | Add-Member -NotePropertyName Text -NotePropertyValue ($result.Output -replace '\s+', ' ') -PassThru
    }

    $script:WebUrl = Get-WebUrl
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Remove-DeploymentTestRepository $script:Repository
    Exit-RailwayTestEnvironment
}

Describe 'Get-RailwayServiceInstance' {
    It 'reads the settings of the service in the environment as one typed object' {
        $instance = Get-RailwayServiceInstance @script:Target

        $instance | Should -BeOfType ([RailwayOps.RailwayServiceInstance])
        $instance.ServiceName | Should -Be 'web'
        $instance.EnvironmentName | Should -Be 'production'
        $instance.HealthcheckPath | Should -Be '/api/health'
        $instance.RestartPolicy | Should -Be 'ON_FAILURE'
        $instance.Replicas | Should -Be 1
        $instance.SourceRepo | Should -Be 'railwayops/hello-railway'
        $instance.LatestDeploymentId | Should -Be $script:Live.DeploymentId
    }

    It 'names every missing piece of the target in one error' {
        Get-RailwayServiceInstance -Project demo -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayServiceInstanceTargetRequired,*'
        $failure[0].Exception.Message | Should -Match '-Environment, -Service'
    }

    It 'reports a service that does not exist' {
        Get-RailwayServiceInstance -Project demo -Environment production -Service nope -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayServiceNotFound,*'
    }
}

Describe 'Set-RailwayServiceInstance replicas' {
    It 'shows old -> new with -WhatIf and changes nothing' {
        Reset-EmulatorJournal $script:Emulator

        $result = Invoke-ChildSet 'Set-RailwayServiceInstance -Project demo -Environment production -Service web -Replicas 3 -HealthcheckTimeout 7 -WhatIf'

        $result.Lines | Should -Contain 'COMPLETED' -Because "the child wrote: $($result.Output) $($result.Error)"
        $result.Text | Should -Match ([regex]::Escape('What if: Performing the operation "Change Replicas: 1 -> 3; HealthcheckTimeout: 100 -> 7" on target "web (production)".'))
        Get-Mutations | Should -BeNullOrEmpty
        @(Get-WebReplica).Count | Should -Be 1
    }

    It 'scales to 3: three processes serve and requests spread over them' {
        $before = Get-WebReplica
        $before.Count | Should -Be 1 -Because ($before | ConvertTo-Json)

        Reset-EmulatorJournal $script:Emulator
        $after = Get-RailwayServiceInstance @script:Target | Set-RailwayServiceInstance -Replicas 3 -PassThru -Confirm:$false -ErrorAction Stop

        $after.Replicas | Should -Be 3
        # Railway's CLI way: the environment patch, not serviceInstanceUpdate.
        (Get-EmulatorJournal $script:Emulator).byOperation.EnvironmentPatchCommit | Should -Be 1
        $replicas = Get-WebReplica
        $replicas.Count | Should -Be 3
        @($replicas.processId | Where-Object { Test-ProcessAlive $_ }).Count | Should -Be 3
        $replicas.processId | Should -Contain $before[0].processId
        $served = Invoke-Whoami 12
        @($served.pid | Sort-Object -Unique).Count | Should -Be 3
        @($served.group | Sort-Object -Unique) | Should -Be @($replicas.processId | Sort-Object)
        @($served.replica | Sort-Object -Unique).Count | Should -Be 3
        # Round-robin: each replica answers a third of the requests.
        $served | Group-Object pid | ForEach-Object { $_.Count | Should -Be 4 }
        (Get-RailwayDeployment -Id $script:Live.DeploymentId).Status | Should -Be 'Success'
    }

    It 'restarts one crashed replica of three while the other two keep serving' {
        $replicas = Get-WebReplica
        $replicas.Count | Should -Be 3
        $answer = Invoke-RestMethod -Uri ($script:WebUrl + '/crash') -DisableKeepAlive
        $crashed = $answer.group
        $replicas.processId | Should -Contain $crashed

        # The crashing replica answered /crash and exits: a request the proxy handed it in that moment would be cut
        # off with it (as on Railway). Once it is gone, its port refuses and the proxy hands each request to another.
        $gone = [DateTime]::UtcNow.AddSeconds(15)
        while ((Test-ProcessAlive $crashed) -and [DateTime]::UtcNow -lt $gone) { Start-Sleep -Milliseconds 50 }
        Test-ProcessAlive $crashed | Should -BeFalse -Because 'the replica asked to crash exits'

        # Served throughout: every request answers while the crashed replica is replaced.
        $answers = [Collections.Generic.List[object]]::new()
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        do {
            $answers.Add((Invoke-RestMethod -Uri ($script:WebUrl + '/whoami') -TimeoutSec 10 -DisableKeepAlive))
            $now = Get-WebReplica
            $replaced = $now.Count -eq 3 -and $now.processId -notcontains $crashed
        } until ($replaced -or [DateTime]::UtcNow -gt $deadline)

        $replaced | Should -BeTrue -Because 'the restart policy ON_FAILURE replaces the crashed replica'
        Test-ProcessAlive $crashed | Should -BeFalse
        Test-ProcessAlive $answer.crashing | Should -BeFalse
        $answers.Count | Should -BeGreaterThan 0
        # Every request answered (Invoke-RestMethod throws on a 502): the other replicas served meanwhile, and the
        # replacement too once it was up (it may answer before the loop above sees the replica list change).
        $survivors = @($replicas.processId | Where-Object { $_ -ne $crashed })
        $servedBy = @($answers.group | Where-Object { $_ -ne $crashed } | Sort-Object -Unique)
        $servedBy | Should -Not -BeNullOrEmpty
        foreach ($server in $servedBy) { $server | Should -BeIn @($survivors + (Get-WebReplica).processId) }
        @($servedBy | Where-Object { $_ -in $survivors }).Count | Should -BeGreaterThan 0 -Because 'the two that did not crash kept serving'
        foreach ($survivor in $survivors) { (Get-WebReplica).processId | Should -Contain $survivor }
        # The replacement keeps its replica id (the policy is per replica) and serves.
        (Get-WebReplica).replicaId | Sort-Object | Should -Be ($replicas.replicaId | Sort-Object)
        $later = Invoke-Whoami 6
        @($later.pid | Sort-Object -Unique).Count | Should -Be 3
        $later.pid | Should -Not -Contain $answer.crashing
        (Get-RailwayDeployment -Id $script:Live.DeploymentId).Status | Should -Be 'Success'
        (Get-RailwayDeploymentLog -Id $script:Live.DeploymentId).Message -join "`n" | Should -Match 'Container exited with code 3 \(replica \d of 3\)'
    }

    It 'scales to 1: two processes end and one keeps serving' {
        $before = Get-WebReplica
        $before.Count | Should -Be 3

        Set-RailwayServiceInstance @script:Target -Replicas 1 -Confirm:$false -ErrorAction Stop

        $after = Get-WebReplica
        $after.Count | Should -Be 1
        $before.processId | Should -Contain $after[0].processId
        $ended = @($before.processId | Where-Object { $_ -ne $after[0].processId })
        $ended.Count | Should -Be 2
        foreach ($id in $ended) { Test-ProcessAlive $id | Should -BeFalse }
        @((Invoke-Whoami 4).group | Sort-Object -Unique) | Should -Be @($after[0].processId)
        (Get-RailwayServiceInstance @script:Target).Replicas | Should -Be 1
    }
}

Describe 'Set-RailwayServiceInstance settings' {
    It 'sends only what differs and says so when nothing does' {
        Reset-EmulatorJournal $script:Emulator

        Set-RailwayServiceInstance @script:Target -RestartPolicy ON_FAILURE -Replicas 1 -Confirm:$false -Verbose -ErrorAction Stop 4>&1 |
            Out-String | Should -Match 'already has that value; nothing was sent'
        Get-Mutations | Should -BeNullOrEmpty
    }

    It 'changes the health-check settings in one serviceInstanceUpdate and reads them back' {
        Reset-EmulatorJournal $script:Emulator

        $after = Set-RailwayServiceInstance @script:Target -HealthcheckTimeout 45 -RestartPolicy onfailure -RestartPolicyMaxRetries 4 -PassThru -Confirm:$false -ErrorAction Stop

        $after.HealthcheckTimeout | Should -Be 45
        $after.RestartPolicyMaxRetries | Should -Be 4
        (Get-EmulatorJournal $script:Emulator).byOperation.ServiceInstanceUpdate | Should -Be 1
        (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties['EnvironmentPatchCommit'] | Should -BeNullOrEmpty
    }

    It 'rolls the change out with -Deploy and waits until the new deployment is live' {
        $after = Set-RailwayServiceInstance @script:Target -RestartPolicyMaxRetries 5 -Deploy -TimeoutSec 120 -PassThru -Confirm:$false -ErrorAction Stop

        $after.RestartPolicyMaxRetries | Should -Be 5
        $after.LatestDeploymentId | Should -Not -Be $script:Live.DeploymentId
        (Get-RailwayDeployment -Id $after.LatestDeploymentId).Status | Should -Be 'Success'
        (Get-RailwayDeployment -Id $script:Live.DeploymentId).Status | Should -Be 'Removed'
        $script:Live = Get-RailwayDeployment -Id $after.LatestDeploymentId
    }

    It 'refuses <Case> before sending anything' -ForEach @(
        @{ Case = 'negative replicas'; Arguments = @{ Replicas = -1 }; Pattern = 'at least 1' }
        @{ Case = 'zero replicas'; Arguments = @{ Replicas = 0 }; Pattern = 'at least 1' }
        @{ Case = 'an unknown restart policy'; Arguments = @{ RestartPolicy = 'SOMETIMES' }; Pattern = 'ON_FAILURE, ALWAYS, NEVER' }
        @{ Case = 'a negative timeout'; Arguments = @{ HealthcheckTimeout = -5 }; Pattern = 'must not be negative' }
        @{ Case = 'a relative health-check path'; Arguments = @{ HealthcheckPath = 'api/health' }; Pattern = "must start with '/'" }
        @{ Case = 'no setting at all'; Arguments = @{}; Pattern = 'No setting to change' }
    ) {
        Reset-EmulatorJournal $script:Emulator

        Set-RailwayServiceInstance @script:Target @Arguments -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidServiceSetting,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure[0].Exception.Message | Should -Match ([regex]::Escape($Pattern))
        # Nothing this cmdlet sends (a subscription an earlier test left closing may still be counted).
        $journal = Get-EmulatorJournal $script:Emulator
        @($journal.byOperation.PSObject.Properties.Name | Where-Object { $_ -notmatch 'Updates$|Stream$' }) | Should -BeNullOrEmpty -Because ($journal.byOperation | ConvertTo-Json -Compress)
    }

    It 'reports Railway''s refusal of the update and leaves the settings as they were' {
        $before = Get-RailwayServiceInstance @script:Target
        Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'graphqlError'; operation = 'ServiceInstanceUpdate'; message = 'Problem processing request'; count = 1 }

        Set-RailwayServiceInstance @script:Target -HealthcheckTimeout 99 -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayGraphQLError,*'
        (Get-RailwayServiceInstance @script:Target).HealthcheckTimeout | Should -Be $before.HealthcheckTimeout
    }
}
