BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    $script:HomeFolder = Enter-RailwayTestEnvironment
    $script:Emulator = Start-RailwayTestEmulator -NoConnect
    $script:AccountToken = ConvertTo-TestSecureString (Get-TestSeedToken -Kind account)
    $script:ProjectToken = ConvertTo-TestSecureString (Get-TestSeedToken -Kind project)
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Connect-Railway' {
    BeforeEach {
        Disconnect-Railway -Confirm:$false
    }

    It 'verifies the token and sets the session' {
        $context = Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token $script:AccountToken -PassThru

        $context.Endpoint | Should -Be $script:Emulator.GraphQLUrl
        $context.TokenSource | Should -Be 'Session'
        (Get-RailwayProject).Name | Should -Contain 'demo'
    }

    It 'sets default targets that later cmdlets use' {
        Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token $script:AccountToken -Project demo

        (Get-RailwayContext).Project | Should -Be 'demo'
        @(Get-RailwayService).Name | Should -Contain 'web'
    }

    It 'connects with a project token, scoped to its project' {
        Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token $script:ProjectToken -TokenKind Project

        (Get-RailwayContext).TokenKind | Should -Be 'Project'
        (Get-RailwayProject).Name | Should -Be 'demo'
    }

    It 'refuses a bad token with an AuthenticationError and leaves the session unchanged' {
        $bad = ConvertTo-TestSecureString 'connect-bad-token-canary-1414'

        $failure = { Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token $bad -ErrorAction Stop } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayUnauthorized,*'
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        ($failure | Out-String) + $failure.ErrorDetails.Message | Should -Not -BeLike '*canary-1414*'
        (Get-RailwayContext).TokenKind | Should -BeNullOrEmpty
    }

    It 'changes nothing with -WhatIf' {
        Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token $script:AccountToken -WhatIf

        (Get-RailwayContext).EndpointSource | Should -Be 'Default'
    }

    It 'stores without a request when told to skip verification' {
        Reset-EmulatorJournal $script:Emulator

        Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token $script:AccountToken -SkipVerify

        (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
        (Get-RailwayContext).EndpointSource | Should -Be 'Session'
    }

    Context 'an explicit -Token and the other token sources' {
        AfterEach {
            Remove-Item Env:RAILWAY_API_TOKEN, Env:RAILWAY_TOKEN, Env:RAILWAY_PROJECT_ID -ErrorAction SilentlyContinue
            Remove-Item (Join-Path $script:HomeFolder '.railway') -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'checks and then uses the given token, though RAILWAY_TOKEN, RAILWAY_API_TOKEN and a CLI login are set, and shows what it outranks' {
            $env:RAILWAY_API_TOKEN = 'outranked-api-token-canary-77'
            $env:RAILWAY_TOKEN = 'outranked-project-token-canary-78'
            New-Item -ItemType Directory -Path (Join-Path $script:HomeFolder '.railway') -Force | Out-Null
            '{"user":{"token":"outranked-cli-token-canary-79"}}' | Set-Content (Join-Path $script:HomeFolder '.railway/config.json')

            $context = Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token $script:AccountToken -PassThru -ErrorAction Stop

            $context.TokenSource | Should -Be 'Session'
            $context.TokenKind | Should -Be 'Account'
            $context.OutrankedTokenSources | Should -Be @('EnvironmentVariable:RAILWAY_TOKEN', 'EnvironmentVariable:RAILWAY_API_TOKEN', "ConfigFile:$(Join-Path $script:HomeFolder '.railway/config.json')")
            (Get-RailwayProject).Name | Should -Contain 'demo'
            (Get-RailwayContext | Format-List | Out-String) | Should -Match 'OutrankedTokenSources'
        }

        It 'warns when an environment variable outranks a target it stores' {
            $env:RAILWAY_PROJECT_ID = 'p-from-variable'

            Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token $script:AccountToken -Project demo -SkipVerify -WarningVariable warnings -WarningAction SilentlyContinue

            $warnings.Count | Should -Be 1
            "$($warnings[0])" | Should -BeLike '*-Project*RAILWAY_PROJECT_ID*'
        }
    }

    It 'keeps its defaults across Start-RailwayEmulator, and connects right after it with the session''s token' {
        Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token $script:AccountToken -Project demo -Environment production -Service web
        $second = Start-RailwayTestEmulator
        try {
            $context = Get-RailwayContext
            $context.Endpoint | Should -Be $second.GraphQLUrl
            $context.TokenSource | Should -Be 'Session'
            ($context.Project, $context.Environment, $context.Service) | Should -Be @('demo', 'production', 'web')
            (Get-RailwayService).Name | Should -Contain 'web'

            $connected = Connect-Railway -Project demo -Environment staging -Service web -PassThru -ErrorAction Stop

            $connected.Endpoint | Should -Be $second.GraphQLUrl
            $connected.TokenSource | Should -Be 'Session'
            $connected.Environment | Should -Be 'staging'
            (Get-RailwayVariable -Name GREETING -AsPlainText).Value | Should -Be 'hello from staging'
        }
        finally { Stop-RailwayTestEmulator $second }
    }

    It 'refuses to send a token over plain http to a remote host' {
        $failure = { Connect-Railway -Endpoint 'http://railway.example.com/graphql/v2' -Token $script:AccountToken -ErrorAction Stop } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayInsecureEndpoint,*'
    }
}
