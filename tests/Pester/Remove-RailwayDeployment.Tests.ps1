BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    # The test environment, an emulator, the sample app pushed to it and its first deployment live.
    $script:Fixture = Enter-DeploymentTestFixture
    $script:Emulator, $script:Target, $script:Repository, $script:Live = $script:Fixture.Emulator, $script:Fixture.Target, $script:Fixture.Repository, $script:Fixture.Live
    $script:Staging = @{ Project = 'demo'; Environment = 'staging'; Service = 'web' }
    $script:ModulePath = (Resolve-Path (Get-RailwayOpsTestModulePath)).ProviderPath

    function Invoke-NonInteractiveRemove([string]$Command) {
        # A fresh pwsh -NonInteractive, as a CI step runs, pointed at the emulator through its environment.
        # A terminating error is caught and printed, so the test sees its ErrorId and message on stdout.
        $body = "param(`$ModulePath)`n`$PSStyle.OutputRendering = 'PlainText'`nImport-Module `$ModulePath -ErrorAction Stop`n" +
            "try { $Command; 'COMPLETED' }`ncatch { 'ERRORID=' + `$_.FullyQualifiedErrorId; 'MESSAGE=' + `$_.ToString() }"
        $result = Invoke-ChildPwsh -ScriptBlock ([scriptblock]::Create($body)) -ArgumentList $script:ModulePath -TimeoutSec 90 `
            -Environment @{ RAILWAYOPS_API_URL = $script:Emulator.GraphQLUrl; RAILWAY_API_TOKEN = (Get-TestSeedToken) }
        # Host lines may be wrapped: match on the output with every run of whitespace made one space.
        $result | Add-Member -NotePropertyName Text -NotePropertyValue ($result.Output -replace '\s+', ' ') -PassThru
    }

    function Invoke-HostlessRemove([string]$Command) {
        # A runspace in this process without a host UI: a ShouldProcess prompt cannot be shown there.
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("param(`$ModulePath, `$Endpoint, `$Token) Import-Module `$ModulePath -ErrorAction Stop; $Command")
            $null = $shell.AddParameters(@{ ModulePath = $script:ModulePath; Endpoint = $script:Emulator.GraphQLUrl; Token = (ConvertTo-TestSecureString (Get-TestSeedToken)) })
            $null = $shell.Invoke()
            @($shell.Streams.Error)
        }
        finally { $shell.Dispose() }
    }
}

AfterAll {
    Exit-DeploymentTestFixture $script:Fixture
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

    Context 'confirmation and -Force (seeded staging deployments, apart from the live one above)' {
        BeforeAll {
            $script:Kept = Get-RailwayDeployment @script:Staging -Status Success -First 1
        }

        It 'changes nothing with -Force -WhatIf and still writes the What if line' {
            Reset-EmulatorJournal $script:Emulator

            $result = Invoke-NonInteractiveRemove "Remove-RailwayDeployment -Id $($script:Kept.DeploymentId) -Force -WhatIf"

            $result.Lines | Should -Contain 'COMPLETED' -Because "the child wrote: $($result.Output) $($result.Error)"
            $result.Text | Should -Match ([regex]::Escape("What if: Performing the operation `"Remove (stop and mark REMOVED)`" on target `"deployment $($script:Kept.DeploymentId)"))
            (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'DeploymentRemove'
            (Get-RailwayDeployment -Id $script:Kept.DeploymentId).Status | Should -Be 'Success'
        }

        It 'stops with RailwayConfirmationRequired, naming -Force and -Confirm:$false, when a non-interactive pwsh cannot prompt' {
            Reset-EmulatorJournal $script:Emulator

            # No -ErrorAction Stop: the error terminates the command by itself, so the child's catch sees it.
            $result = Invoke-NonInteractiveRemove "Remove-RailwayDeployment -Id $($script:Kept.DeploymentId)"

            $result.Lines | Should -Not -Contain 'COMPLETED'
            $result.Lines | Should -Contain 'ERRORID=RailwayConfirmationRequired,RailwayOps.Commands.RemoveRailwayDeploymentCommand' -Because "the child wrote: $($result.Output) $($result.Error)"
            $result.Text | Should -Match $script:Kept.DeploymentId
            $result.Text | Should -Match '-Force'
            $result.Text | Should -Match '-Confirm:\$false'
            (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'DeploymentRemove'
            (Get-RailwayDeployment -Id $script:Kept.DeploymentId).Status | Should -Be 'Success'
        }

        It 'tells a deployment action that has no -Force to use -Confirm:$false only (Restart-RailwayDeployment -Confirm)' {
            Reset-EmulatorJournal $script:Emulator

            $result = Invoke-NonInteractiveRemove "Restart-RailwayDeployment -Id $($script:Kept.DeploymentId) -Confirm"

            $result.Lines | Should -Contain 'ERRORID=RailwayConfirmationRequired,RailwayOps.Commands.RestartRailwayDeploymentCommand' -Because "the child wrote: $($result.Output) $($result.Error)"
            $result.Text | Should -Match '-Confirm:\$false'
            $result.Text | Should -Not -Match '-Force'
            (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'DeploymentRestart'
        }

        It 'still asks with -Force -Confirm (Confirm wins), so a host that cannot prompt removes nothing' {
            $failures = Invoke-HostlessRemove "Remove-RailwayDeployment -Id $($script:Kept.DeploymentId) -Endpoint `$Endpoint -Token `$Token -Force -Confirm"

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'RailwayConfirmationRequired,RailwayOps.Commands.RemoveRailwayDeploymentCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $failures[0].Exception.InnerException | Should -BeOfType ([System.Management.Automation.Host.HostException])
            (Get-RailwayDeployment -Id $script:Kept.DeploymentId).Status | Should -Be 'Success'
        }

        It 'removes with -Force in a non-interactive pwsh without prompting, and says so with -Verbose' {
            $crashed = Get-RailwayDeployment @script:Staging -Status Crashed -First 1
            Reset-EmulatorJournal $script:Emulator

            $result = Invoke-NonInteractiveRemove "(Remove-RailwayDeployment -Id $($crashed.DeploymentId) -Force -PassThru -Verbose).Status"

            $result.Lines | Should -Contain 'COMPLETED' -Because "the child wrote: $($result.Output) $($result.Error)"
            $result.Lines | Should -Contain 'Removed'
            $result.Text | Should -Match ([regex]::Escape("Performing the operation `"Remove (stop and mark REMOVED)`" on target `"deployment $($crashed.DeploymentId)"))
            (Get-EmulatorJournal $script:Emulator).byOperation.DeploymentRemove | Should -Be 1
            (Get-RailwayDeployment -Id $crashed.DeploymentId).Status | Should -Be 'Removed'
            (Get-RailwayDeployment -Id $script:Kept.DeploymentId).Status | Should -Be 'Success'
        }
    }
}
