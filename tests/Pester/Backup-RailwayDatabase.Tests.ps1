BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DatabaseTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:NoPostgres = Get-DatabaseTestSkipReason -Type Postgres
    $script:NoRedis = Get-DatabaseTestSkipReason -Type Redis
    $script:Emulator = Start-RailwayTestEmulator
    $script:Place = @{ Project = 'demo'; Environment = 'production' }
    if (-not $script:NoPostgres) {
        $script:Postgres = New-RailwayDatabase -Type Postgres @script:Place -Confirm:$false -ErrorAction Stop
        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $script:Postgres -Sql "create table notes(id int primary key, body text); insert into notes values (1, 'before the migration')" | Out-Null
    }
    if (-not $script:NoRedis) { $script:Redis = New-RailwayDatabase -Type Redis @script:Place -Confirm:$false -ErrorAction Stop }
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-backup-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Folder | Out-Null

    function New-FakeTool([string]$Name, [string]$Body) {
        # A stand-in for a client program on a PATH of its own (for the failure paths a real server does not give).
        $bin = Join-Path $script:Folder ('bin-' + [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $bin | Out-Null
        $file = Join-Path $bin $Name
        Set-Content -Path $file -Value "#!/bin/sh`n$Body"
        chmod +x $file
        $bin
    }
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Remove-RailwayTestFolder $script:Folder
    Exit-RailwayTestEnvironment
}

Describe 'Backup-RailwayDatabase' {
    It 'writes a pg_dump custom-format file and leaves nothing else' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $path = Join-Path $script:Folder 'first.dump'

        $backup = Backup-RailwayDatabase @script:Place -Service Postgres -Path $path -ErrorAction Stop

        $backup | Should -BeOfType ([RailwayOps.RailwayDatabaseBackup])
        $backup.Path | Should -Be $path
        $backup.Length | Should -BeGreaterThan 0
        $backup.Length | Should -Be (Get-Item $path).Length
        $backup.Type | Should -Be 'Postgres'
        [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($path), 0, 5) | Should -Be 'PGDMP'
        # pg_restore reads it back: the table is in it.
        (& pg_restore --list $path) -join "`n" | Should -Match 'TABLE public notes'
        @(Get-ChildItem $script:Folder -Force -Filter '.*partial*') | Should -BeNullOrEmpty
    }

    It 'names the file after the service in a folder given as -Path' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $backup = Backup-RailwayDatabase @script:Place -Service Postgres -Path $script:Folder -ErrorAction Stop

        Split-Path -Leaf $backup.Path | Should -Match '^Postgres-production-\d{8}-\d{6}\.dump$'
        Test-Path $backup.Path | Should -BeTrue
        Remove-Item $backup.Path
    }

    It 'refuses to replace a file without -Force, and replaces it with -Force' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $path = Join-Path $script:Folder 'taken.dump'
        Set-Content -Path $path -Value 'keep me'

        Backup-RailwayDatabase @script:Place -Service Postgres -Path $path -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDatabaseBackupExists,*'
        Get-Content $path | Should -Be 'keep me'
        (Backup-RailwayDatabase @script:Place -Service Postgres -Path $path -Force -ErrorAction Stop).Length | Should -BeGreaterThan 7
    }

    It 'writes nothing with -WhatIf' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $path = Join-Path $script:Folder 'whatif.dump'

        Backup-RailwayDatabase @script:Place -Service Postgres -Path $path -WhatIf

        Test-Path $path | Should -BeFalse
    }

    It 'keeps no half file when pg_dump fails part way' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $path = Join-Path $script:Folder 'failed.dump'
        # Writes the start of an archive to its --file, then fails as pg_dump does when the server goes away.
        $bin = New-FakeTool pg_dump 'printf PGDMP-partial > "$4"; echo "pg_dump: error: connection to server lost" >&2; exit 1'
        $saved = $env:PATH
        try {
            $env:PATH = "$bin$([IO.Path]::PathSeparator)$saved"
            Backup-RailwayDatabase @script:Place -Service Postgres -Path $path -ErrorVariable failure -ErrorAction SilentlyContinue
        }
        finally { $env:PATH = $saved }

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDatabaseToolFailed,*'
        $failure[0].Exception.Message | Should -Match 'connection to server lost'
        Test-Path $path | Should -BeFalse
        @(Get-ChildItem $script:Folder -Force -Filter '.failed.dump*') | Should -BeNullOrEmpty
    }

    It 'says when the folder does not exist' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        Backup-RailwayDatabase @script:Place -Service Postgres -Path (Join-Path $script:Folder 'no/such/folder.dump') -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDatabaseBackupNotFound,*'
    }

    It 'refuses a service that is not a database' {
        Backup-RailwayDatabase @script:Place -Service web -Path (Join-Path $script:Folder 'web.dump') -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayNotADatabase,*'
        Test-Path (Join-Path $script:Folder 'web.dump') | Should -BeFalse
    }

    It 'writes a Redis RDB snapshot' {
        if ($script:NoRedis) { Set-ItResult -Skipped -Because $script:NoRedis; return }
        Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'SET', 'kept', 'yes' | ForEach-Object { $_ } | Out-Null
        $path = Join-Path $script:Folder 'cache.rdb'

        $backup = Backup-RailwayDatabase @script:Place -Service Redis -Path $path -ErrorAction Stop

        $backup.Type | Should -Be 'Redis'
        [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($path), 0, 5) | Should -Be 'REDIS'
    }
}
