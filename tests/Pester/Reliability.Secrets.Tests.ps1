# Secret hygiene with canaries: an emulator seeded with a canary account token, a canary GitHub token and canary
# variable values; every exported cmdlet driven with -Verbose -Debug under a transcript and $ErrorView =
# 'DetailedView'; then every stream, the transcript, $Error (rendered by Get-Error and the detailed view), the
# error details and every file the module or the emulator wrote are scanned: zero hits, except the one
# Get-RailwayVariable -AsPlainText that asked for a value. Also: the secret-file list of Invoke-Cpwtr, and a token
# refused for a plain-http, non-loopback endpoint before any connection.
BeforeAll {
    $script:SecretFiles = @(
        '.env', '.env.production', 'config/prod.env', 'tls/server.pem', 'tls/server.key', 'cert.p12', 'cert.pfx', 'putty.ppk',
        'release.keystore', 'store.jks', 'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', '.netrc', '_netrc', '.pypirc',
        'credentials.json', 'gcp-service-account.json', 'client_secret_123.json', '.aws/credentials', '.railway/config.json',
        'terraform.tfstate', 'terraform.tfstate.backup',
        'id_rsa_deploy', '.git-credentials', 'keys/id_ed25519_github', '.docker/config.json', '.pgpass', 'kubeconfig', '.envrc',
        'infra/prod.tfvars', 'secrets.yaml'
    )
    $script:AllowedFiles = @('.env.example', '.env.sample', '.env.template', 'id_rsa.pub', '.npmrc', 'id_rsa_deploy.pub', 'secrets.yaml.example', 'docker/config.json')
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    $script:HomeFolder = Enter-RailwayTestEnvironment
    $script:Section = 'Secrets'
    $script:StartedAt = [DateTime]::UtcNow.AddSeconds(-1)
    $random = [guid]::NewGuid().ToString('n').Substring(0, 12)
    $script:CanaryToken = "canary-tok-$random"
    $script:CanaryGitHub = "canary-gh-$random"
    $script:CanaryValue = "canary-val-$random"
    $script:CanaryImported = "canary-env-$random"
    $script:CanaryBad = "canary-bad-$random"
    $script:LeaksFound = $null
    $script:SecondState = $null
    $script:Canaries = @($script:CanaryToken, $script:CanaryGitHub, $script:CanaryValue, $script:CanaryImported, $script:CanaryBad)

    # A seed like the bundled one, with canary credentials and values.
    $seed = Get-RailwayOpsTestSeed
    ($seed.tokens | Where-Object kind -EQ 'account').value = $script:CanaryToken
    $seed.githubTokens = @($script:CanaryGitHub)
    $web = $seed.projects[0].services | Where-Object name -EQ 'web'
    $web.variables.production | Add-Member -NotePropertyName 'CANARY_SECRET' -NotePropertyValue $script:CanaryValue -Force
    $script:Inputs = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-rel-canary-inputs-' + $random)
    New-Item -ItemType Directory -Path $script:Inputs | Out-Null
    $script:SeedFile = Join-Path $script:Inputs 'canary-seed.json'
    $seed | ConvertTo-Json -Depth 20 | Set-Content -Path $script:SeedFile -Encoding utf8NoBOM
    $script:DotEnv = Join-Path $script:Inputs 'canary.env'
    Set-Content -Path $script:DotEnv -Value "# canary`nexport CANARY_IMPORTED=`"$script:CanaryImported`"`nCANARY_PLAIN=$script:CanaryImported-2"
    $script:State = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-state-' + [guid]::NewGuid().ToString('n'))
    $script:Emulator = Start-RailwayEmulator -Seed $script:SeedFile -StateDirectory $script:State -NoConnect -Confirm:$false
    $script:Transcript = Join-Path $script:Inputs 'transcript.txt'

    function Find-Canary {
        <# The canaries found in $Text, as "canary in <where>" lines. #>
        param([string]$Text, [string]$Where)
        foreach ($canary in $script:Canaries) {
            if ($Text -and $Text.Contains($canary, [StringComparison]::Ordinal)) { "$($canary.Substring(0, $canary.LastIndexOf('-'))) in $Where" }
        }
    }
}

AfterAll {
    try { Stop-Transcript | Out-Null } catch { $null = $_ }
    Set-ReliabilityMetric -Name 'Secrets.LeaksFound' -Value $(if ($null -ne $script:LeaksFound) { $script:LeaksFound } else { 'n/a' })
    Write-ReliabilityReport -Sections 'Secrets'
    if ($script:Emulator) { Stop-RailwayTestEmulator $script:Emulator }
    foreach ($folder in $script:Inputs, $script:Clone, $script:SecondState) { if ($folder -and (Test-Path $folder)) { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue } }
    Exit-RailwayTestEnvironment
}

Describe 'Secrets: canaries through every cmdlet' {
    It 'leaves no canary in any stream, the transcript, $Error or any file written' {
        $script:LeaksFound = 'n/a'
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'every exported cmdlet with -Verbose -Debug, transcript, DetailedView' -Expected '0 canary hits outside -AsPlainText; -AsPlainText returns the value' -Class 'no leak' -Body {
            $endpoint = $script:Emulator.GraphQLUrl
            $token = ConvertTo-SecureString $script:CanaryToken -AsPlainText -Force
            $env:GITHUB_TOKEN = $script:CanaryGitHub
            $env:GITHUB_API_URL = $script:Emulator.GitHubApiUrl
            $script:Clone = New-ReliabilityClone -Emulator $script:Emulator -NoPush
            $exercised = [System.Collections.Generic.HashSet[string]]::new()
            $ErrorView = 'DetailedView'
            $Error.Clear()
            Start-Transcript -Path $script:Transcript -Force | Out-Null
            $plain = $null
            try {
                $streams = & {
                    $common = @{ Verbose = $true; Debug = $true; ErrorAction = 'Continue' }
                    Connect-Railway -Endpoint $endpoint -Token $token -PassThru @common | Format-List * -Force
                    Get-RailwayContext @common | Format-List * -Force
                    Get-RailwayProject @common | Format-List * -Force
                    Get-RailwayEnvironment -Project demo @common | Format-List * -Force
                    Get-RailwayService -Project demo @common | Format-List * -Force
                    $deployments = @(Get-RailwayDeployment -Project demo -Environment production -Service web @common)
                    $deployments | Format-List * -Force
                    $failed = $deployments | Where-Object Status -EQ Failed | Select-Object -First 1
                    Get-RailwayDeploymentLog -Id $failed.DeploymentId -Type Build @common | Format-List * -Force
                    Get-RailwayVariable -Project demo -Environment production -Service web @common | Format-List * -Force
                    Get-RailwayVariable -Project demo -Environment production -Service web -Name 'CANARY*' @common | Out-String
                    Set-RailwayVariable -Project demo -Environment production -Service web -Name CANARY_SET -Value $script:CanaryValue -SkipDeploy -WhatIf @common
                    Set-RailwayVariable -Project demo -Environment production -Service web -Name CANARY_SET -Value $script:CanaryValue -SkipDeploy -PassThru -Confirm:$false @common | Format-List * -Force
                    Set-RailwayVariable -Project demo -Environment production -Service web -Variables @{ CANARY_BULK = (ConvertTo-SecureString $script:CanaryValue -AsPlainText -Force); CANARY_BULK2 = "$script:CanaryValue-b" } -SkipDeploy -PassThru -Confirm:$false @common | Format-List * -Force
                    Import-RailwayVariable -Path $script:DotEnv -Project demo -Environment production -Service web -SkipDeploy -WhatIf @common
                    Import-RailwayVariable -Path $script:DotEnv -Project demo -Environment production -Service web -SkipDeploy -Confirm:$false @common | Format-List * -Force
                    Remove-RailwayVariable -Project demo -Environment production -Service web -Name CANARY_BULK2 -Confirm:$false -PassThru @common | Format-List * -Force
                    Remove-RailwayVariable -Project demo -Environment production -Service web -Name NO_SUCH_VARIABLE -Confirm:$false @common
                    Wait-RailwayDeployment -Id $failed.DeploymentId -TimeoutSec 10 @common | Format-List * -Force
                    Redo-RailwayDeployment -Id $failed.DeploymentId -WhatIf @common
                    Restart-RailwayDeployment -Id $failed.DeploymentId -WhatIf @common
                    Restore-RailwayDeployment -Id $failed.DeploymentId -Confirm:$false @common
                    Stop-RailwayDeployment -Id 'no-such-deployment' -Confirm:$false @common
                    Remove-RailwayDeployment -Id $failed.DeploymentId -WhatIf @common
                    Approve-RailwayDeployment -Id $failed.DeploymentId -Confirm:$false @common
                    Step-RailwayAppVersion -Path $script:Clone -WhatIf @common | Format-List * -Force
                    Invoke-Cpwtr -Path $script:Clone -Message 'canary release' -Project demo -Environment production -Service web -TimeoutSec 90 -Confirm:$false @common | Format-List * -Force
                    Test-RailwayHealth -Project demo -Environment production -Service web -TimeoutSec 20 @common | Format-List * -Force
                    Get-RailwayCommitStatus -Repository railwayops/hello-railway -Ref (git -C $script:Clone rev-parse HEAD) @common | Format-List * -Force
                    Get-RailwayCommitStatus -Repository railwayops/hello-railway -Ref (git -C $script:Clone rev-parse HEAD) -GitHubToken (ConvertTo-SecureString $script:CanaryBad -AsPlainText -Force) @common
                    $second = Start-RailwayEmulator -Seed $script:SeedFile -NoConnect -Confirm:$false @common
                    $script:SecondState = $second.StateDirectory
                    $second | Format-List * -Force
                    # -KeepState: its temporary state folder would go with it, before the scan below reads it.
                    $second | Stop-RailwayEmulator -KeepState -Confirm:$false @common
                    Disconnect-Railway -PassThru @common | Format-List * -Force
                    # A refused token and a token pointed at plain http: both name the source, never the value.
                    $env:RAILWAY_API_TOKEN = $script:CanaryBad
                    try { Get-RailwayProject -Endpoint $endpoint @common } catch { $_ }
                    try { Get-RailwayProject -Endpoint 'http://example.invalid/graphql/v2' @common } catch { $_ }
                    Remove-Item Env:RAILWAY_API_TOKEN
                } *>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_ | Out-String } else { $_ } } | Out-String -Width 400
                $plain = Select-Result @(Get-RailwayVariable -Project demo -Environment production -Service web -Name CANARY_SECRET -AsPlainText -Token $token -Endpoint $endpoint)
            }
            finally {
                Stop-Transcript | Out-Null
                Remove-Item Env:GITHUB_TOKEN, Env:GITHUB_API_URL, Env:RAILWAY_API_TOKEN -ErrorAction SilentlyContinue
            }

            $errorText = ($Error | ForEach-Object {
                    $record = $_
                    if ($record -is [System.Management.Automation.ErrorRecord]) {
                        $record | Get-Error | Out-String -Width 400
                        $record | Format-List * -Force | Out-String -Width 400
                        $record.Exception.ToString(); [string]$record.ErrorDetails; $record.ErrorDetails.RecommendedAction; [string]$record.TargetObject
                    }
                    else { $record | Out-String; [string]$record }
                }) -join "`n"
            $hits = @(
                Find-Canary $streams 'the output, error, warning, verbose, debug and information streams'
                Find-Canary (Get-Content -Raw $script:Transcript) 'the transcript'
                Find-Canary $errorText '$Error (Get-Error, DetailedView, exception text, error details)'
                Find-Canary (@(git -C $script:Clone log -p --all 2>$null) -join "`n") 'the git history of the released repository'
                # What the module and the emulators write: the state folders, the isolated HOME (~/.railway), the
                # emulator's default temp state folders and any file dropped straight into the temp folder.
                $temp = [IO.Path]::GetTempPath()
                $folders = @(
                    $script:State, $script:SecondState, $script:HomeFolder
                    Get-ChildItem $temp -Directory -Filter 'railwayops-emulator-*' -ErrorAction SilentlyContinue | Where-Object CreationTimeUtc -GE $script:StartedAt | ForEach-Object FullName
                ) | Where-Object { $_ -and (Test-Path $_) }
                # find -type f: regular files only (the emulator keeps FIFOs in its state folder; opening one blocks).
                $written = @(
                    if ($folders) { find @folders -type f -size -20M 2>$null }
                    find $temp -maxdepth 1 -type f -newermt $script:StartedAt.ToString('yyyy-MM-dd HH:mm:ss UTC') 2>$null
                ) | Where-Object { $_ } | Sort-Object -Unique | ForEach-Object { [IO.FileInfo]$_ }
                foreach ($file in $written) {
                    $bytes = try { [IO.File]::ReadAllBytes($file.FullName) } catch { $null }
                    if ($bytes) { Find-Canary ([Text.Encoding]::UTF8.GetString($bytes) + [Text.Encoding]::Unicode.GetString($bytes)) $file.FullName }
                }
            )
            $script:LeaksFound = $hits.Count
            $streams | Should -BeLike "*RAILWAY_API_TOKEN*" -Because 'the refused token''s source is named'
            $streams | Should -BeLike '*InsecureEndpoint*'
            $plain.Value | Should -Be $script:CanaryValue -Because '-AsPlainText is the one place a value may appear'
            $hits | Should -BeNullOrEmpty
            @($written.FullName | Where-Object { $_.StartsWith($script:SecondState) }).Count | Should -BeGreaterThan 0 -Because 'the second emulator''s state folder is scanned too'
            "0 hits in $($streams.Length) chars of streams, the transcript, $($Error.Count) `$Error records and $($written.Count) files written; -AsPlainText returned the value"
        }
    }
}

Describe 'Secrets: files kept out of commits and tokens kept off plain http' {
    It 'Invoke-Cpwtr refuses every secret-looking file and lets templates through' {
        $clone = New-ReliabilityClone -Emulator $script:Emulator -NoPush
        try {
            foreach ($name in $script:SecretFiles + $script:AllowedFiles) {
                $path = Join-Path $clone $name
                New-Item -ItemType Directory -Force -Path (Split-Path -Parent $path) | Out-Null
                # A secret store as people write one: a password in YAML.
                Set-Content -Path $path -Value $(if ($name -like '*.yaml') { "database:`n  password: $script:CanaryValue" } else { "$script:CanaryValue" })
            }
            $headBefore = git -C $clone rev-parse HEAD

            $captured = Invoke-Captured { Invoke-Cpwtr -Path $clone -Message 'secret files' -Project demo -Environment production -Service web -Endpoint $script:Emulator.GraphQLUrl -Token (ConvertTo-SecureString $script:CanaryToken -AsPlainText -Force) -Confirm:$false }

            $record = $captured.Errors | Select-Object -First 1
            $listed = ($record.Exception.Message + ' ' + [string]$record.ErrorDetails + ' ' + ($captured.Output | Out-String -Width 2000))
            $failures = @()
            foreach ($name in $script:SecretFiles) {
                try {
                    Invoke-ReliabilityCase -Section $script:Section -Scenario "Invoke-Cpwtr with '$name' in the working tree" -Expected 'CpwtrSecretFileRefused, file named, nothing committed' -Class refused -Body {
                        $report = Assert-ClearError $record -ErrorId 'CpwtrSecretFileRefused' -Category SecurityError
                        $listed | Should -BeLike "*$name*"
                        git -C $clone rev-parse HEAD | Should -Be $headBefore
                        "$report; named in the error"
                    }
                }
                catch { $failures += $_.Exception.Message }
            }
            foreach ($name in $script:AllowedFiles) {
                $listed -split '[\s,;()]+' | Where-Object { $_ -match "(^|/)$([regex]::Escape($name))$" } | Should -BeNullOrEmpty -Because "$name is not a secret"
            }
            @(git -C $clone diff --cached --name-only).Count | Should -Be 0 -Because 'nothing may stay staged for the next commit'
            @(git -C $clone ls-files | Where-Object { $_ -in $script:SecretFiles }).Count | Should -Be 0
            Find-Canary ($listed + ($captured.Errors | Out-String)) 'the refusal' | Should -BeNullOrEmpty
            $failures | Should -BeNullOrEmpty
            $script:SecretFiles.Count | Should -BeGreaterThan 30 -Because 'every pattern of SecretFileGuard is tried'
        }
        finally { Remove-Item $clone -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'refuses a token for <Endpoint> before any connection' -ForEach @(
        @{ Endpoint = 'http://example.invalid/graphql/v2' }
        @{ Endpoint = 'http://10.255.255.1/graphql/v2' }
        @{ Endpoint = 'http://backboard.railway.com/graphql/v2' }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "token with plain-http endpoint $Endpoint" -Expected 'RailwayInsecureEndpoint / SecurityError at once (a connection attempt would be a different error or hang)' -Class refused -Body {
            $captured = Invoke-Captured { Get-RailwayProject -Endpoint $Endpoint -Token (ConvertTo-SecureString $script:CanaryToken -AsPlainText -Force) }
            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayInsecureEndpoint' -Category SecurityError
            $captured.Seconds | Should -BeLessThan 3
            Find-Canary ($captured.Errors | Get-Error | Out-String) 'the refusal' | Should -BeNullOrEmpty
            "$report in $($captured.Seconds) s"
        }
    }
}
