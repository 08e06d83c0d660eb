# Load (tagged Load: build.ps1 Test -Full): 50 deployments awaited concurrently while 20 runspaces list
# deployments in parallel against one emulator. No errors, no cross-thread writes (PowerShell turns a Write* from
# a worker thread into an error), and the requests stay within the budget measured for one unloaded wait and list.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    # The bundled seed plus 60 generated deployments of web in production: enough distinct targets for 50 waits.
    $seed = Get-RailwayOpsTestSeed
    $web = $seed.projects[0].services | Where-Object name -EQ 'web'
    $web | Add-Member -NotePropertyName generatedDeployments -NotePropertyValue ([pscustomobject]@{ environment = 'production'; count = 60 }) -Force
    $script:SeedFile = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-rel-load-seed-' + [guid]::NewGuid().ToString('n') + '.json')
    $seed | ConvertTo-Json -Depth 20 | Set-Content -Path $script:SeedFile -Encoding utf8NoBOM
    $script:State = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-state-' + [guid]::NewGuid().ToString('n'))
    $script:Emulator = Start-RailwayEmulator -Seed $script:SeedFile -StateDirectory $script:State -NoConnect -Confirm:$false
    $env:RAILWAY_API_TOKEN = Get-TestSeedToken -Kind account
    $env:RAILWAYOPS_API_URL = $script:Emulator.GraphQLUrl
    $script:Section = 'Load'
}

AfterAll {
    Write-ReliabilityReport -Sections 'Load'
    Stop-RailwayTestEmulator $script:Emulator
    Remove-Item $script:SeedFile -ErrorAction SilentlyContinue
    Exit-RailwayTestEnvironment
}

Describe 'Load: 50 concurrent waits and 20 listing runspaces' -Tag Load {
    It 'finishes every wait and every listing without an error, within the request budget' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario '50 concurrent waits + 20 runspaces x 3 listings' -Expected '50 Success objects, 60 listings, 0 errors, 0 cross-thread writes, requests <= 1.5 x the unloaded per-call cost' -Class completed -Body {
            $deployments = @(Get-RailwayDeployment -Project demo -Environment production -Service web -Status Removed, Failed | Select-Object -First 50)
            $deployments.Count | Should -Be 50 -Because 'the seed has enough history'

            # The unloaded cost of one wait and one listing, from the journal.
            $probe = $deployments[0]
            Invoke-EmulatorAdmin $script:Emulator "deployments/$($probe.DeploymentId)/status" -Method Post -Body @{ status = 'BUILDING' } | Out-Null
            Reset-EmulatorJournal $script:Emulator
            $ps = [powershell]::Create()
            [void]$ps.AddScript({ param($Module, $Id) Import-Module $Module; Wait-RailwayDeployment -Id $Id -TimeoutSec 60 }).AddArgument((Get-RailwayOpsTestModulePath)).AddArgument($probe.DeploymentId)
            $handle = $ps.BeginInvoke()
            Wait-EmulatorSubscription -Emulator $script:Emulator
            Invoke-EmulatorAdmin $script:Emulator "deployments/$($probe.DeploymentId)/status" -Method Post -Body @{ status = 'SUCCESS' } | Out-Null
            [void]$ps.EndInvoke($handle); $ps.Dispose()
            $perWait = (Get-EmulatorJournal $script:Emulator).total
            Reset-EmulatorJournal $script:Emulator
            Get-RailwayDeployment -Project demo -First 20 | Out-Null
            $perList = (Get-EmulatorJournal $script:Emulator).total

            foreach ($deployment in $deployments) {
                Invoke-EmulatorAdmin $script:Emulator "deployments/$($deployment.DeploymentId)/status" -Method Post -Body @{ status = 'BUILDING' } | Out-Null
            }
            Reset-EmulatorJournal $script:Emulator
            $state = [initialsessionstate]::CreateDefault2()
            $state.ImportPSModule((Get-RailwayOpsTestModulePath))
            $pool = [runspacefactory]::CreateRunspacePool(1, 21, $state, $Host)
            $pool.Open()
            try {
                $waiter = [powershell]::Create(); $waiter.RunspacePool = $pool
                [void]$waiter.AddScript({
                        param($Ids)
                        $ErrorActionPreference = 'Continue'
                        Wait-RailwayDeployment -Id $Ids -TimeoutSec 120 2>&1
                    }).AddArgument([string[]]$deployments.DeploymentId)
                $waitHandle = $waiter.BeginInvoke()
                $listers = foreach ($n in 1..20) {
                    $lister = [powershell]::Create(); $lister.RunspacePool = $pool
                    [void]$lister.AddScript({
                            $ErrorActionPreference = 'Continue'
                            foreach ($round in 1..3) { [pscustomobject]@{ Listed = @(Get-RailwayDeployment -Project demo -First 20 2>&1) } }
                        })
                    [pscustomobject]@{ PowerShell = $lister; Handle = $lister.BeginInvoke() }
                }
                # Every wait on its subscription (one subscribe each, journaled as it arrives) before the statuses change.
                Wait-EmulatorSubscription -Emulator $script:Emulator -Count $deployments.Count -TimeoutSec 60
                foreach ($deployment in $deployments) {
                    Invoke-EmulatorAdmin $script:Emulator "deployments/$($deployment.DeploymentId)/status" -Method Post -Body @{ status = 'SUCCESS' } | Out-Null
                }
                $waited = @($waiter.EndInvoke($waitHandle))
                $waitErrors = @($waiter.Streams.Error) + @($waited | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
                $listings = foreach ($lister in $listers) { $lister.PowerShell.EndInvoke($lister.Handle); $lister.PowerShell.Streams.Error; $lister.PowerShell.Dispose() }
                $waiter.Dispose()
            }
            finally { $pool.Dispose() }

            $listErrors = @($listings | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) + @($listings | Where-Object { $_.PSObject.Properties['Listed'] } | ForEach-Object { $_.Listed } | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $crossThread = @($waitErrors + $listErrors | Where-Object { "$_" -like '*WriteObject and WriteError methods cannot be called*' -or "$_" -like '*outside the overrides*' })
            $crossThread | Should -BeNullOrEmpty
            $waitErrors | Should -BeNullOrEmpty
            $listErrors | Should -BeNullOrEmpty
            $succeeded = @($waited | Where-Object { $_ -is [RailwayOps.RailwayDeployment] -and $_.Status -eq 'Success' })
            $succeeded.Count | Should -Be 50
            @($succeeded.DeploymentId | Sort-Object -Unique).Count | Should -Be 50 -Because 'each terminal status is reported once'
            $rounds = @($listings | Where-Object { $_.PSObject.Properties['Listed'] })
            $rounds.Count | Should -Be 60
            $rounds | ForEach-Object { $_.Listed.Count | Should -Be 20 }
            $total = (Get-EmulatorJournal $script:Emulator).total
            $budget = [Math]::Ceiling(1.5 * (50 * $perWait + 60 * $perList))
            $total | Should -BeLessOrEqual $budget
            "50 Success, 60 listings of 20, 0 errors, 0 cross-thread writes; $total requests (budget ${budget}: $perWait per wait, $perList per listing unloaded)"
        }
    }
}
