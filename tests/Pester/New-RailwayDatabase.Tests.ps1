BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DatabaseTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:NoPostgres = Get-DatabaseTestSkipReason -Type Postgres
    $script:NoRedis = Get-DatabaseTestSkipReason -Type Redis
    $script:Emulator = Start-RailwayTestEmulator
    $script:Place = @{ Project = 'demo'; Environment = 'production' }

    function Get-ServiceName { @(Get-RailwayService -Project demo).Name }
    function Get-DeployCount { $seen = (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties['TemplateDeployV2']; if ($seen) { $seen.Value } else { 0 } }
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'New-RailwayDatabase' {
    It 'changes nothing with -WhatIf' {
        $before = Get-ServiceName
        Reset-EmulatorJournal $script:Emulator

        New-RailwayDatabase -Type Postgres @script:Place -WhatIf -ErrorAction Stop

        Get-DeployCount | Should -Be 0
        Get-ServiceName | Should -Be $before
    }

    It 'refuses the name <Name> before sending anything' -ForEach @(
        @{ Name = 'bad/name' }
        @{ Name = '-leading-dash' }
        @{ Name = ('x' * 64) }
    ) {
        Reset-EmulatorJournal $script:Emulator

        New-RailwayDatabase -Type Postgres -Name $Name @script:Place -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidDatabaseName,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $journal = Get-EmulatorJournal $script:Emulator
        @($journal.byOperation.PSObject.Properties.Name | Where-Object { $_ -notmatch 'Updates$|Stream$' }) | Should -BeNullOrEmpty -Because ($journal.byOperation | ConvertTo-Json -Compress)
    }

    It 'names the missing environment' {
        New-RailwayDatabase -Type Postgres -Project demo -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayServiceInstanceTargetRequired,*'
        $failure[0].Exception.Message | Should -Match '-Environment'
    }

    It 'adds PostgreSQL as Railway does and waits until it is ready; no password on the object' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        Reset-EmulatorJournal $script:Emulator

        $database = New-RailwayDatabase -Type Postgres @script:Place -Confirm:$false -ErrorAction Stop

        $database | Should -BeOfType ([RailwayOps.RailwayDatabase])
        $database.ServiceName | Should -Be 'Postgres'
        $database.Type | Should -Be 'Postgres'
        $database.EnvironmentName | Should -Be 'production'
        $database.Status | Should -Be 'SUCCESS'
        $database.Host | Should -Be '127.0.0.1'
        $database.Port | Should -BeGreaterThan 0
        $database.User | Should -Not -BeNullOrEmpty
        $database.DatabaseName | Should -Not -BeNullOrEmpty
        $database.VariableNames | Should -Contain 'DATABASE_URL'
        $database.VariableNames | Should -Contain 'PGPASSWORD'
        $journal = (Get-EmulatorJournal $script:Emulator).byOperation
        $journal.TemplateDetail | Should -Be 1
        $journal.TemplateDeployV2 | Should -Be 1
        $journal.WorkflowStatus | Should -BeGreaterThan 0
        Get-ServiceName | Should -Contain 'Postgres'

        $password = Get-DatabaseTestPassword -Emulator $script:Emulator -Database $database
        $password.Length | Should -BeGreaterThan 8
        ($database | Format-List * | Out-String) + ($database | Format-Table | Out-String) + ($database | ConvertTo-Json -Depth 5) | Should -Not -Match ([regex]::Escape($password))
        @($database.PSObject.Properties.Name | Where-Object { $_ -match 'Password|Url' }) | Should -BeNullOrEmpty
        # The first query answers.
        Invoke-DatabaseTestPsql -Emulator $script:Emulator -Database $database -Sql 'select 1' | Should -Be '1'
        $script:Postgres = $database
    }

    It 'keeps 127.0.0.1 readable in other cmdlets'' output once a database is known' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $script:Postgres | Should -Not -BeNullOrEmpty
        Connect-RailwayDatabase -Project demo -Environment production -Service Postgres -ArgumentList '-tAc', 'select 1' -Verbose 4>&1 | Out-Null
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()

        Test-RailwayHealth -Uri "http://127.0.0.1:$port/health" -TimeoutSec 1 -ErrorVariable failure -ErrorAction SilentlyContinue | Out-Null

        $failure.Count | Should -BeGreaterThan 0
        $shown = ($failure[0] | Out-String) + $failure[0].Exception.Message
        $shown | Should -Match ([regex]::Escape("127.0.0.1:$port"))
        $shown | Should -Not -Match '\*{8}'
    }

    It 'refuses a second database with a name the project has, sending no template deploy' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        Reset-EmulatorJournal $script:Emulator

        New-RailwayDatabase -Type Postgres @script:Place -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDatabaseNameTaken,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-DeployCount | Should -Be 0
        @(Get-ServiceName | Where-Object { $_ -eq 'Postgres' }).Count | Should -Be 1
    }

    It 'returns with -NoWait once the service exists, before its deployment is waited for' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $database = New-RailwayDatabase -Type Postgres -Name analytics @script:Place -NoWait -Confirm:$false -ErrorAction Stop

        $database.ServiceName | Should -Be 'analytics'
        $database.Status | Should -Be 'DEPLOYING'
        $database.WorkflowId | Should -Not -BeNullOrEmpty
        # The deployment is Railway's to finish; it does.
        (Wait-RailwayDeployment -Latest -Project demo -Environment production -Service analytics -TimeoutSec 120 -ErrorAction Stop).Status | Should -Be 'SUCCESS'
    }

    It 'a template deploy Railway refuses is a clear error and adds no service' {
        $before = Get-ServiceName
        Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'graphqlError'; operation = 'TemplateDeployV2'; message = 'Problem processing request'; count = 1 }

        New-RailwayDatabase -Type Redis -Name refused @script:Place -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        Clear-EmulatorFault $script:Emulator
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayGraphQLError,*'
        Get-ServiceName | Should -Be $before
    }

    It 'adds Redis' {
        if ($script:NoRedis) { Set-ItResult -Skipped -Because $script:NoRedis; return }
        $database = New-RailwayDatabase -Type Redis @script:Place -Confirm:$false -ErrorAction Stop

        $database.ServiceName | Should -Be 'Redis'
        $database.Type | Should -Be 'Redis'
        $database.Status | Should -Be 'SUCCESS'
        $database.Host | Should -Be '127.0.0.1'
        $database.VariableNames | Should -Contain 'REDIS_URL'
        $password = Get-DatabaseTestPassword -Emulator $script:Emulator -Database $database
        ($database | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($password))
    }
}
