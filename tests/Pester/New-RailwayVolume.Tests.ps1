BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Target = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
    $script:Emulator = Start-RailwayTestEmulator
    $script:Repository = New-DeploymentTestRepository -Emulator $script:Emulator
    $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'volume app' -Change {
        param($Path)
        Copy-Item (Join-Path $PSScriptRoot 'Fixtures/replica_app.py') (Join-Path $Path 'app/replica_app.py')
        Set-DeploymentTestStartCommand -Path $Path -Command 'python3 app/replica_app.py'
    }
    $script:Live = Wait-RailwayDeployment @script:Target -CommitSha $sha -TimeoutSec 120 -ErrorAction Stop

    function Get-WebUrl {
        $query = @{ query = 'query($e:String!,$p:String!,$s:String!){ domains(environmentId:$e, projectId:$p, serviceId:$s){ serviceDomains { domain } } }'
            variables = @{ e = $script:Live.EnvironmentId; p = $script:Live.ProjectId; s = $script:Live.ServiceId } } | ConvertTo-Json -Depth 5
        $answer = Invoke-RestMethod -Uri $script:Emulator.GraphQLUrl -Method Post -Body $query -ContentType 'application/json' -Headers @{ Authorization = "Bearer $(Get-TestSeedToken)" }
        'http://' + $answer.data.domains.serviceDomains[0].domain
    }

    function Wait-NewerDeployment([string]$After) {
        # The deployment Railway starts when a volume is attached or removed: the newest one, once it is not $After.
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        do {
            $newest = Get-RailwayDeployment @script:Target -First 1
            if ($newest.DeploymentId -ne $After) { return Wait-RailwayDeployment -Id $newest.DeploymentId -TimeoutSec 120 -ErrorAction Stop }
            Start-Sleep -Milliseconds 200
        } until ([DateTime]::UtcNow -gt $deadline)
        throw "No deployment after $After appeared"
    }

    $script:WebUrl = Get-WebUrl
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Remove-DeploymentTestRepository $script:Repository
    Exit-RailwayTestEnvironment
}

Describe 'New-RailwayVolume' {
    It 'changes nothing with -WhatIf' {
        Reset-EmulatorJournal $script:Emulator

        New-RailwayVolume @script:Target -MountPath /data -WhatIf

        (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties['VolumeCreate'] | Should -BeNullOrEmpty
        @(Get-RailwayVolume @script:Target) | Should -BeNullOrEmpty
    }

    It 'refuses the mount path <Path> before sending anything' -ForEach @(
        @{ Path = 'data' }
        @{ Path = './data' }
        @{ Path = '/data/../etc' }
    ) {
        Reset-EmulatorJournal $script:Emulator

        New-RailwayVolume @script:Target -MountPath $Path -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidVolumeMountPath,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        # Nothing this cmdlet sends (a subscription an earlier test left closing may still be counted).
        $journal = Get-EmulatorJournal $script:Emulator
        @($journal.byOperation.PSObject.Properties.Name | Where-Object { $_ -notmatch 'Updates$|Stream$' }) | Should -BeNullOrEmpty -Because ($journal.byOperation | ConvertTo-Json -Compress)
    }

    It 'creates a volume at /data; the redeployed app gets its folder under the state directory' {
        $volume = New-RailwayVolume @script:Target -MountPath /data -Confirm:$false -ErrorAction Stop

        $volume | Should -BeOfType ([RailwayOps.RailwayVolume])
        $volume.MountPath | Should -Be '/data'
        $volume.ServiceName | Should -Be 'web'
        $volume.State | Should -Be 'READY'
        $script:Volume = $volume
        $script:Live = Wait-NewerDeployment -After $script:Live.DeploymentId
        $seen = Invoke-RestMethod -Uri ($script:WebUrl + '/whoami') -DisableKeepAlive
        $seen.volume | Should -Be (Join-Path $script:Emulator.StateDirectory "volumes/$($volume.VolumeId)")
        (Invoke-RestMethod -Uri ($script:WebUrl + '/visit') -DisableKeepAlive).lines | Should -Be @($script:Live.DeploymentId)
    }

    It 'refuses a second volume on the same service' {
        Reset-EmulatorJournal $script:Emulator

        New-RailwayVolume @script:Target -MountPath /other -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayVolumeExists,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties['VolumeCreate'] | Should -BeNullOrEmpty
    }

    It 'keeps the file written to the volume across a redeploy' {
        $first = $script:Live.DeploymentId
        $script:Live = Redo-RailwayDeployment -Id $first -Wait -PassThru -Confirm:$false -ErrorAction Stop

        (Invoke-RestMethod -Uri ($script:WebUrl + '/visit') -DisableKeepAlive).lines | Should -Be @($first, $script:Live.DeploymentId)
    }

    It 'keeps the file across an emulator restart on the same state folder' {
        $state = $script:Emulator.StateDirectory
        $script:Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction Stop
        $script:Emulator = Start-RailwayEmulator -StateDirectory $state -Confirm:$false -ErrorAction Stop

        $lines = (Invoke-RestMethod -Uri ($script:WebUrl + '/visit') -DisableKeepAlive).lines

        $lines.Count | Should -Be 3
        $lines[-1] | Should -Be $script:Live.DeploymentId
        (Get-RailwayVolume @script:Target).VolumeId | Should -Be $script:Volume.VolumeId
    }
}

Describe 'Get-RailwayVolume' {
    It 'lists the environment''s volumes and filters by service' {
        @(Get-RailwayVolume -Project demo -Environment production).Name | Should -Be @($script:Volume.Name)
        @(Get-RailwayVolume -Project demo -Environment production -Service worker) | Should -BeNullOrEmpty
        @(Get-RailwayVolume -Project demo -Environment staging) | Should -BeNullOrEmpty
        (Get-RailwayVolume @script:Target).CurrentSizeMB | Should -BeGreaterThan 0
    }

    It 'names the missing environment' {
        Get-RailwayVolume -Project demo -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayServiceInstanceTargetRequired,*'
    }
}

Describe 'Remove-RailwayVolume' {
    It 'changes nothing with -WhatIf' {
        Get-RailwayVolume @script:Target | Remove-RailwayVolume -WhatIf

        (Get-RailwayVolume @script:Target).VolumeId | Should -Be $script:Volume.VolumeId
    }

    It 'deletes the volume and its folder with -Force' {
        $folder = Join-Path $script:Emulator.StateDirectory "volumes/$($script:Volume.VolumeId)"
        Test-Path $folder | Should -BeTrue

        Get-RailwayVolume @script:Target | Remove-RailwayVolume -Force -ErrorAction Stop

        @(Get-RailwayVolume @script:Target) | Should -BeNullOrEmpty
        Test-Path $folder | Should -BeFalse
    }

    It 'reports a volume that does not exist' {
        Remove-RailwayVolume -Id 'no-such-volume' -Force -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].Exception.Message | Should -Match 'Volume not found'
    }
}
