BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
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

    It 'refuses to send a token over plain http to a remote host' {
        $failure = { Connect-Railway -Endpoint 'http://railway.example.com/graphql/v2' -Token $script:AccountToken -ErrorAction Stop } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayInsecureEndpoint,*'
    }
}
