# Helpers for the database cmdlets' tests (New-, Connect-, Backup-, Restore-RailwayDatabase): which client and
# server programs this machine has (tests that need one skip with the reason), the database's own variables read
# straight from the emulator (so the test knows the password without the module's redactor learning anything from
# the test), and psql run directly for setup and checks.
Set-StrictMode -Version Latest

function Get-DatabaseTestSkipReason {
    <# Why a test of -Type cannot run here, or $null: the client programs and the server the emulator starts. #>
    param([Parameter(Mandatory)][ValidateSet('Postgres', 'Redis')][string]$Type, [switch]$Restore)
    $programs = if ($Type -eq 'Postgres') { @('psql', 'pg_dump', 'pg_restore') } else { @('redis-cli') + @(if ($Restore) { 'redis-server' }) }
    $servers = if ($Type -eq 'Postgres') { @('initdb', 'pg_ctl') } else { @('redis-server') }
    $missing = @(@($programs) + @($servers) | Select-Object -Unique | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue) })
    if ($missing) {
        $package = if ($Type -eq 'Postgres') { 'postgresql-client / postgresql' } else { 'redis-tools / redis-server' }
        return "{0} not installed (Debian: apt-get install {1})" -f [string]::Join(', ', [string[]]$missing), $package
    }
    $null
}

function Invoke-DatabaseTestGraphQL {
    <# One GraphQL request with the seed's token, outside the module (its answer passes through no redactor). #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][string]$Query, [hashtable]$Variables = @{})
    $body = @{ query = $Query; variables = $Variables } | ConvertTo-Json -Depth 10
    $answer = Invoke-RestMethod -Uri $Emulator.GraphQLUrl -Method Post -Body $body -ContentType 'application/json' -Headers @{ Authorization = "Bearer $(Get-TestSeedToken)" }
    if ($answer.PSObject.Properties['errors'] -and $answer.errors) { throw "GraphQL: $($answer.errors[0].message)" }
    $answer.data
}

function Get-DatabaseTestVariable {
    <# The database service's rendered variables (name -> value), read raw from the emulator. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] $Database)
    $data = Invoke-DatabaseTestGraphQL -Emulator $Emulator -Query 'query($p:String!,$e:String!,$s:String){ variables(projectId:$p, environmentId:$e, serviceId:$s) }' `
        -Variables @{ p = $Database.ProjectId; e = $Database.EnvironmentId; s = $Database.ServiceId }
    $table = @{}
    foreach ($property in $data.variables.PSObject.Properties) { $table[$property.Name] = [string]$property.Value }
    $table
}

function Get-DatabaseTestPassword {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] $Database)
    $variables = Get-DatabaseTestVariable -Emulator $Emulator -Database $Database
    $url = if ($Database.Type -eq 'Postgres') { $variables['DATABASE_PUBLIC_URL'] ?? $variables['DATABASE_URL'] } else { $variables['REDIS_PUBLIC_URL'] ?? $variables['REDIS_URL'] }
    [Uri]::UnescapeDataString(([Uri]$url).UserInfo.Split(':', 2)[1])
}

function Invoke-DatabaseTestPsql {
    <# psql -tAc <Sql> against the database, its password in PGPASSWORD for that child only; returns the output lines. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] $Database, [Parameter(Mandatory)][string]$Sql)
    $info = [Diagnostics.ProcessStartInfo]::new((Get-Command psql -CommandType Application | Select-Object -First 1).Source)
    foreach ($argument in '-tAX', '-v', 'ON_ERROR_STOP=1', '-c', $Sql) { $info.ArgumentList.Add($argument) }
    $info.Environment['PGHOST'] = $Database.Host
    $info.Environment['PGPORT'] = [string]$Database.Port
    $info.Environment['PGUSER'] = $Database.User
    $info.Environment['PGDATABASE'] = $Database.DatabaseName
    $info.Environment['PGPASSWORD'] = Get-DatabaseTestPassword -Emulator $Emulator -Database $Database
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    try {
        $output = $process.StandardOutput.ReadToEnd()
        $errorText = $process.StandardError.ReadToEnd()
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) { throw "psql exited $($process.ExitCode): $errorText" }
        @($output -split "`n" | Where-Object { $_ -ne '' })
    }
    finally { $process.Dispose() }
}

function Start-DatabaseTestLock {
    <#
    A psql that holds an exclusive lock on -Table for -Seconds (so a pg_dump of the database waits on it), started
    directly with its password in its environment. Stop-DatabaseTestLock ends it.
    #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] $Database, [Parameter(Mandatory)][string]$Table, [int]$Seconds = 60)
    $info = [Diagnostics.ProcessStartInfo]::new((Get-Command psql -CommandType Application | Select-Object -First 1).Source)
    foreach ($argument in '-tAX', '-c', "BEGIN; LOCK TABLE $Table IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep($Seconds); COMMIT;") { $info.ArgumentList.Add($argument) }
    $info.Environment['PGHOST'] = $Database.Host
    $info.Environment['PGPORT'] = [string]$Database.Port
    $info.Environment['PGUSER'] = $Database.User
    $info.Environment['PGDATABASE'] = $Database.DatabaseName
    $info.Environment['PGPASSWORD'] = Get-DatabaseTestPassword -Emulator $Emulator -Database $Database
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    # Held once the lock shows in pg_locks.
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    do {
        $held = Invoke-DatabaseTestPsql -Emulator $Emulator -Database $Database -Sql "select count(*) from pg_locks l join pg_class c on c.oid = l.relation where c.relname = '$Table' and l.mode = 'AccessExclusiveLock' and l.granted"
        if ([int]$held[0] -gt 0) { return $process }
        Start-Sleep -Milliseconds 100
    } while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited)
    Stop-DatabaseTestLock $process
    throw 'The lock was not taken within 20 s.'
}

function Stop-DatabaseTestLock {
    param($Process)
    if ($null -eq $Process) { return }
    if (-not $Process.HasExited) { $Process.Kill($true); $Process.WaitForExit(5000) | Out-Null }
    $Process.Dispose()
}

function Get-DatabaseTestProcess {
    <# The processes (id and command line) whose program is one of -Name, from /proc. #>
    param([Parameter(Mandatory)][string[]]$Name)
    foreach ($entry in Get-ChildItem /proc -Directory -ErrorAction SilentlyContinue | Where-Object Name -Match '^\d+$') {
        try { $line = [IO.File]::ReadAllText("$($entry.FullName)/cmdline") } catch { continue }
        if (-not $line) { continue }
        $program = Split-Path -Leaf ($line.Split([char]0)[0])
        if ($program -in $Name) { [pscustomobject]@{ Id = [int]$entry.Name; CommandLine = $line.Replace([char]0, ' ') } }
    }
}

function Get-AllProcessCommandLine {
    <# Every process's command line on this machine (what `ps` shows), one string. #>
    $lines = foreach ($entry in Get-ChildItem /proc -Directory -ErrorAction SilentlyContinue | Where-Object Name -Match '^\d+$') {
        try { [IO.File]::ReadAllText("$($entry.FullName)/cmdline").Replace([char]0, ' ') } catch { $null = $_ }
    }
    $lines -join "`n"
}

Export-ModuleMember -Function *-*
