BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SampleAppTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Web = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }

    function Get-PlainVariables {
        $values = @{}
        Get-RailwayVariable @script:Web -AsPlainText | ForEach-Object { $values[$_.Name] = $_.Value }
        $values
    }

    function Invoke-ChildSet {
        <# Runs Set-RailwayVariable in a fresh pwsh pointed at the emulator. With -Answers the child is
           interactive and reads one prompt answer per line from stdin; without, it is -NonInteractive. #>
        param([string]$Command, [string]$ConfirmPreference = 'High', [string[]]$Answers)
        $body = "param(`$ModulePath)`n`$PSStyle.OutputRendering = 'PlainText'`nImport-Module `$ModulePath -ErrorAction Stop`n" +
            "`$ConfirmPreference = '$ConfirmPreference'`n" +
            "try { $Command; 'COMPLETED' }`ncatch { 'ERRORID=' + `$_.FullyQualifiedErrorId; 'MESSAGE=' + `$_.ToString() }"
        $child = @{
            ScriptBlock  = [scriptblock]::Create($body)
            ArgumentList = (Resolve-Path (Get-RailwayOpsTestModulePath)).ProviderPath
            TimeoutSec   = 90
            Environment  = @{ RAILWAYOPS_API_URL = $script:Emulator.GraphQLUrl; RAILWAY_API_TOKEN = (Get-TestSeedToken) }
        }
        if ($PSBoundParameters.ContainsKey('Answers')) { $child.InputText = ($Answers | ForEach-Object { "$_`n" }) -join '' }
        $result = Invoke-ChildPwsh @child
        # Every prompt, ShouldProcess's or ShouldContinue's, offers "[Y] Yes"; count them.
        $result | Add-Member -NotePropertyName Prompts -NotePropertyValue ([regex]::Matches($result.Output, '\[Y\] Yes')).Count
        $result | Add-Member -NotePropertyName Text -NotePropertyValue ($result.Output -replace '\s+', ' ') -PassThru
    }

    function Get-WebDeploymentCount {
        @(Get-RailwayDeployment @script:Web).Count
    }

    function Wait-WebDeploymentSettled {
        # Polls (no fixed sleep) until the newest deployment is no longer in progress.
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        do {
            $latest = Get-RailwayDeployment @script:Web -First 1
            if ($latest.StatusClass -notin 'InProgress') { return $latest }
            Start-Sleep -Milliseconds 250
        } while ([DateTime]::UtcNow -lt $deadline)
        throw 'The deployment did not settle within 120 s.'
    }

    # A redeploy needs source: push the sample app so variable changes have a commit to redeploy.
    $script:App = Publish-SampleApp -Emulator $script:Emulator
    $sha = $script:App.Sha
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while (-not (Get-RailwayDeployment @script:Web -CommitSha $sha) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 250 }
    Wait-WebDeploymentSettled | Out-Null
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Remove-SampleApp $script:App
    Exit-RailwayTestEnvironment
}

Describe 'Set-RailwayVariable' {
    It 'sets one variable from a plain string and reads it back' {
        Set-RailwayVariable @script:Web -Name SINGLE_VALUE -Value 'single-plain-value' -SkipDeploy

        (Get-PlainVariables)['SINGLE_VALUE'] | Should -Be 'single-plain-value'
    }

    It 'accepts a SecureString value and returns SecureStrings with -PassThru' {
        $secure = ConvertTo-TestSecureString 'secure-input-value'

        $result = Set-RailwayVariable @script:Web -Name SECURE_VALUE -Value $secure -SkipDeploy -PassThru

        $result.Name | Should -Be 'SECURE_VALUE'
        $result.Value | Should -BeOfType ([securestring])
        (Get-PlainVariables)['SECURE_VALUE'] | Should -Be 'secure-input-value'
    }

    It 'writes 20 variables in exactly one request and redeploys exactly once' {
        $values = @{}
        1..20 | ForEach-Object { $values["BULK_$_"] = "bulk-value-$_" }
        $before = Get-WebDeploymentCount
        Reset-EmulatorJournal $script:Emulator

        Set-RailwayVariable @script:Web -Variables $values

        (Get-EmulatorJournal $script:Emulator).byOperation.VariableCollectionUpsert | Should -Be 1
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ((Get-WebDeploymentCount) -le $before -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 250 }
        Get-WebDeploymentCount | Should -Be ($before + 1)
        Wait-WebDeploymentSettled | Out-Null
        Get-WebDeploymentCount | Should -Be ($before + 1)
        $stored = Get-PlainVariables
        1..20 | ForEach-Object { $stored["BULK_$_"] | Should -Be "bulk-value-$_" }
    }

    It 'sends nothing when every value is already set' {
        Set-RailwayVariable @script:Web -Name SAME_VALUE -Value 'unchanging-value' -SkipDeploy
        Reset-EmulatorJournal $script:Emulator

        Set-RailwayVariable @script:Web -Name SAME_VALUE -Value 'unchanging-value' -SkipDeploy

        (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'VariableCollectionUpsert'
    }

    It 'changes nothing with -WhatIf and names the variables, never the values' {
        $transcript = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -Path $transcript | Out-Null
        try { Set-RailwayVariable @script:Web -Name WHATIF_NAME -Value 'whatif-canary-value' -WhatIf }
        finally { Stop-Transcript | Out-Null }

        (Get-PlainVariables).ContainsKey('WHATIF_NAME') | Should -BeFalse
        $text = Get-Content -Raw $transcript
        $text | Should -Match 'WHATIF_NAME'
        $text | Should -Not -Match 'whatif-canary-value'
    }

    It 'lists the names -Replace would remove in the -WhatIf text' {
        $transcript = Join-Path $TestDrive 'replace-whatif.txt'
        Start-Transcript -Path $transcript | Out-Null
        try { Set-RailwayVariable @script:Web -Variables @{ KEEP_ME = 'kept-value-3' } -Replace -WhatIf }
        finally { Stop-Transcript | Out-Null }

        Get-Content -Raw $transcript | Should -Match 'every other variable is removed: .*GREETING'
        (Get-PlainVariables).ContainsKey('GREETING') | Should -BeTrue
    }

    It 'replaces the whole set with -Replace -Force' {
        Set-RailwayVariable @script:Web -Variables @{ KEEP_ME = 'kept-value'; DROP_ME = 'dropped-value' } -SkipDeploy

        Set-RailwayVariable @script:Web -Variables @{ KEEP_ME = 'kept-value-2' } -Replace -Force -SkipDeploy

        $stored = Get-PlainVariables
        $stored.Keys | Should -Be @('KEEP_ME')
        $stored['KEEP_ME'] | Should -Be 'kept-value-2'
    }

    Context '-Replace confirmation' {
        BeforeEach {
            Set-RailwayVariable @script:Web -Variables @{ KEEP_ME = 'kept-value'; DROP_ME = 'dropped-value' } -SkipDeploy
        }

        It 'asks once at the default $ConfirmPreference (High), and replaces on yes' {
            $result = Invoke-ChildSet -Command 'Set-RailwayVariable -Project demo -Environment production -Service web -Variables @{ KEEP_ME = ''kept-yes'' } -Replace -SkipDeploy' -Answers 'y'

            $result.Lines | Should -Contain 'COMPLETED' -Because "the child wrote: $($result.Output) $($result.Error)"
            $result.Prompts | Should -Be 1
            $result.Text | Should -Match 'Replace removes every variable .*DROP_ME'
            (Get-PlainVariables).Keys | Should -Be @('KEEP_ME')
        }

        It 'asks once, not twice, when $ConfirmPreference is Medium (ShouldProcess has already asked)' {
            # A second prompt would find stdin at its end and stop the command.
            $result = Invoke-ChildSet -ConfirmPreference Medium -Command 'Set-RailwayVariable -Project demo -Environment production -Service web -Variables @{ KEEP_ME = ''kept-medium'' } -Replace -SkipDeploy' -Answers 'y'

            $result.Lines | Should -Contain 'COMPLETED' -Because "the child wrote: $($result.Output) $($result.Error)"
            $result.Prompts | Should -Be 1
            (Get-PlainVariables)['KEEP_ME'] | Should -Be 'kept-medium'
            (Get-PlainVariables).ContainsKey('DROP_ME') | Should -BeFalse
        }

        It 'changes nothing when the answer is no' {
            $result = Invoke-ChildSet -Command 'Set-RailwayVariable -Project demo -Environment production -Service web -Variables @{ KEEP_ME = ''kept-no'' } -Replace -SkipDeploy' -Answers 'n'

            $result.Lines | Should -Contain 'COMPLETED'
            $result.Prompts | Should -Be 1
            $stored = Get-PlainVariables
            $stored['KEEP_ME'] | Should -Be 'kept-value'
            $stored['DROP_ME'] | Should -Be 'dropped-value'
        }

        It 'does not ask with -Force, even at $ConfirmPreference Low' {
            $result = Invoke-ChildSet -ConfirmPreference Low -Command 'Set-RailwayVariable -Project demo -Environment production -Service web -Variables @{ KEEP_ME = ''kept-forced'' } -Replace -Force -SkipDeploy' -Answers @()

            $result.Lines | Should -Contain 'COMPLETED' -Because "the child wrote: $($result.Output) $($result.Error)"
            $result.Prompts | Should -Be 0
            (Get-PlainVariables).Keys | Should -Be @('KEEP_ME')
        }

        It 'stops with RailwayConfirmationRequired in a non-interactive pwsh, naming -Force, and changes nothing' {
            Reset-EmulatorJournal $script:Emulator

            $result = Invoke-ChildSet -Command 'Set-RailwayVariable -Project demo -Environment production -Service web -Variables @{ KEEP_ME = ''kept-ci'' } -Replace -SkipDeploy'

            $result.Lines | Should -Not -Contain 'COMPLETED'
            $result.Lines | Should -Contain 'ERRORID=RailwayConfirmationRequired,RailwayOps.Commands.SetRailwayVariableCommand' -Because "the child wrote: $($result.Output) $($result.Error)"
            $result.Text | Should -Match '-Force'
            (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'VariableCollectionUpsert'
            (Get-PlainVariables)['DROP_ME'] | Should -Be 'dropped-value'
        }
    }

    It 'sets shared variables with -Shared' {
        Set-RailwayVariable -Project demo -Environment production -Shared -Name SHARED_ONE -Value 'shared-value-1' -SkipDeploy

        (Get-RailwayVariable -Project demo -Environment production -Shared -Name SHARED_ONE -AsPlainText).Value | Should -Be 'shared-value-1'
        Get-RailwayVariable @script:Web -Name SHARED_ONE -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'rejects an invalid name and writes nothing' {
        Reset-EmulatorJournal $script:Emulator

        Set-RailwayVariable @script:Web -Variables @{ 'GOOD_NAME' = 'good-value'; '1-bad name' = 'bad-value' } -SkipDeploy -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidVariableName,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
    }

    It 'rejects a null value' {
        Set-RailwayVariable @script:Web -Variables @{ NULL_VALUE = $null } -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidVariableValue,*'
    }

    It 'refuses a value with a NUL character (as <Kind>), which no process environment can hold, and writes nothing' -ForEach @(
        @{ Kind = 'a string' }
        @{ Kind = 'a SecureString' }
    ) {
        Reset-EmulatorJournal $script:Emulator

        # In a variable: the error record's invocation line (DetailedView) shows what the test typed, not what the module wrote.
        # A SecureString is read with its length: a NUL inside it must not cut the value short and let the head through.
        $value = "nul-secret`0tail"
        if ($Kind -eq 'a SecureString') { $value = ConvertTo-SecureString -String $value -AsPlainText -Force }
        Set-RailwayVariable @script:Web -Name NUL_VALUE -Value $value -SkipDeploy -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidVariableValue,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].Exception.Message | Should -Match 'NUL'
        ($failures[0] | Out-String) | Should -Not -Match 'nul-secret'
        (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
    }

    It 'refuses -Shared together with -Service' {
        Set-RailwayVariable @script:Web -Shared -Name X_NAME -Value 'x-value' -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayVariableSharedWithService,*'
    }

    It 'needs an environment' {
        Set-RailwayVariable -Project demo -Service web -Name X_NAME -Value 'x-value' -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayVariableEnvironmentRequired,*'
    }

    It 'reports an unknown service as ObjectNotFound' {
        Set-RailwayVariable -Project demo -Environment production -Service nope -Name X_NAME -Value 'x-value' -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayServiceNotFound,*'
    }

    It 'reports a failed write as an error, not a success' {
        Add-EmulatorFault $script:Emulator @{ kind = 'graphqlError'; message = 'variable store unavailable'; operation = 'VariableCollectionUpsert' }
        try {
            Set-RailwayVariable @script:Web -Name FAILED_WRITE -Value 'failed-write-value' -SkipDeploy -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { Clear-EmulatorFault $script:Emulator }

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayGraphQLError,*'
        (Get-PlainVariables).ContainsKey('FAILED_WRITE') | Should -BeFalse
    }
}

Describe 'Variable values stay out of every stream' {
    It 'never prints a value without -AsPlainText' {
        $canaries = 'canary-single-7Q2x', 'canary-bulk-9Zp4', 'canary-import-3Kd8', 'canary-secure-5Vb1'
        $envFile = Join-Path $TestDrive 'canary.env'
        Set-Content -Path $envFile -Value "CANARY_IMPORT=`"$($canaries[2])`""
        $transcript = Join-Path $TestDrive 'canary.txt'
        $previousErrorView = $ErrorView
        $ErrorView = 'DetailedView'
        $Error.Clear()
        Start-Transcript -Path $transcript | Out-Null
        try {
            $captured = & {
                Set-RailwayVariable @script:Web -Name CANARY_SINGLE -Value $canaries[0] -SkipDeploy -PassThru -Verbose -Debug
                Set-RailwayVariable @script:Web -Variables @{ CANARY_BULK = $canaries[1]; CANARY_SECURE = (ConvertTo-TestSecureString $canaries[3]) } -Verbose -Debug -WhatIf
                Set-RailwayVariable @script:Web -Variables @{ CANARY_BULK = $canaries[1]; CANARY_SECURE = (ConvertTo-TestSecureString $canaries[3]) } -SkipDeploy -Verbose -Debug
                Import-RailwayVariable @script:Web -Path $envFile -SkipDeploy -Verbose -Debug
                Get-RailwayVariable @script:Web -Name 'CANARY_*' -Verbose -Debug | Format-Table | Out-String
                Get-RailwayVariable @script:Web -Name 'CANARY_*' -Verbose -Debug | Format-List * | Out-String
                Set-RailwayVariable @script:Web -Name 'bad name' -Value $canaries[0] -Verbose -Debug -ErrorAction Continue
                Remove-RailwayVariable @script:Web -Name 'CANARY_*' -Confirm:$false -Verbose -Debug -PassThru | Out-String
            } *>&1 | Out-String
        }
        finally {
            Stop-Transcript | Out-Null
            $ErrorView = $previousErrorView
        }

        $everything = $captured + (Get-Content -Raw $transcript) + ($Error | Out-String) + ($Error | ForEach-Object { $_.ErrorDetails.Message; $_.Exception.Message })
        foreach ($canary in $canaries) { $everything | Should -Not -Match $canary }
        $everything | Should -Match 'CANARY_SINGLE'
    }

    It 'shows the value with -AsPlainText' {
        Set-RailwayVariable @script:Web -Name PLAIN_CANARY -Value 'plain-canary-4Hs6' -SkipDeploy

        Get-RailwayVariable @script:Web -Name PLAIN_CANARY -AsPlainText | Format-Table | Out-String | Should -Match 'plain-canary-4Hs6'
    }
}
