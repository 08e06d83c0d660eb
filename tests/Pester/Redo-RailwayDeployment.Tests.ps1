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

Describe 'Redo-RailwayDeployment' {
    It 'changes nothing with -WhatIf' {
        $before = @(Get-RailwayDeployment @script:Target).Count

        $script:Live | Redo-RailwayDeployment -WhatIf

        @(Get-RailwayDeployment @script:Target).Count | Should -Be $before
        (Get-RailwayDeployment -Id $script:Live.DeploymentId).Status | Should -Be 'Success'
    }

    It 'starts a new deployment of the same commit and writes it with -PassThru' {
        $new = $script:Live | Redo-RailwayDeployment -PassThru -Confirm:$false

        $new | Should -BeOfType ([RailwayOps.RailwayDeployment])
        $new.DeploymentId | Should -Not -Be $script:Live.DeploymentId
        $new.CommitHash | Should -Be $script:Live.CommitHash
        $script:Live = Wait-RailwayDeployment -Id $new.DeploymentId -ErrorAction Stop
    }

    It 'waits for the new deployment with -Wait, binding DeploymentId by property name' {
        $new = [pscustomobject]@{ DeploymentId = $script:Live.DeploymentId } | Redo-RailwayDeployment -Wait -PassThru -Confirm:$false -ErrorAction Stop

        $new.Status | Should -Be 'Success'
        $new.DeploymentId | Should -Not -Be $script:Live.DeploymentId
        (Get-RailwayDeployment -Id $script:Live.DeploymentId).Status | Should -Be 'Removed'
        $script:Live = $new
    }

    It 'refuses a deployment that cannot be redeployed with RailwayDeploymentCannotRedeploy' {
        $busy = Get-RailwayDeployment @script:Target -Status Failed -First 1
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $busy.DeploymentId -Status BUILDING
        $before = @(Get-RailwayDeployment @script:Target).Count

        Redo-RailwayDeployment -Id $busy.DeploymentId -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentCannotRedeploy,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        @(Get-RailwayDeployment @script:Target).Count | Should -Be $before
        Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $busy.DeploymentId -Status FAILED
    }

    It 'writes RailwayDeploymentNotFound for an unknown id' {
        Redo-RailwayDeployment -Id 'no-such-deployment' -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentNotFound,*'
    }
}
