BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    $script:HomeFolder = Enter-RailwayTestEnvironment
    $script:Emulator = Start-RailwayTestEmulator
    $script:AccountToken = Get-TestSeedToken -Kind account
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Get-RailwayContext' {
    BeforeEach {
        $script:Start = Get-Location
    }

    AfterEach {
        Set-Location $script:Start
        foreach ($name in 'RAILWAY_API_TOKEN', 'RAILWAY_TOKEN', 'RAILWAY_PROJECT_ID', 'RAILWAY_ENVIRONMENT_ID', 'RAILWAY_HTTP_TIMEOUT') {
            Remove-Item "Env:$name" -ErrorAction SilentlyContinue
        }
        Remove-Item (Join-Path $script:HomeFolder '.railway') -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'shows the emulator session and where each value came from' {
        $context = Get-RailwayContext

        $context | Should -BeOfType ([RailwayOps.RailwayContextInfo])
        $context.Endpoint | Should -Be $script:Emulator.GraphQLUrl
        $context.EndpointSource | Should -Be 'Session'
        $context.TokenKind | Should -Be 'Account'
        $context.TokenSource | Should -Be 'Session'
        $context.HttpTimeoutSec | Should -Be 90
    }

    It 'prefers RAILWAY_TOKEN as a project token over RAILWAY_API_TOKEN at an endpoint the session does not hold' {
        $env:RAILWAY_API_TOKEN = 'api-token-canary-2718'
        $env:RAILWAY_TOKEN = 'project-token-canary-1618'

        $context = Get-RailwayContext -Endpoint 'https://railway.example.com/graphql/v2'

        $context.TokenKind | Should -Be 'Project'
        $context.TokenSource | Should -Be 'EnvironmentVariable:RAILWAY_TOKEN'
        $context.OutrankedTokenSources | Should -Be @('EnvironmentVariable:RAILWAY_API_TOKEN', 'Session')
    }

    It 'masks a user name and password written into the endpoint' {
        $context = Get-RailwayContext -Endpoint 'https://ctx-user:ctx-pass-canary-3141@railway.example.com/graphql/v2'

        $context.Endpoint.Host | Should -Be 'railway.example.com'
        "$($context.Endpoint)" | Should -Not -Match 'ctx-user|ctx-pass-canary-3141'
        ($context | Format-List | Out-String) | Should -Not -Match 'ctx-pass-canary-3141'
    }

    It 'uses the session''s token at the session''s endpoint ahead of the environment variables, and says what it outranks' {
        $env:RAILWAY_API_TOKEN = 'api-token-canary-2718'
        $env:RAILWAY_TOKEN = 'project-token-canary-1618'

        $context = Get-RailwayContext

        $context.TokenSource | Should -Be 'Session'
        $context.OutrankedTokenSources | Should -Be @('EnvironmentVariable:RAILWAY_TOKEN', 'EnvironmentVariable:RAILWAY_API_TOKEN')
        @(Get-RailwayProject).Name | Should -Contain 'demo'
    }

    It 'never shows any part of the token' {
        $env:RAILWAY_API_TOKEN = 'context-token-canary-5772'

        $text = Get-RailwayContext -Verbose -Debug *>&1 | Out-String
        $listed = Get-RailwayContext | Format-List * | Out-String

        $text | Should -Not -BeLike '*context-token-canary-5772*'
        $text | Should -Not -BeLike '*5772*'
        $listed | Should -Not -BeLike '*5772*'
    }

    It 'lets parameters win over environment variables' {
        $env:RAILWAY_PROJECT_ID = 'p-from-variable'

        (Get-RailwayContext).ProjectSource | Should -Be 'EnvironmentVariable:RAILWAY_PROJECT_ID'
        $context = Get-RailwayContext -Project demo
        $context.Project | Should -Be 'demo'
        $context.ProjectSource | Should -Be 'Parameter:Project'
    }

    It 'refuses RAILWAY_ENVIRONMENT_ID without RAILWAY_PROJECT_ID, as the CLI does' {
        $env:RAILWAY_ENVIRONMENT_ID = 'e-1'

        { Get-RailwayContext -ErrorAction Stop } | Should -Throw -ErrorId 'RailwayEnvironmentWithoutProject,*'
    }

    It 'warns about an invalid RAILWAY_HTTP_TIMEOUT and uses 90 seconds' {
        $env:RAILWAY_HTTP_TIMEOUT = '12.5'

        $context = Get-RailwayContext -WarningVariable warnings -WarningAction SilentlyContinue

        $context.HttpTimeoutSec | Should -Be 90
        $warnings[0] | Should -BeLike '*RAILWAY_HTTP_TIMEOUT*'
    }

    Context 'in a folder below one linked with railway link' {
        BeforeEach {
            $script:LinkRoot = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-link-' + [guid]::NewGuid().ToString('n'))
            $script:Linked = Join-Path $script:LinkRoot 'shop'
            $script:Nested = Join-Path $script:Linked 'api/src'
            New-Item -ItemType Directory -Path $script:Nested -Force | Out-Null
            New-Item -ItemType Directory -Path (Join-Path $script:HomeFolder '.railway') -Force | Out-Null
            $link = @{ projectPath = $script:Linked; name = 'shop'; project = 'p-shop'; environment = 'e-prod'; environmentName = 'production' }
            @{ projects = @{ $script:Linked = $link } } | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $script:HomeFolder '.railway/config.json')
            Set-Location $script:Nested
        }

        AfterEach {
            Set-Location $script:Start
            Remove-Item $script:LinkRoot -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'uses the link of the nearest ancestor of the current PowerShell location' {
            $context = Get-RailwayContext

            $context.Project | Should -Be 'p-shop'
            $context.ProjectSource | Should -BeLike 'ConfigFile:*config.json'
            $context.Environment | Should -Be 'e-prod'
            $context.LinkedProjectPath | Should -Be $script:Linked
        }

        It 'lets RAILWAY_PROJECT_ID win over the link' {
            $env:RAILWAY_PROJECT_ID = 'p-from-variable'

            $context = Get-RailwayContext

            $context.Project | Should -Be 'p-from-variable'
            $context.Environment | Should -BeNullOrEmpty
        }
    }
}
