# What the database tests need on this machine: PostgreSQL 15's server and its client tools, redis-server and
# redis-cli, python3. Returns Postgres, Redis and Python: $null when present, else why it is missing (a skip's reason).
$pgBin = if ($env:RAILWAYOPS_PG_BIN) { $env:RAILWAYOPS_PG_BIN } else { '/usr/lib/postgresql/15/bin' }
function Test-Tool([string]$Name) { [bool](Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue) }
[pscustomobject]@{
    PgBin    = $pgBin
    Postgres = if (-not (Test-Path (Join-Path $pgBin 'postgres'))) { "PostgreSQL's server is not in $pgBin" }
    elseif (-not ((Test-Tool pg_dump) -and (Test-Tool pg_restore))) { 'pg_dump / pg_restore are not on PATH (Debian: postgresql-client)' }
    Redis    = if (-not (Test-Tool redis-server)) { 'redis-server is not installed (Debian: apt-get install redis-server)' }
    elseif (-not (Test-Tool redis-cli)) { 'redis-cli is not installed (Debian: redis-tools)' }
    Python   = if (-not (Test-Tool python3)) { 'python3 is not on PATH' }
}
