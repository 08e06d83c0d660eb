# Deploy-RailwayService and Invoke-RailwayCommand under bad input, faults, secret scans and stops: each refusal changes
# nothing on the emulator (no deployment, no file, no mutation in its journal), a fault is one clear error and never a
# second upload, no value of a variable or an ignored secret file leaves the machine, and a stop ends what was started.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'UploadTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/ReliabilityHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/AreaFaultHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/SilentListener.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'EnvironmentTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    $script:Fixture = Enter-UploadTestFixture
    $script:Emulator = $script:Fixture.Emulator
    $script:Target = $script:Fixture.Target
    $script:WorstStopMs = 0
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
    if ($script:WorstStopMs) { Set-ReliabilityMetric -Name 'Uploads: stop.WorstStopMs' -Value $script:WorstStopMs }
    Write-ReliabilityReport -Sections 'Uploads: bad input', 'Uploads: faults', 'Uploads: secrets', 'Uploads: stop', 'Uploads: 5xx, 429, slow answer', 'Uploads: silent socket', 'Uploads: names in messages'
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

Describe 'Uploads: bad input, nothing sent and nothing run' {
    It 'refuses <Case> with <ErrorId>' -ForEach @(
        @{ Case = 'Deploy-RailwayService of a file, not a folder'; ErrorId = 'RailwayUploadSourceNotFound'; Command = { Deploy-RailwayService (Join-Path $script:Site 'index.html') @script:Target -Confirm:$false } }
        @{ Case = 'Deploy-RailwayService without a service (none given, none linked)'; ErrorId = 'RailwayDeployTargetIncomplete'; Command = { Deploy-RailwayService $script:Site -Project uploads -Environment production -Confirm:$false } }
        @{ Case = 'Deploy-RailwayService -LatestCommit of a service with no repository'; ErrorId = 'RailwayDeployNoRepository'; Command = { Deploy-RailwayService -LatestCommit @script:Target -Confirm:$false } }
        @{ Case = 'Deploy-RailwayService to a service that does not exist'; ErrorId = 'RailwayServiceNotFound'; Command = { Deploy-RailwayService $script:Site -Project uploads -Environment production -Service nope -Confirm:$false } }
        @{ Case = 'Invoke-RailwayCommand with the variables of a service that does not exist'; ErrorId = 'RailwayServiceNotFound'; Command = { Invoke-RailwayCommand -Project uploads -Environment production -Service nope -FilePath sh -ArgumentList '-c', "touch '$($script:Work)/bad-input-ran'" -Confirm:$false } }
        @{ Case = 'Invoke-RailwayCommand in an environment that does not exist'; ErrorId = 'RailwayEnvironmentNotFound'; Command = { Invoke-RailwayCommand -Project uploads -Environment nope -Service site -FilePath sh -ArgumentList '-c', "touch '$($script:Work)/bad-input-ran'" -Confirm:$false } }
    ) {
        Invoke-ReliabilityCase -Section 'Uploads: bad input' -Scenario $Case -Expected "$ErrorId; no upload, no mutation, no deployment; the command never runs" -Class refused -Body {
            $before = Get-DeploymentCount
            Reset-EmulatorJournal $script:Emulator

            $run = Invoke-Captured $Command

            $report = Assert-ClearError $run.Errors -ErrorId $ErrorId
            # (A refusal before any request leaves the journal empty, which Get-UploadTestMutations does not expect.)
            @((Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties | Where-Object { $_.Name -like 'POST /project/*' -or $_.Name -match '(Create|Deploy|Redeploy|Upsert|Delete|Update|Restart|Remove)' }) |
                Should -BeNullOrEmpty
            Get-DeploymentCount | Should -Be $before
            Test-Path -LiteralPath (Join-Path $script:Work 'bad-input-ran') | Should -BeFalse
            "$report; nothing sent, nothing run"
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

Describe 'Uploads: secrets of Invoke-Cpwtr -Source Upload' {
    It 'a gitignored .env in the work tree is never uploaded, and the canary is in no stream or CI summary' {
        Invoke-ReliabilityCase -Section 'Uploads: secrets' -Scenario 'Invoke-Cpwtr -Source Upload -NoBump of a repository whose work tree has a gitignored .env with a canary, GITHUB_ACTIONS and GITHUB_STEP_SUMMARY set, -Verbose -Debug' -Expected 'the release deploys; .env is not among the received files; the canary in no stream, error or CI summary' -Class 'no leak' -Body {
            $canary = Get-UploadTestCanary
            $repo = New-UploadTestSite -Path (Join-Path $script:Work 'cpwtr-secret') -Version 'cpwtr-secret'
            Set-Content -LiteralPath (Join-Path $repo '.gitignore') -Value '.env'
            git -C $repo init --quiet --initial-branch main
            git -C $repo -c user.name=t -c user.email=t@t add -A
            git -C $repo -c user.name=t -c user.email=t@t commit --quiet -m 'site with an ignored .env'
            Set-Content -LiteralPath (Join-Path $repo '.env') -Value "DB_PASSWORD=$canary"
            $summary = Join-Path $script:Work 'cpwtr-secret-summary.md'
            $saved = $env:GITHUB_ACTIONS, $env:GITHUB_STEP_SUMMARY
            $env:GITHUB_ACTIONS, $env:GITHUB_STEP_SUMMARY = 'true', $summary
            try { $text = & { Invoke-Cpwtr -Path $repo -NoBump -Source Upload @script:Target -TimeoutSec 90 -HealthTimeoutSec 20 -StableSec 0 -Confirm:$false -Verbose -Debug -WarningAction Continue } *>&1 | Out-String -Width 400 }
            finally {
                $env:GITHUB_ACTIONS, $env:GITHUB_STEP_SUMMARY = $saved
                if ($null -eq $saved[0]) { Remove-Item Env:GITHUB_ACTIONS -ErrorAction SilentlyContinue }
                if ($null -eq $saved[1]) { Remove-Item Env:GITHUB_STEP_SUMMARY -ErrorAction SilentlyContinue }
            }

            $deployment = @(Get-RailwayDeployment @script:Target -First 1)[0]
            $received = Get-UploadTestReceived -Emulator $script:Emulator -DeploymentId $deployment.DeploymentId
            $received | Should -Contain 'index.html' -Because 'the release uploaded the commit'
            $received | Should -Not -Contain '.env'
            $text | Should -Not -Match ([regex]::Escape($canary))
            Test-Path -LiteralPath $summary | Should -BeTrue -Because 'the release writes its CI summary'
            Get-Content -Raw -LiteralPath $summary | Should -Not -Match ([regex]::Escape($canary))
            "deployment $($deployment.DeploymentId) received: $($received -join ', '); $($text.Length) chars of streams and the summary: no canary"
        }
    }
}

Describe 'Uploads: secrets of Invoke-RailwayCommand' {
    It 'a variable passed to the <Form> is in no stream, transcript, $Error, CI summary, command line or file' -ForEach @(
        @{ Form = 'executable (-FilePath python3)'; ScriptBlock = $false }
        @{ Form = 'script block (a child pwsh)'; ScriptBlock = $true }
    ) {
        Invoke-ReliabilityCase -Section 'Uploads: secrets' -Scenario "Invoke-RailwayCommand of an $Form with DB_PASSWORD, -Verbose -Debug, a transcript, DetailedView, GITHUB_ACTIONS and GITHUB_STEP_SUMMARY set, the command failing with exit code 3" -Expected 'the child''s environment has the value; its /proc cmdline, every stream, the transcript, $Error, the CI summary and every file written do not' -Class 'no leak' -Body {
            $canary = Get-UploadTestCanary
            $case = Join-Path $script:Work ('secret-run-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
            New-Item -ItemType Directory -Path $case | Out-Null
            $pidFile, $goFile = (Join-Path $case 'child.pid'), (Join-Path $case 'go')
            $transcript, $summary = (Join-Path $case 'transcript.txt'), (Join-Path $case 'summary.md')
            $started = [DateTime]::UtcNow.AddSeconds(-1)
            # The child says who it is, waits until its /proc entries have been read, then fails.
            $python = "import os, time`nopen(r'$pidFile', 'w').write(str(os.getpid()))`nwhile not os.path.exists(r'$goFile'): time.sleep(0.05)`nraise SystemExit(3)"
            $block = [scriptblock]::Create("Set-Content -LiteralPath '$pidFile' -Value `$PID; while (-not (Test-Path -LiteralPath '$goFile')) { Start-Sleep -Milliseconds 50 }; 'length ' + `$env:DB_PASSWORD.Length; exit 3")
            $command = if ($ScriptBlock) { "Invoke-RailwayCommand -ScriptBlock `$Block -Project uploads -Environment production -Service site -Endpoint `$Endpoint -Token `$Token -Confirm:`$false -Verbose -Debug -WarningAction Continue" }
            else { "Invoke-RailwayCommand -FilePath python3 -ArgumentList '-c', `$Python -Project uploads -Environment production -Service site -Endpoint `$Endpoint -Token `$Token -Confirm:`$false -Verbose -Debug -WarningAction Continue" }
            $saved = $env:GITHUB_ACTIONS, $env:GITHUB_STEP_SUMMARY
            $env:GITHUB_ACTIONS, $env:GITHUB_STEP_SUMMARY = 'true', $summary
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript("param(`$Module, `$Endpoint, `$Token, `$Block, `$Python, `$Transcript) Import-Module `$Module; `$ErrorView = 'DetailedView'; `$Error.Clear(); Start-Transcript -LiteralPath `$Transcript | Out-Null; try { $command *>&1 | Out-String -Width 400 } finally { Stop-Transcript | Out-Null }; (`$Error | Out-String -Width 400); (`$Error | Get-Error | Out-String -Width 400); 'EXIT=' + `$LASTEXITCODE").AddParameters(@{
                        Module = (Get-RailwayOpsTestModulePath); Endpoint = $script:Emulator.GraphqlUrl; Token = (ConvertTo-TestSecureString 'emu-upload-account-token')
                        Block = $block; Python = $python; Transcript = $transcript })
                $handle = $shell.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddSeconds(30)
                # The file may exist before its text is written: read until there is a number.
                $childText = ''
                while (-not $childText -and -not $handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
                    $childText = "$(Get-Content -Raw -LiteralPath $pidFile -ErrorAction SilentlyContinue)".Trim()
                    if (-not $childText) { Start-Sleep -Milliseconds 50 }
                }
                # (Never enumerate $shell.Streams.Error while it runs: a PSDataCollection's enumerator blocks until the command ends.)
                $childText | Should -Match '^\d+$' -Because 'the child writes its process id'
                $child = [int]$childText
                $cmdline = [IO.File]::ReadAllText("/proc/$child/cmdline") -replace "`0", ' '
                $environ = [IO.File]::ReadAllText("/proc/$child/environ").Split([char]0)
                Set-Content -LiteralPath $goFile -Value go
                if (-not $handle.AsyncWaitHandle.WaitOne(30000)) { throw 'Invoke-RailwayCommand did not end after the child was released' }
                $text = (@($shell.EndInvoke($handle)) | Out-String -Width 400) + (@($shell.Streams.Error.ReadAll()) | Out-String -Width 400)
            }
            finally {
                Set-Content -LiteralPath $goFile -Value go -ErrorAction SilentlyContinue
                $shell.Dispose()
                $env:GITHUB_ACTIONS, $env:GITHUB_STEP_SUMMARY = $saved
                if ($null -eq $saved[0]) { Remove-Item Env:GITHUB_ACTIONS -ErrorAction SilentlyContinue }
                if ($null -eq $saved[1]) { Remove-Item Env:GITHUB_STEP_SUMMARY -ErrorAction SilentlyContinue }
            }

            $environ | Should -Contain "DB_PASSWORD=$canary" -Because 'the child gets the service''s variables (what makes the scans below meaningful)'
            $text | Should -Match 'EXIT=3' -Because 'the failing command''s exit code is $LASTEXITCODE'
            $cmdline | Should -Not -Match ([regex]::Escape($canary))
            $text | Should -Not -Match ([regex]::Escape($canary)) -Because 'streams, $Error and its detailed view'
            Get-Content -Raw -LiteralPath $transcript | Should -Not -Match ([regex]::Escape($canary))
            if (Test-Path -LiteralPath $summary) { Get-Content -Raw -LiteralPath $summary | Should -Not -Match ([regex]::Escape($canary)) }
            # Every file written since the case began, in the case folder, HOME and the temp folder's top level
            # (the emulator's own state folder holds the variable as Railway would, encrypted, and is not the module's).
            $written = @(@(Get-ChildItem -LiteralPath $case, $env:HOME -Recurse -File -Force -ErrorAction SilentlyContinue) +
                @(Get-ChildItem -LiteralPath ([IO.Path]::GetTempPath()) -File -Force -ErrorAction SilentlyContinue) |
                    # Regular files only: the temp folder holds the runtime's debug FIFOs, and reading a FIFO blocks.
                    Where-Object { $_.UnixMode -like '-*' -and $_.LastWriteTimeUtc -ge $started -and $_.Length -lt 10MB })
            $hits = @($written | Where-Object { try { [IO.File]::ReadAllText($_.FullName).Contains($canary) } catch { $false } })
            $hits.FullName | Should -BeNullOrEmpty
            "child $child had the value in its environment only; cmdline '$(($cmdline -split ' ')[0]) ...' clean; $($text.Length) chars of streams and `$Error, transcript, summary and $($written.Count) file(s) scanned: 0 hits"
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
            $script:WorstStopMs = [Math]::Max([double]$script:WorstStopMs, [Math]::Round($seconds * 1000))

            $seconds | Should -BeLessOrEqual 1 -Because 'the Cancellation contract: a stop returns within one second'
            Test-Path $trapped | Should -BeTrue
            Get-Process -Id $child -ErrorAction SilentlyContinue | Where-Object { -not $_.HasExited } | Should -BeNullOrEmpty
            'stopped in {0:N1} s; child {1} trapped SIGINT and ended' -f $seconds, $child
        }
    }
}

Describe 'Uploads: 5xx, 429 and a slow answer' {
    BeforeAll {
        # Invoke-RailwayCommand's child appends a line per run: a read retried must never run the command twice.
        $script:RunLog = Join-Path $script:Work 'runs.log'
    }
    AfterEach { Clear-EmulatorFault $script:Emulator }

    It 'Deploy-RailwayService under <Name>: one clear error, one POST, no deployment' -ForEach @(
        @{ Name = '429 Retry-After: 1'; Fault = @{ kind = 'retryAfter'; retryAfterSeconds = 1; path = '/project/'; count = 1 }; ErrorId = 'RailwayRateLimited'; Category = 'LimitsExceeded' }
        @{ Name = 'HTTP 502'; Fault = @{ kind = 'status'; status = 502; path = '/project/'; count = 1 }; ErrorId = 'RailwayInvalidResponse'; Category = 'InvalidResult' }
    ) {
        Invoke-ReliabilityCase -Section 'Uploads: 5xx, 429, slow answer' -Scenario "upload endpoint answers $Name" -Expected "$ErrorId / $Category naming service site in uploads/production; exactly one POST (an upload is never retried); no deployment" -Class 'clear error' -Body {
            $before = Get-DeploymentCount
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault $Fault
            if ($HttpTimeout) { $env:RAILWAY_HTTP_TIMEOUT = "$HttpTimeout" }
            try { $run = Invoke-Captured { Deploy-RailwayService $script:Site @script:Target -Confirm:$false } }
            finally { Clear-EmulatorFault $script:Emulator; Remove-Item Env:RAILWAY_HTTP_TIMEOUT -ErrorAction SilentlyContinue }

            $report = Assert-ClearError $run.Errors -ErrorId $ErrorId -Category $Category -MessageLike '*service site in uploads/production*'
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while ((Get-UploadTestPosts -Emulator $script:Emulator) -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Get-UploadTestPosts -Emulator $script:Emulator | Should -Be 1
            Get-DeploymentCount | Should -Be $before
            @(Get-ChildItem -LiteralPath (Join-Path $script:Emulator.StateDirectory 'uploads') -Force -Filter '.incoming-*' -ErrorAction SilentlyContinue).Count | Should -Be 0
            "$report; 1 POST, no deployment, no staging folder left"
        }
    }

    It 'Deploy-RailwayService whose upload is answered 3 s late (RAILWAY_HTTP_TIMEOUT=1): the answer is awaited, one deployment' {
        # An upload streams a body of any size: RAILWAY_HTTP_TIMEOUT is a GraphQL request's limit, not the upload's, and an
        # upload cut off by it would leave the user not knowing whether it deployed.
        Invoke-ReliabilityCase -Section 'Uploads: 5xx, 429, slow answer' -Scenario 'upload endpoint answers 3 s late with RAILWAY_HTTP_TIMEOUT=1' -Expected 'the deployment after the late answer; exactly one POST; exactly one new deployment' -Class recovered -Body {
            $before = Get-DeploymentCount
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'slow'; delayMs = 3000; path = '/project/'; count = 1 }
            $env:RAILWAY_HTTP_TIMEOUT = '1'
            try { $run = Invoke-Captured { Deploy-RailwayService $script:Site @script:Target -Confirm:$false } }
            finally { Clear-EmulatorFault $script:Emulator; Remove-Item Env:RAILWAY_HTTP_TIMEOUT -ErrorAction SilentlyContinue }

            $run.Errors | Should -BeNullOrEmpty -Because (($run.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) -join '; ')
            $deployment = Select-Result $run.Output
            $deployment.DeploymentId | Should -Not -BeNullOrEmpty
            Get-UploadTestPosts -Emulator $script:Emulator | Should -Be 1
            Get-DeploymentCount | Should -Be ($before + 1)
            $null = Wait-RailwayDeployment -Id $deployment.DeploymentId -TimeoutSec 60 -ErrorAction SilentlyContinue
            "deployment $($deployment.DeploymentId) after $($run.Seconds) s; 1 POST"
        }
    }

    It 'Invoke-RailwayCommand under <Name> on its variables read: retried, the command run once' -ForEach @(
        @{ Name = 'HTTP 503 once'; Fault = @{ kind = 'status'; status = 503; operation = 'VariablesForServiceDeployment'; count = 1 } }
        @{ Name = '429 Retry-After: 1 once'; Fault = @{ kind = 'retryAfter'; retryAfterSeconds = 1; operation = 'VariablesForServiceDeployment'; count = 1 } }
        @{ Name = 'an answer slower than RAILWAY_HTTP_TIMEOUT=1, once'; Fault = @{ kind = 'slow'; delayMs = 4000; operation = 'VariablesForServiceDeployment'; count = 1 }; HttpTimeout = 1 }
    ) {
        Invoke-ReliabilityCase -Section 'Uploads: 5xx, 429, slow answer' -Scenario "Invoke-RailwayCommand, VariablesForServiceDeployment answers $Name" -Expected 'retried and answered; the command ran exactly once with the variables; exit code 0' -Class recovered -Body {
            Remove-Item -LiteralPath $script:RunLog -ErrorAction SilentlyContinue
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault $Fault
            if ($HttpTimeout) { $env:RAILWAY_HTTP_TIMEOUT = "$HttpTimeout" }
            try { $run = Invoke-Captured { Invoke-RailwayCommand @script:Target -FilePath sh -ArgumentList '-c', 'echo "$GREETING" >> "$1"', 'sh', $script:RunLog -Confirm:$false } }
            finally { Clear-EmulatorFault $script:Emulator; Remove-Item Env:RAILWAY_HTTP_TIMEOUT -ErrorAction SilentlyContinue }

            $run.Errors | Should -BeNullOrEmpty -Because (($run.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) -join '; ')
            @(Get-Content -LiteralPath $script:RunLog) | Should -Be @('hello from uploads') -Because 'the command runs once, with the service''s variables'
            (Get-EmulatorJournal $script:Emulator).byOperation.VariablesForServiceDeployment | Should -BeGreaterOrEqual 2
            "recovered: variables read $((Get-EmulatorJournal $script:Emulator).byOperation.VariablesForServiceDeployment) times, command ran once in $($run.Seconds) s"
        }
    }

    It 'Invoke-Cpwtr -Source Upload when the upload endpoint answers 503: the Wait stage fails by name, nothing deployed' {
        Invoke-ReliabilityCase -Section 'Uploads: 5xx, 429, slow answer' -Scenario 'Invoke-Cpwtr -Source Upload -NoBump, upload endpoint answers HTTP 503' -Expected 'FailedStage Wait, a RailwayCpwtr* error naming service site; one POST; no deployment; the commit kept' -Class 'clear error' -Body {
            $repo = New-UploadTestSite -Path (Join-Path $script:Work 'cpwtr-fault') -Version 'cpwtr' -Git
            $head = git -C $repo rev-parse HEAD
            $before = Get-DeploymentCount
            Reset-EmulatorJournal $script:Emulator
            Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'status'; status = 503; path = '/project/'; count = 1 }
            try { $run = Invoke-Captured { Invoke-Cpwtr -Path $repo -NoBump -Source Upload @script:Target -TimeoutSec 30 -HealthTimeoutSec 5 -StableSec 0 -Confirm:$false -WarningAction SilentlyContinue } }
            finally { Clear-EmulatorFault $script:Emulator }

            $result = Select-Result $run.Output
            $result.FailedStage | Should -Be 'Wait'
            $record = @($run.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'RailwayCpwtr*' })[0]
            $report = Assert-ClearError $record -ErrorId 'RailwayCpwtr*' -MessageLike '*service site in uploads/production*'
            Get-UploadTestPosts -Emulator $script:Emulator | Should -Be 1
            Get-DeploymentCount | Should -Be $before
            git -C $repo rev-parse HEAD | Should -Be $head
            "$report; FailedStage Wait; 1 POST; no deployment"
        }
    }
}

Describe 'Uploads: a silent socket (connections accepted, never answered)' {
    BeforeAll {
        $script:Silent = Start-SilentListener
        $script:SilentMarker = Join-Path $script:Work 'silent-ran'
        $script:SilentRepo = New-UploadTestSite -Path (Join-Path $script:Work 'cpwtr-silent') -Version 'silent' -Git
        $cases = @(
            @{ Name = 'Deploy-RailwayService'; Command = 'Deploy-RailwayService $A.Site -Project uploads -Environment production -Service site -Confirm:$false -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Deploy-RailwayService -Wait'; Command = 'Deploy-RailwayService $A.Site -Project uploads -Environment production -Service site -Wait -TimeoutSec 5 -Confirm:$false -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Invoke-RailwayCommand'; Command = 'Invoke-RailwayCommand -Project uploads -Environment production -Service site -FilePath sh -ArgumentList "-c", "touch $($A.Marker)" -Confirm:$false -Endpoint $Endpoint -Token $Token' }
            @{ Name = 'Invoke-Cpwtr -Source Upload'; Command = 'Invoke-Cpwtr -Path $A.Repo -NoBump -Source Upload -Project uploads -Environment production -Service site -TimeoutSec 5 -StableSec 0 -Confirm:$false -Endpoint $Endpoint -Token $Token -WarningAction SilentlyContinue' }
        )
        $script:SilentRuns = Start-AreaSilentRun -Cases $cases -Endpoint $script:Silent.GraphQLUrl -ModulePath (Get-RailwayOpsTestModulePath) -Arguments @{ Site = $script:Site; Marker = $script:SilentMarker; Repo = $script:SilentRepo }
    }

    AfterAll { Stop-SilentListener $script:Silent }

    It '<Name> ends in a clear timeout and runs or uploads nothing' -ForEach @(
        @{ Name = 'Deploy-RailwayService'; ErrorId = 'RailwayTimeout' }, @{ Name = 'Deploy-RailwayService -Wait'; ErrorId = 'RailwayTimeout' }
        @{ Name = 'Invoke-RailwayCommand'; ErrorId = 'RailwayTimeout' }, @{ Name = 'Invoke-Cpwtr -Source Upload'; ErrorId = 'Railway*' }
    ) {
        Invoke-ReliabilityCase -Section 'Uploads: silent socket' -Scenario "$Name against a silent socket, RAILWAY_HTTP_TIMEOUT=1" -Expected "$ErrorId / OperationTimeout (< 30 s); the command never started; no commit made" -Class 'clear error' -Body {
            $result = Receive-AreaSilentRun $script:SilentRuns[$Name]

            $record = @($result.Errors | Where-Object { $_.CategoryInfo.Category -eq 'OperationTimeout' })[0]
            $report = Assert-ClearError $(if ($record) { $record } else { $result.Errors }) -ErrorId $ErrorId -Category OperationTimeout
            $result.Seconds | Should -BeLessThan 30
            Test-Path -LiteralPath $script:SilentMarker | Should -BeFalse -Because 'no variables, no command'
            @(git -C $script:SilentRepo log --format=%H).Count | Should -Be 1 -Because '-NoBump commits nothing'
            "$report after $($result.Seconds) s"
        }
    }
}

Describe 'Uploads: stop within one second mid-body' {
    It 'a stop while the body streams returns within 1 s, and the emulator makes no deployment of the cut-off upload' {
        Invoke-ReliabilityCase -Section 'Uploads: stop' -Scenario 'Stop() of Deploy-RailwayService while a 24 MB folder streams (no fault: the body itself is under way)' -Expected 'stopped within 1 s; no deployment appears; no staging folder left' -Class stopped -Body {
            $site = New-UploadTestSite -Path (Join-Path $script:Work 'stop-big') -Version 'stop-big'
            $bytes = [byte[]]::new(24MB); [Random]::new(7).NextBytes($bytes)
            [IO.File]::WriteAllBytes((Join-Path $site 'big.bin'), $bytes)
            $uploads = Join-Path $script:Emulator.StateDirectory 'uploads'
            $before = Get-DeploymentCount
            $running = Start-DeploymentTestPowerShell -Command 'Deploy-RailwayService $Site -Project uploads -Environment production -Service site -Endpoint $Endpoint -Token $Token -Confirm:$false' -Parameters @{
                Site = $site; Endpoint = $script:Emulator.GraphqlUrl; Token = (ConvertTo-TestSecureString 'emu-upload-account-token') }
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not @(Get-ChildItem -LiteralPath $uploads -Force -Filter '.incoming-*' -ErrorAction SilentlyContinue).Count -and -not $running.Handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 5 }
            $midBody = -not $running.Handle.IsCompleted
            $seconds = Measure-DeploymentTestStop $running
            $script:WorstStopMs = [Math]::Max([double]$script:WorstStopMs, [Math]::Round($seconds * 1000))

            $seconds | Should -BeLessOrEqual 1
            Wait-TestCondition -TimeoutSec 20 -Because 'the emulator drops the cut-off upload''s staging folder' -Condition { -not @(Get-ChildItem -LiteralPath $uploads -Force -Filter '.incoming-*' -ErrorAction SilentlyContinue).Count }
            if ($midBody) { Get-DeploymentCount | Should -Be $before -Because 'an upload whose client went away is not deployed' }
            'stopped in {0:N0} ms {1}; deployments {2} -> {3}; no staging folder' -f ($seconds * 1000), $(if ($midBody) { 'mid-body' } else { 'after it answered' }), $before, (Get-DeploymentCount)
        }
    }
}
