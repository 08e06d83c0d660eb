# The seed's service architecture offline (issue 18's "Done when"): web + PostgreSQL + Redis in one environment.
# New-RailwayDatabase adds Postgres and Redis the way Railway does; web gets DATABASE_URL='${{Postgres.DATABASE_URL}}'
# and REDIS_URL='${{Redis.REDIS_URL}}' as references; the sample app (samples/hello-railway) is pushed and deployed.
# Then the running web service and Invoke-RailwayCommand (`python3 -m app.migrate`, `python3 -m app.notes`, as the seed
# runs `railway run python manage.py migrate`) are shown to reach the same database: a row written by one is read by
# the other, and it survives a redeploy of web and an emulator restart on the same state folder; Backup- then
# Restore-RailwayDatabase bring back a dropped table; Redis likewise with a key. No password appears in any stream,
# $Error, the deploy log or any process's command line.
BeforeDiscovery {
    # What this machine lacks, named for the skips (BeforeAll works it out again: discovery's variables stay there).
    $script:Missing = & (Join-Path $PSScriptRoot 'Fixtures/database-prerequisites.ps1')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'EnvironmentTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Environment = @{ Project = 'demo'; Environment = 'production' }
    $script:Web = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
    $script:Streams = [Collections.Generic.List[string]]::new()    # everything the cmdlets wrote, for the secret scan
    $script:Emulator = $null
    $script:Repository = $null
    $script:State = $null
    $script:Backups = $null
    $script:Missing = & (Join-Path $PSScriptRoot 'Fixtures/database-prerequisites.ps1')
    if ($script:Missing.Postgres -or $script:Missing.Python) { return }

    function Invoke-Captured([scriptblock]$Command) {
        <# Runs cmdlets with -Verbose on, keeps every stream's text for the scan and returns the output objects. #>
        $VerbosePreference = 'Continue'
        $records = @(& $Command *>&1)
        foreach ($record in $records) { $script:Streams.Add(($record | Out-String)) }
        $records | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] -and $_ -isnot [Management.Automation.InformationRecord] -and
            $_ -isnot [Management.Automation.WarningRecord] -and $_ -isnot [Management.Automation.DebugRecord] -and $_ -isnot [Management.Automation.ErrorRecord] }
    }

    function Invoke-App([string[]]$Arguments) {
        <# `python3 <arguments>` in the sample's clone through Invoke-RailwayCommand (railway run): web's variables. #>
        Push-Location $script:Repository.Path
        try {
            $env:PYTHONDONTWRITEBYTECODE = '1'
            # Piped on: Invoke-RailwayCommand hands the child's stdout to the pipeline only when something reads it.
            $lines = Invoke-Captured { Invoke-RailwayCommand @script:Web -FilePath python3 -ArgumentList $Arguments -Confirm:$false -ErrorAction Stop 2>&1 | ForEach-Object { "$_" } }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = (@($lines | ForEach-Object { "$_" }) -join "`n").Trim() }
        }
        finally {
            Remove-Item Env:PYTHONDONTWRITEBYTECODE -ErrorAction SilentlyContinue
            Pop-Location
        }
    }

    function Invoke-Web([string]$Method, [string]$Path, $Body) {
        $request = @{ Uri = [Uri]::new($script:WebUrl, $Path); Method = $Method; TimeoutSec = 15; SkipHttpErrorCheck = $true; DisableKeepAlive = $true
            StatusCodeVariable = 'status' }
        if ($null -ne $Body) { $request.Body = ($Body | ConvertTo-Json -Compress); $request.ContentType = 'application/json' }
        $answer = Invoke-RestMethod @request
        [pscustomobject]@{ Status = [int]$status; Body = $answer }
    }

    function Get-WebNoteBodies {
        $answer = Invoke-Web GET '/api/notes'
        if ($answer.Status -ne 200) { return $null }
        @($answer.Body.notes | ForEach-Object body)
    }

    function Get-WebUrl($Deployment) {
        $base = [string]$Deployment.StaticUrl
        if ($base -notmatch '^https?://') { $base = "http://$base" }
        [Uri]$base
    }

    function Get-PlainVariable([string]$Service, [string]$Name) {
        (Get-RailwayVariable @script:Environment -Service $Service -AsPlainText | Where-Object Name -EQ $Name).Value
    }

    $script:State = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-state-' + [guid]::NewGuid().ToString('n'))
    $script:Backups = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-backups-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Backups | Out-Null
    $script:Emulator = Start-RailwayEmulator -StateDirectory $script:State -Confirm:$false -ErrorAction Stop

    # railway add --database postgres (and redis), then the references on web, then the first deploy of web.
    $script:Postgres = Invoke-Captured { New-RailwayDatabase -Type Postgres @script:Environment -Confirm:$false -ErrorAction Stop }
    Invoke-Captured { Set-RailwayVariable @script:Web -Name DATABASE_URL -Value '${{Postgres.DATABASE_URL}}' -SkipDeploy -Confirm:$false -ErrorAction Stop } | Out-Null
    if (-not $script:Missing.Redis) {
        $script:Redis = Invoke-Captured { New-RailwayDatabase -Type Redis @script:Environment -Confirm:$false -ErrorAction Stop }
        Invoke-Captured { Set-RailwayVariable @script:Web -Name REDIS_URL -Value '${{Redis.REDIS_URL}}' -SkipDeploy -Confirm:$false -ErrorAction Stop } | Out-Null
    }
    $script:Repository = New-DeploymentTestRepository -Emulator $script:Emulator
    $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'notes in PostgreSQL, cache in Redis'
    $script:Live = Invoke-Captured { Wait-RailwayDeployment @script:Web -CommitSha $sha -TimeoutSec 120 -ErrorAction Stop }
    $script:WebUrl = Get-WebUrl $script:Live
    $script:Secrets = @((Get-PlainVariable Postgres PGPASSWORD), (Get-PlainVariable Postgres POSTGRES_PASSWORD))
    if (-not $script:Missing.Redis) { $script:Secrets += @((Get-PlainVariable Redis REDISPASSWORD), (Get-PlainVariable Redis REDIS_PASSWORD)) }
    $script:Secrets = @($script:Secrets | Where-Object { $_ } | Select-Object -Unique)
}

AfterAll {
    try {
        if ($script:Emulator) { $script:Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction SilentlyContinue }
        if ($script:State) { Remove-RailwayTestFolder $script:State }
        if ($script:Backups) { Remove-RailwayTestFolder $script:Backups }
    }
    finally {
        Remove-DeploymentTestRepository $script:Repository
        Exit-RailwayTestEnvironment
    }
}

Describe 'what the database architecture needs on this machine' {
    It 'has PostgreSQL 15 with its client tools, redis-server with redis-cli, and python3' {
        $reasons = @($script:Missing.Postgres, $script:Missing.Redis, $script:Missing.Python) | Where-Object { $_ }
        if ($reasons) { Set-ItResult -Skipped -Because "the tests below that need them are skipped: $($reasons -join '; ')"; return }
        # Present: they run, in the versions the emulator's servers are started with.
        (& (Join-Path $script:Missing.PgBin 'postgres') --version) | Should -Match 'PostgreSQL\) 15\.'
        (& redis-server --version) | Should -Match 'Redis server v=\d'
    }
}

Describe 'web + PostgreSQL, as the seed runs them' -Skip:([bool]($script:Missing.Postgres -or $script:Missing.Python)) {
    It 'New-RailwayDatabase returned the Postgres service and web''s DATABASE_URL references it' {
        $script:Postgres.ServiceName | Should -Be 'Postgres'
        $script:Postgres.Type | Should -Be 'Postgres'
        $script:Postgres.PSObject.Properties.Name | Should -Not -Contain 'Password'
        $script:Secrets.Count | Should -BeGreaterThan 0 -Because 'the database service has a generated password'
        $rendered = Get-PlainVariable web DATABASE_URL
        $rendered | Should -Be (Get-PlainVariable Postgres DATABASE_URL) -Because 'the reference renders to the database''s own URL'
        $rendered | Should -Match '^postgres(ql)?://'
    }

    It 'migrates through Invoke-RailwayCommand (railway run python manage.py migrate), once' {
        $first = Invoke-App '-m', 'app.migrate'
        $second = Invoke-App '-m', 'app.migrate'

        $first.ExitCode | Should -Be 0 -Because $first.Text
        $first.Text | Should -Match 'Applying 0001_notes\.\.\. OK'
        $second.ExitCode | Should -Be 0 -Because $second.Text
        $second.Text | Should -Match 'No migrations to apply'
    }

    It 'the running web service and Invoke-RailwayCommand read each other''s rows' {
        $fromWeb = Invoke-Web POST '/api/notes' @{ body = 'written by the web service' }
        $fromCli = Invoke-App '-m', 'app.notes', 'add', 'written by railway run'

        $fromWeb.Status | Should -Be 201
        $fromCli.ExitCode | Should -Be 0 -Because $fromCli.Text
        $listed = Invoke-App '-m', 'app.notes', 'list', '--json'
        @(($listed.Text | ConvertFrom-Json).body) | Should -Contain 'written by the web service'
        Get-WebNoteBodies | Should -Contain 'written by railway run'
        (Invoke-Web GET '/api/health').Body.database | Should -Be 'ok'
    }

    It 'keeps the rows across a redeploy of web' {
        $script:Live = Invoke-Captured { Redo-RailwayDeployment -Id $script:Live.DeploymentId -Wait -PassThru -Confirm:$false -ErrorAction Stop }
        $script:WebUrl = Get-WebUrl $script:Live

        Get-WebNoteBodies | Should -Be @('written by railway run', 'written by the web service')
    }

    It 'keeps the rows across an emulator restart on the same state folder' {
        $script:Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction Stop
        $script:Emulator = Start-RailwayEmulator -StateDirectory $script:State -Confirm:$false -ErrorAction Stop

        Wait-TestCondition -TimeoutSec 90 -Because 'web answers /api/notes with the database after the restart' -Condition { $null -ne (Get-WebNoteBodies) }
        Get-WebNoteBodies | Should -Be @('written by railway run', 'written by the web service')
        (Invoke-App '-m', 'app.notes', 'list').Text | Should -Match 'written by the web service'
    }

    It 'Restore-RailwayDatabase brings back a table dropped after Backup-RailwayDatabase' {
        $file = Join-Path $script:Backups 'postgres.dump'
        $backup = Invoke-Captured { Backup-RailwayDatabase @script:Environment -Service Postgres -Path $file -Confirm:$false -ErrorAction Stop }
        (Test-Path -LiteralPath $file) | Should -BeTrue
        @($backup).Count | Should -Be 1

        $dropped = Invoke-App '-c', 'from app import pg, config; c = pg.connect(config.settings.database_url()); c.execute("DROP TABLE notes"); c.close()'
        $dropped.ExitCode | Should -Be 0 -Because $dropped.Text
        (Invoke-Web GET '/api/notes').Status | Should -Be 503 -Because 'the table is gone'

        Invoke-Captured { Restore-RailwayDatabase @script:Environment -Service Postgres -Path $file -Force -Confirm:$false -ErrorAction Stop } | Out-Null

        Get-WebNoteBodies | Should -Be @('written by railway run', 'written by the web service')
    }
}

Describe 'web + Redis, as the seed runs them' -Skip:([bool]($script:Missing.Postgres -or $script:Missing.Python -or $script:Missing.Redis)) {
    It 'web and Invoke-RailwayCommand read each other''s keys through REDIS_URL=${{Redis.REDIS_URL}}' {
        (Get-PlainVariable web REDIS_URL) | Should -Be (Get-PlainVariable Redis REDIS_URL)

        (Invoke-Web PUT '/api/cache/from-web' @{ value = 'set by the web service' }).Status | Should -Be 200
        $read = Invoke-App '-c', 'from app import resp, config; r = resp.connect(config.settings.redis_url()); print(r.get("from-web")); r.set("from-cli", "set by railway run"); r.close()'

        $read.ExitCode | Should -Be 0 -Because $read.Text
        $read.Text | Should -Be 'set by the web service'
        (Invoke-Web GET '/api/cache/from-cli').Body.value | Should -Be 'set by railway run'
    }

    It 'keeps the keys across a redeploy of web and an emulator restart' {
        $script:Live = Invoke-Captured { Redo-RailwayDeployment -Id $script:Live.DeploymentId -Wait -PassThru -Confirm:$false -ErrorAction Stop }
        $script:WebUrl = Get-WebUrl $script:Live
        (Invoke-Web GET '/api/cache/from-web').Body.value | Should -Be 'set by the web service'

        $script:Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction Stop
        $script:Emulator = Start-RailwayEmulator -StateDirectory $script:State -Confirm:$false -ErrorAction Stop
        Wait-TestCondition -TimeoutSec 90 -Because 'web answers /api/cache after the restart' -Condition { (Invoke-Web GET '/api/cache/from-cli').Status -eq 200 }

        (Invoke-Web GET '/api/cache/from-cli').Body.value | Should -Be 'set by railway run'
        (Invoke-Web GET '/api/cache/from-web').Body.value | Should -Be 'set by the web service'
    }

    It 'Restore-RailwayDatabase brings back a key deleted after Backup-RailwayDatabase' {
        $file = Join-Path $script:Backups 'redis.rdb'
        Invoke-Captured { Backup-RailwayDatabase @script:Environment -Service Redis -Path $file -Confirm:$false -ErrorAction Stop } | Out-Null
        (Test-Path -LiteralPath $file) | Should -BeTrue

        $deleted = Invoke-App '-c', 'from app import resp, config; r = resp.connect(config.settings.redis_url()); print(r.command("DEL", "from-web")); r.close()'
        $deleted.Text | Should -Be '1'
        (Invoke-Web GET '/api/cache/from-web').Status | Should -Be 404

        Invoke-Captured { Restore-RailwayDatabase @script:Environment -Service Redis -Path $file -Force -Confirm:$false -ErrorAction Stop } | Out-Null

        (Invoke-Web GET '/api/cache/from-web').Body.value | Should -Be 'set by the web service'
    }
}

Describe 'the databases'' passwords' -Skip:([bool]($script:Missing.Postgres -or $script:Missing.Python)) {
    It 'appear in no stream, $Error, deploy log or process command line' {
        $script:Secrets.Count | Should -BeGreaterThan 0
        $log = @(Get-RailwayDeploymentLog -Id $script:Live.DeploymentId -Type Deploy -Tail 500 | ForEach-Object Message) -join "`n"
        $log | Should -Match 'notes in PostgreSQL at' -Because 'the app logs where it connected, without the password'
        $errors = @($Error | ForEach-Object { $_ | Out-String; $_.Exception.ToString() }) -join "`n"
        $commandLines = foreach ($entry in [IO.Directory]::GetDirectories('/proc')) {
            if ((Split-Path -Leaf $entry) -match '^\d+$') { try { [IO.File]::ReadAllText("$entry/cmdline") -replace "`0", ' ' } catch { $null = $_ } }
        }
        $everything = ($script:Streams -join "`n") + "`n" + $log + "`n" + $errors + "`n" + ($commandLines -join "`n")

        $script:Streams.Count | Should -BeGreaterThan 10
        foreach ($secret in $script:Secrets) {
            $everything.Contains($secret) | Should -BeFalse -Because 'a database password must never be shown'
        }
    }
}
