<#
.SYNOPSIS
    The README's main command: the release loop (Invoke-Cpwtr) against a freshly started local Railway emulator.
.DESCRIPTION
    Starts the emulator, makes a fresh clone of samples/hello-railway whose origin is the emulator's hosted
    repository, and links it to project demo / service web for this session (like `railway link`). Then:
      1. ships 0.1.1 and 0.1.2 to production with Invoke-Cpwtr;
      2. ships a change that breaks the health check: the loop reports the failed Wait with its deploy log,
         and production keeps serving 0.1.2;
      3. runs the loop again unchanged (it resumes at Wait: no second bump, no new commit);
      4. ships the fix with one more Invoke-Cpwtr;
      5. ships a change that passes its health check and crashes seconds later: the stability window
         (-StableSec) reports it, and -RollbackOnFailure puts the previous version back;
      6. pushes a feature branch, opens a pull request through the emulator's GitHub API and ships the
         branch to its PR environment;
      7. uploads the folder to staging (railway up) and runs a command with staging's variables (railway run);
      8. adds PostgreSQL to staging (New-RailwayDatabase), points web's DATABASE_URL at it with a reference,
         migrates through Invoke-RailwayCommand, redeploys, and writes a note through the web service and one
         through `python3 -m app.notes`, each read back by the other.
    Prints a summary of each run, stops everything it started (also when a step fails), and exits non-zero
    if any expected outcome did not happen.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [Parameter(Mandatory)][string]$SampleRoot
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# Output sent to a file or a CI log carries no ANSI escapes: PowerShell colours warnings and errors even when
# stdout is redirected unless told otherwise (Write-Host colours already stop at a redirection). NO_COLOR too.
if ([Console]::IsOutputRedirected -or $env:NO_COLOR) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module $ModuleManifest -Force

# The demo talks to the emulator only: variables that would point resolution elsewhere are cleared for this process.
foreach ($name in 'RAILWAY_TOKEN', 'RAILWAY_API_TOKEN', 'RAILWAY_PROJECT_ID', 'RAILWAY_ENVIRONMENT_ID', 'RAILWAY_SERVICE_ID',
    'RAILWAYOPS_API_URL', 'GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_API_URL') {
    Remove-Item -Path "Env:$name" -ErrorAction SilentlyContinue
}

$script:Unexpected = [System.Collections.Generic.List[string]]::new()
$script:Runs = [System.Collections.Generic.List[object]]::new()

function Write-Step([string]$Text) { Write-Host ''; Write-Host "== $Text" -ForegroundColor Cyan }

function Confirm-Outcome([bool]$Condition, [string]$Expectation) {
    if ($Condition) { Write-Host "   ok: $Expectation" -ForegroundColor Green }
    else { Write-Host "   UNEXPECTED: $Expectation" -ForegroundColor Red; $script:Unexpected.Add($Expectation) }
}

function Invoke-Git {
    # A simple function on purpose: an advanced one would bind git's switches (-q, -c) as its own parameters.
    $output = & git @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw "git $($args -join ' ') failed: $output" }
}

function Invoke-DemoCpwtr {
    <# Runs the loop, records the run for the summary and prints its stages. #>
    param([Parameter(Mandatory)][string]$Title, [hashtable]$Parameters = @{})
    $problems = $null
    # A short stability window keeps the demo quick (the default is 20 s); the crash step sets its own.
    $all = @{ StableSec = 5 }
    foreach ($key in $Parameters.Keys) { $all[$key] = $Parameters[$key] }
    $result = Invoke-Cpwtr @all -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems
    $script:Runs.Add([pscustomobject]@{
            Run         = $Title
            Succeeded   = $result.Succeeded
            Version     = $result.Version
            Environment = $result.Environment
            FailedStage = $result.FailedStage
            Seconds     = [Math]::Round($result.Duration.TotalSeconds, 1)
            Url         = $result.Url
        })
    foreach ($stage in $result.Stages) {
        $color = switch ($stage.Outcome.ToString()) { 'Failed' { 'Yellow' } 'Skipped' { 'DarkGray' } default { 'Gray' } }
        Write-Host ('   {0,-8} {1,-12} {2,5:0.0}s  {3}' -f $stage.Name, $stage.Outcome, $stage.Duration.TotalSeconds, $stage.Detail) -ForegroundColor $color
    }
    if ($result.Succeeded) {
        Write-Host "   v$($result.Version) is live in $($result.Environment) at $($result.Url) (health: $($result.Health.Version))"
    }
    else {
        Write-Host "   $($result.FailedStage) failed: $($result.Reason)" -ForegroundColor Yellow
        Write-Host "   error id: $($problems[0].FullyQualifiedErrorId)" -ForegroundColor Yellow
        Write-Host "   next: $($result.NextCommand)" -ForegroundColor Yellow
    }
    [pscustomobject]@{ Result = $result; Errors = @($problems) }
}

function Get-LiveVersion([Uri]$Url) {
    try { (Invoke-RestMethod -Uri ([Uri]::new($Url, '/api/health')) -TimeoutSec 10).version } catch { "unreachable: $($_.Exception.Message)" }
}

$clock = [Diagnostics.Stopwatch]::StartNew()
$root = Join-Path ([IO.Path]::GetTempPath()) "railwayops-demo-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
$work = Join-Path $root 'hello-railway'
$emulator = $null
try {
    Write-Step 'Start-RailwayEmulator'
    $emulator = Start-RailwayEmulator -StateDirectory (Join-Path $root 'state') -Confirm:$false
    $emulator | Format-List GraphQLUrl, GitHubApiUrl, AdminUrl | Out-Host

    Write-Step 'Link this session to project demo / environment production / service web (as `railway link` does for a folder)'
    $seed = Get-Content -Raw (Join-Path (Split-Path -Parent $ModuleManifest) 'emulator/seeds/demo.json') | ConvertFrom-Json
    $accountToken = ConvertTo-SecureString ($seed.tokens | Where-Object kind -EQ 'account' | Select-Object -First 1).value -AsPlainText -Force
    $gitHubToken = ConvertTo-SecureString ($seed.githubTokens | Select-Object -First 1) -AsPlainText -Force
    Connect-Railway -Token $accountToken -Endpoint $emulator.GraphQLUrl -Project demo -Environment production -Service web `
        -GitHubToken $gitHubToken -GitHubApiUrl $emulator.GitHubApiUrl -Confirm:$false | Out-Null
    Get-RailwayContext | Format-List | Out-Host

    Write-Step 'A fresh clone of samples/hello-railway whose origin is the emulator''s repository railwayops/hello-railway'
    $hosted = Invoke-RestMethod ([Uri]::new($emulator.AdminUrl, 'repos')) | ForEach-Object { $_ } | Where-Object repo -EQ 'railwayops/hello-railway'
    $remoteHasContent = [bool](& git ls-remote --heads $hosted.path)
    if ($remoteHasContent) {
        Invoke-Git clone -q $hosted.path $work
    }
    else {
        Copy-Item -Recurse $SampleRoot $work
        Invoke-Git -C $work init -q -b main
    }
    Invoke-Git -C $work config user.name 'RailwayOps Demo'
    Invoke-Git -C $work config user.email 'demo@railwayops.local'
    Set-Location $work
    if (-not $remoteHasContent) {
        Invoke-Git add -A
        Invoke-Git commit -q -m 'hello-railway - bump to v0.1.0'
        Invoke-Git remote add origin $hosted.path
    }
    Write-Host "   $work -> origin $($hosted.path)"

    Write-Step 'Invoke-Cpwtr -NoBump: push main and wait for the first deployment (0.1.0)'
    $first = Invoke-DemoCpwtr 'first deploy' @{ Message = 'hello-railway'; NoBump = $true }
    Confirm-Outcome ($first.Result.Succeeded -and $first.Result.Version -eq '0.1.0') 'production serves 0.1.0'
    $productionUrl = $first.Result.Url

    Write-Step 'Invoke-Cpwtr ''Greet by name'': ships 0.1.1 to production'
    (Get-Content -Raw app/main.py) -replace '"message": settings.greeting,', '"message": f"{settings.greeting}, Railway",' | Set-Content app/main.py -NoNewline
    $run = Invoke-DemoCpwtr '0.1.1' @{ Message = 'Greet by name' }
    Confirm-Outcome ($run.Result.Succeeded -and (Get-LiveVersion $productionUrl) -eq '0.1.1') 'production serves 0.1.1'

    Write-Step 'Invoke-Cpwtr ''Say which environment answers'': ships 0.1.2'
    (Get-Content -Raw app/main.py) -replace '"status": "healthy", "version"', '"status": "healthy", "environment": settings.environment, "version"' | Set-Content app/main.py -NoNewline
    $run = Invoke-DemoCpwtr '0.1.2' @{ Message = 'Say which environment answers' }
    Confirm-Outcome ($run.Result.Succeeded -and (Get-LiveVersion $productionUrl) -eq '0.1.2') 'production serves 0.1.2'

    Write-Step 'A change that breaks the health check (GET /api/health raises; health-check timeout 10 s)'
    $goodMain = Get-Content -Raw app/main.py
    $goodMain -replace 'def health\(\) -> dict:', "def health() -> dict:`n    raise RuntimeError(`"health cache is not warm`")" | Set-Content app/main.py -NoNewline
    (Get-Content -Raw railway.toml) -replace 'healthcheckTimeout = \d+', 'healthcheckTimeout = 10' | Set-Content railway.toml -NoNewline
    $broken = Invoke-DemoCpwtr 'broken health (0.1.3)' @{ Message = 'Cache the health answer' }
    Write-Host '   deploy log tail:'
    $broken.Result.DeployLogTail | Select-Object -Last 8 | ForEach-Object { Write-Host "     | $($_.Message)" -ForegroundColor DarkGray }
    Confirm-Outcome ($broken.Result.FailedStage -eq 'Wait' -and $broken.Errors[0].FullyQualifiedErrorId -like 'RailwayCpwtrDeploymentFailed,*') 'the loop reports the failed Wait (RailwayCpwtrDeploymentFailed)'
    Confirm-Outcome ($broken.Result.DeployLogTail.Count -gt 0) 'the failure carries the deploy log'
    $live = Get-LiveVersion $productionUrl
    Write-Host "   Invoke-RestMethod $([Uri]::new($productionUrl, '/api/health')) -> version $live"
    Confirm-Outcome ($live -eq '0.1.2') 'production keeps serving 0.1.2'

    Write-Step 'Invoke-Cpwtr again, unchanged: resumes at Wait (no second bump, no new commit)'
    $commits = [int](& git rev-list --count HEAD)
    $again = Invoke-DemoCpwtr 'repeat, unchanged' @{ Message = 'Cache the health answer' }
    Confirm-Outcome (($again.Result.Stages | Where-Object Name -In 'Version', 'Commit', 'Push').Outcome -notcontains 'Succeeded' -and
        [int](& git rev-list --count HEAD) -eq $commits -and $again.Result.Version -eq '0.1.3') 'Version, Commit and Push already done; same commit, same 0.1.3'

    Write-Step 'The fix, shipped with one more Invoke-Cpwtr'
    Set-Content app/main.py -Value $goodMain -NoNewline
    $fixed = Invoke-DemoCpwtr 'fix (0.1.4)' @{ Message = 'Fix the health answer' }
    Confirm-Outcome ($fixed.Result.Succeeded -and (Get-LiveVersion $productionUrl) -eq '0.1.4') 'production serves 0.1.4'

    Write-Step 'A change that passes its health check and crashes 4 s later: -StableSec 10 watches it, -RollbackOnFailure puts 0.1.4 back'
    $goodMain = Get-Content -Raw app/main.py
    $goodMain -replace '(?m)^(\s+)server\.serve_forever\(\)', "`$1import os, threading`n`$1threading.Timer(4.0, lambda: os._exit(3)).start()`n`$1server.serve_forever()" | Set-Content app/main.py -NoNewline
    $crash = Invoke-DemoCpwtr 'crash after go-live (0.1.5)' @{ Message = 'Warm the cache in the background'; StableSec = 10; RollbackOnFailure = $true }
    if ($crash.Result.Stability) { Write-Host "   stability: $($crash.Result.Stability.Reason)" }
    if ($crash.Result.Rollback) { Write-Host "   rollback: $($crash.Result.Rollback.Detail)" }
    Confirm-Outcome ($crash.Result.FailedStage -eq 'Test' -and $crash.Errors[0].FullyQualifiedErrorId -like 'RailwayCpwtrDeploymentUnstable,*') 'the crash after go-live fails the Test stage (RailwayCpwtrDeploymentUnstable), not a green run'
    Confirm-Outcome ($crash.Result.Rollback.Succeeded -and $crash.Result.Rollback.Version -eq '0.1.4') 'it rolled back to the deployment it replaced: 0.1.4'
    Confirm-Outcome ((Get-LiveVersion $productionUrl) -eq '0.1.4') 'production serves 0.1.4 again'
    Set-Content app/main.py -Value $goodMain -NoNewline

    Write-Step 'A pull request: feature/shout is pushed, a PR opened through the GitHub API, and Invoke-Cpwtr ships it to its PR environment'
    Invoke-Git switch -q -c feature/shout
    (Get-Content -Raw app/main.py) -replace '"message": f"\{settings.greeting\}, Railway",', '"message": f"{settings.greeting}, Railway".upper(),' | Set-Content app/main.py -NoNewline
    Invoke-Git commit -q -am 'Shout the greeting'
    Invoke-Git push -q -u origin feature/shout
    $plainGitHubToken = [Net.NetworkCredential]::new('', $gitHubToken).Password
    $pull = Invoke-RestMethod -Method Post -Uri ([Uri]::new($emulator.GitHubApiUrl, 'repos/railwayops/hello-railway/pulls')) `
        -Headers @{ Authorization = "token $plainGitHubToken" } -ContentType 'application/json' `
        -Body (@{ title = 'Shout the greeting'; head = 'feature/shout'; base = 'main' } | ConvertTo-Json)
    Write-Host "   opened pull request #$($pull.number)"
    $pr = Invoke-DemoCpwtr "PR #$($pull.number) (0.1.6)" @{ Message = 'Shout the greeting' }
    $prEnvironment = Get-RailwayEnvironment -Project demo | Where-Object EnvironmentId -EQ $pr.Result.EnvironmentId
    Confirm-Outcome ($pr.Result.Succeeded -and $prEnvironment.IsEphemeral -and $prEnvironment.PullRequestNumber -eq $pull.number) "the branch went to the environment of PR #$($pull.number) ($($pr.Result.Environment))"
    Confirm-Outcome ((Get-LiveVersion $pr.Result.Url) -eq '0.1.6' -and (Get-LiveVersion $productionUrl) -eq '0.1.4') 'the PR environment serves 0.1.6 while production stays on 0.1.4'

    Write-Step 'railway up and railway run: Deploy-RailwayService -Wait uploads this folder to staging, Invoke-RailwayCommand runs a migration with staging''s variables'
    $upload = Deploy-RailwayService -Path $work -Environment staging -Service web -Message 'Deploy the working folder' -Wait -Confirm:$false -ErrorAction Continue
    $stagingUrl = $upload.StaticUrl    # already a URL: Core gives every domain its scheme
    Write-Host "   deployment $($upload.DeploymentId): $($upload.Status), staging at $stagingUrl"
    Confirm-Outcome ($upload.Status -eq 'Success' -and $null -eq $upload.CommitHash -and $stagingUrl -and (Get-LiveVersion $stagingUrl) -eq '0.1.6') 'the uploaded folder (no commit) serves 0.1.6 in staging'
    $migrationLog = Join-Path $root 'migrations.log'
    Invoke-RailwayCommand -Environment staging -Service web -ArgumentList $migrationLog -Confirm:$false {
        param($log)
        Set-Content -LiteralPath $log -Value "applied 0001_initial to $env:RAILWAY_SERVICE_NAME in $env:RAILWAY_ENVIRONMENT_NAME"
        exit 0
    }
    $migrated = $LASTEXITCODE
    Write-Host "   migration exited with $migrated; $(Get-Content -Raw -LiteralPath $migrationLog -ErrorAction SilentlyContinue)"
    Confirm-Outcome ($migrated -eq 0 -and (Get-Content -Raw -LiteralPath $migrationLog -ErrorAction SilentlyContinue) -match 'to web in staging') 'the migration ran with staging''s variables and exited 0 ($LASTEXITCODE)'

    Write-Step 'web + Postgres: New-RailwayDatabase, DATABASE_URL=''${{Postgres.DATABASE_URL}}'' on web, migrate with Invoke-RailwayCommand, deploy, a note written and read back'
    $database = New-RailwayDatabase -Type Postgres -Environment staging -Confirm:$false
    Write-Host "   $($database.ServiceName) is ready in staging"
    Set-RailwayVariable -Environment staging -Service web -Name DATABASE_URL -Value '${{Postgres.DATABASE_URL}}' -SkipDeploy -Confirm:$false
    $env:PYTHONDONTWRITEBYTECODE = '1'
    $migration = @(Invoke-RailwayCommand -Environment staging -Service web -FilePath python3 -ArgumentList '-m', 'app.migrate' -Confirm:$false 2>&1 | ForEach-Object { "$_" })
    $migrated = $LASTEXITCODE
    $migration | ForEach-Object { Write-Host "     | $_" -ForegroundColor DarkGray }
    Confirm-Outcome ($migrated -eq 0 -and ($migration -join "`n") -match 'Applying 0001_notes\.\.\. OK') 'python3 -m app.migrate created the notes table through DATABASE_URL'
    $withDatabase = Deploy-RailwayService -Path $work -Environment staging -Service web -Message 'Notes in PostgreSQL' -Wait -Confirm:$false -ErrorAction Continue
    $health = try { Invoke-RestMethod -Uri ([Uri]::new($stagingUrl, '/api/health')) -TimeoutSec 10 } catch { $null }
    Confirm-Outcome ($withDatabase.Status -eq 'Success' -and $health.database -eq 'ok') 'the redeployed web service reaches the database (/api/health: database ok)'
    $posted = try { Invoke-RestMethod -Method Post -Uri ([Uri]::new($stagingUrl, '/api/notes')) -ContentType 'application/json' -Body '{"body": "written through the web service"}' -TimeoutSec 10 } catch { $null }
    Write-Host "   POST /api/notes -> note $($posted.id)"
    $listed = @(Invoke-RailwayCommand -Environment staging -Service web -FilePath python3 -ArgumentList '-m', 'app.notes', 'list' -Confirm:$false 2>&1 | ForEach-Object { "$_" })
    $listed | ForEach-Object { Write-Host "     | $_" -ForegroundColor DarkGray }
    Confirm-Outcome ($null -ne $posted -and ($listed -contains "$($posted.id)`twritten through the web service")) 'python3 -m app.notes list (Invoke-RailwayCommand) reads the note the web service wrote'
    $added = @(Invoke-RailwayCommand -Environment staging -Service web -FilePath python3 -ArgumentList '-m', 'app.notes', 'add', 'written by railway run' -Confirm:$false 2>&1 | ForEach-Object { "$_" })
    $addExit = $LASTEXITCODE
    $notes = try { (Invoke-RestMethod -Uri ([Uri]::new($stagingUrl, '/api/notes')) -TimeoutSec 10).notes } catch { @() }
    Write-Host "   GET /api/notes -> $(@($notes | ForEach-Object { "$($_.id): $($_.body)" }) -join '; ')"
    Confirm-Outcome ($addExit -eq 0 -and @($notes | Where-Object { "$($_.id)" -eq "$($added[-1])" -and $_.body -eq 'written by railway run' }).Count -eq 1) 'GET /api/notes on the web service reads the note app.notes add wrote'
    Remove-Item Env:PYTHONDONTWRITEBYTECODE -ErrorAction SilentlyContinue
}
catch {
    $script:Unexpected.Add("the demo stopped: $($_.Exception.Message)")
    Write-Host "The demo stopped: $($_.Exception.Message)" -ForegroundColor Red
}
finally {
    Set-Location ([IO.Path]::GetTempPath())
    if ($emulator) { $emulator | Stop-RailwayEmulator -Confirm:$false -ErrorAction SilentlyContinue }
    Disconnect-Railway -Confirm:$false -ErrorAction SilentlyContinue
    # The emulator is stopped (its app processes with it), so its state and the clone can go; a leftover is named, not hidden.
    if (Test-Path $root) { Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue }
    if (Test-Path $root) { Write-Warning "The demo's temporary folder $root could not be deleted; delete it by hand." }
}

Write-Step 'Summary'
$script:Runs | Format-Table Run, Succeeded, Version, Environment, FailedStage, Seconds, Url -AutoSize | Out-String -Width 160 | Out-Host
Write-Host ("Demo took {0:0.0} s." -f $clock.Elapsed.TotalSeconds)
if ($script:Unexpected.Count -gt 0) {
    Write-Host "Demo FAILED: $($script:Unexpected.Count) expected outcome(s) did not happen:" -ForegroundColor Red
    $script:Unexpected | ForEach-Object { Write-Host "  - $_" -ForegroundColor Red }
    exit 1
}
Write-Host 'Demo finished: every expected outcome happened.' -ForegroundColor Green
exit 0
