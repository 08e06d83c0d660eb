# What Railway's CLI sends for `railway add --database postgres|redis` (src/commands/add.rs -> deploy.rs
# fetch_and_create): TemplateDetail with its public client (no token), TemplateDeploy (templateDeployV2 with its input
# written out; TemplateDeployV2.graphql, which takes the input whole, is replayed too) with the serializedConfig it got
# and every variable's value filled in from its default, then WorkflowStatus until the workflow is done; and the
# Template query. Posted as the CLI sends them against the emulator: no validation error, the workflow completes, and
# the new service serves a real database at the URL its variables name. The documents are read from the CLI's mirror
# at test time (never copied into the project); without it the tests skip, and so do the Redis ones without redis-server.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:MirrorMissing = (Get-RailwayCliSource).Missing
    if ($script:MirrorMissing) { Write-Host "CliDocuments.Databases: every test skipped: $($script:MirrorMissing)" }
    $script:NoRedis = if (-not (Test-Path '/usr/bin/redis-server') -and -not (Get-Command redis-server -ErrorAction SilentlyContinue)) {
        'redis-server is not installed (apt-get install redis-server, or build/Install-DatabaseServers.ps1)'
    }
    $script:NoPsql = if (-not (Get-Command psql -ErrorAction SilentlyContinue)) { 'psql is not installed (apt-get install postgresql-client)' }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Project = Get-RailwayProject -Name demo
    $script:Production = Get-RailwayEnvironment -Project demo -Name production

    function Invoke-CliDocument([string]$Path, [hashtable]$Variables, [switch]$Public) {
        $body = @{ query = (Get-RailwayCliDocument $Path); variables = $Variables } | ConvertTo-Json -Depth 30
        # The CLI's public client (TemplateDetail) sends no token at all.
        $headers = if ($Public) { @{} } else { @{ Authorization = "Bearer $(Get-TestSeedToken)" } }
        Invoke-RestMethod -Uri $script:Emulator.GraphQLUrl -Method Post -Body $body -ContentType 'application/json' -Headers $headers
    }

    function Add-CliDatabase([string]$Code, [switch]$V2Document) {
        # fetch_and_create: the details, each variable's value from its defaultValue, the deploy, the wait.
        $detail = Invoke-CliDocument 'src/gql/queries/strings/TemplateDetail.graphql' @{ code = $Code } -Public
        $detail.PSObject.Properties['errors'] | Should -BeNullOrEmpty -Because ($detail | ConvertTo-Json -Depth 20)
        $config = $detail.data.template.serializedConfig
        foreach ($service in $config.services.PSObject.Properties.Value) {
            foreach ($variable in $service.variables.PSObject.Properties.Value) {
                $variable | Add-Member -NotePropertyName value -NotePropertyValue $variable.defaultValue -Force
            }
        }
        $before = @((Get-RailwayService -Project demo).ServiceId)
        # add.rs sends TemplateDeploy.graphql (the input written out in the document); TemplateDeployV2.graphql takes it whole.
        $input = @{
            projectId = $script:Project.ProjectId; environmentId = $script:Production.EnvironmentId
            templateId = $detail.data.template.id; serializedConfig = $config
        }
        $deployed = if ($V2Document) { Invoke-CliDocument 'src/gql/mutations/strings/TemplateDeployV2.graphql' @{ input = $input } }
        else { Invoke-CliDocument 'src/gql/mutations/strings/TemplateDeploy.graphql' $input }
        $deployed.PSObject.Properties['errors'] | Should -BeNullOrEmpty -Because ($deployed | ConvertTo-Json -Depth 20)
        $deployed.data.templateDeployV2.projectId | Should -Be $script:Project.ProjectId
        $workflowId = $deployed.data.templateDeployV2.workflowId
        $workflowId | Should -Not -BeNullOrEmpty
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        do {
            $status = Invoke-CliDocument 'src/gql/queries/strings/WorkflowStatus.graphql' @{ workflowId = $workflowId }
            $status.PSObject.Properties['errors'] | Should -BeNullOrEmpty -Because ($status | ConvertTo-Json -Depth 20)
            if ($status.data.workflowStatus.status -ne 'Running') { break }
            Start-Sleep -Milliseconds 100
        } until ([DateTime]::UtcNow -gt $deadline)
        $status.data.workflowStatus.status | Should -Be 'Complete' -Because "$($status.data.workflowStatus.error)"
        $new = @(Get-RailwayService -Project demo | Where-Object { $_.ServiceId -notin $before })
        $new.Count | Should -Be 1
        $target = @{ Project = 'demo'; Environment = 'production'; Service = $new[0].Name }
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Get-RailwayDeployment @target -First 1).Status -ne 'Success' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
        (Get-RailwayDeployment @target -First 1).Status | Should -Be 'Success'
        [pscustomobject]@{ Service = $new[0]; Target = $target }
    }

    function Get-PlainVariable([hashtable]$Target, [string]$Name) {
        $value = (Get-RailwayVariable @Target | Where-Object Name -EQ $Name).Value
        [Net.NetworkCredential]::new('', $value).Password
    }
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Railway CLI documents for railway add --database' -Skip:([bool]$script:MirrorMissing) {
    It 'Template (the CLI''s template query) answers the postgres template' {
        $answer = Invoke-CliDocument 'src/gql/queries/strings/Template.graphql' @{ code = 'postgres' }

        $answer.PSObject.Properties['errors'] | Should -BeNullOrEmpty -Because ($answer | ConvertTo-Json -Depth 20)
        $answer.data.template.code | Should -Be 'postgres'
        $answer.data.template.name | Should -Be 'PostgreSQL'
        $answer.data.template.status | Should -Be 'PUBLISHED'
    }

    It 'TemplateDetail of an unknown code answers Railway''s error and nothing else' {
        $answer = Invoke-CliDocument 'src/gql/queries/strings/TemplateDetail.graphql' @{ code = 'no-such-database' } -Public

        $answer.errors[0].message | Should -Be 'Template not found'
        $answer.data | Should -BeNullOrEmpty
    }

    It 'railway add --database postgres: TemplateDetail, TemplateDeploy, WorkflowStatus; psql reaches it with DATABASE_PUBLIC_URL' {
        $added = Add-CliDatabase 'postgres'

        $added.Service.Name | Should -Be 'Postgres'
        $url = Get-PlainVariable $added.Target 'DATABASE_PUBLIC_URL'
        $url | Should -Match '^postgresql://postgres:[A-Za-z]{32}@127\.0\.0\.1:\d+/railway$'
        (Get-PlainVariable $added.Target 'DATABASE_URL') | Should -Be $url
        if ($script:NoPsql) { Set-ItResult -Skipped -Because $script:NoPsql; return }
        $uri = [uri]$url
        $env:PGPASSWORD = $uri.UserInfo.Split(':', 2)[1]
        try {
            $answer = & psql -h $uri.Host -p $uri.Port -U postgres -d railway -tAc 'select 40 + 2'
        }
        finally {
            Remove-Item Env:PGPASSWORD
        }
        $answer | Should -Be '42'
    }

    It 'railway add --database redis (TemplateDeployV2.graphql): the workflow completes and Redis answers PING with its password' -Skip:([bool]$script:NoRedis) {
        $added = Add-CliDatabase 'redis' -V2Document

        $added.Service.Name | Should -Be 'Redis'
        $uri = [uri](Get-PlainVariable $added.Target 'REDIS_PUBLIC_URL')
        $uri.Host | Should -Be '127.0.0.1'
        $password = $uri.UserInfo.Split(':', 2)[1]
        $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $uri.Port)
        try {
            $stream = $client.GetStream()
            $reader = [IO.StreamReader]::new($stream)
            $command = "*2`r`n`$4`r`nAUTH`r`n`$$($password.Length)`r`n$password`r`n*1`r`n`$4`r`nPING`r`n"
            $bytes = [Text.Encoding]::ASCII.GetBytes($command)
            $stream.Write($bytes, 0, $bytes.Length)
            $reader.ReadLine() | Should -Be '+OK'
            $reader.ReadLine() | Should -Be '+PONG'
        }
        finally {
            $client.Dispose()
        }
    }
}
