BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    # The test environment, an emulator, the sample app pushed to it and its first deployment live.
    $script:Fixture = Enter-DeploymentTestFixture
    $script:Emulator, $script:Target, $script:Repository, $script:Live = $script:Fixture.Emulator, $script:Fixture.Target, $script:Fixture.Repository, $script:Fixture.Live
}

AfterAll {
    Exit-DeploymentTestFixture $script:Fixture
}

Describe 'Stop-RailwayDeployment' {
    It 'changes nothing with -WhatIf' {
        $script:Live | Stop-RailwayDeployment -WhatIf

        $after = Get-RailwayDeployment -Id $script:Live.DeploymentId
        $after.Status | Should -Be 'Success'
        $after.DeploymentStopped | Should -BeFalse
    }

    It 'aborts a queued deployment: it becomes Removed' {
        $queued = Get-RailwayDeployment @script:Target -Status Failed -First 1
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $queued.DeploymentId -Status QUEUED

        $stopped = Stop-RailwayDeployment -Id $queued.DeploymentId -PassThru -Verbose -Confirm:$false -ErrorAction Stop 4>&1

        ($stopped | Where-Object { $_ -is [RailwayOps.RailwayDeployment] }).Status | Should -Be 'Removed'
        ($stopped | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'Cancel'
    }

    It 'stops the running deployment: its process ends and the status stays' {
        $stopped = $script:Live | Stop-RailwayDeployment -Wait -PassThru -Confirm:$false -ErrorAction Stop

        $stopped.DeploymentId | Should -Be $script:Live.DeploymentId
        $stopped.Status | Should -Be 'Success'
        $stopped.DeploymentStopped | Should -BeTrue
    }

    It 'writes RailwayDeploymentNotFound for an unknown id' {
        Stop-RailwayDeployment -Id 'no-such-deployment' -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentNotFound,*'
    }
}
