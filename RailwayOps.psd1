@{
    RootModule           = 'RailwayOps.dll'
    # Placeholder: build.ps1 stamps the version from Directory.Build.props into the staged copy.
    ModuleVersion        = '0.0.0'
    GUID                 = '5b0e7f57-3c0e-4a4e-9d55-2f8a3c5d7e11'
    Author               = 'RailwayOps contributors'
    CompanyName          = 'RailwayOps contributors'
    Copyright            = '(c) RailwayOps contributors. Licensed under the MIT License.'
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
        'New-RailwayEnvironment'
        'Remove-RailwayEnvironment'
        'Rename-RailwayEnvironment'
        'Get-RailwayDomain'
        'New-RailwayDomain'
        'Remove-RailwayDomain'
        'Get-RailwayStatus'
        'Deploy-RailwayService'
        'Invoke-RailwayCommand'
        'Get-RailwayServiceInstance'
        'Set-RailwayServiceInstance'
        'Compare-RailwayServiceConfig'
        'Get-RailwayVolume'
        'New-RailwayVolume'
        'Remove-RailwayVolume'
        'Get-RailwayMetric'
        'New-RailwayDatabase'
        'Connect-RailwayDatabase'
        'Backup-RailwayDatabase'
        'Restore-RailwayDatabase'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Railway', 'Deployment', 'DevOps', 'CI', 'CD', 'GitHubActions', 'AzurePipelines', 'GraphQL', 'PaaS', 'Release', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/railwayops/RailwayOps'
            LicenseUri   = 'https://github.com/railwayops/RailwayOps/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0, first release:
- Read Railway: Connect-Railway, Get-RailwayContext, Get-RailwayProject, Get-RailwayEnvironment, Get-RailwayService, Get-RailwayDeployment (lazy paging, status and commit filters).
- Deployments: Wait-RailwayDeployment (subscription with polling fallback, concurrent waits, log tails on failure), Get-RailwayDeploymentLog, Redo-/Restart-/Restore-/Stop-/Remove-/Approve-RailwayDeployment.
- Variables: Get-/Set-/Remove-/Import-RailwayVariable (values hidden unless -AsPlainText, bulk updates in one call).
- Test-RailwayHealth, Get-RailwayCommitStatus (GitHub through Octokit).
- The release loop in one command: Invoke-Cpwtr, with Step-RailwayAppVersion.
- GitHub Actions and Azure Pipelines: job summaries, error annotations, grouped log tails, secret masking.
- Tab completion of projects, environments, services and variable names.
- Octokit and Polly load in a private AssemblyLoadContext, so other modules' versions do not clash.
- A local Railway emulator ships inside the module (Start-/Stop-RailwayEmulator).
'@
        }
    }
}
