# What Railway's CLI sends for `railway scale`, `railway volume add|delete`, `railway metrics` and its service
# settings update, posted as the CLI sends it against the emulator: no validation error, and the effect happens. The
# documents are read from the CLI's mirror at test time (never copied into the project); without it the tests skip.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:MirrorMissing = (Get-RailwayCliSource).Missing
    if ($script:MirrorMissing) { Write-Host "CliDocuments.ServiceSettings: every test skipped: $($script:MirrorMissing)" }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    $script:Fixture = Enter-DeploymentTestFixture
    $script:Emulator, $script:Target, $script:Live = $script:Fixture.Emulator, $script:Fixture.Target, $script:Fixture.Live

    function Invoke-CliDocument([string]$Path, [hashtable]$Variables) {
        $body = @{ query = (Get-RailwayCliDocument $Path); variables = $Variables } | ConvertTo-Json -Depth 20
        Invoke-RestMethod -Uri $script:Emulator.GraphQLUrl -Method Post -Body $body -ContentType 'application/json' -Headers @{ Authorization = "Bearer $(Get-TestSeedToken)" }
    }

    function Get-WebReplicaCount {
        $all = Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'replicas'
        @($all | Where-Object { $_.environmentId -eq $script:Live.EnvironmentId -and $_.serviceId -eq $script:Live.ServiceId }).Count
    }
}

AfterAll {
    Exit-DeploymentTestFixture $script:Fixture
}

Describe 'Railway CLI documents for service settings, scale, volumes and metrics' -Skip:([bool]$script:MirrorMissing) {
    It 'railway scale (EnvironmentPatchCommit with multiRegionConfig) scales the live deployment' {
        $instance = Get-RailwayServiceInstance @script:Target
        $patch = @{ services = @{ $script:Live.ServiceId = @{ deploy = @{ multiRegionConfig = @{ $instance.Region = @{ numReplicas = 2 } } } } } }

        $answer = Invoke-CliDocument 'src/gql/mutations/strings/EnvironmentPatchCommit.graphql' @{ environmentId = $script:Live.EnvironmentId; patch = $patch; commitMessage = 'scale' }

        $answer.PSObject.Properties['errors'] | Should -BeNullOrEmpty -Because ($answer | ConvertTo-Json -Depth 5)
        $answer.data.environmentPatchCommit | Should -Not -BeNullOrEmpty
        Get-WebReplicaCount | Should -Be 2
        (Get-RailwayServiceInstance @script:Target).Replicas | Should -Be 2
    }

    It 'the CLI''s ServiceInstanceUpdate sets a setting' {
        $answer = Invoke-CliDocument 'src/gql/mutations/strings/ServiceInstanceUpdate.graphql' @{ serviceId = $script:Live.ServiceId; environmentId = $script:Live.EnvironmentId; input = @{ numReplicas = 1; healthcheckTimeout = 42 } }

        $answer.PSObject.Properties['errors'] | Should -BeNullOrEmpty -Because ($answer | ConvertTo-Json -Depth 5)
        $answer.data.serviceInstanceUpdate | Should -BeTrue
        (Get-RailwayServiceInstance @script:Target).HealthcheckTimeout | Should -Be 42
        Get-WebReplicaCount | Should -Be 1
    }

    It 'railway volume add (VolumeCreate) and delete (VolumeDelete)' {
        $created = Invoke-CliDocument 'src/gql/mutations/strings/VolumeCreate.graphql' @{ projectId = $script:Live.ProjectId; environmentId = $script:Live.EnvironmentId; serviceId = $script:Live.ServiceId; mountPath = '/data' }

        $created.PSObject.Properties['errors'] | Should -BeNullOrEmpty -Because ($created | ConvertTo-Json -Depth 5)
        $created.data.volumeCreate.id | Should -Not -BeNullOrEmpty
        (Get-RailwayVolume @script:Target).VolumeId | Should -Be $created.data.volumeCreate.id

        $deleted = Invoke-CliDocument 'src/gql/mutations/strings/VolumeDelete.graphql' @{ id = $created.data.volumeCreate.id }

        $deleted.PSObject.Properties['errors'] | Should -BeNullOrEmpty -Because ($deleted | ConvertTo-Json -Depth 5)
        @(Get-RailwayVolume @script:Target) | Should -BeNullOrEmpty
    }

    It 'railway metrics (Metrics) answers the measured series' {
        $start = [DateTimeOffset]::UtcNow.AddMinutes(-10).ToString('o')
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        do {
            $answer = Invoke-CliDocument 'src/gql/queries/strings/Metrics.graphql' @{ projectId = $script:Live.ProjectId; environmentId = $script:Live.EnvironmentId; serviceId = $script:Live.ServiceId; startDate = $start; measurements = @('CPU_USAGE', 'MEMORY_USAGE_GB'); sampleRateSeconds = 2; groupBy = @('SERVICE_ID') }
            $memory = @($answer.data.metrics | Where-Object measurement -eq 'MEMORY_USAGE_GB')
        } until (($memory.Count -gt 0 -and @($memory[0].values).Count -gt 0) -or [DateTime]::UtcNow -gt $deadline)

        $answer.PSObject.Properties['errors'] | Should -BeNullOrEmpty -Because ($answer | ConvertTo-Json -Depth 5)
        @($answer.data.metrics.measurement | Sort-Object -Unique) | Should -Be @('CPU_USAGE', 'MEMORY_USAGE_GB')
        $memory[0].tags.serviceId | Should -Be $script:Live.ServiceId
        $memory[0].values[-1].value | Should -BeGreaterThan 0
    }
}
