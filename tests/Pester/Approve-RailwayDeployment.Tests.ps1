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

Describe 'Approve-RailwayDeployment' {
    It 'refuses a deployment that does not need approval with RailwayDeploymentNotAwaitingApproval' {
        $script:Live | Approve-RailwayDeployment -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentNotAwaitingApproval,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        (Get-RailwayDeployment -Id $script:Live.DeploymentId).Status | Should -Be 'Success'
    }

    Context 'a deployment that needs approval' {
        BeforeAll {
            $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'needs approval' -Change {
                param($path) Add-Content -Path (Join-Path $path 'app/config.py') -Value '# approve me'
            }
            $script:Pending = Wait-RailwayDeployment @script:Target -CommitSha $sha -ErrorAction Stop
            Set-DeploymentTestStatus -Emulator $script:Emulator -DeploymentId $script:Pending.DeploymentId -Status NEEDS_APPROVAL
        }

        It 'is reported by Wait-RailwayDeployment with the approval as the next command' {
            Wait-RailwayDeployment -Id $script:Pending.DeploymentId -ErrorVariable failure -ErrorAction SilentlyContinue

            $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentNeedsApproval,*'
            $failure[0].ErrorDetails.RecommendedAction | Should -BeLike 'Approve-RailwayDeployment*'
        }

        It 'changes nothing with -WhatIf' {
            Approve-RailwayDeployment -Id $script:Pending.DeploymentId -WhatIf

            (Get-RailwayDeployment -Id $script:Pending.DeploymentId).Status | Should -Be 'NeedsApproval'
        }

        It 'approves it and waits until it is live' {
            $approved = Get-RailwayDeployment -Id $script:Pending.DeploymentId | Approve-RailwayDeployment -Wait -PassThru -Confirm:$false -ErrorAction Stop

            $approved.DeploymentId | Should -Be $script:Pending.DeploymentId
            $approved.Status | Should -Be 'Success'
        }
    }
}
