@{
    RootModule           = 'RailwayOps.dll'
    # Loads first and sends RailwayOps.Core, Octokit and Polly.Core to the module's private load context.
    NestedModules        = @('RailwayOps.Loader.psm1')
    # Placeholder: build.ps1 stamps the version from Directory.Build.props into the staged copy.
    ModuleVersion        = '0.0.0'
    GUID                 = '5b0e7f57-3c0e-4a4e-9d55-2f8a3c5d7e11'
    Author               = 'RailwayOps contributors'
    CompanyName          = 'RailwayOps contributors'
    Copyright            = '(c) RailwayOps contributors. All rights reserved.'
    Description          = 'Run services on Railway (railway.com) from PowerShell: list and wait for deployments, manage variables, read logs, check health, and run the whole release loop (version bump, commit, push, wait, test) in one command. Ships a local Railway emulator for offline use and tests.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('RailwayOps.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-Railway'
        'Disconnect-Railway'
        'Get-RailwayContext'
        'Get-RailwayDeployment'
        'Get-RailwayEnvironment'
        'Get-RailwayProject'
        'Get-RailwayService'
        'Invoke-Cpwtr'
        'Step-RailwayAppVersion'
        'Start-RailwayEmulator'
        'Stop-RailwayEmulator'
        'Wait-RailwayDeployment'
        'Get-RailwayDeploymentLog'
        'Redo-RailwayDeployment'
        'Restart-RailwayDeployment'
        'Restore-RailwayDeployment'
        'Stop-RailwayDeployment'
        'Remove-RailwayDeployment'
        'Approve-RailwayDeployment'
        'Get-RailwayVariable'
        'Set-RailwayVariable'
        'Remove-RailwayVariable'
        'Import-RailwayVariable'
        'Test-RailwayHealth'
        'Get-RailwayCommitStatus'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Railway', 'Deployment', 'DevOps', 'CI', 'GraphQL', 'PaaS', 'Release', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/railwayops/RailwayOps'
            LicenseUri   = 'https://github.com/railwayops/RailwayOps/blob/main/LICENSE'
            ReleaseNotes = 'Foundation release: Connect-Railway, Get-RailwayContext, Get-RailwayProject, Get-RailwayEnvironment, Get-RailwayService, Get-RailwayDeployment (lazy paging, status and commit filters) and a bundled Railway emulator (Start-/Stop-RailwayEmulator).'
        }
    }
}
