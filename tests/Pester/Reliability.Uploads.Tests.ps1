# Deploy-RailwayService and Invoke-RailwayCommand under bad input, faults, secret scans and stops: each refusal changes
# nothing on the emulator (no deployment, no file, no mutation in its journal), a fault is one clear error and never a
# second upload, no value of a variable or an ignored secret file leaves the machine, and a stop ends what was started.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'UploadTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    $script:Fixture = Enter-UploadTestFixture
    $script:Emulator = $script:Fixture.Emulator
    $script:Target = $script:Fixture.Target
    $script:Work = Join-Path $script:Fixture.Folder 'work'
    New-Item -ItemType Directory -Path $script:Work | Out-Null
    $script:Site = New-UploadTestSite -Path (Join-Path $script:Work 'site') -Version 'reliability'
    $script:Upload = '{0}/project/{1}/environment/{2}/up?serviceId={3}'
    $ids = Get-RailwayService -Project uploads | Where-Object Name -EQ 'site'
    $environment = Get-RailwayEnvironment -Project uploads | Where-Object Name -EQ 'production'
    $script:UploadUri = $script:Upload -f ([Uri]$script:Emulator.GraphqlUrl).GetLeftPart('Authority'), $ids.ProjectId, $environment.EnvironmentId, $ids.ServiceId

    function Get-DeploymentCount { @(Get-RailwayDeployment @script:Target).Count }

    function Send-RawUpload([byte[]]$Body) {
        Invoke-WebRequest -Method Post -Uri $script:UploadUri -Body $Body -ContentType 'application/gzip' -SkipHttpErrorCheck `
            -Headers @{ Authorization = 'Bearer emu-upload-account-token' }
    }

    function New-TarGz([hashtable[]]$Entries) {
        <# A gzip tarball written entry by entry with System.Formats.Tar, which writes what no honest packer would (../, /, links out). #>
        $buffer = [IO.MemoryStream]::new()
        $zip = [IO.Compression.GZipStream]::new($buffer, [IO.Compression.CompressionLevel]::Fastest, $true)
        $writer = [System.Formats.Tar.TarWriter]::new($zip, [System.Formats.Tar.TarEntryFormat]::Pax, $true)
        foreach ($entry in $Entries) {
            $type = if ($entry.Link) { [System.Formats.Tar.TarEntryType]::SymbolicLink } else { [System.Formats.Tar.TarEntryType]::RegularFile }
            $tarEntry = [System.Formats.Tar.PaxTarEntry]::new($type, $entry.Name)
            if ($entry.Link) { $tarEntry.LinkName = $entry.Link }
            else { $tarEntry.DataStream = [IO.MemoryStream]::new([Text.Encoding]::ASCII.GetBytes([string]$entry.Data)) }
            $writer.WriteEntry($tarEntry)
        }
        $writer.Dispose(); $zip.Dispose()
        $buffer.ToArray()
    }
}

AfterAll {
    Write-ReliabilityReport -Sections 'Uploads: bad input', 'Uploads: faults', 'Uploads: secrets', 'Uploads: stop'
    Exit-UploadTestFixture $script:Fixture
}

Describe 'Uploads: bad input' {
    It 'refuses tarballs that escape the folder, and a body that is not one, leaving nothing behind' -ForEach @(
        @{ Case = 'an entry ../escaped.txt'; Entries = @(@{ Name = '../escaped.txt'; Data = 'x' }); Message = '*escapes the upload folder*' }
        @{ Case = 'an absolute entry /tmp/absolute.txt'; Entries = @(@{ Name = '/tmp/railwayops-absolute.txt'; Data = 'x' }); Message = '*absolute path*' }
        @{ Case = 'a symlink to /etc'; Entries = @(@{ Name = 'etc'; Link = '/etc' }); Message = '*points outside*' }
        @{ Case = 'a file written through a symlink'; Entries = @(@{ Name = 'up'; Link = '.' }, @{ Name = 'up/file.txt'; Data = 'x' }); Message = '*under a symbolic link*' }
        @{ Case = 'not a gzip tarball'; Entries = $null; Message = '*not a gzip tarball*' }
    ) {
        Invoke-ReliabilityCase -Section 'Uploads: bad input' -Scenario "upload endpoint given $Case" -Expected '400 {message}; no deployment; nothing written outside the state folder' -Class refused -Body {
            $before = Get-DeploymentCount
            $body = if ($Entries) { New-TarGz $Entries } else { [Text.Encoding]::UTF8.GetBytes('this is not a tarball') }

            $response = Send-RawUpload $body

            $response.StatusCode | Should -Be 400
            ($response.Content | ConvertFrom-Json).message | Should -BeLike $Message
            Get-DeploymentCount | Should -Be $before
            Test-Path (Join-Path $script:Emulator.StateDirectory '../escaped.txt') | Should -BeFalse
            Test-Path '/tmp/railwayops-absolute.txt' | Should -BeFalse
            @(Get-ChildItem -LiteralPath (Join-Path $script:Emulator.StateDirectory 'uploads') -Force -Filter '.incoming-*' -ErrorAction SilentlyContinue).Count | Should -Be 0
            "400: $(($response.Content | ConvertFrom-Json).message)"
        }
    }

    It 'refuses an upload without a token with 401, and one for an unknown service with 400' {
        Invoke-ReliabilityCase -Section 'Uploads: bad input' -Scenario 'upload endpoint without a token / for an unknown service' -Expected '401 / 400 "Service not found"; no deployment' -Class refused -Body {
            $before = Get-DeploymentCount
            $body = New-TarGz @(@{ Name = 'index.html'; Data = 'x' })
            $anonymous = Invoke-WebRequest -Method Post -Uri $script:UploadUri -Body $body -ContentType 'application/gzip' -SkipHttpErrorCheck
            $unknown = Invoke-WebRequest -Method Post -Uri ($script:UploadUri -replace 'serviceId=[^&]+', 'serviceId=no-such-service') -Body $body -ContentType 'application/gzip' -SkipHttpErrorCheck -Headers @{ Authorization = 'Bearer emu-upload-account-token' }

            $anonymous.StatusCode | Should -Be 401
            $unknown.StatusCode | Should -Be 400
            Get-DeploymentCount | Should -Be $before
            "401; 400 $(($unknown.Content | ConvertFrom-Json).message)"
        }
    }

    It 'Deploy-RailwayService and Invoke-RailwayCommand refuse bad input before any request' {
        Invoke-ReliabilityCase -Section 'Uploads: bad input' -Scenario 'Deploy-RailwayService of a missing folder; Invoke-RailwayCommand of a missing executable' -Expected 'RailwayUploadSourceNotFound / RailwayCommandNotFound; zero requests' -Class refused -Body {
            Reset-EmulatorJournal $script:Emulator
            $deploy = Invoke-Captured { Deploy-RailwayService (Join-Path $script:Work 'missing') @script:Target -Confirm:$false }
            $run = Invoke-Captured { Invoke-RailwayCommand @script:Target -FilePath 'no-such-exe-railwayops' -Confirm:$false }

            $first = Assert-ClearError $deploy.Errors -ErrorId 'RailwayUploadSourceNotFound' -Category ObjectNotFound
            $second = Assert-ClearError $run.Errors -ErrorId 'RailwayCommandNotFound' -Category ObjectNotFound
            (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
            "$first; $second; 0 requests"
        }
    }
}

Describe 'Uploads: faults' {
    It 'a failing upload endpoint is one clear error and the upload is not sent twice' -ForEach @(
        @{ Kind = 'status'; Status = 503; ErrorId = 'RailwayInvalidResponse' }
        @{ Kind = 'reset'; Status = 0; ErrorId = 'RailwayConnectionFailed' }
    ) {
        Invoke-ReliabilityCase -Section 'Uploads: faults' -Scenario "upload endpoint answers with a $Kind fault" -Expected "$ErrorId; exactly one POST; no deployment" -Class 'clear error' -Body {
            $before = Get-DeploymentCount
            Reset-EmulatorJournal $script:Emulator
            $fault = @{ kind = $Kind; path = '/project/'; count = 1 }
            if ($Status) { $fault.status = $Status }
            Add-EmulatorFault -Emulator $script:Emulator -Fault $fault
            try { $run = Invoke-Captured { Deploy-RailwayService $script:Site @script:Target -Confirm:$false } }
            finally { Clear-EmulatorFault $script:Emulator }

            $report = Assert-ClearError $run.Errors -ErrorId $ErrorId
            Get-UploadTestPosts -Emulator $script:Emulator | Should -Be 1
            Get-DeploymentCount | Should -Be $before
            "$report; 1 POST, no deployment"
        }
    }
}

Describe 'Uploads: secrets' {
    It 'a .env that .gitignore names never reaches the emulator, and no variable value reaches a stream' {
        Invoke-ReliabilityCase -Section 'Uploads: secrets' -Scenario 'Deploy-RailwayService of a folder with a gitignored .env; Invoke-RailwayCommand -Verbose -Debug -WhatIf' -Expected 'the .env is not among the received files; the canary value in no stream' -Class 'no leak' -Body {
            $site = New-UploadTestSite -Path (Join-Path $script:Work 'secret') -Version 'secret'
            Set-Content -LiteralPath (Join-Path $site '.gitignore') -Value '.env'
            Set-Content -LiteralPath (Join-Path $site '.env') -Value "DB_PASSWORD=$(Get-UploadTestCanary)"
            $deploy = Invoke-Captured { Deploy-RailwayService $site @script:Target -Confirm:$false -Verbose -Debug 4>&1 5>&1 }
            $streams = & {
                Invoke-RailwayCommand @script:Target -FilePath sh -ArgumentList '-c', 'exit 0' -Verbose -Debug -WhatIf
                Invoke-RailwayCommand @script:Target -FilePath sh -ArgumentList '-c', 'exit 0' -Verbose -Debug -Confirm:$false
            } *>&1 | Out-String

            $deployment = $deploy.Output | Where-Object { $_ -is [RailwayOps.RailwayDeployment] }
            $received = Get-UploadTestReceived -Emulator $script:Emulator -DeploymentId $deployment.DeploymentId
            $received | Should -Not -Contain '.env'
            $streams | Should -Not -Match ([regex]::Escape((Get-UploadTestCanary)))
            ($deploy.Output | Out-String) | Should -Not -Match ([regex]::Escape((Get-UploadTestCanary)))
            $null = Wait-RailwayDeployment -Id $deployment.DeploymentId -ErrorAction SilentlyContinue
            "received: $($received -join ', '); canary in no stream"
        }
    }
}

Describe 'Uploads: stop' {
    It 'a stop during a slow upload returns promptly and makes no deployment' {
        Invoke-ReliabilityCase -Section 'Uploads: stop' -Scenario 'Deploy-RailwayService stopped while the upload endpoint is slow (10 s)' -Expected 'stops within 5 s; no deployment appears' -Class stopped -Body {
            $before = Get-DeploymentCount
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'slow'; delayMs = 10000; path = '/project/'; count = 1 }
            try {
                $running = Start-DeploymentTestPowerShell -Command 'Deploy-RailwayService $Site -Project uploads -Environment production -Service site -Endpoint $Endpoint -Token $Token -Confirm:$false -Verbose' -Parameters @{
                    Site = $script:Site; Endpoint = $script:Emulator.GraphqlUrl; Token = (ConvertTo-TestSecureString 'emu-upload-account-token')
                }
                # The upload starts right after ShouldProcess says what it sends.
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while (-not @($running.Shell.Streams.Verbose | Where-Object Message -Match 'Performing the operation') -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
                $seconds = Measure-DeploymentTestStop $running
                # The journal records a request when it ends: the stopped upload's, once the emulator has seen the client go.
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while ((Get-UploadTestPosts -Emulator $script:Emulator) -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            }
            finally { Clear-EmulatorFault $script:Emulator }

            $seconds | Should -BeLessThan 5
            Get-UploadTestPosts -Emulator $script:Emulator | Should -Be 1 -Because 'the upload reached the endpoint and ended there'
            Get-DeploymentCount | Should -Be $before
            'stopped in {0:N1} s; no deployment' -f $seconds
        }
    }

    It 'a stop of Invoke-RailwayCommand reaches the child as SIGINT and nothing is left running' {
        Invoke-ReliabilityCase -Section 'Uploads: stop' -Scenario 'Invoke-RailwayCommand stopped while its child runs' -Expected 'the child runs its SIGINT trap and is gone when the stop returns' -Class stopped -Body {
            $started = Join-Path $script:Work 'stop-started'
            $trapped = Join-Path $script:Work 'stop-trapped'
            $script = New-SigintChildScript -Started $started -Interrupted $trapped
            $running = Start-DeploymentTestPowerShell -Command 'Invoke-RailwayCommand -Endpoint $Endpoint -Token $Token -Project uploads -Environment production -Service site -FilePath python3 -ArgumentList "-c", $Script -Confirm:$false' -Parameters @{
                Endpoint = $script:Emulator.GraphqlUrl; Token = (ConvertTo-TestSecureString 'emu-upload-account-token'); Script = $script
            }
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not (Test-Path $started) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $child = [int](Get-Content -Raw $started).Trim()
            $seconds = Measure-DeploymentTestStop $running

            Test-Path $trapped | Should -BeTrue
            Get-Process -Id $child -ErrorAction SilentlyContinue | Where-Object { -not $_.HasExited } | Should -BeNullOrEmpty
            'stopped in {0:N1} s; child {1} trapped SIGINT and ended' -f $seconds, $child
        }
    }
}
