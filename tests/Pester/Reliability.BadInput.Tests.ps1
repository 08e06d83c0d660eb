# Bad input across the cmdlets: each case must end in a clear error with a stable ErrorId and the right
# category, never a stack trace, a NullReferenceException, an AggregateException or an InvalidCastException.
BeforeDiscovery {
    # Command text (run in the test's scope: $Repo, $NotGit, $Detached, $BrokenEnv, $LiveId are set in BeforeAll),
    # the expected ErrorId (wildcards allowed) and category.
    $script:Cases = @(
        @{ Name = 'empty project name'; Command = 'Get-RailwayService -Project ""'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'wildcard-only project name that matches nothing usable'; Command = 'Get-RailwayService -Project "*"'; ErrorId = 'RailwayProjectNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'whitespace-only project name'; Command = 'Get-RailwayEnvironment -Project "   "'; ErrorId = 'RailwayProjectRequired'; Category = 'InvalidArgument' }
        @{ Name = 'unknown project name'; Command = 'Get-RailwayEnvironment -Project "no-such-project"'; ErrorId = 'RailwayProjectNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'empty deployment id'; Command = 'Get-RailwayDeployment -Id ""'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'malformed deployment id'; Command = 'Get-RailwayDeployment -Id "not a uuid!"'; ErrorId = 'RailwayDeploymentNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'malformed deployment id to wait for'; Command = 'Wait-RailwayDeployment -Id "zzz-000" -TimeoutSec 5'; ErrorId = 'RailwayDeploymentNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'malformed deployment id for logs'; Command = 'Get-RailwayDeploymentLog -Id "zzz-000"'; ErrorId = 'RailwayDeploymentNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'malformed deployment id to roll back'; Command = 'Restore-RailwayDeployment -Id "zzz-000" -Confirm:$false'; ErrorId = 'RailwayDeploymentNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'unknown status'; Command = 'Get-RailwayDeployment -Status Exploded'; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument' }
        @{ Name = 'unknown log type'; Command = 'Get-RailwayDeploymentLog -Id $LiveId -Type Banana'; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument' }
        @{ Name = 'commit sha that is not hex'; Command = 'Wait-RailwayDeployment -CommitSha "xyz" -Project demo -Environment production -Service web'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'negative -First'; Command = 'Get-RailwayDeployment -First -5'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'negative wait timeout'; Command = 'Wait-RailwayDeployment -Id $LiveId -TimeoutSec -1'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'huge wait timeout (beyond Int32)'; Command = 'Wait-RailwayDeployment -Id $LiveId -TimeoutSec 99999999999'; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument' }
        @{ Name = 'negative health timeout'; Command = 'Test-RailwayHealth -Uri http://127.0.0.1:9/ -TimeoutSec -5'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'huge health timeout'; Command = 'Test-RailwayHealth -Uri http://127.0.0.1:9/ -TimeoutSec 100000000'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'zero retry interval'; Command = 'Test-RailwayHealth -Uri http://127.0.0.1:9/ -RetryIntervalSec 0'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'log tail of zero'; Command = 'Get-RailwayDeploymentLog -Id $LiveId -Tail 0'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'ftp:// health URI'; Command = 'Test-RailwayHealth -Uri "ftp://example.com/health" -TimeoutSec 1'; ErrorId = 'RailwayInvalidHealthUri'; Category = 'InvalidArgument' }
        @{ Name = 'file:// health URI'; Command = 'Test-RailwayHealth -Uri "file:///etc/passwd" -TimeoutSec 1'; ErrorId = 'RailwayInvalidHealthUri'; Category = 'InvalidArgument' }
        @{ Name = 'relative health URI'; Command = 'Test-RailwayHealth -Uri "api/health" -TimeoutSec 1'; ErrorId = 'RailwayInvalidHealthUri'; Category = 'InvalidArgument' }
        @{ Name = 'ftp:// API endpoint'; Command = 'Get-RailwayProject -Endpoint "ftp://backboard.railway.com/graphql/v2"'; ErrorId = 'Railway*Endpoint'; Category = '*' }
        @{ Name = 'invalid variable name'; Command = 'Set-RailwayVariable -Project demo -Environment production -Service web -Name "1 BAD-NAME" -Value x -SkipDeploy -Confirm:$false'; ErrorId = 'RailwayInvalidVariableName'; Category = 'InvalidArgument' }
        @{ Name = 'empty variable name'; Command = 'Set-RailwayVariable -Project demo -Environment production -Service web -Name "" -Value x -Confirm:$false'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = '-Shared together with -Service'; Command = 'Get-RailwayVariable -Project demo -Environment production -Service web -Shared'; ErrorId = 'RailwayVariableSharedWithService'; Category = 'InvalidArgument' }
        @{ Name = '.env with broken quoting'; Command = 'Import-RailwayVariable -Path $BrokenEnv -Project demo -Environment production -Service web -SkipDeploy -Confirm:$false'; ErrorId = 'RailwayInvalidDotEnv'; Category = 'InvalidData' }
        @{ Name = '.env that does not exist'; Command = 'Import-RailwayVariable -Path (Join-Path $NotGit "missing.env") -Project demo -Environment production -Service web -Confirm:$false'; ErrorId = 'RailwayDotEnvNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'invalid version string'; Command = 'Step-RailwayAppVersion -Path $Repo -Version "banana" -Confirm:$false'; ErrorId = 'RailwayAppVersionInvalid'; Category = 'InvalidData' }
        @{ Name = 'version downgrade'; Command = 'Step-RailwayAppVersion -Path $Repo -Version "0.0.1" -Confirm:$false'; ErrorId = 'RailwayAppVersionDowngrade'; Category = 'InvalidArgument' }
        @{ Name = 'folder without a version source'; Command = 'Step-RailwayAppVersion -Path $NotGit -Confirm:$false'; ErrorId = 'RailwayAppVersionNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'release loop with an invalid version'; Command = 'Invoke-Cpwtr -Path $Repo -Version "1.x" -Project demo -Environment production -Service web -Confirm:$false'; ErrorId = 'RailwayAppVersionInvalid'; Category = 'InvalidData' }
        @{ Name = 'release loop in a folder that is not a git repository'; Command = 'Invoke-Cpwtr -Path $NotGit -Project demo -Environment production -Service web -Confirm:$false'; ErrorId = 'RailwayCpwtrRepositoryNotUsable'; Category = 'InvalidArgument' }
        @{ Name = 'release loop on a detached HEAD'; Command = 'Invoke-Cpwtr -Path $Detached -Project demo -Environment production -Service web -Confirm:$false'; ErrorId = 'RailwayCpwtrRepositoryNotUsable'; Category = 'InvalidArgument' }
        @{ Name = 'release loop with a -Remote git would read as an option'; Command = 'Invoke-Cpwtr -Path $Repo -Remote "--upload-pack=touch $NotGit/pwned" -Project demo -Environment production -Service web -Confirm:$false'; ErrorId = 'RailwayCpwtrInvalidRemote'; Category = 'InvalidArgument' }
        @{ Name = 'release loop with a -Remote holding a line break'; Command = 'Invoke-Cpwtr -Path $Repo -Remote "origin`nmain" -Project demo -Environment production -Service web -Confirm:$false'; ErrorId = 'RailwayCpwtrInvalidRemote'; Category = 'InvalidArgument' }
        @{ Name = 'release loop in a repository with no commits'; Command = 'Invoke-Cpwtr -Path $Empty -Project demo -Environment production -Service web -Confirm:$false'; ErrorId = 'RailwayCpwtrRepositoryNotUsable'; Category = 'InvalidArgument' }
        @{ Name = 'release loop during a merge stopped on a conflict'; Command = 'Invoke-Cpwtr -Path $Merging -Project demo -Environment production -Service web -Confirm:$false'; ErrorId = 'RailwayCpwtrOperationInProgress'; Category = 'InvalidOperation' }
        @{ Name = 'release loop with a negative stability window'; Command = 'Invoke-Cpwtr -Path $Repo -StableSec -1 -Confirm:$false'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'negative stability window of a wait'; Command = 'Wait-RailwayDeployment -Id $LiveId -StableSec -1'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'major bump past the largest version number'; Command = 'Step-RailwayAppVersion -Path $Huge -Part Major -Confirm:$false'; ErrorId = 'RailwayAppVersionInvalid'; Category = 'InvalidData' }
        @{ Name = 'commit status outside a git repository'; Command = 'Push-Location $NotGit; try { Get-RailwayCommitStatus } finally { Pop-Location }'; ErrorId = 'RailwayCommitStatus*'; Category = '*' }
        @{ Name = 'malformed GitHub repository name'; Command = 'Get-RailwayCommitStatus -Repository "not a repo"'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'conflicting parameters: -Version with -NoBump'; Command = 'Invoke-Cpwtr -Path $Repo -Version 1.0.0 -NoBump -Confirm:$false'; ErrorId = 'AmbiguousParameterSet'; Category = 'InvalidArgument' }
        @{ Name = 'conflicting parameters: -Name with -Id'; Command = 'Get-RailwayProject -Name demo -Id abc'; ErrorId = 'AmbiguousParameterSet'; Category = 'InvalidArgument' }
        @{ Name = 'conflicting parameters: -Latest with -CommitSha'; Command = 'Wait-RailwayDeployment -Latest -CommitSha abcdef1 -Project demo'; ErrorId = 'AmbiguousParameterSet'; Category = 'InvalidArgument' }
        @{ Name = 'pipeline object of the wrong type (string) to Wait-RailwayDeployment'; Command = '"hello" | Wait-RailwayDeployment -TimeoutSec 1'; ErrorId = 'InputObjectNotBound'; Category = 'InvalidArgument' }
        @{ Name = 'pipeline object of the wrong type (date) to Get-RailwayDeploymentLog'; Command = 'Get-Date | Get-RailwayDeploymentLog'; ErrorId = 'InputObjectNotBound'; Category = 'InvalidArgument' }
        @{ Name = 'pipeline object of the wrong type (int) to Restart-RailwayDeployment'; Command = '42 | Restart-RailwayDeployment -Confirm:$false'; ErrorId = 'InputObjectNotBound'; Category = 'InvalidArgument' }
        @{ Name = 'pipeline project object to Remove-RailwayVariable'; Command = 'Get-RailwayProject -Name demo | Remove-RailwayVariable -Confirm:$false'; ErrorId = '*'; Category = 'InvalidArgument' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Section = 'Bad input'
    $script:Repo = New-ReliabilityClone -Emulator $script:Emulator -NoPush
    $script:NotGit = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-rel-notgit-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:NotGit | Out-Null
    $script:BrokenEnv = Join-Path $script:NotGit 'broken.env'
    Set-Content -Path $script:BrokenEnv -Value "GOOD=1`nBROKEN=`"never closed`nOTHER=2"
    $script:Detached = New-ReliabilityClone -Emulator $script:Emulator -NoPush
    git -C $script:Detached checkout -q --detach HEAD 2>$null
    $script:LiveId = @(Get-RailwayDeployment -Project demo -Environment production -Service web -First 1)[0].DeploymentId
    $script:Empty = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-rel-nocommits-' + [guid]::NewGuid().ToString('n'))
    git init -q -b main $script:Empty 2>$null
    Set-Content -Path (Join-Path $script:Empty 'VERSION') -Value '0.1.0'
    $script:Huge = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-rel-huge-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Huge | Out-Null
    Set-Content -Path (Join-Path $script:Huge 'VERSION') -Value '9223372036854775807.0.0' -NoNewline
    # A merge stopped on a conflict in app/__init__.py: the working tree holds the conflict markers.
    $script:Merging = New-ReliabilityClone -Emulator $script:Emulator -NoPush
    git -C $script:Merging checkout -q -b theirs 2>$null
    Add-Content -Path (Join-Path $script:Merging 'app/__init__.py') -Value 'THEIRS = 1'
    git -C $script:Merging commit -qam 'theirs' 2>$null
    git -C $script:Merging checkout -q main 2>$null
    Add-Content -Path (Join-Path $script:Merging 'app/__init__.py') -Value 'OURS = 1'
    git -C $script:Merging commit -qam 'ours' 2>$null
    git -C $script:Merging merge -q theirs 2>$null | Out-Null
    if (-not (Test-Path (Join-Path $script:Merging '.git/MERGE_HEAD'))) { throw 'The merge did not stop on a conflict.' }
    $script:Tried = 0
}

AfterAll {
    Set-ReliabilityMetric -Name 'Bad input.BadInputsTried' -Value $script:Tried
    Write-ReliabilityReport -Sections 'Bad input'
    Stop-RailwayTestEmulator $script:Emulator
    foreach ($folder in $script:Repo, $script:NotGit, $script:Detached, $script:Merging, $script:Empty, $script:Huge) { if ($folder) { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue } }
    Exit-RailwayTestEnvironment
}

Describe 'Bad input' {
    It '<Name> is a clear <ErrorId> error' -ForEach $script:Cases {
        $script:Tried++
        $expected = if ($Category -eq '*') { $ErrorId } else { "$ErrorId / $Category" }
        Invoke-ReliabilityCase -Section $script:Section -Scenario "$Name : $Command" -Expected $expected -Class 'clear error' -Body {
            $headBefore = git -C $script:Repo rev-parse HEAD
            $Repo = $script:Repo; $NotGit = $script:NotGit; $Detached = $script:Detached; $BrokenEnv = $script:BrokenEnv; $LiveId = $script:LiveId
            $Empty = $script:Empty; $Merging = $script:Merging; $Huge = $script:Huge
            $command = [scriptblock]::Create($Command)

            $captured = Invoke-Captured { & $command }

            $captured.Errors.Count | Should -BeGreaterThan 0 -Because 'bad input must be refused'
            $record = $captured.Errors[0]
            $report = if ($Category -eq '*') { Assert-ClearError $record -ErrorId $ErrorId } else { Assert-ClearError $record -ErrorId $ErrorId -Category $Category }
            $record.Exception.Message | Should -Not -BeNullOrEmpty
            git -C $script:Repo rev-parse HEAD | Should -Be $headBefore -Because 'refused input changes nothing'
            @(git -C $script:Repo status --porcelain).Count | Should -Be 0
            $report
        }
    }

    It 'refuses a release during a conflicted merge without committing the conflict markers or pushing' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'Invoke-Cpwtr during a merge stopped on a conflict' -Expected 'RailwayCpwtrOperationInProgress before any change: no commit, nothing pushed, the conflicted file and MERGE_HEAD as they were' -Class refused -Body {
            $head = git -C $script:Merging rev-parse HEAD
            $remote = git -C $script:Merging ls-remote origin refs/heads/main
            $conflicted = Get-Content -Raw (Join-Path $script:Merging 'app/__init__.py')
            $status = git -C $script:Merging status --porcelain

            $captured = Invoke-Captured { Invoke-Cpwtr -Path $script:Merging -Project demo -Environment production -Service web -Confirm:$false }

            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayCpwtrOperationInProgress' -Category InvalidOperation -MessageLike '*merge*git merge --abort*'
            git -C $script:Merging rev-parse HEAD | Should -Be $head
            git -C $script:Merging ls-remote origin refs/heads/main | Should -Be $remote
            Get-Content -Raw (Join-Path $script:Merging 'app/__init__.py') | Should -Be $conflicted
            $conflicted | Should -BeLike '*<<<<<<<*'
            git -C $script:Merging status --porcelain | Should -Be $status
            Test-Path (Join-Path $script:Merging '.git/MERGE_HEAD') | Should -BeTrue
            "$report; HEAD, remote, conflicted file and MERGE_HEAD unchanged"
        }
    }

    It 'never runs what a -Remote option names' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "Invoke-Cpwtr -Remote '--upload-pack=touch <file>'" -Expected 'RailwayCpwtrInvalidRemote / InvalidArgument before git runs; the file is not created' -Class refused -Body {
            $marker = Join-Path $script:NotGit 'pwned-2'

            $captured = Invoke-Captured { Invoke-Cpwtr -Path $script:Repo -Remote "--upload-pack=touch $marker" -Project demo -Environment production -Service web -Confirm:$false }

            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayCpwtrInvalidRemote' -Category InvalidArgument
            Test-Path $marker | Should -BeFalse
            "$report; nothing ran"
        }
    }
}

# Bad input to the cmdlets' surface (names, values, targets): a clear error, and nothing changed on the
# emulator's side, which its request journal (no mutation sent) and its state (the variables) show.
BeforeDiscovery {
    $script:SurfaceCases = @(
        @{ Name = 'variable name with a NUL (no wildcard, no culture-aware match)'; Command = 'Remove-RailwayVariable -Project demo -Environment production -Service web -Name "UX_KE`0Y" -Force'; ErrorId = 'RailwayVariableNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'variable name with a trailing zero-width space'; Command = 'Remove-RailwayVariable -Project demo -Environment production -Service web -Name "UX_KEY`u{200B}" -Force'; ErrorId = 'RailwayVariableNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'variable name differing only in case from two that exist'; Command = 'Remove-RailwayVariable -Project demo -Environment production -Service web -Name Ux_Key -Force'; ErrorId = 'RailwayVariableNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'variable value with a NUL'; Command = 'Set-RailwayVariable -Project demo -Environment production -Service web -Name UX_KEY -Value $NulValue -SkipDeploy -Confirm:$false'; ErrorId = 'RailwayInvalidVariableValue'; Category = 'InvalidArgument' }
        @{ Name = '.env line whose value holds a NUL'; Command = 'Import-RailwayVariable -Path $NulEnv -Project demo -Environment production -Service web -SkipDeploy -Confirm:$false'; ErrorId = 'RailwayInvalidDotEnv'; Category = 'InvalidData' }
        @{ Name = 'bare Get-RailwayVariable (no project, environment or service anywhere)'; Command = 'Get-RailwayVariable'; ErrorId = 'RailwayProjectRequired'; Category = 'InvalidArgument'; Like = '*-Project, -Environment, -Service*' }
        @{ Name = 'bare Remove-RailwayVariable -Force (no target anywhere)'; Command = 'Remove-RailwayVariable -Name UX_KEY -Force'; ErrorId = 'RailwayProjectRequired'; Category = 'InvalidArgument'; Like = '*-Project, -Environment, -Service*' }
        @{ Name = 'deployment log with neither an id nor a target (no prompt)'; Command = 'Get-RailwayDeploymentLog -Type Deploy -Tail 200'; ErrorId = 'RailwayLogTargetIncomplete'; Category = 'InvalidArgument'; Like = '*-Project, -Environment, -Service*' }
        @{ Name = 'deployment log id that is not a UUID'; Command = 'Get-RailwayDeploymentLog -Id nonsense'; ErrorId = 'RailwayDeploymentNotFound'; Category = 'ObjectNotFound'; Like = '*not a deployment id*' }
        @{ Name = 'pull request without an environment'; Command = 'Get-RailwayEnvironment -Project demo -PullRequest 9999'; ErrorId = 'RailwayEnvironmentNotFound'; Category = 'ObjectNotFound'; Like = '*#9999*' }
        @{ Name = 'wrong project name: the error lists the projects the token sees'; Command = 'Remove-RailwayVariable -Project no-such-project -Environment production -Service web -Name UX_KEY -Force'; ErrorId = 'RailwayProjectNotFound'; Category = 'ObjectNotFound'; Like = '*The projects it sees: demo*' }
        @{ Name = 'wrong environment name: the error lists the environments'; Command = 'Set-RailwayVariable -Project demo -Environment prod -Service web -Name UX_KEY -Value x -SkipDeploy -Confirm:$false'; ErrorId = 'RailwayEnvironmentNotFound'; Category = 'ObjectNotFound'; Like = '*Its environments: production, staging*' }
        @{ Name = 'commit status from a clone of a local folder'; Command = 'Push-Location $LocalClone; try { Get-RailwayCommitStatus } finally { Pop-Location }'; ErrorId = 'RailwayCommitStatusNoRepository'; Category = 'ObjectNotFound'; Like = '*not a GitHub repository*' }
        @{ Name = 'commit status in a repository with no commits yet'; Command = 'Push-Location $Empty; try { Get-RailwayCommitStatus -Repository railwayops/hello-railway } finally { Pop-Location }'; ErrorId = 'RailwayCommitStatusNoCommit'; Category = 'ObjectNotFound'; Like = '*Could not read HEAD*Pass -Ref*' }
    )
}

Describe 'Bad input changes nothing on the emulator' {
    BeforeAll {
        $script:Web = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
        $script:NulEnv = Join-Path $script:NotGit 'nul.env'
        [IO.File]::WriteAllText($script:NulEnv, "UX_GOOD=fine`nUX_NUL=canary-nul`0value`n")
        $script:LocalUpstream = Join-Path $script:NotGit 'upstream'
        $script:LocalClone = Join-Path $script:NotGit 'clone'
        git init -q -b main $script:LocalUpstream
        git -C $script:LocalUpstream -c user.email=tests@railwayops.local -c user.name=tests commit -q --allow-empty -m 'local only'
        git clone -q $script:LocalUpstream $script:LocalClone 2>$null
        # Only queries may reach the emulator for refused input: every operation the client can send that is not a query.
        $operations = Join-Path $PSScriptRoot '../../src/RailwayOps.Core/Railway'
        $script:Mutations = @(Get-ChildItem $operations -Filter *.graphql -Recurse | Where-Object { $_.Directory.Name -ne 'Fragments' } | Where-Object { (Get-Content $_ -Raw) -notmatch '^\s*(query|subscription)\b' } | ForEach-Object BaseName)

        function Get-WebVariableState {
            (Get-RailwayVariable @script:Web -AsPlainText | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join "`n"
        }
    }

    It '<Name> is refused with <ErrorId> and leaves the emulator as it was' -ForEach $script:SurfaceCases {
        $script:Tried++
        Invoke-ReliabilityCase -Section $script:Section -Scenario "$Name : $Command" -Expected "$ErrorId / $Category; no mutation in the journal; variables unchanged" -Class 'refused' -Body {
            $script:Mutations.Count | Should -BeGreaterThan 3 -Because 'the operation files list the mutations'
            # Two names that differ only in case, each case on its own: a case that wrongly deleted them must not hide the next.
            Set-RailwayVariable @script:Web -Name UX_KEY -Value 'ux-upper' -SkipDeploy
            Set-RailwayVariable @script:Web -Name ux_key -Value 'ux-lower' -SkipDeploy
            $before = Get-WebVariableState
            $before | Should -MatchExactly 'ux_key=ux-lower'
            $before | Should -MatchExactly 'UX_KEY=ux-upper'
            Reset-EmulatorJournal $script:Emulator
            $NulEnv = $script:NulEnv; $LocalClone = $script:LocalClone; $NulValue = "canary-nul`0value"
            $command = [scriptblock]::Create($Command)

            $captured = Invoke-Captured { & $command }

            $report = Assert-ClearError $captured.Errors[0] -ErrorId $ErrorId -Category $Category -MessageLike ($Like ?? '*')
            $sent = @((Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name)
            $sent | Where-Object { $_ -in $script:Mutations } | Should -BeNullOrEmpty -Because 'refused input sends no mutation'
            Get-WebVariableState | Should -BeExactly $before
            ($captured.Errors | Out-String) | Should -Not -Match 'canary-nul'
            "$report; sent: $($sent -join ', ')"
        }
    }
}

Describe 'Bad input: values inside their declared range that no timer takes' {
    It '<Command> completes instead of failing unexpectedly' -ForEach @(
        @{ Command = 'Wait-RailwayDeployment -Id $LiveId -TimeoutSec 5000000' }
        @{ Command = 'Wait-RailwayDeployment -Id $LiveId -TimeoutSec 2147483647 -NoSubscription' }
        @{ Command = 'Get-RailwayDeployment -Id $LiveId | Wait-RailwayDeployment -TimeoutSec 2147483647' }
    ) {
        $script:Tried++
        Invoke-ReliabilityCase -Section $script:Section -Scenario "$Command (.NET timers stop at 49.7 days)" -Expected 'the live deployment, no error (the landed code: RailwayUnexpectedError)' -Class completed -Body {
            $LiveId = $script:LiveId
            $command = [scriptblock]::Create($Command)

            $captured = Invoke-Captured { & $command }

            $captured.Errors | Should -BeNullOrEmpty -Because (($captured.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) -join '; ')
            (Select-Result $captured.Output).DeploymentId | Should -Be $script:LiveId
            "$((Select-Result $captured.Output).Status) in $($captured.Seconds) s, no error"
        }
    }

    It 'a GitHub ref git would refuse (<Ref>) is a clear RailwayGitHubInvalidRef error' -ForEach @(
        @{ Ref = 'feature branch' }
        @{ Ref = 'main~1' }
        @{ Ref = 'refs/heads/x.lock' }
    ) {
        $script:Tried++
        Invoke-ReliabilityCase -Section $script:Section -Scenario "Get-RailwayCommitStatus -Ref '$Ref'" -Expected 'RailwayGitHubInvalidRef / InvalidArgument' -Class 'clear error' -Body {
            $captured = Invoke-Captured { Get-RailwayCommitStatus -Repository railwayops/hello-railway -Ref $Ref }
            Assert-ClearError $captured.Errors -ErrorId 'RailwayGitHubInvalidRef' -Category InvalidArgument
        }
    }
}
