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
    Import-Module (Join-Path $PSScriptRoot 'DatabaseTestHelpers.psm1') -Force
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
                    # The database cmdlets (issue 18), where this machine has PostgreSQL and its clients.
                    if (-not (Get-DatabaseTestSkipReason -Type Postgres)) {
                        New-RailwayDatabase -Type Postgres -Project demo -Environment production -Confirm:$false @common | Format-List * -Force
                        Connect-RailwayDatabase -Project demo -Environment production -Service Postgres -ArgumentList '-tAc', 'select 1' @common | Out-String
                        $canaryBackup = Backup-RailwayDatabase -Project demo -Environment production -Service Postgres -Path $script:HomeFolder @common
                        $canaryBackup | Format-List * -Force
                        Restore-RailwayDatabase -Project demo -Environment production -Service Postgres -Path $canaryBackup.Path -Force @common | Format-List * -Force
                        Connect-RailwayDatabase -Project demo -Environment production -Service web @common
                    }
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
                    Invoke-ReliabilityCase -Section $script:Section -Scenario "Invoke-Cpwtr with '$name' in the working tree" -Expected 'RailwayCpwtrSecretFileRefused, file named, nothing committed' -Class refused -Body {
                        $report = Assert-ClearError $record -ErrorId 'RailwayCpwtrSecretFileRefused' -Category SecurityError
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

    It 'refuses a GitHub token for <GitHubApiUrl> before any connection' -ForEach @(
        @{ GitHubApiUrl = 'http://github.example.invalid/api/v3/' }
        @{ GitHubApiUrl = 'http://10.255.255.1/api/v3/' }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "GitHub token with plain-http GITHUB_API_URL $GitHubApiUrl" -Expected 'RailwayGitHubInsecureEndpoint / SecurityError at once (a connection attempt would be a different error or hang)' -Class refused -Body {
            $env:GITHUB_API_URL = $GitHubApiUrl
            try { $captured = Invoke-Captured { Get-RailwayCommitStatus -Repository railwayops/hello-railway -Ref main -GitHubToken (ConvertTo-SecureString $script:CanaryGitHub -AsPlainText -Force) } }
            finally { Remove-Item Env:GITHUB_API_URL -ErrorAction SilentlyContinue }
            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayGitHubInsecureEndpoint' -Category SecurityError -MessageLike '*must use https*'
            $captured.Seconds | Should -BeLessThan 3
            Find-Canary ($captured.Errors | Get-Error | Out-String) 'the refusal' | Should -BeNullOrEmpty
            "$report in $($captured.Seconds) s"
        }
    }
}

Describe 'Secrets: what goes into a header, a URL path, a message or a log line' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'Reliability/SilentListener.psm1') -Force
        # Should a request go out after all, it fails in seconds against the silent listener instead of hanging.
        $env:RAILWAY_HTTP_TIMEOUT = '2'

        function Get-ShownText {
            <# Everything a user could see of a captured command: objects as lists, errors through Get-Error and the detailed view. #>
            param($Captured)
            (@($Captured.Output | Format-List * -Force | Out-String -Width 400) + @($Captured.Errors | ForEach-Object {
                        $_ | Get-Error | Out-String -Width 400
                        $_ | Format-List * -Force | Out-String -Width 400
                        $_.Exception.ToString(); [string]$_.ErrorDetails; [string]$_.TargetObject; $_.CategoryInfo.ToString()
                    })) -join "`n"
        }

        function Get-GitHubRequest {
            @((Get-EmulatorJournal $script:Emulator).entries | Where-Object { $_.PSObject.Properties['path'] -and $_.path -like '/api/v3*' })
        }
    }

    # A listener of its own per test: a connection one test made must not count against the next.
    BeforeEach { $script:Silent = Start-SilentListener }
    AfterEach { Stop-SilentListener $script:Silent }

    AfterAll {
        Remove-Item Env:GITHUB_TOKEN, Env:GITHUB_API_URL, Env:RAILWAY_API_TOKEN, Env:RAILWAY_HTTP_TIMEOUT -ErrorAction SilentlyContinue
    }

    It 'refuses a token with <What> before anything is sent' -ForEach @(
        @{ What = 'CR/LF (a header of its own)'; Token = "canary-hdr-AAAA`r`nX-Injected: 1" }
        @{ What = 'a lone LF'; Token = "canary-hdr-AAAA`nX-Injected: 1" }
        @{ What = 'an escape character'; Token = 'canary-hdr-AAAA{ESC}[31mBBBB' }
        @{ What = 'a NUL (which the landed code cut the token at, and sent the rest)'; Token = 'canary-hdr-AAAA{NUL}BBBB' }
        @{ What = 'a non-ASCII letter'; Token = "canary-hdr-AAAAéBBBB" }
        @{ What = 'a zero-width space'; Token = "canary-hdr-AAAA$([char]0x200b)BBBB" }
    ) {
        # The test data holds placeholders: a NUL or an escape character in it would break the NUnit report's XML.
        $Token = $Token.Replace('{NUL}', "`0").Replace('{ESC}', "`e")
        Invoke-ReliabilityCase -Section $script:Section -Scenario "token with $What (-Token)" -Expected 'RailwayInvalidToken / InvalidArgument; no connection made; the token not echoed' -Class refused -Body {
            $captured = Invoke-Captured { Get-RailwayProject -Endpoint $script:Silent.GraphQLUrl -Token (ConvertTo-SecureString $Token -AsPlainText -Force) }
            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayInvalidToken' -Category InvalidArgument -MessageLike '*-Token*'
            Test-SilentListenerContacted $script:Silent | Should -BeFalse -Because 'nothing may be sent with such a token'
            $shown = Get-ShownText $captured
            $shown | Should -Not -Match 'AAAA|X-Injected|BBBB'
            "$report; 0 connections; the token not shown"
        }
    }

    It 'refuses a token from RAILWAY_API_TOKEN with a line break for the WebSocket wait as well' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'RAILWAY_API_TOKEN with CR/LF, Wait-RailwayDeployment (HTTP and WebSocket)' -Expected 'RailwayInvalidToken naming RAILWAY_API_TOKEN; no connection' -Class refused -Body {
            $saved = $env:RAILWAY_API_TOKEN
            $env:RAILWAY_API_TOKEN = "canary-hdr-CCCC`r`nX-Injected: 1"
            try { $captured = Invoke-Captured { Wait-RailwayDeployment -Id 00000000-0000-4000-8000-000000000002 -Endpoint $script:Silent.GraphQLUrl -TimeoutSec 10 } }
            finally { if ($null -eq $saved) { Remove-Item Env:RAILWAY_API_TOKEN -ErrorAction SilentlyContinue } else { $env:RAILWAY_API_TOKEN = $saved } }
            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayInvalidToken' -Category InvalidArgument -MessageLike '*RAILWAY_API_TOKEN*'
            Test-SilentListenerContacted $script:Silent | Should -BeFalse
            (Get-ShownText $captured) | Should -Not -Match 'CCCC|X-Injected'
            "$report in $($captured.Seconds) s; 0 connections"
        }
    }

    It 'refuses a GitHub token with a line break before any GitHub request' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'GITHUB_TOKEN with CR/LF, Get-RailwayCommitStatus' -Expected 'RailwayGitHubInvalidToken / InvalidArgument; no GitHub request' -Class refused -Body {
            $env:GITHUB_API_URL = $script:Emulator.GitHubApiUrl
            $env:GITHUB_TOKEN = "canary-gh-DDDD`r`nX-Injected: 1"
            Reset-EmulatorJournal $script:Emulator
            try { $captured = Invoke-Captured { Get-RailwayCommitStatus -Repository railwayops/hello-railway -Ref main } }
            finally { Remove-Item Env:GITHUB_TOKEN, Env:GITHUB_API_URL -ErrorAction SilentlyContinue }
            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayGitHubInvalidToken' -Category InvalidArgument -MessageLike '*GITHUB_TOKEN*'
            Get-GitHubRequest | Should -BeNullOrEmpty
            (Get-ShownText $captured) | Should -Not -Match 'DDDD|X-Injected'
            "$report; 0 GitHub requests"
        }
    }

    It 'refuses the GitHub ref <Ref> before any request carries the token' -ForEach @(
        @{ Ref = '../../../../user' }
        @{ Ref = 'main/../../../../../user' }
        @{ Ref = '..' }
        @{ Ref = "main`r`nX-Injected: 1" }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "Get-RailwayCommitStatus -Ref '$($Ref -replace "`r`n", '\r\n')' (path traversal)" -Expected 'RailwayGitHubInvalidRef / InvalidArgument; no GitHub request' -Class refused -Body {
            $env:GITHUB_API_URL = $script:Emulator.GitHubApiUrl
            $env:GITHUB_TOKEN = $script:CanaryGitHub
            Reset-EmulatorJournal $script:Emulator
            try { $captured = Invoke-Captured { Get-RailwayCommitStatus -Repository railwayops/hello-railway -Ref $Ref } }
            finally { Remove-Item Env:GITHUB_TOKEN, Env:GITHUB_API_URL -ErrorAction SilentlyContinue }
            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayGitHubInvalidRef' -Category InvalidArgument
            Get-GitHubRequest | Should -BeNullOrEmpty -Because 'the landed code sent GET /api/v3/user/status with the token'
            "$report; 0 GitHub requests"
        }
    }

    It 'refuses the GitHub repository <Repository> before any request' -ForEach @(
        @{ Repository = 'railwayops/..' }
        @{ Repository = '../hello-railway' }
        @{ Repository = 'railwayops/hello%2F..%2F..' }
    ) {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "Get-RailwayCommitStatus -Repository '$Repository'" -Expected 'RailwayGitHubInvalidRepository / InvalidArgument; no GitHub request' -Class refused -Body {
            $env:GITHUB_API_URL = $script:Emulator.GitHubApiUrl
            Reset-EmulatorJournal $script:Emulator
            try { $captured = Invoke-Captured { Get-RailwayCommitStatus -Repository $Repository -Ref main } }
            finally { Remove-Item Env:GITHUB_API_URL -ErrorAction SilentlyContinue }
            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayGitHubInvalidRepository' -Category InvalidArgument
            Get-GitHubRequest | Should -BeNullOrEmpty
            "$report; 0 GitHub requests"
        }
    }

    It 'never shows the password of a health URI' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario "Test-RailwayHealth -Uri 'http://user:<password>@127.0.0.1:<closed port>/api/health' -Verbose" -Expected 'RailwayHealthCheckFailed; the password in no stream, error, target or result' -Class 'no leak' -Body {
            $password = 'Hunter2Secret' + [guid]::NewGuid().ToString('n').Substring(0, 6)
            $uri = "http://user:$password@127.0.0.1:$(Get-FreeTcpPort)/api/health"
            $captured = Invoke-Captured { Test-RailwayHealth -Uri $uri -TimeoutSec 1 -RetryIntervalSec 0.2 -Verbose 4>&1 }
            $report = Assert-ClearError $captured.Errors -ErrorId 'RailwayHealthCheckFailed'
            $shown = (Get-ShownText $captured) + ($captured.Output | Out-String -Width 400)
            $shown | Should -Not -Match $password
            $shown | Should -Match ([regex]::Escape('http://***@127.0.0.1'))
            "$report; the password masked everywhere ($($shown.Length) chars scanned)"
        }
    }

    It 'masks a token a build prints in the build log lines and the failure''s tail' {
        Invoke-ReliabilityCase -Section $script:Section -Scenario 'a build printing the account token: Get-RailwayDeploymentLog lines, BuildLogTail, the wait error' -Expected 'the token masked (********) in every log line and message' -Class 'no leak' -Body {
            $token = ConvertTo-SecureString $script:CanaryToken -AsPlainText -Force
            $endpoint = $script:Emulator.GraphQLUrl
            $clone = New-ReliabilityClone -Emulator $script:Emulator -NoPush
            try {
                $toml = Join-Path $clone 'railway.toml'
                (Get-Content -Raw $toml) -replace '\[build\]', "[build]`nbuildCommand = `"echo RAILWAY_API_TOKEN=$($script:CanaryToken); echo REPO=https://bot:$($script:CanaryGitHub)@github.com/x/y.git; exit 1`"" | Set-Content -Path $toml -NoNewline
                git -C $clone commit -qam 'a build that prints a token' 2>$null
                git -C $clone push -q origin main 2>$null
                $sha = git -C $clone rev-parse HEAD
                $wait = Invoke-Captured { Wait-RailwayDeployment -CommitSha $sha -Project demo -Environment production -Service web -TimeoutSec 120 -Endpoint $endpoint -Token $token }
                $failure = Assert-ClearError $wait.Errors -ErrorId 'RailwayDeploymentFailed'
                $tail = @($wait.Errors[0].Exception.Outcome.BuildLogTail)
                $id = $wait.Errors[0].Exception.Outcome.Deployment.DeploymentId
                $lines = @(Get-RailwayDeploymentLog -Id $id -Type Build -Endpoint $endpoint -Token $token)
            }
            finally { Remove-Item $clone -Recurse -Force -ErrorAction SilentlyContinue }
            $printed = @($lines | Where-Object { $_.Message -like 'RAILWAY_API_TOKEN=*' })
            $printed.Count | Should -BeGreaterThan 0 -Because 'the build printed the line'
            $printed[0].Message | Should -Be 'RAILWAY_API_TOKEN=********'
            @($lines | Where-Object { $_.Message -like 'REPO=*' })[0].Message | Should -Be 'REPO=https://***@github.com/x/y.git'
            $text = (($lines | ForEach-Object Message) + ($tail | ForEach-Object Message) + (Get-ShownText $wait)) -join "`n"
            Find-Canary $text 'log lines' | Should -BeNullOrEmpty
            "$failure; $($lines.Count) build lines and a $($tail.Count)-line tail, the token and the URL password masked"
        }
    }
}
