<#
.SYNOPSIS
    Baseline for B4: the release loop (CPWTR) as a competent user scripts it by hand: bump
    app_version in app/config.py with -replace, git add/commit/push, poll the deployments list with
    Invoke-RestMethod every IntervalSec seconds (2 by default) until the newest deployment of the
    pushed commit is final, then Invoke-WebRequest the health URL every IntervalSec seconds until it
    reports the new version.
.OUTPUTS
    An object with the new version, the commit, the deployment id and status.
#>
param(
    [string]$RepositoryPath = '.',
    [string]$Message = 'Release',
    [Parameter(Mandatory)][string]$HealthUrl,
    [string]$Endpoint = $(if ($env:RAILWAYOPS_API_URL) { $env:RAILWAYOPS_API_URL } else { 'https://backboard.railway.com/graphql/v2' }),
    [string]$Token = $env:RAILWAY_API_TOKEN,
    [string]$ProjectId = $env:RAILWAY_PROJECT_ID,
    [string]$EnvironmentId = $env:RAILWAY_ENVIRONMENT_ID,
    [string]$ServiceId = $env:RAILWAY_SERVICE_ID,
    [int]$IntervalSec = 2,
    [int]$TimeoutSec = 900
)
$ErrorActionPreference = 'Stop'
Push-Location $RepositoryPath
try {
    # Version: bump the patch part of app_version in app/config.py.
    $configFile = 'app/config.py'
    $config = Get-Content -Raw $configFile
    if ($config -notmatch 'app_version: str = "(\d+)\.(\d+)\.(\d+)"') { throw "No app_version in $configFile." }
    $version = '{0}.{1}.{2}' -f $Matches[1], $Matches[2], ([int]$Matches[3] + 1)
    $config = $config -replace 'app_version: str = "\d+\.\d+\.\d+"', "app_version: str = `"$version`""
    Set-Content -Path $configFile -Value $config -NoNewline

    # Commit and push.
    git add -A
    if ($LASTEXITCODE) { throw 'git add failed' }
    git commit --quiet -m "$Message - bump to v$version"
    if ($LASTEXITCODE) { throw 'git commit failed' }
    $commit = git rev-parse HEAD
    git push --quiet origin HEAD
    if ($LASTEXITCODE) { throw 'git push failed' }

    # Wait: poll the deployments list until the deployment of this commit appears and is final.
    $headers = @{ Authorization = "Bearer $Token" }
    $body = @{
        query     = 'query RecentDeployments($input: DeploymentListInput!) { deployments(input: $input, first: 10) { edges { node { id status createdAt meta } } } }'
        variables = @{ input = @{ projectId = $ProjectId; environmentId = $EnvironmentId; serviceId = $ServiceId } }
    } | ConvertTo-Json -Depth 5 -Compress
    $final = 'SUCCESS', 'FAILED', 'CRASHED', 'REMOVED', 'SKIPPED'
    $deadline = (Get-Date).AddSeconds($TimeoutSec)
    while ($true) {
        $response = Invoke-RestMethod -Method Post -Uri $Endpoint -Headers $headers -ContentType 'application/json' -Body $body
        if ($response.errors) { throw "Railway API: $($response.errors[0].message)" }
        $deployment = $response.data.deployments.edges.node | Where-Object { $_.meta.commitHash -eq $commit } |
            Sort-Object { [datetime]$_.createdAt } -Descending | Select-Object -First 1
        if ($deployment -and $deployment.status -in $final) { break }
        if ((Get-Date) -gt $deadline) { throw "No final deployment of $commit after $TimeoutSec s." }
        Start-Sleep -Seconds $IntervalSec
    }
    if ($deployment.status -ne 'SUCCESS') { throw "Deployment $($deployment.id) ended $($deployment.status)." }

    # Test: the health endpoint must report the new version.
    while ($true) {
        try {
            $health = Invoke-WebRequest -Uri $HealthUrl -SkipHttpErrorCheck
            if ($health.StatusCode -eq 200 -and ($health.Content | ConvertFrom-Json).version -eq $version) { break }
        }
        catch { }
        if ((Get-Date) -gt $deadline) { throw "$HealthUrl does not report $version." }
        Start-Sleep -Seconds $IntervalSec
    }
    [pscustomobject]@{ Version = $version; Commit = $commit; DeploymentId = $deployment.id; Status = $deployment.status }
}
finally {
    Pop-Location
}
