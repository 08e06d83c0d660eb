BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Target = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
    $script:Repository = New-DeploymentTestRepository -Emulator $script:Emulator
    $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'first deploy'
    $script:Live = Wait-RailwayDeployment @script:Target -CommitSha $sha -TimeoutSec 120 -ErrorAction Stop
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Remove-DeploymentTestRepository $script:Repository
    Exit-RailwayTestEnvironment
}

Describe 'Remove-RailwayDeployment' {
    It 'declares ConfirmImpact High' {
        $command = Get-Command Remove-RailwayDeployment
        $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
    }

    It 'changes nothing with -WhatIf' {
        $script:Live | Remove-RailwayDeployment -WhatIf

        (Get-RailwayDeployment -Id $script:Live.DeploymentId).Status | Should -Be 'Success'
    }

    It 'removes the deployment and, with -Wait, counts Removed as done' {
        $removed = $script:Live | Remove-RailwayDeployment -Wait -PassThru -Confirm:$false -ErrorAction Stop

        $removed.Status | Should -Be 'Removed'
        (Get-RailwayDeployment -Id $script:Live.DeploymentId).Status | Should -Be 'Removed'
    }

    It 'writes RailwayDeploymentNotFound for an unknown id and goes on with the next' {
        $other = Get-RailwayDeployment @script:Target -Status Failed -First 1

        $removed = @(Remove-RailwayDeployment -Id 'no-such-deployment', $other.DeploymentId -PassThru -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue)

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentNotFound,*'
        $removed.Count | Should -Be 1
        $removed[0].Status | Should -Be 'Removed'
    }
}
