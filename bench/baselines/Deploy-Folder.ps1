<#
.SYNOPSIS
    The script a user would write instead of Deploy-RailwayService (the B7 baseline): tar czf the folder to a
    temporary file, then POST it to Railway's upload endpoint with Invoke-WebRequest -InFile; returns the answer.
#>
param([Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)][string]$Uri, [Parameter(Mandatory)][string]$Token)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$archive = Join-Path ([IO.Path]::GetTempPath()) ("upload-" + [guid]::NewGuid().ToString('n') + '.tgz')
try {
    tar czf $archive --exclude=.git -C $Path .
    if ($LASTEXITCODE -ne 0) { throw "tar failed with $LASTEXITCODE" }
    $response = Invoke-WebRequest -Method Post -Uri $Uri -InFile $archive -ContentType 'application/gzip' -Headers @{ Authorization = "Bearer $Token" }
    $response.Content | ConvertFrom-Json
}
finally {
    Remove-Item -LiteralPath $archive -ErrorAction SilentlyContinue
}
