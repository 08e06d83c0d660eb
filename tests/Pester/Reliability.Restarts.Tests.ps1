# kill -9 of the emulator in the middle of the new areas' work, then a restart on the same state folder: an upload
# cut off mid-body is answered or absent (never a half-unpacked deployment), a fork and an environment deletion leave
# the environment whole or gone (no orphaned process, proxy port or work folder), and a scale cut off converges (the
# replicas running are the replica count the service instance reads back), and a database written to when the
# emulator dies keeps every acknowledged write and starts again on its volume. One demo state folder is killed and
# restarted three times in a row; the upload has a folder of its own.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'UploadTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'EnvironmentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DatabaseTestHelpers.psm1') -Force
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

Describe 'Kill -9 and restart: a database in the middle of writes' {
    BeforeAll {
        # A state folder of its own, so the demo folder's services above are not in the way.
        if ($script:Emulator) { $script:Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction SilentlyContinue; $script:Emulator = $null }
        $script:DatabaseState = Join-Path $script:Folder 'db-state'
        $script:NoPostgres = Get-DatabaseTestSkipReason -Type Postgres
        $script:NoRedis = Get-DatabaseTestSkipReason -Type Redis

        function Start-Writer([string]$Program, [string[]]$Arguments, [hashtable]$Environment) {
            <# A client that writes until its server goes away; its credentials in its environment only. #>
            $info = [Diagnostics.ProcessStartInfo]::new((Get-Command $Program -CommandType Application | Select-Object -First 1).Source)
            foreach ($argument in $Arguments) { $info.ArgumentList.Add($argument) }
            foreach ($key in $Environment.Keys) { $info.Environment[$key] = $Environment[$key] }
            $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true; $info.UseShellExecute = $false
            $process = [Diagnostics.Process]::Start($info)
            # Drained as it goes, so a full pipe never holds the writer up; what it said is kept for a failure's message.
            $null = $process.StandardOutput.ReadToEndAsync()
            $script:WriterErrors[$process.Id] = $process.StandardError.ReadToEndAsync()
            $process
        }

        $script:WriterErrors = @{}
        function Assert-Writing($Process) {
            if ($Process.HasExited) { throw "The writer ended (exit $($Process.ExitCode)): $($script:WriterErrors[$Process.Id].Result)" }
        }

        function Stop-Writer($Process) {
            if ($null -eq $Process) { return }
            if (-not $Process.HasExited) { $Process.Kill($true) }
            $Process.WaitForExit(10000) | Out-Null
            $Process.Dispose()
        }

        function Get-ServerId([string[]]$Name) { @(Get-DatabaseTestProcess -Name $Name | ForEach-Object Id) }

        function Get-BackendId {
            <# PostgreSQL's backends and helpers: they title themselves "postgres: ..." and leave their server's session. #>
            @(foreach ($entry in Get-ChildItem /proc -Directory -ErrorAction SilentlyContinue | Where-Object Name -Match '^\d+$') {
                    try { $line = [IO.File]::ReadAllText("$($entry.FullName)/cmdline") } catch { continue }
                    if ($line.StartsWith('postgres: ', [StringComparison]::Ordinal)) { [int]$entry.Name }
                })
        }

        function Wait-Answer([scriptblock]$Query, [string]$Because) {
            <# The database deployment comes back with the emulator; it answers once its server takes sessions. #>
            $deadline = [DateTime]::UtcNow.AddSeconds(90)
            while ($true) {
                try { return & $Query } catch { $last = $_.Exception.Message }
                if ([DateTime]::UtcNow -gt $deadline) { throw "Expected $Because within 90 s; last: $last" }
                Start-Sleep -Milliseconds 250
            }
        }
    }

    It 'PostgreSQL: every committed row is there after the restart, the server starts again on its volume' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'databases: kill -9 of the emulator while a client commits one row at a time into its PostgreSQL, restart on the same state folder' -Expected 'no server or backend process is left by the kill; after the restart the server answers from the same volume, rows 1..N are all there with no gap (N at least the count seen committed before the kill), nothing half written' -Class intact -Body {
            $before = Get-ServerId 'postgres', 'postmaster'
            $backendsBefore = Get-BackendId
            $script:Emulator = Start-Victim -State $script:DatabaseState -Token $script:Token
            $database = New-RailwayDatabase -Type Postgres -Project demo -Environment production -Confirm:$false -ErrorAction Stop
            $ours = @(Get-ServerId 'postgres', 'postmaster' | Where-Object { $_ -notin $before })
            $ours | Should -Not -BeNullOrEmpty -Because 'the database service runs a PostgreSQL'
            Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $database -Sql 'create table writes(i int primary key)' | Out-Null
            $environment = @{ PGHOST = $database.Host; PGPORT = [string]$database.Port; PGUSER = $database.User; PGDATABASE = $database.DatabaseName
                PGPASSWORD = (Get-DatabaseTestPassword -Emulator $script:Emulator -Database $database) }
            # One commit per row, in order: the rows kept are 1..N exactly when no commit was lost or half kept.
            $writer = Start-Writer 'psql' @('-qX', '-c', 'do $$ begin for n in 1..2000000 loop insert into writes values (n); commit; end loop; end $$') $environment
            try {
                Wait-TestCondition -TimeoutSec 30 -Because 'the writer has committed rows' -Condition { Assert-Writing $writer; [int]@(Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $database -Sql 'select count(*) from writes')[0] -ge 200 }
                $seen = [int]@(Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $database -Sql 'select count(*) from writes')[0]
                Stop-Victim $script:Emulator
                Wait-TestCondition -TimeoutSec 15 -Because 'the killed emulator''s PostgreSQL ends with it' -Condition { -not @(Get-ServerId 'postgres', 'postmaster' | Where-Object { $_ -in $ours }).Count }
                # Its backend too (the writer's one was busy inserting, so it would not notice its server's death by itself).
                Wait-TestCondition -TimeoutSec 15 -Because 'no PostgreSQL backend of the killed emulator is left' -Condition { -not @(Get-BackendId | Where-Object { $_ -notin $backendsBefore }).Count }
            }
            finally { Stop-Writer $writer }

            $script:Emulator = Start-Victim -State $script:DatabaseState -Token $script:Token
            $row = Wait-Answer { Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $database -Sql 'select count(*), coalesce(max(i), 0), coalesce(min(i), 0) from writes' } 'the PostgreSQL answers after the restart'
            $count, $max, $min = (@($row)[0] -split '\|') | ForEach-Object { [int]$_ }
            $count | Should -BeGreaterOrEqual $seen -Because 'a committed row survives the kill'
            $max | Should -Be $count -Because 'rows 1..N with no gap: nothing lost in between, nothing half kept'
            if ($count) { $min | Should -Be 1 }
            Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $database -Sql 'insert into writes values (0)' | Out-Null
            "$seen row(s) seen committed before the kill; the server and its backends ended with the emulator; after the restart rows 1..$count are there, no gap, and it takes writes again"
        }
    }

    It 'Redis: every acknowledged write is there after the restart, the server starts again on its volume' {
        if ($script:NoRedis) { Set-ItResult -Skipped -Because $script:NoRedis; return }
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'databases: kill -9 of the emulator while redis-cli increments a counter in its Redis, restart on the same state folder' -Expected 'no server process is left by the kill; after the restart the server answers from the same volume with the counter at least the value acknowledged before the kill' -Class intact -Body {
            if (-not $script:Emulator) { $script:Emulator = Start-Victim -State $script:DatabaseState -Token $script:Token }
            $before = Get-ServerId 'redis-server'
            $database = New-RailwayDatabase -Type Redis -Project demo -Environment production -Confirm:$false -ErrorAction Stop
            $ours = @(Get-ServerId 'redis-server' | Where-Object { $_ -notin $before })
            $ours | Should -Not -BeNullOrEmpty -Because 'the database service runs a redis-server'
            $environment = @{ REDISCLI_AUTH = (Get-DatabaseTestPassword -Emulator $script:Emulator -Database $database) }
            $address = @('-h', $database.Host, '-p', [string]$database.Port)
            $read = {
                $info = [Diagnostics.ProcessStartInfo]::new((Get-Command redis-cli -CommandType Application | Select-Object -First 1).Source)
                foreach ($argument in $address + @('--no-auth-warning', 'GET', 'writes')) { $info.ArgumentList.Add($argument) }
                $info.Environment['REDISCLI_AUTH'] = $environment.REDISCLI_AUTH
                $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true; $info.UseShellExecute = $false
                $reader = [Diagnostics.Process]::Start($info)
                try {
                    $text = $reader.StandardOutput.ReadToEnd() + $reader.StandardError.ReadToEnd()
                    if (-not $reader.WaitForExit(10000)) { $reader.Kill(); throw 'redis-cli did not answer' }
                    if ($reader.ExitCode -ne 0 -or $text -notmatch '^\s*\d*\s*$') { throw "redis-cli: $text" }
                }
                finally { $reader.Dispose() }
                [long]("0$($text.Trim())")
            }
            $writer = Start-Writer 'redis-cli' ($address + @('--no-auth-warning', '-r', '5000000', 'INCR', 'writes')) $environment
            try {
                Wait-TestCondition -TimeoutSec 30 -Because 'the writer has incremented' -Condition { Assert-Writing $writer; (& $read) -ge 200 }
                $seen = & $read
                Stop-Victim $script:Emulator
                Wait-TestCondition -TimeoutSec 15 -Because 'the killed emulator''s redis-server ends with it' -Condition { -not @(Get-ServerId 'redis-server' | Where-Object { $_ -in $ours }).Count }
            }
            finally { Stop-Writer $writer }

            $script:Emulator = Start-Victim -State $script:DatabaseState -Token $script:Token
            $after = Wait-Answer $read 'the Redis answers after the restart'
            $after | Should -BeGreaterOrEqual $seen -Because 'an acknowledged write survives the kill'
            "counter $seen acknowledged before the kill; the server ended with the emulator; after the restart it reads $after"
        }
    }
}
