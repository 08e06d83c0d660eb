BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Seed = Get-RailwayOpsTestSeed
    $script:Web = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
    $script:SeedValues = ($script:Seed.projects[0].services | Where-Object name -EQ 'web').variables.production
    Set-RailwayVariable @script:Web -Variables @{ GET_ALPHA = 'get-alpha-value'; GET_BETA = 'get-beta-value' } -SkipDeploy
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Get-RailwayVariable' {
    It 'returns SecureString values by default' {
        $variables = @(Get-RailwayVariable @script:Web)

        $variables.Name | Should -Contain 'GREETING'
        $variables | ForEach-Object {
            $_ | Should -BeOfType ([RailwayOps.RailwayVariable])
            $_.Value | Should -BeOfType ([securestring])
            $_.ServiceName | Should -Be 'web'
            $_.EnvironmentName | Should -Be 'production'
            $_.Shared | Should -BeFalse
        }
    }

    It 'shows (hidden) in the table view and never the value' {
        $table = Get-RailwayVariable @script:Web -Name GET_ALPHA | Format-Table | Out-String

        $table | Should -Match '\(hidden\)'
        $table | Should -Not -Match 'get-alpha-value'
    }

    It 'returns plain strings with -AsPlainText' {
        $greeting = Get-RailwayVariable @script:Web -Name GREETING -AsPlainText

        $greeting.Value | Should -BeOfType ([string])
        $greeting.Value | Should -Be $script:SeedValues.GREETING
    }

    It 'filters names with wildcards, case-sensitively as Railway keeps names' {
        $names = (Get-RailwayVariable @script:Web -Name 'GET_*').Name

        $names | Should -Be @('GET_ALPHA', 'GET_BETA')
        Get-RailwayVariable @script:Web -Name 'get_*' | Should -BeNullOrEmpty
    }

    Context 'names that differ only in case or by an invisible character' {
        BeforeAll {
            Set-RailwayVariable @script:Web -Name CASE_KEY -Value 'upper-value' -SkipDeploy
            Set-RailwayVariable @script:Web -Name case_key -Value 'lower-value' -SkipDeploy
        }

        It 'returns only the exact name, not its other-case twin' {
            $found = @(Get-RailwayVariable @script:Web -Name case_key -AsPlainText)

            $found.Name | Should -Be @('case_key')
            $found.Value | Should -Be @('lower-value')
        }

        It 'does not read a NUL or a zero-width space as nothing' -ForEach @(
            @{ Label = 'NUL'; Name = 'GET_AL{NUL}PHA' }
            @{ Label = 'zero-width space'; Name = "GET_ALPHA`u{200B}" }
        ) {
            # The test data holds a placeholder: a NUL in it would break the NUnit report's XML.
            $Name = $Name.Replace('{NUL}', "`0")
            Get-RailwayVariable @script:Web -Name $Name -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayVariableNotFound,*'
        }
    }

    It 'reports a literal name that does not exist' {
        Get-RailwayVariable @script:Web -Name 'GET_ALPHA', 'NOT_THERE' -ErrorVariable failures -ErrorAction SilentlyContinue |
            Select-Object -ExpandProperty Name | Should -Be 'GET_ALPHA'

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayVariableNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'NOT_THERE'
    }

    It 'reads shared variables with -Shared' {
        $shared = Get-RailwayVariable -Project demo -Environment production -Shared -AsPlainText

        $shared.Name | Should -Contain 'LOG_LEVEL'
        ($shared | Where-Object Name -EQ 'LOG_LEVEL').Value | Should -Be $script:Seed.projects[0].sharedVariables.production.LOG_LEVEL
        $shared | ForEach-Object { $_.Shared | Should -BeTrue; $_.ServiceId | Should -BeNullOrEmpty }
    }

    It 'takes the service from piped services' {
        $variables = Get-RailwayService -Project demo -Name web | Get-RailwayVariable -Environment production -Name GET_BETA -AsPlainText

        $variables.Value | Should -Be 'get-beta-value'
    }

    It 'returns references as written with -Unrendered' {
        Set-RailwayVariable @script:Web -Name GET_REFERENCE -Value '${{shared.LOG_LEVEL}}' -SkipDeploy

        (Get-RailwayVariable @script:Web -Name GET_REFERENCE -Unrendered -AsPlainText).Value | Should -Be '${{shared.LOG_LEVEL}}'
    }

    It 'returns references rendered by default and as written with -Unrendered' {
        Set-RailwayVariable -Project demo -Environment production -Shared -Name GET_SHARED_HOST -Value 'shared.example.test' -SkipDeploy
        Set-RailwayVariable @script:Web -Name GET_SHARED_URL -Value 'https://${{ shared.GET_SHARED_HOST }}/v1' -SkipDeploy

        (Get-RailwayVariable @script:Web -Name GET_SHARED_URL -AsPlainText).Value | Should -Be 'https://shared.example.test/v1'
        (Get-RailwayVariable @script:Web -Name GET_SHARED_URL -Unrendered -AsPlainText).Value | Should -Be 'https://${{ shared.GET_SHARED_HOST }}/v1'
    }

    It 'needs a service or -Shared' {
        Get-RailwayVariable -Project demo -Environment production -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayVariableServiceRequired,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'needs an environment' {
        Get-RailwayVariable -Project demo -Service web -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayVariableEnvironmentRequired,*'
    }

    It 'names every missing piece in one error when run bare, sending nothing' {
        Reset-EmulatorJournal $script:Emulator

        Get-RailwayVariable -ErrorVariable failures -ErrorAction SilentlyContinue

        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayProjectRequired,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].ErrorDetails.Message | Should -BeLike '*-Project, -Environment, -Service*RAILWAY_PROJECT_ID, RAILWAY_ENVIRONMENT_ID, RAILWAY_SERVICE_ID*-Shared*'
        $failures[0].ErrorDetails.RecommendedAction | Should -BeLike '*Get-RailwayService*'
        (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
    }

    It 'names the two pieces still missing when only the project is known' {
        Get-RailwayVariable -Project demo -Shared -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayVariableEnvironmentRequired,*'
        $failures[0].ErrorDetails.Message | Should -BeLike '*nothing says -Environment here*'
        $failures[0].ErrorDetails.Message | Should -Not -BeLike '*-Service*'
    }

    It 'reports an unknown environment' {
        Get-RailwayVariable -Project demo -Environment nowhere -Service web -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentNotFound,*'
    }

    It 'reports a refused token as an authentication error' {
        Get-RailwayVariable @script:Web -Token (ConvertTo-TestSecureString 'not-a-valid-token') -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayUnauthorized,*'
        $failures[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
    }
}
