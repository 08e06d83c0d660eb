BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Start-RailwayEmulator' {
    It 'returns the emulator''s loopback URLs and process' {
        $script:Emulator | Should -BeOfType ([RailwayOps.RailwayEmulator])
        $script:Emulator.GraphQLUrl.Host | Should -Be '127.0.0.1'
        $script:Emulator.GraphQLUrl.AbsolutePath | Should -Be '/graphql/v2'
        $script:Emulator.GitHubApiUrl.AbsolutePath | Should -Be '/api/v3/'
        $script:Emulator.AdminUrl.AbsolutePath | Should -Be '/_emulator/'
        $script:Emulator.Process.HasExited | Should -BeFalse
        $script:Emulator.ProcessId | Should -Be $script:Emulator.Process.Id
        Test-Path (Join-Path $script:Emulator.StateDirectory 'emulator.json') | Should -BeTrue
    }

    It 'points the session at the emulator with the seed''s tokens' {
        $context = Get-RailwayContext

        $context.Endpoint | Should -Be $script:Emulator.GraphQLUrl
        $context.TokenKind | Should -Be 'Account'
        $context.GitHubApiUrl | Should -Be $script:Emulator.GitHubApiUrl
        $context.GitHubTokenSource | Should -Be 'Session'
        (Get-RailwayProject).Name | Should -Contain 'demo'
    }

    It 'fails clearly for a seed file that does not exist' {
        $failure = { Start-RailwayEmulator -Seed ./no-such-seed.json -NoConnect } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayEmulatorSeedNotFound,*'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'says where its state lives and whether the module made the folder' {
        $script:Emulator.StateIsTemporary | Should -BeFalse -Because 'the test helper names a folder with -StateDirectory'

        $temporary = Start-RailwayEmulator -NoConnect -Confirm:$false
        try {
            $temporary.StateIsTemporary | Should -BeTrue
            $temporary.StateDirectory | Should -BeLike (Join-Path ([IO.Path]::GetTempPath()) 'railwayops-emulator-*')
            Test-Path (Join-Path $temporary.StateDirectory 'state.json') | Should -BeTrue
            if (-not $IsWindows) {
                # It holds secret.key, the key to every stored variable value.
                [IO.File]::GetUnixFileMode($temporary.StateDirectory) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
            }
        }
        finally {
            $temporary | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false
            $left = Test-Path -LiteralPath $temporary.StateDirectory
            if ($left) { Remove-Item -LiteralPath $temporary.StateDirectory -Recurse -Force }
        }
        $left | Should -BeFalse -Because 'stopping it deletes the folder the module made'
    }

    It 'deletes the temporary folder made for a start that fails' -Skip:$IsWindows {
        # A private temp folder (TMPDIR) shows exactly what the failed start left in it.
        $private = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-starttest-' + [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $private | Out-Null
        $badSeed = Join-Path $private 'bad-seed.json'
        Set-Content -LiteralPath $badSeed -Value '{ "projects": [ this is not JSON'
        $savedTmpDir = $env:TMPDIR
        try {
            $env:TMPDIR = $private
            $failure = { Start-RailwayEmulator -Seed $badSeed -NoConnect -Confirm:$false } | Should -Throw -PassThru
            $env:TMPDIR = $savedTmpDir

            $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayEmulatorInvalidSeed,*'
            @(Get-ChildItem -LiteralPath $private -Force | ForEach-Object Name) | Should -Be @('bad-seed.json')
        }
        finally {
            if ($null -eq $savedTmpDir) { Remove-Item Env:TMPDIR -ErrorAction SilentlyContinue } else { $env:TMPDIR = $savedTmpDir }
            Remove-Item -LiteralPath $private -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    It 'fails clearly for a seed that is not valid: the reason, no stack trace' {
        $bad = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-badseed-' + [guid]::NewGuid().ToString('n') + '.json')
        Set-Content -LiteralPath $bad -Value '{ "projects": [ { "name": "demo", "environments": [ { "name": "production" } ], "services": [ { "name": "web", "deployments": [ { "environment": "nowhere" } ] } ] } ] }'
        try {
            $failure = { Start-RailwayEmulator -Seed $bad -NoConnect -Confirm:$false } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayEmulatorInvalidSeed,*'
            $failure.CategoryInfo.Category | Should -Be 'InvalidData'
            $failure.Exception.Message | Should -BeLike "*seed file $bad is not a valid seed: seed names an unknown environment 'nowhere'*"
            # What the error view shows of it (under any $ErrorView the exception's own trace is PowerShell's, not ours).
            $failure.Exception.Message + [string]$failure.ErrorDetails | Should -Not -Match '(?m)^\s+at \S+.*\(|Unhandled exception'
        }
        finally { Remove-Item -LiteralPath $bad -ErrorAction SilentlyContinue }
    }

    It 'fails clearly for a -StateDirectory that is a file, starting nothing' {
        $file = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-statefile-' + [guid]::NewGuid().ToString('n'))
        Set-Content -LiteralPath $file -Value 'not a folder'
        try {
            $failure = { Start-RailwayEmulator -StateDirectory $file -NoConnect -Confirm:$false } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayEmulatorStateDirectoryInvalid,*'
            $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failure.Exception.Message | Should -BeLike "The state directory $file is a file.*"
            $failure.Exception.Message + [string]$failure.ErrorDetails | Should -Not -Match '(?m)^\s+at \S+.*\('
            Get-Content -LiteralPath $file | Should -Be 'not a folder'
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
    }

    It 'fails clearly when its -Port is taken: the emulator''s own reason, and nothing left running' {
        $taken = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $taken.Start()
        $state = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-porttaken-' + [guid]::NewGuid().ToString('n'))
        try {
            $port = $taken.LocalEndpoint.Port
            $failure = { Start-RailwayEmulator -Port $port -StateDirectory $state -NoConnect -Confirm:$false } | Should -Throw -PassThru
        }
        finally { $taken.Stop() }
        try {
            $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayEmulatorStartFailed,*'
            $failure.CategoryInfo.Category | Should -Be 'InvalidResult'
            $failure.Exception.Message | Should -Match "$port"
            $failure.Exception.Message + [string]$failure.ErrorDetails | Should -Not -Match '(?m)^\s+at \S+.*\('
            @(Get-Process -ErrorAction SilentlyContinue | Where-Object { try { $_.CommandLine -like "*$state*" } catch { $false } }) | Should -BeNullOrEmpty -Because 'the emulator that could not listen is not left running'
        }
        finally { Remove-Item -LiteralPath $state -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'fails clearly when the module is installed without its emulator' {
        # A copy of the staged module without emulator/, imported in a fresh pwsh (this process has the real one loaded).
        $copy = Join-Path $TestDrive 'RailwayOps'
        Copy-Item -LiteralPath (Split-Path -Parent (Get-RailwayOpsTestModulePath)) -Destination $copy -Recurse
        Remove-Item -LiteralPath (Join-Path $copy 'emulator') -Recurse -Force

        $result = Invoke-ChildPwsh -TimeoutSec 120 -ArgumentList (Join-Path $copy 'RailwayOps.psd1') -ScriptBlock {
            param($Module)
            Import-Module $Module -ErrorAction Stop
            try { Start-RailwayEmulator -NoConnect -Confirm:$false; 'STARTED' }
            catch { 'ERRORID=' + $_.FullyQualifiedErrorId; 'CATEGORY=' + $_.CategoryInfo.Category; 'MESSAGE=' + $_.Exception.Message }
        }

        $result.Lines | Should -Contain 'ERRORID=RailwayEmulatorNotInstalled,RailwayOps.Commands.StartRailwayEmulatorCommand' -Because "the child wrote: $($result.Output) $($result.Error)"
        $result.Lines | Should -Contain 'CATEGORY=ObjectNotFound'
        @($result.Lines | Where-Object { $_ -like 'MESSAGE=*' -and $_ -like "*$copy*" }).Count | Should -Be 1 -Because 'the message names where the emulator should be'
    }

    It 'carries the git remote of each hosted repository' {
        $repository = @($script:Emulator.Repositories | Where-Object Repository -EQ 'railwayops/hello-railway')
        $repository.Count | Should -Be 1
        $repository[0].DefaultBranch | Should -Be 'main'
        $repository[0].Remote | Should -Be (Join-Path $script:Emulator.StateDirectory 'git/railwayops/hello-railway.git')
        (git -C $repository[0].Remote rev-parse --is-bare-repository) | Should -Be 'true'
        ($script:Emulator.Repositories | Format-Table | Out-String -Width 300) | Should -BeLike '*railwayops/hello-railway*main*hello-railway.git*'
    }

    It 'serves the seeded project''s live deployments at start: the health check answers, redeploy and restart work' {
        $target = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }

        $health = Test-RailwayHealth @target -TimeoutSec 10 -ErrorAction Stop
        $live = Get-RailwayDeployment @target -Status Success -First 1
        $live.CommitMessage | Should -Be 'Relax health check timeout - bump to v0.0.7' -Because 'it is the seed''s live deployment'
        $restarted = $live | Restart-RailwayDeployment -Wait -PassThru -Confirm:$false -ErrorAction Stop
        $redeployed = $live | Redo-RailwayDeployment -Wait -PassThru -Confirm:$false -ErrorAction Stop

        $health.Healthy | Should -BeTrue
        $restarted.Status | Should -Be 'Success'
        $redeployed.Status | Should -Be 'Success'
        $redeployed.CommitHash | Should -Be $live.CommitHash
        (Test-RailwayHealth @target -TimeoutSec 10 -ErrorAction Stop).Healthy | Should -BeTrue
    }

    It 'links a newcomer''s repository through that remote, as the README shows, and Invoke-Cpwtr ships it' {
        $work = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-newcomer-' + [guid]::NewGuid().ToString('n'))
        Copy-Item -Recurse (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'samples/hello-railway') $work
        try {
            git -C $work init -q -b main
            git -C $work -c user.name=Newcomer -c user.email=newcomer@example.com add -A
            git -C $work -c user.name=Newcomer -c user.email=newcomer@example.com commit -qm 'hello-railway'
            git -C $work config user.name Newcomer
            git -C $work config user.email newcomer@example.com
            git -C $work remote add origin $script:Emulator.Repositories[0].Remote

            $result = Invoke-Cpwtr -Path $work -Message 'Greet by name' -Project demo -Environment production -Service web -Confirm:$false -ErrorAction Stop

            $result.Succeeded | Should -BeTrue
            $result.Environment | Should -Be 'production'
            (git -C $script:Emulator.Repositories[0].Remote rev-parse main) | Should -Be (git -C $work rev-parse HEAD)
        }
        finally { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'starts nothing with -WhatIf' {
        Start-RailwayEmulator -NoConnect -WhatIf | Should -BeNullOrEmpty
    }

    Context 'a second emulator started with -Verbose -Debug' {
        BeforeEach {
            $script:SecondState = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-state-' + [guid]::NewGuid().ToString('n'))
        }

        AfterEach {
            Stop-RailwayEmulator -ProcessId $script:Second.ProcessId -GraceSec 5 -ErrorAction SilentlyContinue
            Remove-Item $script:SecondState -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'never prints the seed token while starting' {
            $token = Get-TestSeedToken -Kind account

            $output = Start-RailwayEmulator -StateDirectory $script:SecondState -NoConnect -Verbose -Debug *>&1
            $script:Second = $output | Where-Object { $_ -is [RailwayOps.RailwayEmulator] }

            $script:Second | Should -Not -BeNullOrEmpty
            ($output | Out-String) | Should -Not -BeLike "*$token*"
            ($script:Second | Format-List * | Out-String) | Should -Not -BeLike "*$token*"
        }
    }
}
