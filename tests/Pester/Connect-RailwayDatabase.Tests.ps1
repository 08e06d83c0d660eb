BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DatabaseTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:NoPostgres = Get-DatabaseTestSkipReason -Type Postgres
    $script:NoRedis = Get-DatabaseTestSkipReason -Type Redis
    $script:Emulator = Start-RailwayTestEmulator
    $script:Place = @{ Project = 'demo'; Environment = 'production' }
    if (-not $script:NoPostgres) { $script:Postgres = New-RailwayDatabase -Type Postgres @script:Place -Confirm:$false -ErrorAction Stop }
    if (-not $script:NoRedis) { $script:Redis = New-RailwayDatabase -Type Redis @script:Place -Confirm:$false -ErrorAction Stop }
    $script:EmptyPath = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-nopath-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:EmptyPath | Out-Null
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Remove-RailwayTestFolder $script:EmptyPath
    Exit-RailwayTestEnvironment
}

Describe 'Connect-RailwayDatabase' {
    It 'runs one psql statement and passes its output down the pipeline' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $lines = Connect-RailwayDatabase @script:Place -Service Postgres -ArgumentList '-tAc', 'select 40 + 2' | ForEach-Object { $_ }

        $lines | Should -Be '42'
        $LASTEXITCODE | Should -Be 0
    }

    It 'takes the database piped from New-RailwayDatabase' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $lines = $script:Postgres | Connect-RailwayDatabase -ArgumentList '-tAc', 'select current_database()' | ForEach-Object { $_ }

        $lines | Should -Be $script:Postgres.DatabaseName
    }

    It 'surfaces psql''s exit code as $LASTEXITCODE' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        Connect-RailwayDatabase @script:Place -Service Postgres -ArgumentList '-v', 'ON_ERROR_STOP=1', '-c', 'select * from no_such_table' 2>$null | ForEach-Object { $_ } | Out-Null

        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'refuses a service that is not a database, starting nothing' {
        Connect-RailwayDatabase @script:Place -Service web -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayNotADatabase,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'names the package to install when psql is missing, starting nothing' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $saved = $env:PATH
        try {
            $env:PATH = $script:EmptyPath
            Connect-RailwayDatabase @script:Place -Service Postgres -ArgumentList '-c', 'select 1' -ErrorVariable failure -ErrorAction SilentlyContinue
        }
        finally { $env:PATH = $saved }

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDatabaseClientNotFound,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure[0].Exception.Message | Should -Match 'psql'
        $failure[0].Exception.Message | Should -Match 'postgresql-client'
        $failure[0].ErrorDetails.RecommendedAction | Should -Match 'apt-get install postgresql-client'
    }

    It 'names the missing service' {
        Connect-RailwayDatabase @script:Place -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayServiceInstanceTargetRequired,*'
    }

    It 'runs a redis-cli command with the password in REDISCLI_AUTH' {
        if ($script:NoRedis) { Set-ItResult -Skipped -Because $script:NoRedis; return }
        Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'SET', 'greeting', 'hello' | ForEach-Object { $_ } | Should -Be 'OK'

        Connect-RailwayDatabase @script:Place -Service Redis -ArgumentList 'GET', 'greeting' | ForEach-Object { $_ } | Should -Be 'hello'
        $LASTEXITCODE | Should -Be 0
    }
}
