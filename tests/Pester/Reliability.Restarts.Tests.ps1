# kill -9 of the emulator in the middle of the new areas' work, then a restart on the same state folder: an upload
# cut off mid-body is answered or absent (never a half-unpacked deployment), a fork and an environment deletion leave
# the environment whole or gone (no orphaned process, proxy port or work folder), and a scale cut off converges (the
# replicas running are the replica count the service instance reads back). One demo state folder is killed and
# restarted three times in a row; the upload has a folder of its own.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'UploadTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'EnvironmentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Section = 'Kill -9 and restart'
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-rel-restarts-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Folder | Out-Null
    $script:DemoState = Join-Path $script:Folder 'demo-state'
    $script:Emulator = $null
    $script:Token = Get-TestSeedToken -Kind account

    function Start-Victim([string]$State, [string]$Seed, [string]$Token) {
        <# The emulator on $State, the session's variables pointing at it. #>
        $parameters = @{ StateDirectory = $State; NoConnect = $true; Confirm = $false }
        if ($Seed) { $parameters.Seed = $Seed }
        $emulator = Start-RailwayEmulator @parameters
        $env:RAILWAYOPS_API_URL = [string]$emulator.GraphQLUrl
        $env:RAILWAY_API_TOKEN = $Token
        $emulator
    }

    function Stop-Victim($Emulator) {
        <# kill -9 and wait until it is gone and its watchdog has ended what it started. #>
        Stop-Process -Id $Emulator.ProcessId -Force
        Wait-TestCondition -TimeoutSec 15 -Because "the emulator $($Emulator.ProcessId) is gone" -Condition { -not (Test-TestProcessRunning $Emulator.ProcessId) }
    }

    function Get-State($Emulator) { Invoke-EmulatorAdmin -Emulator $Emulator -Path 'state' }

    function Get-EnvironmentShape($State, [string]$Name) {
        <# What makes an environment whole, by service name: its service instances and its variables' names; $null when absent. #>
        $environment = @($State.environments | Where-Object name -EQ $Name)[0]
        if (-not $environment) { return $null }
        $names = @{}
        foreach ($service in $State.services) { $names[$service.id] = $service.name }
        $instances = @($State.instances | Where-Object environmentId -EQ $environment.id | ForEach-Object { $names[$_.serviceId] } | Sort-Object)
        $variables = @($State.variables | Where-Object environmentId -EQ $environment.id | ForEach-Object {
                $service = if ($_.key -match '/(.+)$') { $names[$Matches[1]] } else { '(shared)' }
                foreach ($key in $_.values.PSObject.Properties.Name) { "$service.$key" }
            } | Sort-Object)
        "instances: $($instances -join ','); variables: $($variables -join ',')"
    }

    function Get-EnvironmentFootprint($State, [string]$Name, [string]$StateDirectory) {
        <# The deployments' work folders and the instances' proxy ports of an environment (to check they are freed). #>
        $environment = @($State.environments | Where-Object name -EQ $Name)[0]
        if (-not $environment) { return [pscustomobject]@{ Folders = @(); Ports = @() } }
        [pscustomobject]@{
            Folders = @($State.deployments | ForEach-Object record | Where-Object environmentId -EQ $environment.id | ForEach-Object { Join-Path $StateDirectory "work/$($_.id)" } | Where-Object { Test-Path -LiteralPath $_ })
            Ports   = @($State.instances | Where-Object environmentId -EQ $environment.id | ForEach-Object proxyPort | Where-Object { $_ })
        }
    }

    function Assert-FootprintGone($Footprint) {
        foreach ($folder in $Footprint.Folders) {
            @(Get-TestProcessIdWorkingIn $folder) | Should -BeNullOrEmpty -Because "no process may be left working in $folder"
        }
        Wait-TestCondition -TimeoutSec 20 -Because 'the deleted environment''s work folders are removed' -Condition { -not @($Footprint.Folders | Where-Object { Test-Path -LiteralPath $_ }) }
        foreach ($port in $Footprint.Ports) { Test-TestPortListening $port | Should -BeFalse -Because "the deleted environment's proxy port $port is freed" }
    }

    function Start-Background([string]$Command) {
        Start-DeploymentTestPowerShell -Command $Command -Parameters @{ Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString $script:Token) }
    }

    function Wait-Verbose($Running, [string]$Pattern, [double]$TimeoutSec = 30) {
        # (Never enumerate the error stream while it runs: a PSDataCollection's enumerator blocks until the command ends.)
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        while (-not @($Running.Shell.Streams.Verbose | Where-Object Message -Match $Pattern).Count -and -not $Running.Handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
    }

    function Receive-Background($Running) {
        <# Waits (bounded) for a command whose emulator was killed; returns its error records. #>
        if (-not $Running.Handle.AsyncWaitHandle.WaitOne(60000)) { $Running.Shell.Stop() }
        $errors = @(try { $null = $Running.Shell.EndInvoke($Running.Handle); @() } catch { $_ }) + @($Running.Shell.Streams.Error.ReadAll())
        $Running.Shell.Dispose()
        , $errors
    }
}

AfterAll {
    Write-ReliabilityReport -Sections $script:Section
    if ($script:Emulator) { $script:Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction SilentlyContinue }
    if ($script:UploadEmulator) { $script:UploadEmulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction SilentlyContinue }
    Remove-RailwayTestFolder $script:Folder
    Exit-RailwayTestEnvironment
}

Describe 'Kill -9 and restart: an upload cut off mid-body' {
    It 'is answered or absent after the restart, never half deployed' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'uploads: kill -9 of the emulator while Deploy-RailwayService streams a 24 MB folder, restart on the same state folder' -Expected 'the client gets a clear error; after the restart no staging folder is left and every deployment of the service holds the whole upload (or there is none)' -Class intact -Body {
            $seed = Join-Path $script:Folder 'upload-seed.json'
            New-UploadTestSeed -Path $seed
            $state = Join-Path $script:Folder 'upload-state'
            $script:Emulator = Start-Victim -State $state -Seed $seed -Token 'emu-upload-account-token'
            $site = New-UploadTestSite -Path (Join-Path $script:Folder 'big-site') -Version 'big'
            # Random bytes do not compress: the body is as long as the folder, which keeps the upload under way long enough.
            $bytes = [byte[]]::new(24MB); [Random]::new(19).NextBytes($bytes)
            [IO.File]::WriteAllBytes((Join-Path $site 'big.bin'), $bytes)
            $uploads = Join-Path $state 'uploads'
            $running = Start-DeploymentTestPowerShell -Command 'Deploy-RailwayService $Site -Project uploads -Environment production -Service site -Endpoint $Endpoint -Token $Token -Confirm:$false' -Parameters @{
                Site = $site; Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString 'emu-upload-account-token') }
            # The emulator unpacks as the body arrives into a staging folder: kill it once that folder exists.
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not @(Get-ChildItem -LiteralPath $uploads -Force -Filter '.incoming-*' -ErrorAction SilentlyContinue).Count -and -not $running.Handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 5 }
            $midBody = [bool]@(Get-ChildItem -LiteralPath $uploads -Force -Filter '.incoming-*' -ErrorAction SilentlyContinue).Count
            Stop-Victim $script:Emulator
            $errors = Receive-Background $running

            $script:Emulator = Start-Victim -State $state -Token 'emu-upload-account-token'
            @(Get-ChildItem -LiteralPath $uploads -Force -Filter '.incoming-*' -ErrorAction SilentlyContinue).Count | Should -Be 0 -Because 'a staging folder of a cut-off upload is not kept'
            $deployments = @(Get-RailwayDeployment -Project uploads -Environment production -Service site)
            foreach ($deployment in $deployments) {
                $received = Get-UploadTestReceived -Emulator $script:Emulator -DeploymentId $deployment.DeploymentId
                @($received) | Should -Be @('big.bin', 'index.html', 'railway.toml') -Because 'a deployment holds the whole upload'
                (Get-Item -LiteralPath (Join-Path $state "uploads/$($deployment.DeploymentId)/big.bin")).Length | Should -Be 24MB
            }
            if ($deployments.Count -eq 0) {
                $errors | Should -Not -BeNullOrEmpty -Because 'an upload that made no deployment is an error to its client'
                $report = Get-ErrorReport @($errors)[0]
            }
            else { $report = 'answered' }
            $script:Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false
            $script:Emulator = $null
            "killed $(if ($midBody) { 'mid-body (staging folder present)' } else { 'before the body arrived' }); client: $report; after the restart: $($deployments.Count) deployment(s), each whole; no staging folder"
        }
    }
}

Describe 'Kill -9 and restart: environments and replicas' {
    BeforeAll {
        $script:Emulator = Start-Victim -State $script:DemoState -Token $script:Token
        # The seeded live deployments serve before anything is forked from them.
        Wait-TestCondition -TimeoutSec 30 -Because 'the seeded deployments serve' -Condition { @(Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'replicas' | ForEach-Object { $_ }).Count -ge 2 }
    }

    It 'mid-fork: the fork is whole or gone after the restart, with nothing of it left running' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'environments: kill -9 while New-RailwayEnvironment -Source staging forks (with its deploys), restart on the same state folder' -Expected 'the fork has every service instance and variable of staging, or does not exist; if it does not, none of its processes, proxy ports or work folders is left' -Class intact -Body {
            $source = Get-EnvironmentShape (Get-State $script:Emulator) 'staging'
            $running = Start-Background 'New-RailwayEnvironment -Project demo -Name killed-fork -Source staging -Endpoint $Endpoint -Token $Token -Verbose'
            Wait-Verbose $running 'Performing the operation'
            Start-Sleep -Milliseconds 150
            $footprint = Get-EnvironmentFootprint (Get-State $script:Emulator) 'killed-fork' $script:DemoState
            Stop-Victim $script:Emulator
            $null = Receive-Background $running

            $script:Emulator = Start-Victim -State $script:DemoState -Token $script:Token
            $shape = Get-EnvironmentShape (Get-State $script:Emulator) 'killed-fork'
            if ($null -eq $shape) { Assert-FootprintGone $footprint; $outcome = 'gone, nothing of it left' }
            else {
                # Its instances are named after staging's services; its variables are staging's.
                $shape | Should -Be $source -Because 'a fork is whole or absent'
                $outcome = "whole ($shape)"
            }
            "killed with the fork $(if ($footprint.Folders.Count -or $footprint.Ports.Count) { 'under way' } else { 'being created' }); after the restart: $outcome"
        }
    }

    It 'mid-delete: the environment is whole or gone after the restart, with nothing of it left running' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'environments: kill -9 while Remove-RailwayEnvironment deletes a deployed fork, restart on the same state folder' -Expected 'the environment is whole (every instance and variable) or gone; if gone, its app processes, proxy port and work folders are gone too' -Class intact -Body {
            if (-not (Get-RailwayEnvironment -Project demo -Name doomed -ErrorAction SilentlyContinue)) { New-RailwayEnvironment -Project demo -Name doomed -Source staging | Out-Null }
            $null = Wait-RailwayDeployment -Project demo -Environment doomed -Service web -Latest -TimeoutSec 120
            $before = Get-State $script:Emulator
            $shape = Get-EnvironmentShape $before 'doomed'
            $footprint = Get-EnvironmentFootprint $before 'doomed' $script:DemoState
            $footprint.Folders | Should -Not -BeNullOrEmpty -Because 'the fork runs a deployment'
            $running = Start-Background 'Remove-RailwayEnvironment -Project demo -Name doomed -Force -Endpoint $Endpoint -Token $Token -Verbose'
            Wait-Verbose $running 'Performing the operation'
            Start-Sleep -Milliseconds 50
            Stop-Victim $script:Emulator
            $null = Receive-Background $running

            $script:Emulator = Start-Victim -State $script:DemoState -Token $script:Token
            $after = Get-EnvironmentShape (Get-State $script:Emulator) 'doomed'
            if ($null -eq $after) { Assert-FootprintGone $footprint; $outcome = "gone; $($footprint.Folders.Count) work folder(s) and $($footprint.Ports.Count) port(s) freed, no process left" }
            else {
                $after | Should -Be $shape -Because 'an environment is whole or gone'
                $outcome = "whole ($after)"
            }
            "after the restart: $outcome"
        }
    }

    It 'mid-scale: the replicas running converge on the replica count read back' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'replicas: kill -9 while Set-RailwayServiceInstance -Replicas 3 scales web in production, restart on the same state folder' -Expected 'within 60 s the running replicas of the live deployment equal Get-RailwayServiceInstance''s Replicas (1 or 3)' -Class intact -Body {
            Wait-TestCondition -TimeoutSec 60 -Because 'web serves in production' -Condition { @(Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'replicas' | ForEach-Object { $_ } | Where-Object { $_.serviceId -eq (Get-RailwayService -Project demo | Where-Object Name -EQ 'web').ServiceId }).Count -ge 1 }
            $web = (Get-RailwayService -Project demo | Where-Object Name -EQ 'web').ServiceId
            $production = (Get-RailwayEnvironment -Project demo -Name production).EnvironmentId
            $count = { @(Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'replicas' | ForEach-Object { $_ } | Where-Object { $_.serviceId -eq $web -and $_.environmentId -eq $production }).Count }
            $running = Start-Background 'Set-RailwayServiceInstance -Project demo -Environment production -Service web -Replicas 3 -Confirm:$false -Endpoint $Endpoint -Token $Token -Verbose'
            # Kill once the scale is under way: a second replica started, or the patch sent.
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((& $count) -lt 2 -and -not $running.Handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $killedAt = & $count
            Stop-Victim $script:Emulator
            $null = Receive-Background $running

            $script:Emulator = Start-Victim -State $script:DemoState -Token $script:Token
            $wanted = [int](Get-RailwayServiceInstance -Project demo -Environment production -Service web).Replicas
            @(1, 3) | Should -Contain $wanted
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((& $count) -ne $wanted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 250 }
            & $count | Should -Be $wanted -Because 'the replica count converges after the restart'
            # And stays there: no extra replica turns up from the cut-off scale.
            Start-Sleep -Seconds 3
            & $count | Should -Be $wanted
            "killed with $killedAt replica(s) running; after the restart Replicas reads $wanted and $wanted run"
        }
    }
}
