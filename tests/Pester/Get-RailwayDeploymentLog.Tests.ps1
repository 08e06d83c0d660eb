BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    # The test environment, an emulator, the sample app pushed to it and its first deployment live.
    $script:Fixture = Enter-DeploymentTestFixture
    $script:Emulator, $script:Target, $script:Repository, $script:Live = $script:Fixture.Emulator, $script:Fixture.Target, $script:Fixture.Repository, $script:Fixture.Live
}

AfterAll {
    Exit-DeploymentTestFixture $script:Fixture
}

Describe 'Get-RailwayDeploymentLog' {
    AfterEach {
        Clear-EmulatorFault $script:Emulator
    }

    It 'reads the deploy log of a deployment as typed lines, oldest first' {
        $lines = @(Get-RailwayDeploymentLog -Id $script:Live.DeploymentId)

        $lines.Count | Should -BeGreaterThan 1
        $lines[0] | Should -BeOfType ([RailwayOps.RailwayLogLine])
        $lines | ForEach-Object { $_.Type | Should -Be 'Deploy'; $_.DeploymentId | Should -Be $script:Live.DeploymentId }
        $lines[-1].Timestamp | Should -BeGreaterOrEqual $lines[0].Timestamp
        ($lines.Message -join "`n") | Should -Match 'live'
    }

    Context 'with no id, the latest deployment of the target' {
        BeforeAll {
            function Invoke-ChildLog([string]$Command, [hashtable]$Target = @{}) {
                # A fresh pwsh -NonInteractive, as a CI step runs: a missing mandatory parameter is an error there, not a prompt.
                $environment = @{ RAILWAYOPS_API_URL = $script:Emulator.GraphQLUrl; RAILWAY_API_TOKEN = (Get-TestSeedToken) } + $Target
                $body = "param(`$ModulePath)`n`$PSStyle.OutputRendering = 'PlainText'`nImport-Module `$ModulePath -ErrorAction Stop`n" +
                    "try { `$lines = @($Command); 'COUNT=' + `$lines.Count; 'IDS=' + ((`$lines.DeploymentId | Sort-Object -Unique) -join ',') }`n" +
                    "catch { 'ERRORID=' + `$_.FullyQualifiedErrorId; 'MESSAGE=' + `$_.ToString() }"
                Invoke-ChildPwsh -ScriptBlock ([scriptblock]::Create($body)) -ArgumentList (Resolve-Path (Get-RailwayOpsTestModulePath)).ProviderPath -TimeoutSec 90 -Environment $environment
            }
        }

        It 'reads the latest deployment of the named service' {
            $latest = Get-RailwayDeployment @script:Target -First 1

            $lines = @(Get-RailwayDeploymentLog @script:Target -Type Deploy -Tail 200)

            $lines.Count | Should -BeGreaterThan 0
            $lines.DeploymentId | Sort-Object -Unique | Should -Be $latest.DeploymentId
        }

        It 'runs Test-RailwayHealth''s recommendation as written, in a non-interactive pwsh' {
            $null = Test-RailwayHealth @script:Target -HealthPath '/no-such-health-path' -TimeoutSec 0 -ErrorVariable unhealthy -ErrorAction SilentlyContinue
            $recommended = ($unhealthy[0].ErrorDetails.RecommendedAction -split ': ', 2)[1]
            $recommended | Should -BeLike 'Get-RailwayDeploymentLog *-Type Deploy -Tail 200'

            $named = Invoke-ChildLog $recommended
            $fromContext = Invoke-ChildLog 'Get-RailwayDeploymentLog -Type Deploy -Tail 200' @{ RAILWAY_PROJECT_ID = 'demo'; RAILWAY_ENVIRONMENT_ID = 'production'; RAILWAY_SERVICE_ID = 'web' }

            $latest = (Get-RailwayDeployment @script:Target -First 1).DeploymentId
            foreach ($run in $named, $fromContext) {
                $run.Lines | Where-Object { $_ -like 'ERRORID=*' } | Should -BeNullOrEmpty
                $run.Lines | Should -Contain "IDS=$latest" -Because ($run.Lines -join ' | ')
            }
        }

        It 'names every missing piece when there is no target, instead of asking for a deployment' {
            $run = Invoke-ChildLog 'Get-RailwayDeploymentLog -Type Deploy -Tail 200 -ErrorAction Stop'

            $run.Lines | Should -Contain 'ERRORID=RailwayLogTargetIncomplete,RailwayOps.Commands.GetRailwayDeploymentLogCommand'
            ($run.Lines -join ' ') | Should -BeLike '*-Project, -Environment, -Service*'
        }
    }

    It 'says that an id that is not a UUID is not a deployment id' {
        Get-RailwayDeploymentLog -Id nonsense -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentNotFound,*'
        $failures[0].ErrorDetails.Message | Should -BeLike "*'nonsense'*not a deployment id*UUID*Get-RailwayDeployment*"
        $failures[0].ErrorDetails.Message | Should -Not -BeLike '*could not find it*'
    }

    It 'reads the build log of a piped deployment' {
        $lines = @($script:Live | Get-RailwayDeploymentLog -Type Build)

        $lines.Count | Should -BeGreaterThan 0
        $lines | ForEach-Object { $_.Type | Should -Be 'Build' }
    }

    It 'keeps the last -Tail lines' {
        $all = @(Get-RailwayDeploymentLog -Id $script:Live.DeploymentId)

        $tail = @(Get-RailwayDeploymentLog -Id $script:Live.DeploymentId -Tail 2)

        $tail.Count | Should -Be 2
        $tail[-1].Message | Should -Be $all[-1].Message
    }

    It 'passes -Filter through to Railway' {
        $lines = @(Get-RailwayDeploymentLog -Id $script:Live.DeploymentId -Filter '"Healthcheck succeeded"')

        $lines.Count | Should -BeGreaterThan 0
        $lines | ForEach-Object { $_.Message | Should -Match 'Healthcheck succeeded' }
    }

    It 'bounds the window with -Since and -Until' {
        $all = @(Get-RailwayDeploymentLog -Id $script:Live.DeploymentId)

        $none = @(Get-RailwayDeploymentLog -Id $script:Live.DeploymentId -Since $all[-1].Timestamp.AddSeconds(1))
        $early = @(Get-RailwayDeploymentLog -Id $script:Live.DeploymentId -Until $all[0].Timestamp.AddSeconds(-1))

        $none.Count | Should -Be 0
        $early.Count | Should -Be 0
    }

    It 'follows a deployment until it is live, without repeating a line' {
        $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'follow me' -Change {
            param($path) Add-Content -Path (Join-Path $path 'app/config.py') -Value '# follow'
        }
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        do { Start-Sleep -Milliseconds 200; $deployment = Get-RailwayDeployment @script:Target -CommitSha $sha -First 1 } until ($deployment -or [DateTime]::UtcNow -gt $deadline)

        $lines = @($deployment | Get-RailwayDeploymentLog -Follow)

        (Get-RailwayDeployment -Id $deployment.DeploymentId).Status | Should -Be 'Success'
        ($lines.Message -join "`n") | Should -Match 'Deployment is live'
        @($lines | Group-Object RawTimestamp, Message | Where-Object Count -GT 1).Count | Should -Be 0
        $lines.Count | Should -Be @(Get-RailwayDeploymentLog -Id $deployment.DeploymentId -Tail 5000).Count
    }

    It 'ends a follow at once for a deployment that already finished' {
        $lines = @(Get-RailwayDeploymentLog -Id $script:Live.DeploymentId -Follow -Tail 3)

        $lines.Count | Should -Be 3
    }

    It 'loses no line when the WebSocket drops during a follow' {
        $id = (Get-RailwayDeployment @script:Target -Status Failed -First 1).DeploymentId
        $expected = @(Get-RailwayDeploymentLog -Id $id -Tail 5000).Count
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status DEPLOYING
        Reset-EmulatorJournal $script:Emulator
        $following = Start-DeploymentTestPowerShell -Command 'Get-RailwayDeploymentLog -Id $Id -Endpoint $Endpoint -Token $Token -Follow -Verbose' -Parameters @{
            Id = $id; Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken))
        }
        Wait-DeploymentTestRunning $following -Pattern 'DEPLOYING' -Emulator $script:Emulator -Operation DeploymentLogsStream
        Add-EmulatorFault $script:Emulator @{ kind = 'dropWebSocket'; count = -1 }
        # The follow subscribes again after the drop (the journal counts a second subscribe) before the last lines come.
        Wait-EmulatorSubscription -Emulator $script:Emulator -Operation DeploymentLogsStream -Count 2
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status FAILED

        $lines = @($following.Shell.EndInvoke($following.Handle))
        $following.Shell.Dispose()

        $lines.Count | Should -Be $expected
        @($lines | Group-Object RawTimestamp, Message | Where-Object Count -GT 1).Count | Should -Be 0
    }

    It 'returns within a second when the pipeline is stopped during -Follow' {
        $id = (Get-RailwayDeployment @script:Target -Status Failed -First 1).DeploymentId
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status DEPLOYING
        Reset-EmulatorJournal $script:Emulator
        $following = Start-DeploymentTestPowerShell -Command 'Get-RailwayDeploymentLog -Id $Id -Endpoint $Endpoint -Token $Token -Follow -Verbose' -Parameters @{
            Id = $id; Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken))
        }
        Wait-DeploymentTestRunning $following -Pattern 'DEPLOYING' -Emulator $script:Emulator -Operation DeploymentLogsStream

        $seconds = Measure-DeploymentTestStop $following

        $seconds | Should -BeLessThan 1
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $id -Status FAILED
    }

    It 'writes RailwayDeploymentNotFound for an unknown id' {
        Get-RailwayDeploymentLog -Id 'no-such-deployment' -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentNotFound,*'
    }

    It 'rejects an unknown -Type' {
        { Get-RailwayDeploymentLog -Id $script:Live.DeploymentId -Type Runtime } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,RailwayOps.Commands.GetRailwayDeploymentLogCommand'
    }

    It 'follows the live deployment''s runtime log until -Until, as railway logs follows a running service' {
        $live = Get-RailwayDeployment @script:Target -Status Success -First 1
        $marker = 'follow-' + [guid]::NewGuid().ToString('n').Substring(0, 10)
        $until = [DateTimeOffset]::UtcNow.AddSeconds(8)
        Reset-EmulatorJournal $script:Emulator
        $following = Start-DeploymentTestPowerShell -Command 'Get-RailwayDeploymentLog -Id $Id -Endpoint $Endpoint -Token $Token -Follow -Until $Until -Verbose' -Parameters @{
            Id = $live.DeploymentId; Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken)); Until = $until
        }
        try {
            Wait-DeploymentTestRunning $following -Pattern 'is live' -Emulator $script:Emulator -Operation DeploymentLogsStream
            $following.Handle.IsCompleted | Should -BeFalse -Because 'the landed code returned at once: SUCCESS counted as final'
            # A request to the running app writes a line to its runtime log while the follow goes on.
            $base = [string]$live.StaticUrl
            if ($base -notmatch '^https?://') { $base = "http://$base" }
            $null = Invoke-WebRequest -Uri ([Uri]::new([Uri]$base, "/api/health?$marker")) -TimeoutSec 10 -SkipHttpErrorCheck
            $finished = $following.Handle.AsyncWaitHandle.WaitOne(30000)
            $lines = if ($finished) { @($following.Shell.EndInvoke($following.Handle)) } else { @() }
        }
        finally { $following.Shell.Dispose() }

        $finished | Should -BeTrue -Because 'the follow ends by itself once -Until has passed'
        [DateTimeOffset]::UtcNow | Should -BeGreaterOrEqual $until
        @($lines | Where-Object { $_.Message -match $marker }).Count | Should -Be 1 -Because 'the line written during the follow is streamed, once'
        $lines | ForEach-Object { $_.Timestamp | Should -BeLessOrEqual $until }
    }
}
