<#
.SYNOPSIS
    Baseline for B9: what a script without RailwayOps does for "what is each service of this environment running":
    one request for the project's services, then one per service for its latest deployment and domains.
#>
param(
    [Parameter(Mandatory)][string]$Endpoint,
    [Parameter(Mandatory)][string]$Token,
    [Parameter(Mandatory)][string]$ProjectId,
    [Parameter(Mandatory)][string]$EnvironmentId
)
$headers = @{ Authorization = "Bearer $Token" }
$services = @'
query($id: String!) { project(id: $id) { services { edges { node { id name } } } } }
'@
$instance = @'
query($environmentId: String!, $serviceId: String!) {
  serviceInstance(environmentId: $environmentId, serviceId: $serviceId) {
    serviceName
    numReplicas
    latestDeployment { id status createdAt meta }
    domains { serviceDomains { domain } customDomains { domain } }
  }
}
'@
$body = @{ query = $services; variables = @{ id = $ProjectId } } | ConvertTo-Json -Depth 5 -Compress
$answer = Invoke-RestMethod -Method Post -Uri $Endpoint -Headers $headers -ContentType 'application/json' -Body $body
foreach ($service in $answer.data.project.services.edges.node) {
    $body = @{ query = $instance; variables = @{ environmentId = $EnvironmentId; serviceId = $service.id } } | ConvertTo-Json -Depth 5 -Compress
    $node = (Invoke-RestMethod -Method Post -Uri $Endpoint -Headers $headers -ContentType 'application/json' -Body $body).data.serviceInstance
    $domain = @($node.domains.customDomains.domain) + @($node.domains.serviceDomains.domain) | Select-Object -First 1
    [pscustomobject]@{
        Service  = $node.serviceName
        Status   = $node.latestDeployment.status
        Commit   = $node.latestDeployment.meta.commitHash
        Created  = $node.latestDeployment.createdAt
        Url      = if ($domain) { "https://$domain" }
        Replicas = $node.numReplicas
    }
}
