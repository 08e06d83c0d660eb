# Nothing lost: a failure injected at each release-loop stage leaves the repository whole (no edit lost, the bump
# committed or kept for the resume, no duplicate commit) and a resumed run finishes; the emulator killed with
# kill -9 under load comes back on the same state folder with every acknowledged deployment and variable.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator -NoConnect
    $env:RAILWAY_API_TOKEN = Get-TestSeedToken -Kind account
    $env:RAILWAYOPS_API_URL = $script:Emulator.GraphQLUrl
    $script:Section = 'Nothing lost'
    $script:Clone = New-ReliabilityClone -Emulator $script:Emulator
    Wait-RailwayDeployment -CommitSha (git -C $script:Clone rev-parse HEAD) -Project demo -Environment production -Service web -TimeoutSec 90 | Out-Null
    $script:Bare = Get-BareRepositoryPath $script:Emulator
    $script:Target = @{ Project = 'demo'; Environment = 'production'; Service = 'web'; TimeoutSec = 90; HealthTimeoutSec = 4; Confirm = $false }
    # The stability window is not what these rows are about; the landed module (no -StableSec) runs them as they were.
    if ((Get-Command Invoke-Cpwtr).Parameters.ContainsKey('StableSec')) { $script:Target.StableSec = 0 }

    function Get-AppVersion { (Select-String -Path (Join-Path $script:Clone 'app/config.py') -Pattern 'app_version: str = "([^"]+)"').Matches[0].Groups[1].Value }

    function Invoke-Release([string]$Message) {
        $target = $script:Target
        Invoke-Captured { Invoke-Cpwtr -Path $script:Clone -Message $Message @target }
    }

    function Add-UserEdit([string]$Text) {
        <# An unrelated edit of the user's that the release loop must carry, never lose. #>
        Add-Content -Path (Join-Path $script:Clone 'README.md') -Value $Text
    }

    function Assert-ReleaseCommits([string]$Message, [int]$Expected) {
        $commits = @(git -C $script:Clone log --format=%s | Where-Object { $_ -like "$Message - bump to v*" })
        $commits.Count | Should -Be $Expected -Because "release commits of '$Message': $($commits -join ' | ')"
        $commits
    }

    function Assert-CategoryOf($Errors, [string]$ErrorId, [string]$Category) {
        $record = @($Errors | Where-Object FullyQualifiedErrorId -Like "$ErrorId,*")[0]
        $record.CategoryInfo.Category | Should -Be $Category
    }

    function Assert-Resumed([string]$Message, [string]$Edit) {
        $resumed = Invoke-Release $Message
        $resumed.Errors | Should -BeNullOrEmpty -Because (($resumed.Errors | ForEach-Object { $_.Exception.Message }) -join '; ')
        (Select-Result $resumed.Output).Succeeded | Should -BeTrue
        Assert-ReleaseCommits $Message 1 | Out-Null
        (git -C $script:Clone show HEAD:README.md) -join "`n" | Should -BeLike "*$Edit*" -Because 'the user''s edit ships with the release'
        @(git -C $script:Clone status --porcelain).Count | Should -Be 0
        git -C $script:Bare rev-parse main | Should -Be (git -C $script:Clone rev-parse HEAD)
        (Select-Result $resumed.Output)
    }
}

AfterAll {
    Write-ReliabilityReport -Sections 'Nothing lost'
    Stop-RailwayTestEmulator $script:Emulator
    if ($script:Clone) { Remove-Item $script:Clone -Recurse -Force -ErrorAction SilentlyContinue }
    Exit-RailwayTestEnvironment
}

Describe 'Nothing lost: a failure at each release-loop stage' {
    It 'Version stage: an unwritable or unreadable version file' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'Version fails (version file not writable; as root: unreadable version literal)' -Expected 'RailwayCpwtrVersionFailed or AppVersion*; nothing committed; edits kept; resumed run ships one bump' -Class intact -Body {
            $edit = "version-stage edit $([guid]::NewGuid())"
            Add-UserEdit $edit
            $config = Join-Path $script:Clone 'app/config.py'
            $original = Get-Content -Raw $config
            $head = git -C $script:Clone rev-parse HEAD
            $asRoot = (id -u) -eq '0'
            # root ignores file modes, so there the fault is a version literal the bumper cannot read.
            if ($asRoot) { $original -replace 'app_version: str = "[^"]+"', 'app_version: str = "not-a-version"' | Set-Content $config -NoNewline }
            else { chmod a-w $config; chmod a-w (Split-Path $config) }
            try { $failed = Invoke-Release 'version stage' }
            finally { if (-not $asRoot) { chmod u+w (Split-Path $config); chmod u+w $config } }

            $report = Assert-ClearError ($failed.Errors | Select-Object -First 1) -ErrorId '*Version*'
            git -C $script:Clone rev-parse HEAD | Should -Be $head -Because 'nothing is committed'
            Get-Content -Raw (Join-Path $script:Clone 'README.md') | Should -BeLike "*$edit*"
            Set-Content -Path $config -Value $original -NoNewline
            $before = Get-AppVersion
            $result = Assert-Resumed 'version stage' $edit
            $result.Version | Should -Not -Be $before
            "$report; nothing committed, edit kept; resumed run shipped $($result.Version) in one commit"
        }
    }

    It 'Commit stage: a pre-commit hook that fails' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'Commit fails (pre-commit hook exits 1)' -Expected 'RailwayCpwtrCommitFailed; bump kept in the tree (reused, not bumped twice); edits kept; resumed run finishes' -Class intact -Body {
            $edit = "commit-stage edit $([guid]::NewGuid())"
            Add-UserEdit $edit
            $hook = Join-Path $script:Clone '.git/hooks/pre-commit'
            Set-Content -Path $hook -Value "#!/bin/sh`necho 'pre-commit: refused by the reliability test' >&2`nexit 1"
            chmod +x $hook
            $versionBefore = Get-AppVersion
            $head = git -C $script:Clone rev-parse HEAD
            try { $failed = Invoke-Release 'commit stage' }
            finally { Remove-Item $hook -Force }

            $report = Assert-ClearError ($failed.Errors | Select-Object -First 1) -ErrorId 'RailwayCpwtrCommitFailed'
            git -C $script:Clone rev-parse HEAD | Should -Be $head
            Get-Content -Raw (Join-Path $script:Clone 'README.md') | Should -BeLike "*$edit*"
            $bumped = Get-AppVersion
            $result = Assert-Resumed 'commit stage' $edit
            $result.Version | Should -Be $(if ($bumped -ne $versionBefore) { $bumped } else { $result.Version }) -Because 'a bump kept in the tree is reused, not bumped again'
            "$report; bump $versionBefore -> $bumped kept; resumed run shipped $($result.Version) in one commit"
        }
    }

    It 'Push stage: the remote rejects the push' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'Push fails (pre-receive hook on the remote rejects)' -Expected 'RailwayCpwtrPushRejected/RailwayCpwtrPushFailed; release commit kept locally; resumed run pushes the same commit' -Class intact -Body {
            $edit = "push-stage edit $([guid]::NewGuid())"
            Add-UserEdit $edit
            $hook = Join-Path $script:Bare 'hooks/pre-receive'
            $previous = if (Test-Path $hook) { Get-Content -Raw $hook } else { $null }
            Set-Content -Path $hook -Value "#!/bin/sh`necho 'pre-receive: push refused by the reliability test' >&2`nexit 1"
            chmod +x $hook
            try { $failed = Invoke-Release 'push stage' }
            finally { if ($null -eq $previous) { Remove-Item $hook -Force } else { Set-Content -Path $hook -Value $previous -NoNewline } }

            $report = Assert-ClearError ($failed.Errors | Select-Object -First 1) -ErrorId 'RailwayCpwtrPush*'
            $commit = git -C $script:Clone rev-parse HEAD
            git -C $script:Clone log -1 --format=%s | Should -BeLike 'push stage - bump to v*'
            git -C $script:Bare rev-parse main | Should -Not -Be $commit
            $result = Assert-Resumed 'push stage' $edit
            $result.Commit | Should -Be $commit -Because 'the resumed run pushes the kept commit, it does not make another'
            "$report; commit $($commit.Substring(0, 7)) kept; resumed run pushed it and shipped $($result.Version)"
        }
    }

    It 'Wait stage: the deployment fails' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'Wait fails (start command exits 1: deployment FAILED)' -Expected 'RailwayCpwtrDeploymentFailed with the deploy-log tail; production keeps serving; after the fix a run ships' -Class intact -Body {
            $health = (Test-RailwayHealth -Project demo -Environment production -Service web -TimeoutSec 10)
            $toml = Join-Path $script:Clone 'railway.toml'
            $good = Get-Content -Raw $toml
            $good -replace 'startCommand = "[^"]*"', 'startCommand = "python3 -c ''import sys; print(\"boom\"); sys.exit(1)''"' | Set-Content $toml -NoNewline
            git -C $script:Clone commit -qam 'break the start command' 2>$null

            $failed = Invoke-Release 'wait stage'

            $report = Assert-ClearError ($failed.Errors | Select-Object -First 1) -ErrorId 'RailwayCpwtrDeployment*'
            (Select-Result $failed.Output).FailedStage | Should -Be 'Wait'
            @((Select-Result $failed.Output).DeployLogTail).Count | Should -BeGreaterThan 0
            git -C $script:Bare rev-parse main | Should -Be (git -C $script:Clone rev-parse HEAD) -Because 'the failed release was pushed, not lost'
            (Test-RailwayHealth -Project demo -Environment production -Service web -TimeoutSec 10).Version | Should -Be $health.Version -Because 'the previous deployment keeps serving'
            Set-Content -Path $toml -Value $good -NoNewline
            git -C $script:Clone commit -qam 'fix the start command' 2>$null
            $fixed = Invoke-Release 'wait fixed'
            $fixed.Errors | Should -BeNullOrEmpty
            (Select-Result $fixed.Output).Succeeded | Should -BeTrue
            Assert-ReleaseCommits 'wait stage' 1 | Out-Null
            "$report with $(@((Select-Result $failed.Output).DeployLogTail).Count) deploy-log lines; production kept $($health.Version); fix shipped $((Select-Result $fixed.Output).Version)"
        }
    }

    It 'Test stage: the service reports another version' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'Test fails (health reports a stale version)' -Expected 'RailwayCpwtrVersionMismatch; release committed and pushed once; after the fix a run ships' -Class intact -Body {
            $main = Join-Path $script:Clone 'app/main.py'
            $good = Get-Content -Raw $main
            $good -replace '"version": settings.app_version\}', '"version": "0.0.0-stale"}' | Set-Content $main -NoNewline
            (Get-Content -Raw $main) | Should -BeLike '*0.0.0-stale*'
            git -C $script:Clone commit -qam 'report a stale version' 2>$null

            $failed = Invoke-Release 'test stage'

            $report = Assert-ClearError ($failed.Errors | Select-Object -First 1) -ErrorId 'RailwayCpwtrVersionMismatch'
            (Select-Result $failed.Output).FailedStage | Should -Be 'Test'
            Assert-ReleaseCommits 'test stage' 1 | Out-Null
            Set-Content -Path $main -Value $good -NoNewline
            git -C $script:Clone commit -qam 'report the real version' 2>$null
            $fixed = Invoke-Release 'test fixed'
            $fixed.Errors | Should -BeNullOrEmpty
            (Select-Result $fixed.Output).Succeeded | Should -BeTrue
            Assert-ReleaseCommits 'test stage' 1 | Out-Null
            "$report; one release commit; fix shipped $((Select-Result $fixed.Output).Version)"
        }
    }
}

Describe 'Nothing lost: the user''s staging and concurrent runs' {
    It 'a commit refused by a hook leaves exactly what was staged, unstaged and untracked' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'Commit fails with a partial staging (one file staged, one edited, one untracked)' -Expected 'RailwayCpwtrCommitFailed; the index and git status exactly as before; version file back; Version in the result is the restored one' -Class intact -Body {
            Add-Content -Path (Join-Path $script:Clone 'README.md') -Value "staged $([guid]::NewGuid())"
            git -C $script:Clone add README.md
            Add-Content -Path (Join-Path $script:Clone 'app/__init__.py') -Value "# unstaged $([guid]::NewGuid())"
            Set-Content -Path (Join-Path $script:Clone 'scratch.txt') -Value 'untracked'
            $index = git -C $script:Clone ls-files --stage
            $status = git -C $script:Clone status --porcelain
            $version = Get-AppVersion
            $hook = Join-Path $script:Clone '.git/hooks/pre-commit'
            Set-Content -Path $hook -Value "#!/bin/sh`necho 'pre-commit: refused' >&2`nexit 1"
            chmod +x $hook
            try { $failed = Invoke-Release 'partial staging' }
            finally { Remove-Item $hook -Force }

            $report = Assert-ClearError ($failed.Errors | Select-Object -First 1) -ErrorId 'RailwayCpwtrCommitFailed'
            git -C $script:Clone ls-files --stage | Should -Be $index -Because 'the index is exactly as it was'
            git -C $script:Clone status --porcelain | Should -Be $status
            Get-AppVersion | Should -Be $version
            (Select-Result $failed.Output).Version | Should -Be $version -Because 'the result says what the repository holds'
            git -C $script:Clone reset -q
            git -C $script:Clone checkout -q -- README.md app/__init__.py
            Remove-Item (Join-Path $script:Clone 'scratch.txt')
            "$report; $(@($status).Count) status lines and the index unchanged; version $version kept"
        }
    }

    It 'two runs at once in one repository: one releases, the other is refused before it changes anything' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'two Invoke-Cpwtr at once in one repository' -Expected 'one run releases; the other ends RailwayCpwtrRepositoryBusy having changed nothing; tree clean, version file = committed version, one release commit' -Class intact -Body {
            Add-UserEdit "concurrent $([guid]::NewGuid())"
            $state = [initialsessionstate]::CreateDefault2()
            $state.ImportPSModule((Get-RailwayOpsTestModulePath))
            $pool = [runspacefactory]::CreateRunspacePool(1, 2, $state, $Host)
            $pool.Open()
            try {
                $runs = foreach ($name in 'first', 'second') {
                    $ps = [powershell]::Create()
                    $ps.RunspacePool = $pool
                    [void]$ps.AddScript({
                            param($Path, $Message, $Target)
                            $items = @(try { Invoke-Cpwtr -Path $Path -Message $Message @Target 2>&1 } catch { $_ })
                            [pscustomobject]@{
                                Result = @($items | Where-Object { $_ -is [RailwayOps.ReleaseResult] })[0]
                                Errors = @($items | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
                            }
                        }).AddArgument($script:Clone).AddArgument("concurrent $name").AddArgument($script:Target)
                    [pscustomobject]@{ Name = $name; PowerShell = $ps; Handle = $ps.BeginInvoke() }
                }
                $outcomes = foreach ($run in $runs) { @($run.PowerShell.EndInvoke($run.Handle))[0]; $run.PowerShell.Dispose() }
            }
            finally { $pool.Dispose() }

            $winners = @($outcomes | Where-Object { $_.Result.Succeeded })
            $busy = @($outcomes | Where-Object { $_.Errors | Where-Object FullyQualifiedErrorId -Like 'RailwayCpwtrRepositoryBusy,*' })
            $winners.Count | Should -Be 1 -Because "errors: $(($outcomes.Errors | ForEach-Object { $_.FullyQualifiedErrorId }) -join ', ')"
            $busy.Count | Should -Be 1
            $busy[0].Result | Should -BeNullOrEmpty -Because 'the refused run did nothing'
            Assert-CategoryOf $busy[0].Errors 'RailwayCpwtrRepositoryBusy' 'ResourceBusy'
            @(git -C $script:Clone status --porcelain).Count | Should -Be 0 -Because 'no old version is written back over the winner''s bump'
            $committed = (git -C $script:Clone show HEAD:app/config.py | Select-String 'app_version: str = "([^"]+)"').Matches[0].Groups[1].Value
            Get-AppVersion | Should -Be $committed
            $committed | Should -Be $winners[0].Result.Version
            @(git -C $script:Clone log --format=%s | Where-Object { $_ -like 'concurrent * - bump to v*' }).Count | Should -Be 1
            "one run shipped $committed; the other was refused (RailwayCpwtrRepositoryBusy / ResourceBusy); tree clean"
        }
    }
}

Describe 'Nothing lost: the emulator killed with kill -9 under load' {
    It 'comes back on the same state folder with every acknowledged deployment and variable' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'emulator kill -9 during a loop of variable upserts and redeploys, restarted on the same state folder' -Expected 'every acknowledged variable (same value) and deployment present after the restart' -Class intact -Body {
            $state = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-state-' + [guid]::NewGuid().ToString('n'))
            $victim = Start-RailwayEmulator -StateDirectory $state -NoConnect -Confirm:$false
            $restarted = $null
            try {
                $api = @{ Endpoint = $victim.GraphQLUrl; Project = 'demo'; Environment = 'production'; Service = 'web' }
                $live = @(Get-RailwayDeployment @api -Status Success -First 1)[0]
                $acknowledged = [ordered]@{}
                $deployments = [System.Collections.Generic.List[string]]::new()
                $problems = [System.Collections.Generic.List[string]]::new()
                $killer = Start-Process -FilePath bash -ArgumentList "-c `"sleep 4; kill -9 $($victim.ProcessId)`"" -PassThru
                $watch = [Diagnostics.Stopwatch]::StartNew()
                for ($i = 0; $watch.Elapsed.TotalSeconds -lt 20; $i++) {
                    try {
                        $value = "value-$i-$([guid]::NewGuid().ToString('n').Substring(0, 6))"
                        Set-RailwayVariable @api -Name "LOAD_$i" -Value $value -SkipDeploy -Confirm:$false -ErrorAction Stop
                        $acknowledged["LOAD_$i"] = $value
                        if ($i % 5 -eq 0) {
                            $redeployed = Redo-RailwayDeployment -Endpoint $victim.GraphQLUrl -Id $live.DeploymentId -PassThru -Confirm:$false -ErrorAction Stop
                            if ($redeployed) { $deployments.Add($redeployed.DeploymentId) }
                        }
                    }
                    catch {
                        if (-not (Get-Process -Id $victim.ProcessId -ErrorAction SilentlyContinue)) { break }
                        $problems.Add($_.Exception.Message)
                    }
                }
                $killer.WaitForExit(10000) | Out-Null
                $acknowledged.Count | Should -BeGreaterThan 3 -Because "the load ran before the kill ($($problems | Select-Object -First 2))"
                $before = @(Get-Process -Id $victim.ProcessId -ErrorAction SilentlyContinue).Count
                $before | Should -Be 0 -Because 'the emulator was killed'

                $restarted = Start-RailwayEmulator -StateDirectory $state -NoConnect -Confirm:$false
                $api.Endpoint = $restarted.GraphQLUrl
                $after = @{}
                Get-RailwayVariable @api -Name 'LOAD_*' -AsPlainText | ForEach-Object { $after[$_.Name] = $_.Value }
                $lost = @($acknowledged.Keys | Where-Object { $after[$_] -ne $acknowledged[$_] })
                $lost | Should -BeNullOrEmpty -Because 'an acknowledged write survives kill -9'
                $ids = @(Get-RailwayDeployment @api | ForEach-Object DeploymentId)
                @($deployments | Where-Object { $_ -notin $ids }) | Should -BeNullOrEmpty
                $ids | Should -Contain $live.DeploymentId
                "$($acknowledged.Count) variables and $($deployments.Count) redeploys acknowledged before kill -9; all present after the restart"
            }
            finally {
                foreach ($emulator in $restarted, $victim) { if ($emulator) { $emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction SilentlyContinue } }
                Remove-Item $state -Recurse -Force -ErrorAction SilentlyContinue
            }
        }
    }
}
