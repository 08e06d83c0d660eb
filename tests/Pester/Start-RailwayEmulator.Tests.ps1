BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Start-RailwayEmulator' {
    It 'returns the emulator''s loopback URLs and process' {
        $script:Emulator | Should -BeOfType ([RailwayOps.RailwayEmulator])
        $script:Emulator.GraphQLUrl.Host | Should -Be '127.0.0.1'
        $script:Emulator.GraphQLUrl.AbsolutePath | Should -Be '/graphql/v2'
        $script:Emulator.GitHubApiUrl.AbsolutePath | Should -Be '/api/v3/'
        $script:Emulator.AdminUrl.AbsolutePath | Should -Be '/_emulator/'
        $script:Emulator.Process.HasExited | Should -BeFalse
        $script:Emulator.ProcessId | Should -Be $script:Emulator.Process.Id
        Test-Path (Join-Path $script:Emulator.StateDirectory 'emulator.json') | Should -BeTrue
    }

    It 'points the session at the emulator with the seed''s tokens' {
        $context = Get-RailwayContext

        $context.Endpoint | Should -Be $script:Emulator.GraphQLUrl
        $context.TokenKind | Should -Be 'Account'
        $context.GitHubApiUrl | Should -Be $script:Emulator.GitHubApiUrl
        $context.GitHubTokenSource | Should -Be 'Session'
        (Get-RailwayProject).Name | Should -Contain 'demo'
    }

    It 'fails clearly for a seed file that does not exist' {
        $failure = { Start-RailwayEmulator -Seed ./no-such-seed.json -NoConnect } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayEmulatorSeedNotFound,*'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'starts nothing with -WhatIf' {
        Start-RailwayEmulator -NoConnect -WhatIf | Should -BeNullOrEmpty
    }

    Context 'a second emulator started with -Verbose -Debug' {
        BeforeEach {
            $script:SecondState = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-state-' + [guid]::NewGuid().ToString('n'))
        }

        AfterEach {
            Stop-RailwayEmulator -ProcessId $script:Second.ProcessId -GraceSec 5 -ErrorAction SilentlyContinue
            Remove-Item $script:SecondState -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'never prints the seed token while starting' {
            $token = Get-TestSeedToken -Kind account

            $output = Start-RailwayEmulator -StateDirectory $script:SecondState -NoConnect -Verbose -Debug *>&1
            $script:Second = $output | Where-Object { $_ -is [RailwayOps.RailwayEmulator] }

            $script:Second | Should -Not -BeNullOrEmpty
            ($output | Out-String) | Should -Not -BeLike "*$token*"
            ($script:Second | Format-List * | Out-String) | Should -Not -BeLike "*$token*"
        }
    }
}
