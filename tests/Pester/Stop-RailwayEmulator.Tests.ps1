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

Describe 'Stop-RailwayEmulator' {
    It 'reports an unknown process id as not running' {
        Stop-RailwayEmulator -ProcessId 999999 -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEmulatorNotRunning,*'
        $script:Emulator.HasExited | Should -BeFalse
    }

    It 'changes nothing with -WhatIf' {
        $script:Emulator | Stop-RailwayEmulator -WhatIf

        $script:Emulator.HasExited | Should -BeFalse
    }

    It 'stops the emulator from the pipeline, then a call fails with a ConnectionError' {
        $endpoint = $script:Emulator.GraphQLUrl
        $token = ConvertTo-TestSecureString (Get-TestSeedToken -Kind account)

        $stopped = $script:Emulator | Stop-RailwayEmulator -PassThru

        $stopped.HasExited | Should -BeTrue
        (Get-RailwayContext).EndpointSource | Should -Be 'Default'
        $failure = { Get-RailwayProject -Endpoint $endpoint -Token $token -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayConnectionFailed,*'
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'has nothing left to stop afterwards' {
        Stop-RailwayEmulator -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEmulatorNotRunning,*'
    }
}
