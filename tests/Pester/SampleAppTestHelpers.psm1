# Pushes samples/hello-railway to the emulator's bare repository with real git, for the tests of the
# variable, health and commit-status cmdlets (a redeploy and a commit status both need pushed source).
Set-StrictMode -Version Latest

$script:SampleRoot = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'samples/hello-railway'

function Invoke-SampleAppGit {
    # A simple function: git's own switches (-q, -m, -b) must pass through unbound.
    $path, $arguments = $args
    $output = & git -C $path @arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "git $($arguments -join ' ') failed: $output" }
    $output
}

function Publish-SampleApp {
    <# Copies the sample app to a temporary clone (short health-check timeout), commits and pushes it; returns Path, Branch and Sha. #>
    param([Parameter(Mandatory)] $Emulator)
    $repo = @(Invoke-EmulatorAdmin -Emulator $Emulator -Path 'repos')[0]
    $work = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-sample-' + [guid]::NewGuid().ToString('n'))
    Copy-Item -Recurse $script:SampleRoot $work
    $toml = Join-Path $work 'railway.toml'
    (Get-Content -Raw $toml) -replace 'healthcheckTimeout = \d+', 'healthcheckTimeout = 10' | Set-Content -NoNewline $toml
    Invoke-SampleAppGit $work init -q -b $repo.defaultBranch | Out-Null
    Invoke-SampleAppGit $work config user.email 'tests@railwayops.local' | Out-Null
    Invoke-SampleAppGit $work config user.name 'RailwayOps tests' | Out-Null
    Invoke-SampleAppGit $work remote add origin $repo.path | Out-Null
    Invoke-SampleAppGit $work add -A | Out-Null
    Invoke-SampleAppGit $work commit -q -m 'sample app' | Out-Null
    Invoke-SampleAppGit $work push -q origin $repo.defaultBranch | Out-Null
    $sha = (Invoke-SampleAppGit $work rev-parse HEAD | Select-Object -Last 1).Trim()
    [pscustomobject]@{ Path = $work; Branch = $repo.defaultBranch; Repository = $repo.repo; Sha = $sha }
}

function Remove-SampleApp {
    param($App)
    if ($App -and (Test-Path $App.Path)) { Remove-Item $App.Path -Recurse -Force -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Publish-SampleApp, Remove-SampleApp
