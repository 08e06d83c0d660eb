BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DatabaseTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:NoPostgres = Get-DatabaseTestSkipReason -Type Postgres
    $script:NoRedis = Get-DatabaseTestSkipReason -Type Redis -Restore
    $script:Emulator = Start-RailwayTestEmulator
    $script:Place = @{ Project = 'demo'; Environment = 'production' }
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-restore-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Folder | Out-Null
    if (-not $script:NoPostgres) {
        $script:Postgres = New-RailwayDatabase -Type Postgres @script:Place -Confirm:$false -ErrorAction Stop
        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql "create table orders(id int primary key, item text); insert into orders values (1, 'tea'), (2, 'cake')" | Out-Null
        $script:Dump = (Backup-RailwayDatabase @script:Place -Service Postgres -Path (Join-Path $script:Folder 'orders.dump') -ErrorAction Stop).Path
    }
    if (-not $script:NoRedis) { $script:Redis = New-RailwayDatabase -Type Redis @script:Place -Confirm:$false -ErrorAction Stop }
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Remove-RailwayTestFolder $script:Folder
    Exit-RailwayTestEnvironment
}

Describe 'Restore-RailwayDatabase' {
    It 'brings back a dropped table' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql 'drop table orders' | Out-Null

        $restore = Restore-RailwayDatabase @script:Place -Service Postgres -Path $script:Dump -Force -ErrorAction Stop

        $restore | Should -BeOfType ([RailwayOps.RailwayDatabaseRestore])
        $restore.ServiceName | Should -Be 'Postgres'
        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql 'select item from orders order by id' | Should -Be @('tea', 'cake')
    }

    It 'puts changed rows back as they were in the backup (pg_restore --clean)' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql "update orders set item = 'coffee' where id = 1; insert into orders values (3, 'pie')" | Out-Null

        Get-Item $script:Dump | Restore-RailwayDatabase @script:Place -Service Postgres -Force -ErrorAction Stop | Out-Null

        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql 'select item from orders order by id' | Should -Be @('tea', 'cake')
    }

    It 'changes nothing with -WhatIf' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql "insert into orders values (9, 'whatif')" | Out-Null

        Restore-RailwayDatabase @script:Place -Service Postgres -Path $script:Dump -WhatIf

        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql 'select count(*) from orders where id = 9' | Should -Be '1'
    }

    It 'asks first, and says how to go on when it cannot ask' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$(Get-RailwayOpsTestModulePath)'; Restore-RailwayDatabase -Project demo -Environment production -Service Postgres -Path '$($script:Dump)' -Endpoint '$($script:Emulator.GraphQLUrl)' -Token `$args[0]").AddArgument((ConvertTo-TestSecureString (Get-TestSeedToken)))
            try { $shell.Invoke() | Out-Null } catch { $null = $_ }
            $errors = @($shell.Streams.Error) + @($(if ($shell.InvocationStateInfo.Reason) { $shell.InvocationStateInfo.Reason.ErrorRecord }))
        }
        finally { $shell.Dispose() }

        @($errors | Where-Object { $_.FullyQualifiedErrorId -like 'RailwayConfirmationRequired,*' }).Count | Should -Be 1
        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql 'select count(*) from orders where id = 9' | Should -Be '1'
    }

    It 'refuses a file that does not exist before sending anything' {
        Reset-EmulatorJournal $script:Emulator

        Restore-RailwayDatabase @script:Place -Service Postgres -Path (Join-Path $script:Folder 'missing.dump') -Force -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDatabaseBackupNotFound,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $journal = Get-EmulatorJournal $script:Emulator
        @($journal.byOperation.PSObject.Properties.Name | Where-Object { $_ -notmatch 'Updates$|Stream$' }) | Should -BeNullOrEmpty
    }

    It 'refuses a file that is not a pg_dump archive, changing nothing' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $bogus = Join-Path $script:Folder 'bogus.dump'
        Set-Content -Path $bogus -Value 'drop table orders;'

        Restore-RailwayDatabase @script:Place -Service Postgres -Path $bogus -Force -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDatabaseInvalidBackup,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidData'
        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql 'select count(*) from orders' | Should -Be '3'
    }

    It 'brings back a deleted Redis key and leaves no temporary server' {
        if ($script:NoRedis) { Set-ItResult -Skipped -Because $script:NoRedis; return }
        Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'SET', 'session:1', 'alice' | ForEach-Object { $_ } | Out-Null
        Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'SET', 'counter', '41' | ForEach-Object { $_ } | Out-Null
        $snapshot = (Backup-RailwayDatabase @script:Place -Service Redis -Path (Join-Path $script:Folder 'cache.rdb') -ErrorAction Stop).Path
        Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'DEL', 'session:1' | ForEach-Object { $_ } | Out-Null
        Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'SET', 'counter', '99' | ForEach-Object { $_ } | Out-Null
        $servers = @(Get-DatabaseTestProcess -Name redis-server).Count

        $restore = Restore-RailwayDatabase @script:Place -Service Redis -Path $snapshot -Force -ErrorAction Stop

        $restore.KeysRestored | Should -Be 2
        Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'GET', 'session:1' | ForEach-Object { $_ } | Should -Be 'alice'
        Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'GET', 'counter' | ForEach-Object { $_ } | Should -Be '41'
        @(Get-DatabaseTestProcess -Name redis-server).Count | Should -Be $servers
        @(Get-ChildItem ([IO.Path]::GetTempPath()) -Filter 'railwayops-redis-restore-*' -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }

    It 'refuses a file that is not an RDB for a Redis service' {
        if ($script:NoRedis) { Set-ItResult -Skipped -Because $script:NoRedis; return }
        $bogus = Join-Path $script:Folder 'not.rdb'
        Set-Content -Path $bogus -Value 'PGDMP is not an RDB'
        Restore-RailwayDatabase @script:Place -Service Redis -Path $bogus -Force -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDatabaseInvalidBackup,*'
    }
}
