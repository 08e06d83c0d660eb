BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Target = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-config-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Folder | Out-Null
    # A repository folder: the search stops at its root.
    New-Item -ItemType Directory -Path (Join-Path $script:Folder '.git') | Out-Null

    function Write-Config([string]$Text, [string]$Name = 'railway.toml') {
        Get-ChildItem $script:Folder -Filter 'railway.*' | Remove-Item
        $file = Join-Path $script:Folder $Name
        Set-Content -LiteralPath $file -Value $Text -NoNewline
        $file
    }

    # The seed's live settings of web, as the sample's railway.toml says them, but for the health-check path.
    $script:Toml = @'
[build]
watchPatterns = []

[deploy]
startCommand = "python3 -m app.main"
healthcheckPath = "/api/ready"
healthcheckTimeout = 100
restartPolicyType = "on_failure"
restartPolicyMaxRetries = 10

[environments.staging.deploy]
healthcheckPath = "/api/staging-ready"
numReplicas = 2
'@
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Remove-RailwayTestFolder $script:Folder
    Exit-RailwayTestEnvironment
}

Describe 'Compare-RailwayServiceConfig' {
    It 'finds a changed healthcheckPath, one difference object per field' {
        $file = Write-Config $script:Toml

        $differences = @(Compare-RailwayServiceConfig @script:Target -Path $script:Folder)

        $differences.Count | Should -Be 1
        $differences[0] | Should -BeOfType ([RailwayOps.RailwayServiceConfigDifference])
        $differences[0].Field | Should -Be 'HealthcheckPath'
        $differences[0].InFile | Should -Be '/api/ready'
        $differences[0].Live | Should -Be '/api/health'
        $differences[0].File | Should -Be $file
    }

    It 'applies the environments.<name> block of the environment compared' {
        Write-Config $script:Toml | Out-Null

        $differences = Compare-RailwayServiceConfig -Project demo -Environment staging -Service web -Path $script:Folder

        @($differences.Field | Sort-Object) | Should -Be @('HealthcheckPath', 'Replicas')
        ($differences | Where-Object Field -eq 'HealthcheckPath').InFile | Should -Be '/api/staging-ready'
        ($differences | Where-Object Field -eq 'Replicas').InFile | Should -Be 2
        ($differences | Where-Object Field -eq 'Replicas').Live | Should -Be 1
    }

    It 'is empty after Compare -PassThru | Set-RailwayServiceInstance' {
        Write-Config $script:Toml | Out-Null
        Reset-EmulatorJournal $script:Emulator

        $patch = Compare-RailwayServiceConfig @script:Target -Path $script:Folder -PassThru
        $patch | Should -BeOfType ([RailwayOps.RailwayServiceConfigPatch])
        $patch.Fields | Should -Be @('HealthcheckPath')
        $patch | Set-RailwayServiceInstance -Confirm:$false -ErrorAction Stop

        (Get-EmulatorJournal $script:Emulator).byOperation.ServiceInstanceUpdate | Should -Be 1
        (Get-RailwayServiceInstance @script:Target).HealthcheckPath | Should -Be '/api/ready'
        @(Compare-RailwayServiceConfig @script:Target -Path $script:Folder) | Should -BeNullOrEmpty
        Compare-RailwayServiceConfig @script:Target -Path $script:Folder -PassThru | Should -BeNullOrEmpty
        # Staging was not touched: the change is per environment.
        (Get-RailwayServiceInstance -Project demo -Environment staging -Service web).HealthcheckPath | Should -Be '/api/health'
    }

    It 'reads railway.json the same way, and searches upwards from a sub-folder' {
        $json = @{ deploy = @{ healthcheckPath = '/api/ready'; restartPolicyType = 'NEVER' } } | ConvertTo-Json
        Write-Config $json 'railway.json' | Out-Null
        $sub = New-Item -ItemType Directory -Path (Join-Path $script:Folder 'src/app') -Force

        Push-Location $sub
        try { $differences = @(Compare-RailwayServiceConfig @script:Target) }
        finally { Pop-Location }

        $differences.Field | Should -Be @('RestartPolicy')
        $differences[0].InFile | Should -Be 'NEVER'
        $differences[0].Live | Should -Be 'ON_FAILURE'
    }

    It 'names the keys it does not compare on the verbose stream' {
        Write-Config "[build]`nbuilder = `"DOCKERFILE`"`n[deploy]`npreDeployCommand = [`"make migrate`"]`n" | Out-Null

        $verbose = Compare-RailwayServiceConfig @script:Target -Path $script:Folder -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }

        ($verbose.Message -join "`n") | Should -Match 'build\.builder, which Compare-RailwayServiceConfig does not compare'
        ($verbose.Message -join "`n") | Should -Match 'deploy\.preDeployCommand'
    }

    It 'reports <Case> as RailwayInvalidConfigFile and reads nothing from Railway' -ForEach @(
        @{ Case = 'TOML that does not parse'; Text = "[deploy`nhealthcheckPath = 1"; Name = 'railway.toml' }
        @{ Case = 'a key set twice'; Text = "[deploy]`nhealthcheckPath = `"/a`"`nhealthcheckPath = `"/b`""; Name = 'railway.toml' }
        @{ Case = 'a timeout that is not a number'; Text = "[deploy]`nhealthcheckTimeout = `"soon`""; Name = 'railway.toml' }
        @{ Case = 'JSON that does not parse'; Text = '{ "deploy": '; Name = 'railway.json' }
    ) {
        Write-Config $Text $Name | Out-Null
        Reset-EmulatorJournal $script:Emulator

        Compare-RailwayServiceConfig @script:Target -Path $script:Folder -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidConfigFile,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidData'
        @((Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties | Where-Object Name -eq 'ServiceInstance') | Should -BeNullOrEmpty
    }

    It 'reports a folder without a config file as RailwayConfigFileNotFound' {
        Get-ChildItem $script:Folder -Filter 'railway.*' | Remove-Item

        Compare-RailwayServiceConfig @script:Target -Path $script:Folder -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayConfigFileNotFound,*'
    }
}
