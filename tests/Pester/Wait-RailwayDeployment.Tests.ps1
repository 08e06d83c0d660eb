BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    # The test environment, an emulator, the sample app pushed to it and its first deployment live.
    $script:Fixture = Enter-DeploymentTestFixture
    $script:Emulator, $script:Target, $script:Repository, $script:Live = $script:Fixture.Emulator, $script:Fixture.Target, $script:Fixture.Repository, $script:Fixture.Live

    # Seed deployments of other commits, forced into statuses the tests need.
    $script:Spare = @(Get-RailwayDeployment -Project demo -Service web | Where-Object { $_.DeploymentId -ne $script:Live.DeploymentId -and $_.Status -ne 'Success' })
}

AfterAll {
    Exit-DeploymentTestFixture $script:Fixture
}

Describe 'Wait-RailwayDeployment' {
    AfterEach {
        Clear-EmulatorFault $script:Emulator
        Get-Job | Remove-Job -Force
    }

    It 'writes the deployment of a pushed commit once it is live' {
        $script:Live.Status | Should -Be 'Success'
        $script:Live | Should -BeOfType ([RailwayOps.RailwayDeployment])
        $script:Live.CommitHash | Should -Not -BeNullOrEmpty
    }

    It 'waits for the latest deployment of a service' {
        $done = Wait-RailwayDeployment @script:Target -Latest -ErrorAction Stop

        $done.DeploymentId | Should -Be (Get-RailwayDeployment @script:Target -First 1).DeploymentId
    }

    It 'waits for piped deployments and writes each one once' {
        $done = @(Get-RailwayDeployment -Id $script:Live.DeploymentId, $script:Live.DeploymentId | Wait-RailwayDeployment)

        $done.Count | Should -Be 1
        $done[0].DeploymentId | Should -Be $script:Live.DeploymentId
    }

    It 'ends a failed deployment with RailwayDeploymentFailed carrying the deploy log' {
        $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'broken start' -Change {
            param($path) Set-DeploymentTestStartCommand -Path $path -Command 'python3 -m app.missing_module'
        }

        $result = Wait-RailwayDeployment @script:Target -CommitSha $sha -TimeoutSec 120 -ErrorVariable failure -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentFailed,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $failure[0].TargetObject.Status | Should -Be 'Failed'
        $failure[0].Exception.DeployLogTail.Count | Should -BeGreaterThan 0
        ($failure[0].Exception.DeployLogTail.Message -join "`n") | Should -Match 'missing_module'
        $failure[0].ErrorDetails.Message | Should -Match 'missing_module'
        $failure[0].ErrorDetails.RecommendedAction | Should -BeLike 'Get-RailwayDeploymentLog -DeploymentId *'

        Publish-DeploymentTestCommit -Repository $script:Repository -Message 'fixed start' -Change {
            param($path) Set-DeploymentTestStartCommand -Path $path -Command 'python3 -m app.main'
        } | Out-Null
    }

    It 'ends at once with RailwayDeploymentSkipped for a commit that touches no watch pattern' {
        $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'docs only' -Change {
            param($path) Add-Content -Path (Join-Path $path 'README.md') -Value "`nMore words."
        }

        Wait-RailwayDeployment @script:Target -CommitSha $sha -TimeoutSec 60 -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentSkipped,*'
        $failure[0].Exception.Outcome.Kind | Should -Be 'Skipped'
    }

    It 'ends with RailwayDeploymentNeverAppeared for a commit that never deploys' {
        Wait-RailwayDeployment @script:Target -CommitSha 'abcdef0123456789abcdef0123456789abcdef01' -AppearTimeoutSec 2 -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentNeverAppeared,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'waits for five deployments concurrently: well under five times one wait' {
        $one = $script:Spare[0].DeploymentId
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $one -Status BUILDING
        Start-DeploymentTestStatusChange -Emulator $script:Emulator -DeploymentId $one -Status SUCCESS -AfterSec 2 | Out-Null
        $single = Measure-Command { Wait-RailwayDeployment -Id $one -ErrorAction Stop }

        $five = @($script:Spare[1..5].DeploymentId)
        $five | ForEach-Object { Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $_ -Status BUILDING }
        Start-DeploymentTestStatusChange -Emulator $script:Emulator -DeploymentId $five -Status SUCCESS -AfterSec 2 | Out-Null
        $all = Measure-Command { $done = @(Wait-RailwayDeployment -Id $five -ErrorAction Stop) }

        $done.Count | Should -Be 5
        $all.TotalSeconds | Should -BeLessThan (2.5 * $single.TotalSeconds)
    }

    It 'writes one TimeoutException error per unfinished deployment at -TimeoutSec' {
        $ids = @($script:Spare[6..7].DeploymentId)
        $ids | ForEach-Object { Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $_ -Status DEPLOYING }

        Wait-RailwayDeployment -Id $ids -TimeoutSec 1 -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 2
        $failure | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentWaitTimeout,*'
            $_.Exception | Should -BeOfType ([System.TimeoutException])
            $_.CategoryInfo.Category | Should -Be 'OperationTimeout'
        }
        @($failure.TargetObject.DeploymentId | Sort-Object) | Should -Be @($ids | Sort-Object)
    }

    It 'returns with the first finished deployment under -Any' {
        $ids = @($script:Spare[8..9].DeploymentId)
        $ids | ForEach-Object { Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $_ -Status BUILDING }
        Start-DeploymentTestStatusChange -Emulator $script:Emulator -DeploymentId $ids[1] -Status SUCCESS -AfterSec 1 | Out-Null

        $done = @(Wait-RailwayDeployment -Id $ids -Any -TimeoutSec 30 -ErrorAction Stop)

        $done.Count | Should -Be 1
        $done[0].DeploymentId | Should -Be $ids[1]
    }

    It 'gives every final status its own outcome' -TestCases @(
        @{ Status = 'CRASHED'; ErrorId = 'RailwayDeploymentCrashed'; Category = 'ResourceUnavailable' }
        @{ Status = 'REMOVED'; ErrorId = 'RailwayDeploymentRemoved'; Category = 'OperationStopped' }
        @{ Status = 'SKIPPED'; ErrorId = 'RailwayDeploymentSkipped'; Category = 'NotEnabled' }
        @{ Status = 'NEEDS_APPROVAL'; ErrorId = 'RailwayDeploymentNeedsApproval'; Category = 'PermissionDenied' }
    ) {
        param($Status, $ErrorId, $Category)
        $id = $script:Spare[10].DeploymentId
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status $Status

        Wait-RailwayDeployment -Id $id -TimeoutSec 30 -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $failure[0].CategoryInfo.Category | Should -Be $Category
        $failure[0].TargetObject.DeploymentId | Should -Be $id
    }

    It 'writes a SLEEPING deployment with a warning' {
        $id = $script:Spare[10].DeploymentId
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status SLEEPING

        $done = Wait-RailwayDeployment -Id $id -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop

        $done.Status | Should -Be 'Sleeping'
        $warned.Count | Should -Be 1
    }

    It 'polls without the subscription and reports each status change once' {
        $id = $script:Spare[11].DeploymentId
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status BUILDING
        Start-DeploymentTestStatusChange -Emulator $script:Emulator -DeploymentId $id -Status DEPLOYING -AfterSec 1 | Out-Null
        Start-DeploymentTestStatusChange -Emulator $script:Emulator -DeploymentId $id -Status SUCCESS -AfterSec 3 | Out-Null
        Reset-EmulatorJournal $script:Emulator

        $done = Wait-RailwayDeployment -Id $id -NoSubscription -PollIntervalSec 1 -Verbose -ErrorAction Stop 4>&1

        $verbose = @($done | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match [regex]::Escape($id.Substring(0, 8)) })
        ($done | Where-Object { $_ -is [RailwayOps.RailwayDeployment] }).Status | Should -Be 'Success'
        @($verbose | Where-Object Message -Match 'BUILDING → DEPLOYING').Count | Should -Be 1
        @($verbose | Where-Object Message -Match 'DEPLOYING → SUCCESS').Count | Should -Be 1
        (Get-EmulatorJournal $script:Emulator).byOperation.Deployment | Should -BeGreaterThan 1
    }

    It 'costs no polling while the subscription holds' {
        $id = $script:Spare[12].DeploymentId
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status BUILDING
        $piped = Get-RailwayDeployment -Id $id
        Reset-EmulatorJournal $script:Emulator
        # SUCCESS a second after the wait's subscription is journaled: the wait is on it, not assumed to be.
        Start-DeploymentTestStatusChange -Emulator $script:Emulator -DeploymentId $id -Status SUCCESS -AfterSec 1 -AfterSubscriptions 1 | Out-Null

        $done = $piped | Wait-RailwayDeployment -ErrorAction Stop

        $done.Status | Should -Be 'Success'
        $journal = Get-EmulatorJournal $script:Emulator
        $journal.byOperation.PSObject.Properties['Deployment'] | Should -BeNullOrEmpty
    }

    It 'neither misses nor repeats the final status when the WebSocket drops' {
        $id = $script:Spare[13].DeploymentId
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status BUILDING
        Reset-EmulatorJournal $script:Emulator
        $waiting = Start-DeploymentTestPowerShell -Command 'Wait-RailwayDeployment -Id $Id -Endpoint $Endpoint -Token $Token -PollIntervalSec 1 -TimeoutSec 60 -Verbose' -Parameters @{
            Id = $id; Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken))
        }
        Wait-DeploymentTestRunning $waiting -Pattern 'BUILDING' -Emulator $script:Emulator
        Add-EmulatorFault $script:Emulator @{ kind = 'dropWebSocket'; count = -1 }
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status SUCCESS

        $output = @($waiting.Shell.EndInvoke($waiting.Handle))
        $waiting.Shell.Dispose()

        $output.Count | Should -Be 1
        $output[0].Status | Should -Be 'Success'
    }

    It 'returns within a second when the pipeline is stopped mid-wait' {
        $id = $script:Spare[14].DeploymentId
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status BUILDING
        Reset-EmulatorJournal $script:Emulator
        $waiting = Start-DeploymentTestPowerShell -Command 'Wait-RailwayDeployment -Id $Id -Endpoint $Endpoint -Token $Token -TimeoutSec 0 -Verbose' -Parameters @{
            Id = $id; Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken))
        }
        Wait-DeploymentTestRunning $waiting -Pattern 'BUILDING' -Emulator $script:Emulator

        $seconds = Measure-DeploymentTestStop $waiting

        $seconds | Should -BeLessThan 1
    }

    It 'writes RailwayDeploymentNotFound for an unknown id and still waits for the others' {
        $live = Get-RailwayDeployment @script:Target -Status Success -First 1
        $done = @(Wait-RailwayDeployment -Id 'no-such-deployment', $live.DeploymentId -ErrorVariable failure -ErrorAction SilentlyContinue)

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentNotFound,*'
        $done.Count | Should -Be 1
    }

    It 'writes RailwayWaitTargetIncomplete when no environment can be resolved' {
        Wait-RailwayDeployment -Project demo -Service web -Latest -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayWaitTargetIncomplete,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'rejects -CommitSha that is not a commit hash' {
        { Wait-RailwayDeployment @script:Target -CommitSha 'main' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RailwayOps.Commands.WaitRailwayDeploymentCommand'
    }

    It 'keeps each target''s failure its own: the other deployments are still awaited and written' {
        # An object piped in for a deployment Railway does not know (deleted since), beside one still building.
        $building = $script:Spare[1].DeploymentId
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $building -Status BUILDING
        $gone = [RailwayOps.RailwayDeployment]@{ DeploymentId = '00000000-0000-4000-8000-00000000dead'; Status = 'Building'; ProjectId = $script:Live.ProjectId; EnvironmentId = $script:Live.EnvironmentId }
        $change = Start-DeploymentTestStatusChange -Emulator $script:Emulator -DeploymentId $building -Status SUCCESS -AfterSec 3

        $done = @($gone, (Get-RailwayDeployment -Id $building) | Wait-RailwayDeployment -TimeoutSec 60 -ErrorVariable failure -ErrorAction SilentlyContinue)
        $change | Wait-Job -Timeout 30 | Out-Null

        # The landed code cancelled every other wait at the first failure: no object, one error.
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentNotFound,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $done.Count | Should -Be 1
        $done[0].DeploymentId | Should -Be $building
        $done[0].Status | Should -Be 'Success'
    }

    It 'shows progress that moves while the status does not: time waited, status checks and the deadline' {
        $id = $script:Spare[2].DeploymentId
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status DEPLOYING
        $shell = [powershell]::Create()
        $null = $shell.AddScript("param(`$Id, `$Endpoint, `$Token) Import-Module '$(Get-RailwayOpsTestModulePath)'; Wait-RailwayDeployment -Id `$Id -Endpoint `$Endpoint -Token `$Token -TimeoutSec 4 -ErrorAction SilentlyContinue")
        $null = $shell.AddParameter('Id', $id).AddParameter('Endpoint', $script:Emulator.GraphQLUrl).AddParameter('Token', (ConvertTo-TestSecureString (Get-TestSeedToken)))
        try {
            $null = $shell.Invoke()
            $records = @($shell.Streams.Progress | Where-Object { $_.ActivityId -ge 0x5300 -and $_.ActivityId -lt 0x5400 -and $_.RecordType -ne 'Completed' })
        }
        finally { $shell.Dispose() }

        $records.Count | Should -BeGreaterOrEqual 3 -Because 'the line is refreshed every second'
        $records | ForEach-Object { $_.Activity | Should -Not -Match '\?' }
        $records | ForEach-Object { $_.StatusDescription | Should -Match 'waited \d+ s · \d+ status checks? · deadline \d\d:\d\d:\d\d \(\d+ s left\)' }
        @($records.StatusDescription | Select-Object -Unique).Count | Should -BeGreaterOrEqual 3 -Because 'the time waited and left move (the landed code repeated "DEPLOYING (1 s)")'
        $records[-1].StatusDescription | Should -Match '^DEPLOYING'
        $records[-1].PercentComplete | Should -BeGreaterThan 0
    }

    It 'names a piped deployment''s service and environment in its progress, never "?"' {
        $id = $script:Spare[3].DeploymentId
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status BUILDING
        $shell = [powershell]::Create()
        $null = $shell.AddScript("param(`$Id, `$Endpoint, `$Token) Import-Module '$(Get-RailwayOpsTestModulePath)'; Get-RailwayDeployment -Id `$Id -Endpoint `$Endpoint -Token `$Token | Wait-RailwayDeployment -Endpoint `$Endpoint -Token `$Token -TimeoutSec 2 -ErrorAction SilentlyContinue")
        $null = $shell.AddParameter('Id', $id).AddParameter('Endpoint', $script:Emulator.GraphQLUrl).AddParameter('Token', (ConvertTo-TestSecureString (Get-TestSeedToken)))
        try {
            $null = $shell.Invoke()
            $activities = @($shell.Streams.Progress | Where-Object { $_.ActivityId -ge 0x5300 -and $_.ActivityId -lt 0x5400 } | ForEach-Object Activity | Select-Object -Unique)
        }
        finally { $shell.Dispose() }
        $deployment = Get-RailwayDeployment -Id $id

        $activities | Should -Not -BeNullOrEmpty
        $activities | ForEach-Object { $_ | Should -Not -Match '\?' -Because 'the landed code began with "Waiting for ? deployment"' }
        $activities | Should -Contain "Waiting for $($deployment.ServiceName)/$($deployment.EnvironmentName) deployment $($id.Substring(0, 8))"
    }

    It 'writes a deployment only after it stayed up for -StableSec' {
        $live = @(Get-RailwayDeployment @script:Target -Status Success -First 1)[0]
        $watch = [Diagnostics.Stopwatch]::StartNew()

        $done = Wait-RailwayDeployment -Id $live.DeploymentId -StableSec 3 -ErrorAction Stop

        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 3
        $done.DeploymentId | Should -Be $live.DeploymentId
        $done.Status | Should -Be 'Success'
    }

    It 'writes RailwayDeploymentUnstable for a deployment that goes live and crashes within -StableSec' {
        $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'crash after go-live' -Change {
            param($path)
            $main = Join-Path $path 'app/main.py'
            (Get-Content -Raw $main) -replace '(?m)^(\s+)server\.serve_forever\(\)', "`$1import os, threading`n`$1threading.Timer(3.0, lambda: os._exit(3)).start()`n`$1server.serve_forever()" |
                Set-Content -Path $main -NoNewline
        }

        $result = Wait-RailwayDeployment @script:Target -CommitSha $sha -TimeoutSec 120 -StableSec 15 -ErrorVariable failure -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentUnstable,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $failure[0].Exception.Verdict.Stable | Should -BeFalse
        $failure[0].Exception.Verdict.StatusHistory | Should -Contain 'Crashed'
        $failure[0].Exception.Message | Should -Match 'CRASHED'
        $failure[0].ErrorDetails.RecommendedAction | Should -BeLike 'Get-RailwayDeploymentLog -DeploymentId *'

        Publish-DeploymentTestCommit -Repository $script:Repository -Message 'no crash' -Change {
            param($path) & git -C $path checkout -q HEAD~1 -- app/main.py
        } | Out-Null
    }
}
