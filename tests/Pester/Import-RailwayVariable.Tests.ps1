BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Web = @{ Project = 'demo'; Environment = 'staging'; Service = 'web' }

    # What is stored: -Unrendered, so a reference in the file reads back as written, not resolved.
    function Get-PlainVariables {
        $values = @{}
        Get-RailwayVariable @script:Web -Unrendered -AsPlainText | ForEach-Object { $values[$_.Name] = $_.Value }
        $values
    }

    $script:Tricky = Join-Path $TestDrive 'tricky.env'
    $lines = @(
        '# a comment line'
        ''
        'PLAIN=plain value'
        'export EXPORTED=exported-value'
        '  SPACED = spaced value  '
        'WITH_EQUALS=a=b=c'
        'EMPTY='
        'TRAILING=kept # dropped comment'
        'HASH_INSIDE=abc#def'
        "SINGLE='literal \n `${NOT_EXPANDED} # not a comment'"
        'DOUBLE="tab\there \"quoted\" back\\slash"'
        'REFERENCE=${{shared.LOG_LEVEL}}'
        'DOLLAR="keep ${VAR} literal"'
        'MULTI="first line'
        'second line'
        'third = line"'
        'AFTER_MULTI=after'
        'DUPLICATE=first'
        'DUPLICATE=second'
    )
    Set-Content -Path $script:Tricky -Value ($lines -join "`n") -NoNewline
    $script:Expected = @{
        PLAIN = 'plain value'
        EXPORTED = 'exported-value'
        SPACED = 'spaced value'
        WITH_EQUALS = 'a=b=c'
        EMPTY = ''
        TRAILING = 'kept'
        HASH_INSIDE = 'abc#def'
        SINGLE = 'literal \n ${NOT_EXPANDED} # not a comment'
        DOUBLE = "tab`there `"quoted`" back\slash"
        REFERENCE = '${{shared.LOG_LEVEL}}'
        DOLLAR = 'keep ${VAR} literal'
        MULTI = "first line`nsecond line`nthird = line"
        AFTER_MULTI = 'after'
        DUPLICATE = 'second'
    }
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Import-RailwayVariable' {
    It 'changes nothing with -WhatIf' {
        Reset-EmulatorJournal $script:Emulator

        Import-RailwayVariable @script:Web -Path $script:Tricky -WhatIf | Should -BeNullOrEmpty

        (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'VariableCollectionUpsert'
        (Get-PlainVariables).ContainsKey('PLAIN') | Should -BeFalse
    }

    It 'round-trips a tricky .env file in one request and reports every name as New' {
        Reset-EmulatorJournal $script:Emulator

        $report = @(Import-RailwayVariable @script:Web -Path $script:Tricky -SkipDeploy)

        (Get-EmulatorJournal $script:Emulator).byOperation.VariableCollectionUpsert | Should -Be 1
        $report.Count | Should -Be $script:Expected.Count
        $report | ForEach-Object { $_.Change | Should -Be 'New'; $_ | Should -BeOfType ([RailwayOps.RailwayVariableChange]) }
        $stored = Get-PlainVariables
        foreach ($name in $script:Expected.Keys) { $stored[$name] | Should -BeExactly $script:Expected[$name] -Because $name }
    }

    It 'reports Unchanged and sends no write when the file matches' {
        Reset-EmulatorJournal $script:Emulator

        $report = @(Import-RailwayVariable @script:Web -Path $script:Tricky -SkipDeploy)

        $report | ForEach-Object { $_.Change | Should -Be 'Unchanged' }
        (Get-EmulatorJournal $script:Emulator).byOperation.PSObject.Properties.Name | Should -Not -Contain 'VariableCollectionUpsert'
    }

    It 'reports New, Changed and Unchanged per name' {
        $file = Join-Path $TestDrive 'changed.env'
        Set-Content -Path $file -Value "PLAIN=plain value`nEXPORTED=new-exported-value`nBRAND_NEW=fresh"

        $report = Import-RailwayVariable @script:Web -Path $file -SkipDeploy

        ($report | Where-Object Name -EQ 'PLAIN').Change | Should -Be 'Unchanged'
        ($report | Where-Object Name -EQ 'EXPORTED').Change | Should -Be 'Changed'
        ($report | Where-Object Name -EQ 'BRAND_NEW').Change | Should -Be 'New'
        (Get-PlainVariables)['EXPORTED'] | Should -Be 'new-exported-value'
    }

    It 'rejects broken quoting with the line number and without the value, writing nothing' {
        $file = Join-Path $TestDrive 'broken.env'
        Set-Content -Path $file -Value "GOOD=fine`nBROKEN=`"broken-secret-6Tq`nNEXT=x"
        Reset-EmulatorJournal $script:Emulator

        Import-RailwayVariable @script:Web -Path $file -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidDotEnv,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].Exception.Message | Should -Match 'line 2'
        ($failures[0] | Out-String) + $failures[0].Exception.Message | Should -Not -Match 'broken-secret-6Tq'
        (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
    }

    It 'rejects a line that is not NAME=value' {
        $file = Join-Path $TestDrive 'noequals.env'
        Set-Content -Path $file -Value "# ok`nthis line has no equals sign"

        Import-RailwayVariable @script:Web -Path $file -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidDotEnv,*'
        $failures[0].Exception.Message | Should -Match 'line 2'
        $failures[0].Exception.Message | Should -Not -Match 'this line has no equals'
    }

    It 'reads a .env file with lone CR line endings as separate lines' {
        $file = Join-Path $TestDrive 'classic-mac.env'
        [IO.File]::WriteAllText($file, "CR_ONE=first`rCR_TWO=second`r# comment`rCR_THREE=third`r")

        $report = Import-RailwayVariable @script:Web -Path $file -SkipDeploy

        @($report).Name | Sort-Object | Should -Be @('CR_ONE', 'CR_THREE', 'CR_TWO')
        $values = Get-PlainVariables
        $values['CR_ONE'] | Should -Be 'first'
        $values['CR_TWO'] | Should -Be 'second'
        $values['CR_THREE'] | Should -Be 'third'
    }

    It 'refuses a line whose value holds a NUL, naming the line, writing nothing' {
        $file = Join-Path $TestDrive 'nul.env'
        [IO.File]::WriteAllText($file, "GOOD=fine`nNUL_LINE=nul-secret-4Kd`0tail`n")
        Reset-EmulatorJournal $script:Emulator

        Import-RailwayVariable @script:Web -Path $file -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidDotEnv,*'
        $failures[0].Exception.Message | Should -Match 'line 2'
        $failures[0].Exception.Message | Should -Match 'NUL'
        ($failures[0] | Out-String) | Should -Not -Match 'nul-secret-4Kd'
        (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
    }

    It 'reports a missing file' {
        Import-RailwayVariable @script:Web -Path (Join-Path $TestDrive 'absent.env') -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDotEnvNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'takes files piped from Get-ChildItem' {
        $file = Join-Path $TestDrive 'piped.env'
        Set-Content -Path $file -Value 'PIPED_NAME=piped-value'

        Get-Item $file | Import-RailwayVariable @script:Web -SkipDeploy | Select-Object -ExpandProperty Name | Should -Be 'PIPED_NAME'
    }
}
