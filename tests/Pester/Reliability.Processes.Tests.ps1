# Emulator processes: whatever ends the emulator or the PowerShell that started it (Stop-RailwayEmulator, kill -9 of
# the emulator, the pwsh killed or terminated), nothing it started is left running and no temporary state folder is
# left; Ctrl+C at the prompt ends the command, not the emulator; builds and apps never see the user's tokens; bad
# input to Start-RailwayEmulator is a clear error. Every scenario tags what it starts (RAILWAYOPS_RUN_ID) and looks
# only for that tag: other test runs on the same machine are never looked at.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ProcessHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Section = 'Emulator processes'
    $script:Tags = [System.Collections.Generic.List[string]]::new()
    $script:Folders = [System.Collections.Generic.List[string]]::new()
    $script:SavedRunId = $env:RAILWAYOPS_RUN_ID

    function Use-ProcessTag {
        <# Tags what this process starts from here on (until Reset-ProcessTag) and records the tag for AfterAll. #>
        $tag = New-ProcessTag
        $script:Tags.Add($tag)
        $env:RAILWAYOPS_RUN_ID = $tag
        $tag
    }

    function Reset-ProcessTag {
        if ($null -eq $script:SavedRunId) { Remove-Item Env:RAILWAYOPS_RUN_ID -ErrorAction SilentlyContinue } else { $env:RAILWAYOPS_RUN_ID = $script:SavedRunId }
    }

    function Start-TaggedEmulator {
        param([string]$StateDirectory)
        $parameters = @{ Confirm = $false; ErrorAction = 'Stop' }
        if ($StateDirectory) { $parameters.StateDirectory = $StateDirectory; $script:Folders.Add($StateDirectory) }
        $emulator = Start-RailwayEmulator @parameters
        $script:Folders.Add($emulator.StateDirectory)
        $emulator
    }

    function Publish-TestApp {
        <# Deploys the sample app to $Emulator's production; returns the repository. #>
        param([Parameter(Mandatory)] $Emulator, [string]$Message = 'deploy', [scriptblock]$Change)
        $repository = New-DeploymentTestRepository -Emulator $Emulator
        $script:Folders.Add($repository.Path)
        $sha = Publish-DeploymentTestCommit -Repository $repository -Message $Message -Change $Change
        $deployment = Wait-RailwayDeployment -Project demo -Environment production -Service web -CommitSha $sha -TimeoutSec 120 -ErrorAction Stop
        [pscustomobject]@{ Repository = $repository; Deployment = $deployment }
    }

    function Start-PromptEmulator {
        <# A child pwsh at a "prompt" that imported the module and started an emulator on a temporary folder. #>
        param([Parameter(Mandatory)][string]$Tag)
        $prompt = Start-PromptPwsh -Tag $Tag
        Send-PromptLine $prompt "Import-Module '$(Get-RailwayOpsTestModulePath)'; `$e = Start-RailwayEmulator -Confirm:`$false; 'EMULATOR=' + `$e.ProcessId + ' STATE=' + `$e.StateDirectory + ' PWSH=' + `$PID"
        $started = Wait-PromptOutput $prompt 'EMULATOR=(\d+) STATE=(\S+) PWSH=(\d+)' -TimeoutSec 90
        if (-not $started) { throw "The child pwsh did not start an emulator: $(Get-PromptText $prompt)" }
        $script:Folders.Add($started.Groups[2].Value)
        [pscustomobject]@{ Prompt = $prompt; EmulatorId = [int]$started.Groups[1].Value; State = $started.Groups[2].Value; PwshId = [int]$started.Groups[3].Value }
    }
}

AfterAll {
    Reset-ProcessTag
    Write-ReliabilityReport -Sections $script:Section
    # Whatever a failed scenario left, this file ends it.
    foreach ($tag in $script:Tags) { Stop-TaggedProcess -Tag $tag }
    foreach ($folder in $script:Folders) { if (Test-Path -LiteralPath $folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue } }
    Exit-RailwayTestEnvironment
}

Describe 'Emulator processes: nothing left running, however it ends' -Skip:(-not $IsLinux) {
    AfterEach { Reset-ProcessTag }

    It 'Ctrl+C at the prompt (SIGINT to the pwsh''s process group) stops the command, not the emulator' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'SIGINT to the process group of a pwsh at the prompt, during Start-Sleep, with an emulator running' -Expected 'the command stops; the emulator, its seeded app and the session keep working' -Class intact -Body {
            $tag = New-ProcessTag
            $script:Tags.Add($tag)
            $child = Start-PromptEmulator -Tag $tag
            try {
                Send-PromptLine $child.Prompt "Start-Sleep -Seconds 30; 'SLEPT'"
                Start-Sleep -Seconds 2

                Send-Signal -Id $child.PwshId -Signal INT -Group
                Start-Sleep -Seconds 3
                Send-PromptLine $child.Prompt "'ALIVE=' + (-not `$e.HasExited)"
                $alive = Wait-PromptOutput $child.Prompt 'ALIVE=(\w+)' -TimeoutSec 30

                $alive | Should -Not -BeNullOrEmpty -Because "the pwsh answers after Ctrl+C: $(Get-PromptText $child.Prompt)"
                (Get-PromptText $child.Prompt) | Should -Not -BeLike '*SLEPT*' -Because 'Ctrl+C stopped the command'
                $alive.Groups[1].Value | Should -Be 'True' -Because 'the emulator is not in the terminal''s process group'
                Test-ProcessAlive $child.EmulatorId | Should -BeTrue
                Send-PromptLine $child.Prompt "'PROJECTS=' + @(Get-RailwayProject).Count + ' HEALTHY=' + (Test-RailwayHealth -Project demo -Environment production -Service web -TimeoutSec 10).Healthy"
                $after = Wait-PromptOutput $child.Prompt 'PROJECTS=(\d+) HEALTHY=(\w+)' -TimeoutSec 60
                $after | Should -Not -BeNullOrEmpty -Because "the session still works: $(Get-PromptText $child.Prompt)"
                $after.Groups[1].Value | Should -Be '1'
                $after.Groups[2].Value | Should -Be 'True'
                (Get-TaggedProcess -Tag $tag | Where-Object Command -Like '*app.main*') | Should -Not -BeNullOrEmpty -Because 'the seeded app keeps running'
                "SIGINT to process group $($child.PwshId): the command stopped; emulator $($child.EmulatorId) alive, Get-RailwayProject and Test-RailwayHealth answered"
            }
            finally {
                Send-PromptLine $child.Prompt '$e | Stop-RailwayEmulator -Confirm:$false; exit'
                Stop-PromptPwsh $child.Prompt
            }
        }
    }

    It 'Stop-RailwayEmulator (-StateDirectory) ends an approved deployment''s app' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'Stop-RailwayEmulator -StateDirectory after a live deployment was held in NEEDS_APPROVAL and approved (Approve-RailwayDeployment -Wait)' -Expected 'no process the emulator started is left' -Class intact -Body {
            $tag = Use-ProcessTag
            $state = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-state-' + [guid]::NewGuid().ToString('n'))
            $emulator = Start-TaggedEmulator -StateDirectory $state
            $first = Publish-TestApp -Emulator $emulator -Message 'first'
            $sha = Publish-DeploymentTestCommit -Repository $first.Repository -Message 'held for approval' -Change { param($path) Add-Content -Path (Join-Path $path 'app/config.py') -Value '# approve me' }
            $pending = Wait-RailwayDeployment -Project demo -Environment production -Service web -CommitSha $sha -TimeoutSec 120 -ErrorAction Stop
            Set-DeploymentTestStatus -Emulator $emulator -DeploymentId $pending.DeploymentId -Status NEEDS_APPROVAL
            $approved = Approve-RailwayDeployment -Id $pending.DeploymentId -Wait -PassThru -Confirm:$false -ErrorAction Stop
            $approved.Status | Should -Be 'Success'
            $running = @(Get-TaggedProcess -Tag $tag | Where-Object Command -Like '*app.main*').Count

            $emulator | Stop-RailwayEmulator -Confirm:$false -ErrorAction Stop
            $left = Wait-TaggedProcessGone -Tag $tag -TimeoutSec 10

            $left | Should -BeNullOrEmpty
            "$running app process(es) running before the stop; 0 left after it"
        }
    }

    It 'kill -9 of the emulator ends its apps and deletes its temporary state folder' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'kill -9 of the emulator (temporary state folder) with a deployed app running' -Expected 'the app ends (watchdog), the temporary folder with secret.key is gone, within 15 s' -Class intact -Body {
            $tag = Use-ProcessTag
            $emulator = Start-TaggedEmulator
            Publish-TestApp -Emulator $emulator | Out-Null
            Test-Path (Join-Path $emulator.StateDirectory 'secret.key') | Should -BeTrue
            $apps = @(Get-TaggedProcess -Tag $tag | Where-Object Command -Like '*app.main*').Count
            $apps | Should -BeGreaterThan 0

            Send-Signal -Id $emulator.ProcessId -Signal KILL
            $left = Wait-TaggedProcessGone -Tag $tag -TimeoutSec 15
            $deadline = [DateTime]::UtcNow.AddSeconds(15)
            while ((Test-Path -LiteralPath $emulator.StateDirectory) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }

            $left | Should -BeNullOrEmpty
            Test-Path -LiteralPath $emulator.StateDirectory | Should -BeFalse
            $emulator | Stop-RailwayEmulator -Confirm:$false -ErrorAction Stop
            "$apps app process(es) ended by the watchdog; the temporary state folder is gone"
        }
    }

    It 'the pwsh that started it ended by <Signal> leaves nothing: no emulator, no app, no temporary state folder' -ForEach @(
        @{ Signal = 'TERM'; What = 'SIGTERM (a cancelled CI step)' }
        @{ Signal = 'KILL'; What = 'SIGKILL' }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "the pwsh running an emulator (temporary state folder, seeded apps) ended by $What" -Expected 'emulator, apps and the temporary folder (secret.key) gone within 15 s' -Class intact -Body {
            $tag = New-ProcessTag
            $script:Tags.Add($tag)
            $child = Start-PromptEmulator -Tag $tag
            try {
                $before = @(Get-TaggedProcess -Tag $tag).Count
                Test-Path (Join-Path $child.State 'secret.key') | Should -BeTrue

                Send-Signal -Id $child.PwshId -Signal $Signal
                Wait-ProcessGone -Id $child.PwshId -TimeoutSec 15 | Should -BeTrue -Because "pwsh ends on SIG$Signal"
                $left = Wait-TaggedProcessGone -Tag $tag -TimeoutSec 15
                $deadline = [DateTime]::UtcNow.AddSeconds(15)
                while ((Test-Path -LiteralPath $child.State) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }

                $left | Should -BeNullOrEmpty
                Test-Path -LiteralPath $child.State | Should -BeFalse -Because 'the temporary state folder holds secret.key'
                "SIG$Signal to pwsh $($child.PwshId): $before process(es) of the run before, 0 after; the temporary state folder is gone"
            }
            finally {
                Stop-PromptPwsh $child.Prompt
                # PowerShell's own named pipe (for Enter-PSHostProcess), which a pwsh ended by a signal leaves behind.
                Get-ChildItem ([IO.Path]::GetTempPath()) -Filter "CoreFxPipe_PSHost.*.$($child.PwshId).*" -Force -ErrorAction SilentlyContinue |
                    Remove-Item -Force -ErrorAction SilentlyContinue
            }
        }
    }
}

Describe 'Emulator processes: what builds and apps see' -Skip:(-not $IsLinux) {
    AfterEach {
        Reset-ProcessTag
        foreach ($name in 'RAILWAY_API_TOKEN', 'GITHUB_TOKEN', 'RAILWAYOPS_CANARY_SECRET') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }
    }

    It 'a build that prints its environment shows neither the user''s tokens nor anything else of the shell''s' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'RAILWAY_API_TOKEN, GITHUB_TOKEN and another variable set in the shell that starts the emulator; build command `env | sort`' -Expected 'none of them in the build log (Get-RailwayDeploymentLog) nor in the app''s environment; RAILWAY_* variables are' -Class 'no leak' -Body {
            $tag = Use-ProcessTag
            $random = [guid]::NewGuid().ToString('n').Substring(0, 12)
            $canaries = @("canary-railway-$random", "canary-github-$random", "canary-shell-$random")
            $env:RAILWAY_API_TOKEN = $canaries[0]
            $env:GITHUB_TOKEN = $canaries[1]
            $env:RAILWAYOPS_CANARY_SECRET = $canaries[2]
            $emulator = Start-TaggedEmulator
            foreach ($name in 'RAILWAY_API_TOKEN', 'GITHUB_TOKEN', 'RAILWAYOPS_CANARY_SECRET') { Remove-Item "Env:$name" }
            try {
                $published = Publish-TestApp -Emulator $emulator -Message 'print the build environment' -Change {
                    param($path)
                    $toml = Join-Path $path 'railway.toml'
                    (Get-Content -Raw $toml) -replace '\[build\]', "[build]`nbuildCommand = `"env | sort`"" | Set-Content -NoNewline $toml
                }
                $log = @(Get-RailwayDeploymentLog -Id $published.Deployment.DeploymentId -Type Build -ErrorAction Stop | ForEach-Object Message)
                $app = @(Get-TaggedProcess -Tag $tag | Where-Object Command -Like '*app.main*')[0]
                $appEnvironment = [Text.Encoding]::UTF8.GetString([IO.File]::ReadAllBytes("/proc/$($app.Id)/environ"))

                $log | Should -Contain "RAILWAY_DEPLOYMENT_ID=$($published.Deployment.DeploymentId)" -Because 'the build ran env'
                $found = @($canaries | Where-Object { ($log -join "`n").Contains($_) -or $appEnvironment.Contains($_) })
                $found | Should -BeNullOrEmpty
                "build log of $($log.Count) lines and the app's environment: 0 of $($canaries.Count) canaries; RAILWAY_DEPLOYMENT_ID present"
            }
            finally { $emulator | Stop-RailwayEmulator -Confirm:$false -ErrorAction SilentlyContinue }
        }
    }
}

Describe 'Emulator processes: the test run''s own leftover check' -Skip:(-not $IsLinux) {
    It 'names a process and a temp folder the run left, and nothing of another run' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'build.ps1 Test''s leftover check (build/RunLeftovers.ps1) with a planted process and temp folder of the run, and a process of another run' -Expected 'the run''s process and folder named, the other run''s process not; Remove-RunLeftover ends and deletes them' -Class intact -Body {
            . (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'build/RunLeftovers.ps1')
            $run = 'run-check-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
            $temp = Join-Path ([IO.Path]::GetTempPath()) "railwayops-$run"
            New-Item -ItemType Directory -Path (Join-Path $temp 'railwayops-state-left') -Force | Out-Null
            New-Item -ItemType Directory -Path (Join-Path $temp 'Ab12Cd') -Force | Out-Null
            $mine = $other = $null
            try {
                $start = { param($tag) $info = [Diagnostics.ProcessStartInfo]::new('sleep', '60'); $info.UseShellExecute = $false; $info.Environment['RAILWAYOPS_RUN_ID'] = $tag; [Diagnostics.Process]::Start($info) }
                $mine = & $start "$run/scenario-1"
                $other = & $start "$run-other"

                $found = @(Get-RunLeftover -RunId $run -TempFolder $temp -ExcludeProcessId $PID)

                @($found | Where-Object Kind -EQ 'process' | ForEach-Object Id) | Should -Be @($mine.Id)
                @($found | Where-Object Kind -EQ 'temp' | ForEach-Object Path) | Should -Be @((Join-Path $temp 'railwayops-state-left')) -Because 'an empty folder of the test platform is not the run''s'
                $found | Remove-RunLeftover
                $mine.WaitForExit(5000) | Should -BeTrue
                Test-Path (Join-Path $temp 'railwayops-state-left') | Should -BeFalse
                $other.HasExited | Should -BeFalse -Because 'another run''s process is never touched'
                "found process $($mine.Id) ('sleep 60') and railwayops-state-left; another run's process left alone; both ended/deleted by Remove-RunLeftover"
            }
            finally {
                foreach ($process in $mine, $other) { if ($process -and -not $process.HasExited) { $process.Kill() } }
                Remove-Item -LiteralPath $temp -Recurse -Force -ErrorAction SilentlyContinue
            }
        }
    }
}

Describe 'Emulator processes: bad input to Start-RailwayEmulator' {
    It '<Name> is a clear error and starts nothing' -ForEach @(
        @{ Name = 'a seed that is not JSON'; Kind = 'seed'; Content = '{ "projects": [ this is not JSON'; ErrorId = 'RailwayEmulatorInvalidSeed'; Category = 'InvalidData' }
        @{ Name = 'a seed naming an unknown environment'; Kind = 'seed'; Content = '{ "projects": [ { "name": "p", "services": [ { "name": "s", "variables": { "nowhere": { "A": "1" } } } ] } ] }'; ErrorId = 'RailwayEmulatorInvalidSeed'; Category = 'InvalidData' }
        @{ Name = 'a -StateDirectory that is a file'; Kind = 'state'; Content = 'not a folder'; ErrorId = 'RailwayEmulatorStateDirectoryInvalid'; Category = 'InvalidArgument' }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "Start-RailwayEmulator with $Name" -Expected "$ErrorId / $Category, the reason in one message, no stack trace, no process left" -Class 'clear error' -Body {
            $tag = Use-ProcessTag
            $file = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-badinput-' + [guid]::NewGuid().ToString('n'))
            Set-Content -LiteralPath $file -Value $Content
            try {
                $parameters = if ($Kind -eq 'seed') { @{ Seed = $file } } else { @{ StateDirectory = $file } }
                $result = Invoke-Captured { Start-RailwayEmulator @parameters -NoConnect -Confirm:$false }

                $report = Assert-ClearError $result.Errors -ErrorId $ErrorId -Category $Category
                $result.Output | Should -BeNullOrEmpty
                $result.Errors[0].Exception.Message | Should -Not -Match 'Unhandled exception|   at '
                Wait-TaggedProcessGone -Tag $tag -TimeoutSec 5 | Should -BeNullOrEmpty
                "$report; '$(($result.Errors[0].Exception.Message -split "`n")[0])'"
            }
            finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
        }
    }
}
