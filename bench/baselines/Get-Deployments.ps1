<#
.SYNOPSIS
    Baseline for B2: list a service's deployments the way a competent user writes it by hand:
    Invoke-RestMethod against Railway's GraphQL API, Relay pagination (first/after), 100 per page.
.DESCRIPTION
    Writes each deployment node to the pipeline as soon as its page arrives. Selects the same fields
    as RailwayOps' own Deployments operation, so both sides move the same data.
#>
param(
    [string]$Endpoint = $(if ($env:RAILWAYOPS_API_URL) { $env:RAILWAYOPS_API_URL } else { 'https://backboard.railway.com/graphql/v2' }),
    [string]$Token = $env:RAILWAY_API_TOKEN,
    [string]$ProjectId = $env:RAILWAY_PROJECT_ID,
    [string]$EnvironmentId = $env:RAILWAY_ENVIRONMENT_ID,
    [string]$ServiceId = $env:RAILWAY_SERVICE_ID,
    [int]$PageSize = 100
)
$ErrorActionPreference = 'Stop'

$query = @'
query Deployments($input: DeploymentListInput!, $first: Int, $after: String) {
  deployments(input: $input, first: $first, after: $after) {
    edges { node {
      id status createdAt updatedAt statusUpdatedAt projectId environmentId serviceId
      url staticUrl canRedeploy canRollback deploymentStopped meta
      environment { id name }
      service { id name project { id name } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
'@
$headers = @{ Authorization = "Bearer $Token" }
$listInput = @{ projectId = $ProjectId; environmentId = $EnvironmentId; serviceId = $ServiceId }
$after = $null
do {
    $body = @{ query = $query; variables = @{ input = $listInput; first = $PageSize; after = $after } } | ConvertTo-Json -Depth 5 -Compress
    $response = Invoke-RestMethod -Method Post -Uri $Endpoint -Headers $headers -ContentType 'application/json' -Body $body
    if ($response.errors) { throw "Railway API: $($response.errors[0].message)" }
    $connection = $response.data.deployments
    $connection.edges.node
    $after = $connection.pageInfo.endCursor
} while ($connection.pageInfo.hasNextPage)
