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

Describe 'Restart-RailwayDeployment' {
    It 'changes nothing with -WhatIf' {
        Restart-RailwayDeployment -Id $script:Live.DeploymentId -WhatIf

        (Get-RailwayDeployment -Id $script:Live.DeploymentId).Status | Should -Be 'Success'
        (Get-RailwayDeploymentLog -Id $script:Live.DeploymentId).Message -join "`n" | Should -Not -Match 'restart'
    }

    It 'restarts the live deployment without a new deployment and waits until it is live again' {
        $before = @(Get-RailwayDeployment @script:Target).Count

        $restarted = $script:Live | Restart-RailwayDeployment -Wait -PassThru -Confirm:$false -ErrorAction Stop

        $restarted.DeploymentId | Should -Be $script:Live.DeploymentId
        $restarted.Status | Should -Be 'Success'
        @(Get-RailwayDeployment @script:Target).Count | Should -Be $before
    }

    It 'writes the deployment as Railway reports it right after the restart with -PassThru' {
        $restarted = Restart-RailwayDeployment -Id $script:Live.DeploymentId -PassThru -Confirm:$false -ErrorAction Stop

        $restarted.Status | Should -BeIn @('Deploying', 'Success')
        Wait-RailwayDeployment -Id $script:Live.DeploymentId -ErrorAction Stop | Out-Null
    }

    It 'reports Railway''s refusal to restart a deployment that is not live' {
        $old = Get-RailwayDeployment @script:Target -Status Removed -First 1

        Restart-RailwayDeployment -Id $old.DeploymentId -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayGraphQLError,*'
    }
}
