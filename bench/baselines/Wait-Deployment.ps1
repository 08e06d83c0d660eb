<#
.SYNOPSIS
    Baseline for B3: wait for a Railway deployment the way a competent user writes it by hand:
    poll deployment(id) with Invoke-RestMethod every IntervalSec seconds (2 by default) until the
    status is final, with a timeout.
#>
param(
    [Parameter(Mandatory)][string]$DeploymentId,
    [string]$Endpoint = $(if ($env:RAILWAYOPS_API_URL) { $env:RAILWAYOPS_API_URL } else { 'https://backboard.railway.com/graphql/v2' }),
    [string]$Token = $env:RAILWAY_API_TOKEN,
    [int]$IntervalSec = 2,
    [int]$TimeoutSec = 600
)
$ErrorActionPreference = 'Stop'

$final = 'SUCCESS', 'FAILED', 'CRASHED', 'REMOVED', 'SKIPPED'
$headers = @{ Authorization = "Bearer $Token" }
$body = @{
    query     = 'query DeploymentStatus($id: String!) { deployment(id: $id) { id status statusUpdatedAt } }'
    variables = @{ id = $DeploymentId }
} | ConvertTo-Json -Compress
$deadline = (Get-Date).AddSeconds($TimeoutSec)
while ($true) {
    $response = Invoke-RestMethod -Method Post -Uri $Endpoint -Headers $headers -ContentType 'application/json' -Body $body
    if ($response.errors) { throw "Railway API: $($response.errors[0].message)" }
    $deployment = $response.data.deployment
    if ($deployment.status -in $final) { return $deployment }
    if ((Get-Date) -gt $deadline) { throw "Deployment $DeploymentId is still $($deployment.status) after $TimeoutSec s." }
    Start-Sleep -Seconds $IntervalSec
}
