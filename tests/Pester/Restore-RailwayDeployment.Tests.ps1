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

Describe 'Restore-RailwayDeployment' {
    BeforeAll {
        $script:First = $script:Live
        $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'second deploy' -Change {
            param($path) Add-Content -Path (Join-Path $path 'app/config.py') -Value '# second'
        }
        $script:Live = Wait-RailwayDeployment @script:Target -CommitSha $sha -ErrorAction Stop
    }

    It 'refuses the live deployment with RailwayDeploymentCannotRollback' {
        $before = @(Get-RailwayDeployment @script:Target).Count

        $script:Live | Restore-RailwayDeployment -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentCannotRollback,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failure[0].TargetObject.DeploymentId | Should -Be $script:Live.DeploymentId
        $failure[0].ErrorDetails.RecommendedAction | Should -Match 'CanRollback'
        @(Get-RailwayDeployment @script:Target).Count | Should -Be $before
    }

    It 'changes nothing with -WhatIf' {
        $before = @(Get-RailwayDeployment @script:Target).Count

        Restore-RailwayDeployment -Id $script:First.DeploymentId -WhatIf

        @(Get-RailwayDeployment @script:Target).Count | Should -Be $before
        (Get-RailwayDeployment @script:Target -First 1).DeploymentId | Should -Be $script:Live.DeploymentId
    }

    It 'rolls back to the earlier deployment and waits for the deployment it started' {
        (Get-RailwayDeployment -Id $script:First.DeploymentId).CanRollback | Should -BeTrue

        $restored = Restore-RailwayDeployment -Id $script:First.DeploymentId -Wait -PassThru -Confirm:$false -ErrorAction Stop

        $restored.Status | Should -Be 'Success'
        $restored.CommitHash | Should -Be $script:First.CommitHash
        $restored.DeploymentId | Should -Not -Be $script:First.DeploymentId
        (Get-RailwayDeployment -Id $script:Live.DeploymentId).Status | Should -Be 'Removed'
    }
}
