# Shared setup for the tests of Deploy-RailwayService, Invoke-RailwayCommand and upload-sourced Invoke-Cpwtr: an emulator
# on a seed with a service that has no repository (deployed by upload) and one connected to an (empty) hosted repository.
Set-StrictMode -Version Latest

$script:CanaryValue = 'upload-canary-5f1d9c'

function Get-UploadTestCanary { $script:CanaryValue }

function New-UploadTestSeed {
    param([Parameter(Mandatory)][string]$Path)
    $seed = [ordered]@{
        account     = @{ name = 'Upload User'; email = 'upload@railwayops.local'; workspace = 'Upload Workspace' }
        tokens      = @(@{ kind = 'account'; value = 'emu-upload-account-token'; name = 'Upload User' })
        githubTokens = @('emu-upload-github-token')
        projects    = @(@{
                name         = 'uploads'
                environments = @(@{ name = 'production' })
                services     = @(
                    @{
                        name      = 'site'
                        settings  = @{ healthcheckPath = '/'; healthcheckTimeout = 30; restartPolicyType = 'NEVER'; restartPolicyMaxRetries = 0; watchPatterns = @() }
                        variables = @{ production = @{ GREETING = 'hello from uploads'; DB_PASSWORD = $script:CanaryValue; BASH_ENV = '/nonexistent/bash-env' } }
                    },
                    @{
                        name      = 'api'
                        repo      = 'uploads/api'
                        branch    = 'main'
                        settings  = @{ healthcheckPath = '/'; healthcheckTimeout = 30; restartPolicyType = 'NEVER'; restartPolicyMaxRetries = 0; watchPatterns = @() }
                    }
                )
            })
    }
    $seed | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $Path -Encoding utf8NoBOM
}

function Enter-UploadTestFixture {
    <# An isolated environment and an emulator on the upload seed; the session points at it. #>
    Enter-RailwayTestEnvironment | Out-Null
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-upload-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $folder | Out-Null
    $seedPath = Join-Path $folder 'seed.json'
    New-UploadTestSeed -Path $seedPath
    $emulator = Start-RailwayEmulator -Seed $seedPath -StateDirectory (Join-Path $folder 'state') -Confirm:$false
    [pscustomobject]@{
        Emulator = $emulator
        Folder   = $folder
        Target   = @{ Project = 'uploads'; Environment = 'production'; Service = 'site' }
    }
}

function Exit-UploadTestFixture {
    param($Fixture)
    if ($null -eq $Fixture) { return }
    $Fixture.Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction SilentlyContinue
    Remove-RailwayTestFolder $Fixture.Folder
    Exit-RailwayTestEnvironment
}

function New-UploadTestSite {
    <#
    A folder that deploys: python's http.server serving index.html (which says -Version), started by its railway.toml.
    -Git makes it a repository with everything committed. Returns the folder.
    #>
    param([Parameter(Mandatory)][string]$Path, [string]$Version = 'v1', [string]$BuildCommand, [switch]$Git)
    New-Item -ItemType Directory -Path $Path -Force | Out-Null
    Set-Content -LiteralPath (Join-Path $Path 'index.html') -Value "<h1>site $Version</h1>" -Encoding utf8NoBOM
    $build = if ($BuildCommand) { "[build]`nbuildCommand = `"$BuildCommand`"`n" } else { '' }
    Set-Content -LiteralPath (Join-Path $Path 'railway.toml') -Encoding utf8NoBOM -Value ($build + "[deploy]`nstartCommand = `"python3 -m http.server `$PORT --bind 127.0.0.1`"`nhealthcheckPath = `"/`"`n")
    if ($Git) {
        git -C $Path init --quiet --initial-branch main
        git -C $Path -c user.name=t -c user.email=t@t add -A
        git -C $Path -c user.name=t -c user.email=t@t commit --quiet -m "site $Version"
    }
    $Path
}

function Get-UploadTestReceived {
    <# The files the emulator received for a deployment (its unpacked upload), relative, '/'-separated, sorted. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][string]$DeploymentId)
    $root = Join-Path $Emulator.StateDirectory "uploads/$DeploymentId"
    if (-not (Test-Path -LiteralPath $root)) { return @() }
    $prefix = (Resolve-Path -LiteralPath $root).ProviderPath.TrimEnd('/') + '/'
    @(Get-ChildItem -LiteralPath $root -Recurse -Force -File | ForEach-Object { $_.FullName.Substring($prefix.Length) } | Sort-Object)
}

function Get-UploadTestPosts {
    <# How many uploads the emulator's journal has seen since its last reset. #>
    param([Parameter(Mandatory)] $Emulator)
    $journal = Get-EmulatorJournal $Emulator
    $entry = $journal.byOperation.PSObject.Properties | Where-Object Name -Like 'POST /project/*'
    if ($entry) { ($entry | Measure-Object -Property Value -Sum).Sum } else { 0 }
}

function Get-UploadTestMutations {
    <# The journal's mutations and uploads since its last reset (names). #>
    param([Parameter(Mandatory)] $Emulator)
    $journal = Get-EmulatorJournal $Emulator
    @($journal.byOperation.PSObject.Properties.Name | Where-Object { $_ -like 'POST /project/*' -or $_ -match '(Create|Deploy|Redeploy|Upsert|Delete|Update|Restart|Remove)' })
}

function Get-UploadTestUrl {
    <# The service's address from a deployment's StaticUrl (the emulator's is host:port, without a scheme). #>
    param([Parameter(Mandatory)] $Deployment, [string]$Path = '/')
    $base = [string]$Deployment.StaticUrl
    if ($base -notmatch '^https?://') { $base = "http://$base" }
    [Uri]::new([Uri]$base, $Path)
}
