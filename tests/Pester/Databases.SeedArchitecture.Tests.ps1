# The seed's architecture offline (issue 18): web + PostgreSQL + Redis. New-RailwayDatabase adds the databases, web
# gets DATABASE_URL='${{Postgres.DATABASE_URL}}' and REDIS_URL='${{Redis.REDIS_URL}}', and the deployed web service and
# Invoke-RailwayCommand (railway run) reach the same data; it survives a redeploy of web and an emulator restart, and
# Backup-/Restore-RailwayDatabase bring back a dropped table and a deleted key.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DatabaseTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:NoPostgres = Get-DatabaseTestSkipReason -Type Postgres
    $script:NoRedis = Get-DatabaseTestSkipReason -Type Redis -Restore
    $script:Target = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-seedarch-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Folder | Out-Null
    if (-not $script:NoPostgres) {
        $script:Emulator = Start-RailwayTestEmulator
        $script:Repository = New-DeploymentTestRepository -Emulator $script:Emulator
        New-RailwayDatabase -Type Postgres -Project demo -Environment production -Confirm:$false -ErrorAction Stop | Out-Null
        $variables = @{ DATABASE_URL = '${{Postgres.DATABASE_URL}}' }
        if (-not $script:NoRedis) {
            New-RailwayDatabase -Type Redis -Project demo -Environment production -Confirm:$false -ErrorAction Stop | Out-Null
            $variables['REDIS_URL'] = '${{Redis.REDIS_URL}}'
        }
        Set-RailwayVariable @script:Target -Variables $variables -SkipDeploy -Confirm:$false -ErrorAction Stop | Out-Null
        $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'web on the databases' -Change {
            param($Path)
            Copy-Item (Join-Path $PSScriptRoot 'Fixtures/db_app.py') (Join-Path $Path 'app/db_app.py')
            Set-DeploymentTestStartCommand -Path $Path -Command 'python3 app/db_app.py'
        }
        $script:Live = Wait-RailwayDeployment @script:Target -CommitSha $sha -TimeoutSec 120 -ErrorAction Stop
        $query = @{ query = 'query($e:String!,$p:String!,$s:String!){ domains(environmentId:$e, projectId:$p, serviceId:$s){ serviceDomains { domain } } }'
            variables = @{ e = $script:Live.EnvironmentId; p = $script:Live.ProjectId; s = $script:Live.ServiceId } }
        $script:WebUrl = 'http://' + (Invoke-DatabaseTestGraphQL -Emulator $script:Emulator -Query $query.query -Variables $query.variables).domains.serviceDomains[0].domain
    }

    function Invoke-Web([string]$Path) { Invoke-RestMethod -Uri ($script:WebUrl + $Path) -DisableKeepAlive -TimeoutSec 30 }

    # railway run: a child pwsh with web's variables; psql gets the password in its environment, the SQL on stdin.
    $script:RunSql = {
        param($Sql)
        $url = [Uri]$env:DATABASE_URL
        $env:PGHOST = $url.Host; $env:PGPORT = $url.Port; $env:PGUSER = $url.UserInfo.Split(':')[0]
        $env:PGPASSWORD = [Uri]::UnescapeDataString($url.UserInfo.Split(':', 2)[1]); $env:PGDATABASE = $url.AbsolutePath.TrimStart('/')
        $Sql | psql -tAX -v ON_ERROR_STOP=1
        exit $LASTEXITCODE
    }
    $script:RunRedis = {
        $url = [Uri]$env:REDIS_URL
        $env:REDISCLI_AUTH = [Uri]::UnescapeDataString($url.UserInfo.Split(':', 2)[1])
        redis-cli -h $url.Host -p $url.Port @args
        exit $LASTEXITCODE
    }
    function Invoke-Run([scriptblock]$Script, [string[]]$Arguments) {
        $lines = @(Invoke-RailwayCommand @script:Target -ScriptBlock $Script -ArgumentList $Arguments -Confirm:$false -ErrorAction Stop | Write-Output)
        $LASTEXITCODE | Should -Be 0 -Because ($lines -join "`n")
        $lines
    }
}

AfterAll {
    if ($script:Emulator) { Stop-RailwayTestEmulator $script:Emulator }
    Remove-DeploymentTestRepository $script:Repository
    Remove-RailwayTestFolder $script:Folder
    Exit-RailwayTestEnvironment
}

Describe 'The seed''s architecture: web + PostgreSQL + Redis' {
    It 'the deployed web service and Invoke-RailwayCommand reach the same database through ${{Postgres.DATABASE_URL}}' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        (Invoke-Web '/write?note=from-web').written | Should -Be 'from-web'

        Invoke-Run $script:RunSql 'select note from notes order by id;' | Should -Be @('from-web')
        Invoke-Run $script:RunSql "insert into notes(note) values ('from-run');" | Out-Null
        (Invoke-Web '/notes').notes | Should -Be @('from-web', 'from-run')
    }

    It 'keeps the rows across a redeploy of web' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $script:Live = Redo-RailwayDeployment -Id $script:Live.DeploymentId -Wait -PassThru -Confirm:$false -ErrorAction Stop

        (Invoke-Web '/notes').notes | Should -Be @('from-web', 'from-run')
    }

    It 'keeps the rows and the key across an emulator restart on the same state folder' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        if (-not $script:NoRedis) { (Invoke-Web '/redis/set?key=greeting&value=hello').reply | Should -Be 'OK' }
        $state = $script:Emulator.StateDirectory
        $script:Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction Stop
        $script:Emulator = Start-RailwayEmulator -StateDirectory $state -Confirm:$false -ErrorAction Stop

        (Invoke-Web '/notes').notes | Should -Be @('from-web', 'from-run')
        Invoke-Run $script:RunSql 'select count(*) from notes;' | Should -Be '2'
        if (-not $script:NoRedis) {
            (Invoke-Web '/redis/get?key=greeting').value | Should -Be 'hello'
            Invoke-Run $script:RunRedis 'GET', 'greeting' | Should -Be 'hello'
        }
    }

    It 'Backup-RailwayDatabase then Restore-RailwayDatabase brings back a dropped table' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        $backup = Backup-RailwayDatabase -Project demo -Environment production -Service Postgres -Path (Join-Path $script:Folder 'before-migration.dump') -ErrorAction Stop
        Invoke-Run $script:RunSql 'drop table notes;' | Out-Null
        { Invoke-Web '/notes' } | Should -Throw '*500*' -Because 'web reads a table that is gone'

        $backup | Restore-RailwayDatabase -Project demo -Environment production -Service Postgres -Force -ErrorAction Stop | Out-Null

        (Invoke-Web '/notes').notes | Should -Be @('from-web', 'from-run')
    }

    It 'Backup-RailwayDatabase then Restore-RailwayDatabase brings back a deleted Redis key' {
        if ($script:NoPostgres) { Set-ItResult -Skipped -Because $script:NoPostgres; return }
        if ($script:NoRedis) { Set-ItResult -Skipped -Because $script:NoRedis; return }
        $backup = Backup-RailwayDatabase -Project demo -Environment production -Service Redis -Path (Join-Path $script:Folder 'cache.rdb') -ErrorAction Stop
        Invoke-Run $script:RunRedis 'DEL', 'greeting' | Should -Be '1'
        (Invoke-Web '/redis/get?key=greeting').value | Should -BeNullOrEmpty

        $backup | Restore-RailwayDatabase -Project demo -Environment production -Service Redis -Force -ErrorAction Stop | Out-Null

        (Invoke-Web '/redis/get?key=greeting').value | Should -Be 'hello'
    }
}
