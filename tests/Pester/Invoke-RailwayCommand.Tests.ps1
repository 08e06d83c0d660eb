BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'UploadTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    $script:Fixture = Enter-UploadTestFixture
    $script:Emulator = $script:Fixture.Emulator
    $script:Target = $script:Fixture.Target
    $script:Canary = Get-UploadTestCanary
    $script:Markers = Join-Path $script:Fixture.Folder 'markers'
    New-Item -ItemType Directory -Path $script:Markers | Out-Null

    function Wait-TestFile([string]$Path, [double]$TimeoutSec = 20) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        while (-not (Test-Path -LiteralPath $Path) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        Test-Path -LiteralPath $Path
    }

    function Test-ProcessAlive([int]$Id) {
        $process = Get-Process -Id $Id -ErrorAction SilentlyContinue
        # A zombie not yet reaped by its parent is gone for every purpose here.
        $process -and -not $process.HasExited -and -not ((Test-Path "/proc/$Id/stat") -and (Get-Content "/proc/$Id/stat" -Raw) -match '^\d+ \(.*\) Z')
    }
}

AfterAll {
    Exit-UploadTestFixture $script:Fixture
}

Describe 'Invoke-RailwayCommand' {
    It 'passes the service''s rendered variables and Railway''s RAILWAY_* ones to a script block' {
        $lines = Invoke-RailwayCommand @script:Target { "$env:GREETING|$env:RAILWAY_SERVICE_NAME|$env:RAILWAY_ENVIRONMENT_NAME" } -Confirm:$false -ErrorAction Stop | ForEach-Object { $_ }

        $lines | Should -Be 'hello from uploads|site|production'
    }

    It 'passes them to an executable started without a shell, with its arguments as given' {
        $lines = Invoke-RailwayCommand @script:Target -FilePath sh -ArgumentList '-c', 'printf "%s|%s\n" "$GREETING" "$1"', 'sh', 'one two' -Confirm:$false -ErrorAction Stop | ForEach-Object { $_ }

        $lines | Should -Be 'hello from uploads|one two'
    }

    It 'makes the child''s exit code $LASTEXITCODE (script block and executable)' {
        $global:LASTEXITCODE = 0
        Invoke-RailwayCommand @script:Target { exit 7 } -Confirm:$false -ErrorAction Stop
        $LASTEXITCODE | Should -Be 7

        Invoke-RailwayCommand @script:Target -FilePath sh -ArgumentList '-c', 'exit 3' -Confirm:$false -ErrorAction Stop
        $LASTEXITCODE | Should -Be 3

        Invoke-RailwayCommand @script:Target -FilePath sh -ArgumentList '-c', 'exit 0' -Confirm:$false -ErrorAction Stop
        $LASTEXITCODE | Should -Be 0
    }

    It 'leaves out variables a shell or runtime would act on at startup, naming them in a warning' {
        $lines = Invoke-RailwayCommand @script:Target -FilePath sh -ArgumentList '-c', 'echo "[${BASH_ENV-unset}]"' -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop | ForEach-Object { $_ }

        $lines | Should -Be '[unset]'
        ($warned -join ' ') | Should -Match 'BASH_ENV'
    }

    It 'reads the variables in one request when the target is given as ids' {
        $service = Get-RailwayService -Project uploads | Where-Object Name -EQ 'site'
        $environment = Get-RailwayEnvironment -Project uploads | Where-Object Name -EQ 'production'
        Reset-EmulatorJournal $script:Emulator

        Invoke-RailwayCommand -Project $service.ProjectId -Environment $environment.EnvironmentId -Service $service.ServiceId { exit 0 } -Confirm:$false -ErrorAction Stop

        $journal = Get-EmulatorJournal $script:Emulator
        $journal.total | Should -Be 1
        $journal.byOperation.VariablesForServiceDeployment | Should -Be 1
    }

    It 'writes no variable value to any stream, with -Verbose, -Debug and -WhatIf' {
        $all = & {
            Invoke-RailwayCommand @script:Target -FilePath sh -ArgumentList '-c', 'echo ran' -Verbose -Debug -WhatIf
            # Piped on, so that the child's output is captured here too.
            Invoke-RailwayCommand @script:Target -FilePath sh -ArgumentList '-c', 'echo ran' -Verbose -Debug -Confirm:$false | Write-Output
        } *>&1 | Out-String

        $all | Should -Not -Match ([regex]::Escape($script:Canary))
        $all | Should -Match 'DB_PASSWORD'
        $all | Should -Match 'ran'
    }

    It 'runs nothing with -WhatIf' {
        $marker = Join-Path $script:Markers 'whatif'

        Invoke-RailwayCommand @script:Target -FilePath sh -ArgumentList '-c', "touch '$marker'" -WhatIf

        Test-Path -LiteralPath $marker | Should -BeFalse
    }

    It 'forwards a stop (Ctrl+C) to the child as SIGINT and waits for it to end' {
        $started = Join-Path $script:Markers 'int-started'
        $interrupted = Join-Path $script:Markers 'int-got'
        $script = New-SigintChildScript -Started $started -Interrupted $interrupted
        $running = Start-DeploymentTestPowerShell -Command 'Invoke-RailwayCommand -Endpoint $Endpoint -Token $Token -Project uploads -Environment production -Service site -FilePath python3 -ArgumentList "-c", $Script -Confirm:$false' -Parameters @{
            Endpoint = $script:Emulator.GraphqlUrl; Token = (ConvertTo-TestSecureString 'emu-upload-account-token'); Script = $script
        }
        try {
            Wait-TestFile $started | Should -BeTrue
            $childId = [int](Get-Content -LiteralPath $started -Raw).Trim()

            Measure-DeploymentTestStop $running | Should -BeLessThan 10

            Test-Path -LiteralPath $interrupted | Should -BeTrue -Because 'the child got SIGINT and ran its trap'
            Test-ProcessAlive $childId | Should -BeFalse
        }
        finally { if ($running.Shell.InvocationStateInfo.State -eq 'Running') { $running.Shell.Stop() } }
    }

    It 'kills a child that ignores SIGINT after the grace period, leaving nothing running' {
        $started = Join-Path $script:Markers 'ignore-started'
        $script = "echo `$`$ > '$started'; trap '' INT; while true; do sleep 0.1; done"
        $running = Start-DeploymentTestPowerShell -Command 'Invoke-RailwayCommand -Endpoint $Endpoint -Token $Token -Project uploads -Environment production -Service site -FilePath sh -ArgumentList "-c", $Script -Confirm:$false' -Parameters @{
            Endpoint = $script:Emulator.GraphqlUrl; Token = (ConvertTo-TestSecureString 'emu-upload-account-token'); Script = $script
        }
        Wait-TestFile $started | Should -BeTrue
        $childId = [int](Get-Content -LiteralPath $started -Raw).Trim()

        Measure-DeploymentTestStop $running | Should -BeLessThan 15

        Test-ProcessAlive $childId | Should -BeFalse
    }

    It 'refuses an executable that cannot be found with RailwayCommandNotFound, before any request' {
        Reset-EmulatorJournal $script:Emulator

        Invoke-RailwayCommand @script:Target -FilePath 'no-such-command-railwayops' -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCommandNotFound,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
    }

    It 'refuses a target without a service with RailwayCommandTargetIncomplete and runs nothing' {
        $marker = Join-Path $script:Markers 'noservice'

        Invoke-RailwayCommand -Project uploads -Environment production -FilePath sh -ArgumentList '-c', "touch '$marker'" -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCommandTargetIncomplete,*'
        Test-Path -LiteralPath $marker | Should -BeFalse
    }

    It 'writes RailwayServiceNotFound for an unknown service name and runs nothing' {
        $marker = Join-Path $script:Markers 'unknown'

        Invoke-RailwayCommand -Project uploads -Environment production -Service nope -FilePath sh -ArgumentList '-c', "touch '$marker'" -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayServiceNotFound,*'
        Test-Path -LiteralPath $marker | Should -BeFalse
    }
}
