# Databases (New-, Connect-, Backup-, Restore-RailwayDatabase): bad input changes nothing (journal and database),
# the API's 5xx, 429 and a silent socket give a recovery or one clear error per cmdlet, the database password reaches
# no stream, transcript, $Error, process command line or file, and a stop during a database wait or a backup
# returns within a second leaving no half file and no process. Rows go to tests/RELIABILITY.md.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DatabaseTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:NoPostgres = Get-DatabaseTestSkipReason -Type Postgres
    $script:NoRedis = Get-DatabaseTestSkipReason -Type Redis -Restore
    $script:Emulator = Start-RailwayTestEmulator
    $script:Place = @{ Project = 'demo'; Environment = 'production' }
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-dbrel-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Folder | Out-Null
    $script:Passwords = @()
    $script:WorstStopMs = 0
    if (-not $script:NoPostgres) {
        $script:Postgres = New-RailwayDatabase -Type Postgres @script:Place -Confirm:$false -ErrorAction Stop
        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql "create table items(id int primary key, name text); insert into items values (1, 'kept')" | Out-Null
        $script:Dump = (Backup-RailwayDatabase @script:Place -Service Postgres -Path (Join-Path $script:Folder 'items.dump') -ErrorAction Stop).Path
        $script:Passwords += Get-DatabaseTestPassword -Emulator $script:Emulator -Database $script:Postgres
    }
    if (-not $script:NoRedis) {
        $script:Redis = New-RailwayDatabase -Type Redis @script:Place -Confirm:$false -ErrorAction Stop
        Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'SET', 'kept', 'yes' | ForEach-Object { $_ } | Out-Null
        $script:Rdb = (Backup-RailwayDatabase @script:Place -Service Redis -Path (Join-Path $script:Folder 'kept.rdb') -ErrorAction Stop).Path
        $script:Passwords += Get-DatabaseTestPassword -Emulator $script:Emulator -Database $script:Redis
    }

    function Get-Rows { Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql 'select id, name from items order by id' }
    function Get-ServiceName { @(Get-RailwayService -Project demo).Name | Sort-Object }
    function Get-RequestName {
        # What the cmdlet sent (a subscription an earlier test left closing may still be counted).
        @((Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Where-Object { $_ -notmatch 'Updates$|Stream$' })
    }
    function Get-Count([string]$Operation) { $seen = (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties[$Operation]; if ($seen) { $seen.Value } else { 0 } }
    function Get-Leftover { @(Get-ChildItem $script:Folder -Force -Filter '.*partial*') }
    function Skip-Without([string]$Reason) { if ($Reason) { Set-ItResult -Skipped -Because $Reason; $true } else { $false } }
    function Assert-NoPassword([string]$Text, [string]$Where) {
        foreach ($password in $script:Passwords) { $Text | Should -Not -Match ([regex]::Escape($password)) -Because "the database password must not reach $Where" }
    }
}

AfterAll {
    Clear-EmulatorFault $script:Emulator
    Remove-Item Env:RAILWAY_HTTP_TIMEOUT -ErrorAction SilentlyContinue
    Write-ReliabilityReport -Sections 'Databases: bad input', 'Databases: faults', 'Databases: secrets', 'Databases: stop', 'Databases: names in messages'
    Stop-RailwayTestEmulator $script:Emulator
    Remove-RailwayTestFolder $script:Folder
    Exit-RailwayTestEnvironment
}

Describe 'Databases: bad input' {
    It 'New-RailwayDatabase -Name bad/name: refused before any request' {
        Invoke-ReliabilityCase -Section 'Databases: bad input' -Scenario 'New-RailwayDatabase -Name bad/name' -Expected 'RailwayInvalidDatabaseName (InvalidArgument); no request sent; services unchanged' -Class refused -Body {
            $before = Get-ServiceName
            Reset-EmulatorJournal $script:Emulator
            $result = Invoke-Captured { New-RailwayDatabase -Type Postgres -Name 'bad/name' @script:Place -Confirm:$false }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'RailwayInvalidDatabaseName' -Category InvalidArgument
            Get-RequestName | Should -BeNullOrEmpty
            Get-ServiceName | Should -Be $before
            "$report; requests: 0"
        }
    }

    It 'New-RailwayDatabase with a name the project has: no template deploy' {
        if (Skip-Without $script:NoPostgres) { return }
        Invoke-ReliabilityCase -Section 'Databases: bad input' -Scenario 'New-RailwayDatabase -Type Postgres when Postgres exists' -Expected 'RailwayDatabaseNameTaken (ResourceExists); templateDeployV2 not sent; services unchanged' -Class refused -Body {
            $before = Get-ServiceName
            Reset-EmulatorJournal $script:Emulator
            $result = Invoke-Captured { New-RailwayDatabase -Type Postgres @script:Place -Confirm:$false }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'RailwayDatabaseNameTaken' -Category ResourceExists
            Get-Count TemplateDeployV2 | Should -Be 0
            Get-ServiceName | Should -Be $before
            "$report; templateDeployV2: 0"
        }
    }

    It 'Restore-RailwayDatabase -Path to no file: refused before any request' {
        if (Skip-Without $script:NoPostgres) { return }
        Invoke-ReliabilityCase -Section 'Databases: bad input' -Scenario 'Restore-RailwayDatabase -Path missing.dump' -Expected 'RailwayDatabaseBackupNotFound (ObjectNotFound); no request; rows unchanged' -Class refused -Body {
            $rows = Get-Rows
            Reset-EmulatorJournal $script:Emulator
            $result = Invoke-Captured { Restore-RailwayDatabase @script:Place -Service Postgres -Path (Join-Path $script:Folder 'missing.dump') -Force }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'RailwayDatabaseBackupNotFound' -Category ObjectNotFound
            Get-RequestName | Should -BeNullOrEmpty
            Get-Rows | Should -Be $rows
            "$report; requests: 0; rows unchanged"
        }
    }

    It 'Restore-RailwayDatabase of a file that is no pg_dump archive: refused, database unchanged' {
        if (Skip-Without $script:NoPostgres) { return }
        Invoke-ReliabilityCase -Section 'Databases: bad input' -Scenario 'Restore-RailwayDatabase -Path <SQL text file>' -Expected 'RailwayDatabaseInvalidBackup (InvalidData); pg_restore not run; rows unchanged' -Class refused -Body {
            $bogus = Join-Path $script:Folder 'bogus.dump'
            Set-Content -Path $bogus -Value 'drop table items;'
            $rows = Get-Rows
            $result = Invoke-Captured { Restore-RailwayDatabase @script:Place -Service Postgres -Path $bogus -Force }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'RailwayDatabaseInvalidBackup' -Category InvalidData
            Get-Rows | Should -Be $rows
            @(Get-DatabaseTestProcess -Name pg_restore) | Should -BeNullOrEmpty
            "$report; rows unchanged"
        }
    }

    It 'Restore-RailwayDatabase of a pg_dump archive into Redis: refused, keys unchanged' {
        if ((Skip-Without $script:NoRedis) -or (Skip-Without $script:NoPostgres)) { return }
        Invoke-ReliabilityCase -Section 'Databases: bad input' -Scenario 'Restore-RailwayDatabase -Service Redis -Path <pg_dump archive>' -Expected 'RailwayDatabaseInvalidBackup (InvalidData); no temporary redis-server; keys unchanged' -Class refused -Body {
            $result = Invoke-Captured { Restore-RailwayDatabase @script:Place -Service Redis -Path $script:Dump -Force }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'RailwayDatabaseInvalidBackup' -Category InvalidData
            Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'GET', 'kept' | ForEach-Object { $_ } | Should -Be 'yes'
            @(Get-ChildItem ([IO.Path]::GetTempPath()) -Filter 'railwayops-redis-restore-*') | Should -BeNullOrEmpty
            "$report; key kept"
        }
    }

    It 'Connect-RailwayDatabase -Service web: refused, no client started' {
        Invoke-ReliabilityCase -Section 'Databases: bad input' -Scenario 'Connect-RailwayDatabase -Service web (not a database)' -Expected 'RailwayNotADatabase (InvalidArgument); no psql or redis-cli started; no mutation' -Class refused -Body {
            Reset-EmulatorJournal $script:Emulator
            $result = Invoke-Captured { Connect-RailwayDatabase @script:Place -Service web -ArgumentList '-c', 'select 1' }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'RailwayNotADatabase' -Category InvalidArgument
            @(Get-DatabaseTestProcess -Name psql, redis-cli) | Should -BeNullOrEmpty
            Get-Count TemplateDeployV2 | Should -Be 0
            $report
        }
    }

    It 'Backup-RailwayDatabase over an existing file without -Force: refused, file kept' {
        if (Skip-Without $script:NoPostgres) { return }
        Invoke-ReliabilityCase -Section 'Databases: bad input' -Scenario 'Backup-RailwayDatabase -Path <existing file>' -Expected 'RailwayDatabaseBackupExists (ResourceExists); the file unchanged; no pg_dump run' -Class refused -Body {
            $path = Join-Path $script:Folder 'existing.dump'
            Set-Content -Path $path -Value 'mine'
            $result = Invoke-Captured { Backup-RailwayDatabase @script:Place -Service Postgres -Path $path }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'RailwayDatabaseBackupExists' -Category ResourceExists
            Get-Content $path | Should -Be 'mine'
            Get-Leftover | Should -BeNullOrEmpty
            "$report; file kept"
        }
    }
}

Describe 'Databases: faults' {
    AfterEach {
        Clear-EmulatorFault $script:Emulator
        Remove-Item Env:RAILWAY_HTTP_TIMEOUT -ErrorAction SilentlyContinue
    }

    It 'New-RailwayDatabase: templateDeployV2 answers HTTP 500' {
        Invoke-ReliabilityCase -Section 'Databases: faults' -Scenario 'New-RailwayDatabase: templateDeployV2 answers HTTP 500' -Expected 'a clear error; the mutation sent once (not retried); no service added' -Class 'clear error' -Body {
            $before = Get-ServiceName
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'status'; status = 500; operation = 'TemplateDeployV2'; count = 1 }
            $result = Invoke-Captured { New-RailwayDatabase -Type Redis -Name fault500 @script:Place -Confirm:$false }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'Railway*'
            Get-Count TemplateDeployV2 | Should -Be 1
            Get-ServiceName | Should -Be $before
            "$report; sent: 1; services unchanged"
        }
    }

    It 'New-RailwayDatabase -WhatIf: the template read answers 429 with Retry-After once' {
        Invoke-ReliabilityCase -Section 'Databases: faults' -Scenario 'New-RailwayDatabase -WhatIf: template(code) answers 429, Retry-After 1 s' -Expected 'retried after the wait; no error; nothing deployed' -Class recovered -Body {
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'retryAfter'; retryAfterSeconds = 1; operation = 'TemplateDetail'; count = 1 }
            $result = Invoke-Captured { New-RailwayDatabase -Type Postgres -Name whatif429 @script:Place -WhatIf }

            $result.Errors | Should -BeNullOrEmpty
            Get-Count TemplateDetail | Should -Be 2
            Get-Count TemplateDeployV2 | Should -Be 0
            "attempts: 2; deployed: 0"
        }
    }

    It 'New-RailwayDatabase -TimeoutSec 3 against a template read that never answers' {
        Invoke-ReliabilityCase -Section 'Databases: faults' -Scenario 'New-RailwayDatabase -TimeoutSec 3: template(code) silent for 20 s' -Expected 'RailwayTimeout (OperationTimeout) within 5 s; nothing deployed' -Class 'clear error' -Body {
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'slow'; delayMs = 20000; operation = 'TemplateDetail'; count = -1 }
            $result = Invoke-Captured { New-RailwayDatabase -Type Redis -Name silent @script:Place -TimeoutSec 3 -Confirm:$false }

            $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId 'RailwayTimeout' -Category OperationTimeout
            $result.Seconds | Should -BeLessThan 5
            Get-Count TemplateDeployV2 | Should -Be 0
            "$report after $($result.Seconds) s"
        }
    }

    It '<Cmdlet>: <Operation> answers <Name>' -ForEach @(
        @{ Cmdlet = 'Connect-RailwayDatabase'; Operation = 'ServiceInstance'; Name = 'HTTP 500 once'; Fault = @{ kind = 'status'; status = 500; count = 1 }; Class = 'recovered' }
        @{ Cmdlet = 'Connect-RailwayDatabase'; Operation = 'VariablesForServiceDeployment'; Name = '429 with Retry-After 1 s once'; Fault = @{ kind = 'retryAfter'; retryAfterSeconds = 1; count = 1 }; Class = 'recovered' }
        @{ Cmdlet = 'Connect-RailwayDatabase'; Operation = 'ServiceInstance'; Name = 'nothing (silent; RAILWAY_HTTP_TIMEOUT=1)'; Fault = @{ kind = 'slow'; delayMs = 6000; count = -1 }; Class = 'clear error'; ErrorId = 'RailwayTimeout'; Timeout = 1 }
        @{ Cmdlet = 'Backup-RailwayDatabase'; Operation = 'VariablesForServiceDeployment'; Name = 'HTTP 503 every time'; Fault = @{ kind = 'status'; status = 503; count = -1 }; Class = 'clear error'; ErrorId = 'RailwayConnectionFailed' }
        @{ Cmdlet = 'Backup-RailwayDatabase'; Operation = 'ServiceInstance'; Name = '429 with Retry-After 1 s once'; Fault = @{ kind = 'retryAfter'; retryAfterSeconds = 1; count = 1 }; Class = 'recovered' }
        @{ Cmdlet = 'Backup-RailwayDatabase'; Operation = 'VariablesForServiceDeployment'; Name = 'nothing (silent; RAILWAY_HTTP_TIMEOUT=1)'; Fault = @{ kind = 'slow'; delayMs = 6000; count = -1 }; Class = 'clear error'; ErrorId = 'RailwayTimeout'; Timeout = 1 }
        @{ Cmdlet = 'Restore-RailwayDatabase'; Operation = 'ServiceInstance'; Name = 'HTTP 503 every time'; Fault = @{ kind = 'status'; status = 503; count = -1 }; Class = 'clear error'; ErrorId = 'RailwayConnectionFailed' }
        @{ Cmdlet = 'Restore-RailwayDatabase'; Operation = 'VariablesForServiceDeployment'; Name = '429 with Retry-After 1 s once'; Fault = @{ kind = 'retryAfter'; retryAfterSeconds = 1; count = 1 }; Class = 'recovered' }
        @{ Cmdlet = 'Restore-RailwayDatabase'; Operation = 'ServiceInstance'; Name = 'nothing (silent; RAILWAY_HTTP_TIMEOUT=1)'; Fault = @{ kind = 'slow'; delayMs = 6000; count = -1 }; Class = 'clear error'; ErrorId = 'RailwayTimeout'; Timeout = 1 }
    ) {
        if (Skip-Without $script:NoPostgres) { return }
        $expected = if ($Class -eq 'recovered') { 'retried (a read); the command succeeds' } else { "$ErrorId; nothing run against the database; no file written" }
        Invoke-ReliabilityCase -Section 'Databases: faults' -Scenario "${Cmdlet}: $Operation answers $Name" -Expected $expected -Class $Class -Body {
            $path = Join-Path $script:Folder ('fault-' + [guid]::NewGuid().ToString('n') + '.dump')
            $command = switch ($Cmdlet) {
                'Connect-RailwayDatabase' { { Connect-RailwayDatabase @script:Place -Service Postgres -ArgumentList '-tAc', 'select count(*) from items' | ForEach-Object { $_ } } }
                'Backup-RailwayDatabase' { { Backup-RailwayDatabase @script:Place -Service Postgres -Path $path } }
                'Restore-RailwayDatabase' { { Restore-RailwayDatabase @script:Place -Service Postgres -Path $script:Dump -Force } }
            }
            Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql "insert into items values (100, 'after the backup') on conflict do nothing" | Out-Null
            if ($Timeout) { $env:RAILWAY_HTTP_TIMEOUT = "$Timeout" }
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault ($Fault + @{ operation = $Operation })
            $result = Invoke-Captured $command
            Remove-Item Env:RAILWAY_HTTP_TIMEOUT -ErrorAction SilentlyContinue
            Clear-EmulatorFault $script:Emulator

            Get-Leftover | Should -BeNullOrEmpty
            $rows = @(Get-Rows)
            if ($Class -eq 'recovered') {
                $result.Errors | Should -BeNullOrEmpty
                Get-Count $Operation | Should -BeGreaterThan 1
                switch ($Cmdlet) {
                    'Connect-RailwayDatabase' { $result.Output | Should -Be '2' }
                    'Backup-RailwayDatabase' { Test-Path $path | Should -BeTrue }
                    'Restore-RailwayDatabase' { $rows | Should -Not -Contain '100|after the backup' }
                }
                "attempts of ${Operation}: $(Get-Count $Operation); succeeded"
            }
            else {
                $report = Assert-ClearError ($result.Errors | Select-Object -First 1) -ErrorId $ErrorId
                Test-Path $path | Should -BeFalse
                $rows | Should -Contain '100|after the backup' -Because 'nothing was restored'
                @(Get-DatabaseTestProcess -Name psql, pg_dump, pg_restore) | Should -BeNullOrEmpty
                "$report after $($result.Seconds) s; nothing run"
            }
        }
    }
}

Describe 'Databases: secrets' {
    It 'the database password reaches no stream, transcript or $Error of any database cmdlet' {
        if ((Skip-Without $script:NoPostgres) -or (Skip-Without $script:NoRedis)) { return }
        Invoke-ReliabilityCase -Section 'Databases: secrets' -Scenario 'New/Connect/Backup/Restore-RailwayDatabase with -Verbose -Debug, in a transcript, with failures' -Expected 'neither password (PostgreSQL, Redis) in any stream record, the transcript, $Error or an error''s message; 127.0.0.1 still shown' -Class 'no leak' -Body {
            $transcript = Join-Path $script:Folder 'transcript.txt'
            $Error.Clear()
            $fakeBin = Join-Path $script:Folder 'bin-leaky'
            New-Item -ItemType Directory -Path $fakeBin -Force | Out-Null
            # A client that prints its password in its error (as a misconfigured tool might): the error must hide it.
            Set-Content -Path (Join-Path $fakeBin 'pg_dump') -Value "#!/bin/sh`necho `"pg_dump: error: password `$PGPASSWORD rejected`" >&2`nexit 1"
            chmod +x (Join-Path $fakeBin 'pg_dump')
            Start-Transcript -Path $transcript | Out-Null
            try {
                $all = & {
                    New-RailwayDatabase -Type Redis -Name secretcheck @script:Place -Confirm:$false -Verbose -Debug
                    New-RailwayDatabase -Type Postgres -Name whatifcheck @script:Place -WhatIf -Verbose -Debug
                    Connect-RailwayDatabase @script:Place -Service Postgres -ArgumentList '-tAc', 'select 1' -Verbose -Debug | ForEach-Object { $_ }
                    Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'PING' -Verbose -Debug | ForEach-Object { $_ }
                    Backup-RailwayDatabase @script:Place -Service Postgres -Path (Join-Path $script:Folder 'secret.dump') -Verbose -Debug
                    Backup-RailwayDatabase @script:Place -Service Redis -Path (Join-Path $script:Folder 'secret.rdb') -Verbose -Debug
                    Restore-RailwayDatabase @script:Place -Service Postgres -Path $script:Dump -Force -Verbose -Debug
                    Restore-RailwayDatabase @script:Place -Service Redis -Path $script:Rdb -Force -Verbose -Debug
                    $saved = $env:PATH
                    try {
                        $env:PATH = "$fakeBin$([IO.Path]::PathSeparator)$saved"
                        Backup-RailwayDatabase @script:Place -Service Postgres -Path (Join-Path $script:Folder 'leaky.dump') -Verbose -Debug
                    }
                    finally { $env:PATH = $saved }
                } *>&1 | ForEach-Object { $_ | Out-String; if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.Exception.Message; [string]$_.ErrorDetails } }
            }
            finally { Stop-Transcript | Out-Null }
            $streams = $all -join "`n"
            $errors = ($Error | ForEach-Object { ($_ | Out-String) + $_.Exception.ToString() + [string]$_.ErrorDetails + [string]$_.TargetObject }) -join "`n"

            $streams | Should -Match 'is a Postgres database at 127\.0\.0\.1:'
            $streams | Should -Match 'password \*{8} rejected' -Because 'the leaky client''s message is shown, its password masked'
            $errors | Should -Match 'RailwayDatabaseToolFailed|password \*{8}'
            Assert-NoPassword $streams 'any stream'
            Assert-NoPassword (Get-Content -Raw $transcript) 'the transcript'
            Assert-NoPassword $errors '$Error'
            Remove-Item $transcript
            "streams: $($streams.Length) chars; transcript and `$Error: $($Error.Count) record(s); passwords absent"
        }
    }

    It 'the password is on no process command line while psql runs, only in its environment' {
        if (Skip-Without $script:NoPostgres) { return }
        Invoke-ReliabilityCase -Section 'Databases: secrets' -Scenario 'Connect-RailwayDatabase running psql (select pg_sleep(3)): every process command line read from /proc' -Expected 'the password on no command line; psql has PGPASSWORD in its environment' -Class 'no leak' -Body {
            $running = Start-DeploymentTestPowerShell -Command 'Connect-RailwayDatabase -Project demo -Environment production -Service Postgres -ArgumentList ''-tAc'', ''select pg_sleep(3)'' -Endpoint $Endpoint -Token $Token | Out-Null' `
                -Parameters @{ Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken)) }
            try {
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while (-not ($psql = @(Get-DatabaseTestProcess -Name psql | Where-Object CommandLine -Match 'pg_sleep')) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
                $psql | Should -Not -BeNullOrEmpty
                $lines = Get-AllProcessCommandLine
                $environ = [IO.File]::ReadAllText("/proc/$($psql[0].Id)/environ").Split([char]0)
            }
            finally {
                $null = $running.Handle.AsyncWaitHandle.WaitOne(20000)
                $running.Shell.Dispose()
            }

            Assert-NoPassword $lines 'a process command line'
            @($environ | Where-Object { $_ -like 'PGPASSWORD=*' }).Count | Should -Be 1
            @($environ | Where-Object { $_ -eq "PGPASSWORD=$($script:Passwords[0])" }).Count | Should -Be 1
            "command lines: $(($lines -split "`n").Count) processes scanned; PGPASSWORD only in psql's environment"
        }
    }

    It 'the password is in no file the cmdlets wrote' {
        if (Skip-Without $script:NoPostgres) { return }
        Invoke-ReliabilityCase -Section 'Databases: secrets' -Scenario 'every file in the backup folder, HOME and the temp folder''s railwayops-* entries after the runs above' -Expected 'no file holds either password' -Class 'no leak' -Body {
            $files = @(Get-ChildItem $script:Folder, $env:HOME -Recurse -File -Force -ErrorAction SilentlyContinue | Where-Object FullName -NotMatch '/bin-') +
                @(Get-ChildItem ([IO.Path]::GetTempPath()) -Filter 'railwayops-*' -File -Force -ErrorAction SilentlyContinue)
            $files.Count | Should -BeGreaterThan 0
            foreach ($file in $files) {
                $text = [Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes($file.FullName))
                Assert-NoPassword $text $file.FullName
            }
            "files scanned: $($files.Count); passwords absent"
        }
    }
}

Describe 'Databases: stop' {
    It 'New-RailwayDatabase stopped while it waits for the database''s workflow' {
        Invoke-ReliabilityCase -Section 'Databases: stop' -Scenario 'Stop() during New-RailwayDatabase, its workflowStatus read slow (8 s)' -Expected 'returns within 1 s; templateDeployV2 sent once; the service left to Railway' -Class stopped -Body {
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'slow'; delayMs = 8000; operation = 'WorkflowStatus'; count = 1 }
            $running = Start-DeploymentTestPowerShell -Command 'New-RailwayDatabase -Type Redis -Name stopwait -Project demo -Environment production -Confirm:$false -Endpoint $Endpoint -Token $Token -Verbose' `
                -Parameters @{ Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken)) }
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not @($running.Shell.Streams.Verbose | Where-Object Message -Match 'accepted the').Count -and -not $running.Handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            Start-Sleep -Milliseconds 300
            $running.Handle.IsCompleted | Should -BeFalse
            $seconds = Measure-DeploymentTestStop $running

            $seconds | Should -BeLessThan 1
            Get-Count TemplateDeployV2 | Should -Be 1
            $script:WorstStopMs = [Math]::Max($script:WorstStopMs, [int]($seconds * 1000))
            Set-ReliabilityMetric -Name 'Databases: stop WorstStopMs' -Value $script:WorstStopMs
            'stopped in {0:0.00} s; templateDeployV2: 1' -f $seconds
        }
    }

    It 'Backup-RailwayDatabase stopped while pg_dump waits on a locked table' {
        if (Skip-Without $script:NoPostgres) { return }
        Invoke-ReliabilityCase -Section 'Databases: stop' -Scenario 'Stop() during Backup-RailwayDatabase, pg_dump blocked by a lock' -Expected 'returns within 1 s; no file and no partial file; no pg_dump left running' -Class stopped -Body {
            $path = Join-Path $script:Folder 'stopped.dump'
            $lock = Start-DatabaseTestLock -Emulator $script:Emulator -Database $script:Postgres -Table items -Seconds 60
            try {
                $running = Start-DeploymentTestPowerShell -Command 'Backup-RailwayDatabase -Project demo -Environment production -Service Postgres -Path $Path -Endpoint $Endpoint -Token $Token' `
                    -Parameters @{ Path = $path; Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken)) }
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while (-not @(Get-DatabaseTestProcess -Name pg_dump).Count -and -not $running.Handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
                Start-Sleep -Milliseconds 500
                $running.Handle.IsCompleted | Should -BeFalse
                @(Get-DatabaseTestProcess -Name pg_dump).Count | Should -Be 1
                $seconds = Measure-DeploymentTestStop $running
            }
            finally { Stop-DatabaseTestLock $lock }

            $seconds | Should -BeLessThan 1
            $script:WorstStopMs = [Math]::Max($script:WorstStopMs, [int]($seconds * 1000))
            Set-ReliabilityMetric -Name 'Databases: stop WorstStopMs' -Value $script:WorstStopMs
            Test-Path $path | Should -BeFalse
            Get-Leftover | Should -BeNullOrEmpty
            @(Get-DatabaseTestProcess -Name pg_dump) | Should -BeNullOrEmpty
            'stopped in {0:0.00} s; no file, no pg_dump' -f $seconds
        }
    }
}

Describe 'Databases: names in messages' {
    BeforeAll {
        function Assert-Named([string]$Message, [string[]]$Names) {
            $ids = @(@($script:Postgres.ProjectId) + @(Get-RailwayEnvironment -Project demo).EnvironmentId + @(Get-RailwayService -Project demo).ServiceId | Where-Object { $_ })
            $ids.Count | Should -BeGreaterThan 2
            foreach ($name in $Names) { $Message | Should -Match ([regex]::Escape($name)) -Because 'the message names what it is about' }
            foreach ($id in $ids) { $Message | Should -Not -Match ([regex]::Escape($id)) -Because 'names, not ids' }
            $Message
        }
    }

    It '<Cmdlet> names <Names> in its error' -ForEach @(
        @{ Cmdlet = 'Connect-RailwayDatabase'; Names = @('web') }
        @{ Cmdlet = 'Backup-RailwayDatabase'; Names = @('nosuchdb') }
        @{ Cmdlet = 'Restore-RailwayDatabase'; Names = @('nosuchdb') }
        @{ Cmdlet = 'New-RailwayDatabase'; Names = @('demo', 'Postgres') }
    ) {
        if (Skip-Without $script:NoPostgres) { return }
        Invoke-ReliabilityCase -Section 'Databases: names in messages' -Scenario "$Cmdlet on something it cannot use" -Expected "the error names $($Names -join ', '), and no project, environment or service id" -Class 'clear error' -Body {
            $result = switch ($Cmdlet) {
                'Connect-RailwayDatabase' { Invoke-Captured { Connect-RailwayDatabase @script:Place -Service web -ArgumentList '-c', 'select 1' } }
                'Backup-RailwayDatabase' { Invoke-Captured { Backup-RailwayDatabase @script:Place -Service nosuchdb -Path (Join-Path $script:Folder 'named.dump') } }
                'Restore-RailwayDatabase' { Invoke-Captured { Restore-RailwayDatabase @script:Place -Service nosuchdb -Path $script:Dump -Force } }
                'New-RailwayDatabase' { Invoke-Captured { New-RailwayDatabase -Type Postgres -Name Postgres @script:Place -Confirm:$false } }
            }
            $record = $result.Errors | Select-Object -First 1
            $record | Should -Not -BeNullOrEmpty
            Assert-Named $record.Exception.Message $Names
        }
    }
}
