BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator

    # Whatever a test starts or creates is recorded here first, so that AfterAll removes it even when the test fails.
    $script:Started = [System.Collections.Generic.List[object]]::new()
    $script:Folders = [System.Collections.Generic.List[string]]::new()
    $script:Locked = [System.Collections.Generic.List[string]]::new()
    $script:Killed = [System.Collections.Generic.List[int]]::new()

    function Start-StateTestEmulator {
        param([string]$StateDirectory, [switch]$NoConnect)
        $parameters = @{ NoConnect = $NoConnect; Confirm = $false; ErrorAction = 'Stop' }
        if ($StateDirectory) { $parameters.StateDirectory = $StateDirectory }
        $emulator = Start-RailwayEmulator @parameters
        $script:Started.Add($emulator)
        $script:Folders.Add($emulator.StateDirectory)
        $emulator
    }

    function Start-StateTestDeployment {
        <# Deploys the sample app to the emulator the session points at; returns its app's process ids (Linux). #>
        param([Parameter(Mandatory)] $Emulator)
        $repository = New-DeploymentTestRepository -Emulator $Emulator
        $script:Folders.Add($repository.Path)
        $sha = Publish-DeploymentTestCommit -Repository $repository -Message 'deploy before the stop'
        Wait-RailwayDeployment -Project demo -Environment production -Service web -CommitSha $sha -TimeoutSec 120 -ErrorAction Stop | Out-Null
        @(Get-ProcessIdWorkingIn $Emulator.StateDirectory)
    }

    function Get-ProcessIdWorkingIn([string]$Folder) {
        <# Processes whose working directory is in $Folder (the deployed app runs in its work folder). #>
        $root = (& realpath $Folder).Trim()
        foreach ($entry in [IO.Directory]::GetDirectories('/proc')) {
            $id = Split-Path -Leaf $entry
            if ($id -notmatch '^\d+$' -or [int]$id -eq $PID) { continue }
            $cwd = try { [IO.DirectoryInfo]::new("$entry/cwd").LinkTarget } catch { $null }
            if ($cwd -and ($cwd -eq $root -or $cwd.StartsWith("$root/"))) { [int]$id }
        }
    }

    function Test-ProcessRunning([int]$Id) {
        # A killed process can stay a zombie until it is reaped; it runs no more.
        $text = try { [IO.File]::ReadAllText("/proc/$Id/stat") } catch { $null }
        [bool]$text -and $text[$text.LastIndexOf(')') + 2] -ne 'Z'
    }

    function Set-StateTestTempFolder([string]$Path) {
        <# Points [IO.Path]::GetTempPath() (TMPDIR) at $Path, or back to the saved value when $Path is empty. #>
        if ($Path) {
            $script:SavedTmpDir = $env:TMPDIR
            $env:TMPDIR = $Path
        }
        elseif ($null -eq $script:SavedTmpDir) { Remove-Item Env:TMPDIR -ErrorAction SilentlyContinue }
        else { $env:TMPDIR = $script:SavedTmpDir }
    }
}

AfterAll {
    foreach ($emulator in $script:Started) {
        if (-not $emulator.HasExited) { $emulator.Process.Kill($true); $emulator.Process.WaitForExit(5000) | Out-Null }
    }
    foreach ($path in $script:Locked) {
        if (Test-Path -LiteralPath $path) { & chattr -i $path 2>$null; & chmod 700 $path 2>$null }
    }
    foreach ($folder in $script:Folders) {
        if (Test-Path -LiteralPath $folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }
    # A .NET process that is killed leaves its diagnostic pipes (named after its process id) in the temp folder.
    foreach ($id in $script:Killed) {
        Get-ChildItem ([IO.Path]::GetTempPath()) -Filter "*-$id-*" -ErrorAction SilentlyContinue |
            Where-Object Name -Match "^(clr-debug-pipe|dotnet-diagnostic)-$id-" | Remove-Item -Force -ErrorAction SilentlyContinue
    }
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Stop-RailwayEmulator' {
    It 'reports an unknown process id as not running' {
        Stop-RailwayEmulator -ProcessId 999999 -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEmulatorNotRunning,*'
        $script:Emulator.HasExited | Should -BeFalse
    }

    It 'changes nothing with -WhatIf' {
        $script:Emulator | Stop-RailwayEmulator -WhatIf

        $script:Emulator.HasExited | Should -BeFalse
    }

    It 'stops the emulator from the pipeline, then a call fails with a ConnectionError' {
        $endpoint = $script:Emulator.GraphQLUrl
        $token = ConvertTo-TestSecureString (Get-TestSeedToken -Kind account)

        $stopped = $script:Emulator | Stop-RailwayEmulator -PassThru

        $stopped.HasExited | Should -BeTrue
        (Get-RailwayContext).EndpointSource | Should -Be 'Default'
        $failure = { Get-RailwayProject -Endpoint $endpoint -Token $token -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayConnectionFailed,*'
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'has nothing left to stop afterwards' {
        Stop-RailwayEmulator -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEmulatorNotRunning,*'
    }
}

Describe 'Stop-RailwayEmulator: the state folder' {
    It 'deletes the temporary state folder it ran on, after the app it deployed is gone' -Skip:(-not $IsLinux) {
        $emulator = Start-StateTestEmulator
        $emulator.StateIsTemporary | Should -BeTrue
        $emulator.StateDirectory | Should -BeLike (Join-Path ([IO.Path]::GetTempPath()) 'railwayops-emulator-*')
        $app = Start-StateTestDeployment -Emulator $emulator
        $app | Should -Not -BeNullOrEmpty -Because 'the deployed app runs in the state folder'
        Test-Path (Join-Path $emulator.StateDirectory 'git') | Should -BeTrue

        $verbose = $emulator | Stop-RailwayEmulator -Confirm:$false -Verbose -WarningVariable warnings -ErrorVariable failures 4>&1

        $failures | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        $emulator.HasExited | Should -BeTrue
        Test-Path -LiteralPath $emulator.StateDirectory | Should -BeFalse
        $app | Where-Object { Test-ProcessRunning $_ } | Should -BeNullOrEmpty
        ($verbose | Out-String) | Should -BeLike "*Deleted the emulator's temporary state folder $($emulator.StateDirectory)*"
    }

    It 'deletes it when an emulator that exited on its own is piped in, ending the app it left running' -Skip:(-not $IsLinux) {
        $emulator = Start-StateTestEmulator
        $app = Start-StateTestDeployment -Emulator $emulator
        $app | Should -Not -BeNullOrEmpty
        # A crash: the emulator goes, its deployed app does not (until its watchdog or the stop ends it).
        $script:Killed.Add($emulator.ProcessId)
        $emulator.Process.Kill()
        $emulator.Process.WaitForExit()

        $emulator | Stop-RailwayEmulator -Confirm:$false -WarningVariable warnings -ErrorVariable failures

        $failures | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        Test-Path -LiteralPath $emulator.StateDirectory | Should -BeFalse
        $app | Where-Object { Test-ProcessRunning $_ } | Should -BeNullOrEmpty
    }

    It 'keeps a folder named with -StateDirectory, and a new start restores it' {
        $named = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-state-' + [guid]::NewGuid().ToString('n'))
        $script:Folders.Add($named)
        $emulator = Start-StateTestEmulator -StateDirectory $named -NoConnect
        $emulator.StateIsTemporary | Should -BeFalse
        $emulator.StateDirectory | Should -Be $named

        $emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -WarningVariable warnings -ErrorVariable failures
        $again = Start-StateTestEmulator -StateDirectory $named -NoConnect
        $again | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false

        $failures | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        Test-Path (Join-Path $named 'state.json') | Should -BeTrue
        Test-Path (Join-Path $named 'git') | Should -BeTrue
        $again.StateDirectory | Should -Be $named
    }

    It 'keeps the temporary folder with -KeepState; piping the emulator in again deletes it' {
        $emulator = Start-StateTestEmulator -NoConnect

        $emulator | Stop-RailwayEmulator -KeepState -GraceSec 5 -Confirm:$false -WarningVariable warnings -ErrorVariable failures

        $failures | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        $emulator.HasExited | Should -BeTrue
        Test-Path (Join-Path $emulator.StateDirectory 'state.json') | Should -BeTrue -Because 'the state of the run is there to look at'
        Test-Path (Join-Path $emulator.StateDirectory 'journal.jsonl') | Should -BeTrue

        $emulator | Stop-RailwayEmulator -Confirm:$false -ErrorVariable failures

        $failures | Should -BeNullOrEmpty
        Test-Path -LiteralPath $emulator.StateDirectory | Should -BeFalse
    }

    It 'changes nothing with -WhatIf' {
        $emulator = Start-StateTestEmulator -NoConnect

        $emulator | Stop-RailwayEmulator -WhatIf

        $emulator.HasExited | Should -BeFalse
        Test-Path -LiteralPath $emulator.StateDirectory | Should -BeTrue
        $emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false
        Test-Path -LiteralPath $emulator.StateDirectory | Should -BeFalse
    }

    It 'still stops, and warns naming the folder, when the folder cannot be deleted' -Skip:(-not $IsLinux) {
        # The temporary folder goes to a private temp folder, so that it can be made undeletable: as root
        # a file in it is made immutable (chattr +i), otherwise the private temp folder is made read-only
        # (removing an entry takes write permission on the folder holding it).
        $private = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-stoptest-' + [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $private | Out-Null
        $script:Folders.Add($private)
        Set-StateTestTempFolder $private
        try { $emulator = Start-StateTestEmulator -NoConnect }
        finally { Set-StateTestTempFolder '' }
        $emulator.StateDirectory | Should -BeLike (Join-Path $private 'railwayops-emulator-*')
        if ((& id -u) -eq '0') {
            $pinned = Join-Path $emulator.StateDirectory 'pinned.log'
            Set-Content -LiteralPath $pinned -Value 'kept'
            $script:Locked.Add($pinned)
            & chattr +i $pinned 2>$null
            if ($LASTEXITCODE -ne 0) { Set-ItResult -Skipped -Because 'chattr +i does not work on this file system'; return }
        }
        else {
            $script:Locked.Add($private)
            & chmod 500 $private
        }

        $emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable failures

        $failures | Should -BeNullOrEmpty -Because 'the emulator did stop'
        $emulator.HasExited | Should -BeTrue
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "*temporary state folder $($emulator.StateDirectory) could not be deleted*"
        Test-Path -LiteralPath $emulator.StateDirectory | Should -BeTrue
        Stop-RailwayEmulator -ProcessId $emulator.ProcessId -ErrorVariable gone -ErrorAction SilentlyContinue
        $gone[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEmulatorNotRunning,*' -Because 'the stopped emulator is no longer listed'
    }

    It 'deletes the temporary folder of an emulator still running when PowerShell exits' -Skip:(-not $IsLinux) {
        $result = Invoke-ChildPwsh -ArgumentList (Get-RailwayOpsTestModulePath) -ScriptBlock {
            param($ModulePath)
            Import-Module $ModulePath
            $emulator = Start-RailwayEmulator -NoConnect -Confirm:$false
            "STATE=$($emulator.StateDirectory)"
            "PID=$($emulator.ProcessId)"
            "EXISTS=$(Test-Path $emulator.StateDirectory)"
        }
        $state = ($result.Lines | Where-Object { $_ -like 'STATE=*' }) -replace '^STATE='
        $emulatorId = [int](($result.Lines | Where-Object { $_ -like 'PID=*' }) -replace '^PID=')
        if ($state) { $script:Folders.Add($state) }

        $result.Error | Should -BeNullOrEmpty
        $state | Should -BeLike (Join-Path ([IO.Path]::GetTempPath()) 'railwayops-emulator-*')
        $result.Lines | Should -Contain 'EXISTS=True'
        Test-Path -LiteralPath $state | Should -BeFalse
        Test-ProcessRunning $emulatorId | Should -BeFalse
    }
}
