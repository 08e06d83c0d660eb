BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator -NoConnect
    $script:AccountToken = ConvertTo-TestSecureString (Get-TestSeedToken -Kind account)
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Disconnect-Railway' {
    BeforeEach {
        Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token $script:AccountToken -Project demo
    }

    AfterEach {
        Remove-Item Env:RAILWAY_API_TOKEN -ErrorAction SilentlyContinue
    }

    It 'clears the session so that no token is left' {
        Disconnect-Railway

        $context = Get-RailwayContext
        $context.TokenKind | Should -BeNullOrEmpty
        $context.Project | Should -BeNullOrEmpty
        $context.EndpointSource | Should -Be 'Default'
    }

    It 'leaves later calls with a clear terminating no-token error' {
        Disconnect-Railway

        $failure = { Get-RailwayProject -Endpoint $script:Emulator.GraphQLUrl } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayNoToken,*'
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.Exception.Message | Should -BeLike '*RAILWAY_API_TOKEN*'
    }

    It 'changes nothing with -WhatIf' {
        Disconnect-Railway -WhatIf

        (Get-RailwayContext).TokenSource | Should -Be 'Session'
    }

    It 'shows what still applies with -PassThru' {
        $env:RAILWAY_API_TOKEN = 'disconnect-remaining-canary'

        $context = Disconnect-Railway -PassThru

        $context.TokenSource | Should -Be 'EnvironmentVariable:RAILWAY_API_TOKEN'
    }
}
