# Every cmdlet, run with -Verbose -Debug and a known token, must print that token nowhere: not in any
# stream, not in the transcript, not in $Error.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator -NoConnect
    $script:TokenText = Get-TestSeedToken -Kind account
    $script:Token = ConvertTo-TestSecureString $script:TokenText
    $script:BadTokenText = 'hygiene-bad-token-canary-6021'
    $script:Transcript = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-transcript-' + [guid]::NewGuid().ToString('n') + '.txt')
    $script:DebugPreferenceBefore = $DebugPreference
    $DebugPreference = 'Continue'
}

AfterAll {
    $DebugPreference = $script:DebugPreferenceBefore
    Remove-Item $script:Transcript -Force -ErrorAction SilentlyContinue
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Token hygiene' {
    BeforeEach {
        $Error.Clear()
        Start-Transcript -Path $script:Transcript -Force | Out-Null
    }

    AfterEach {
        # The test stops the transcript itself to read it; this only covers a test that failed first.
        try { Stop-Transcript | Out-Null } catch [System.Management.Automation.PSInvalidOperationException] { $null = $_ }
        Remove-Item Env:RAILWAY_API_TOKEN -ErrorAction SilentlyContinue
    }

    It 'prints a working token nowhere while every cmdlet runs with -Verbose -Debug' {
        $endpoint = $script:Emulator.GraphQLUrl
        $output = & {
            Connect-Railway -Endpoint $endpoint -Token $script:Token -PassThru -Verbose -Debug
            Get-RailwayContext -Verbose -Debug | Format-List *
            Get-RailwayProject -Verbose -Debug
            Get-RailwayProject -Token $script:Token -Endpoint $endpoint -Verbose -Debug
            Get-RailwayEnvironment -Project demo -Verbose -Debug
            Get-RailwayService -Project demo -Verbose -Debug
            Get-RailwayDeployment -Project demo -First 5 -Verbose -Debug | Format-List *
            Get-RailwayDeployment -Id 'no-such-deployment' -Verbose -Debug -ErrorAction SilentlyContinue
            Get-RailwayProject -Name 'no-such-project' -Verbose -Debug -ErrorAction SilentlyContinue
            Disconnect-Railway -PassThru -Verbose -Debug
        } *>&1 | Out-String
        Stop-Transcript | Out-Null

        $output | Should -Not -BeNullOrEmpty
        $output | Should -Not -BeLike "*$script:TokenText*"
        Get-Content -Raw $script:Transcript | Should -Not -BeLike "*$script:TokenText*"
        ($Error | ForEach-Object { $_ | Format-List * -Force | Out-String; $_.ErrorDetails.Message; $_.Exception.ToString() }) -join "`n" |
            Should -Not -BeLike "*$script:TokenText*"
    }

    It 'prints a refused token nowhere, in the error or its details' {
        # No session token: at the session's endpoint it would outrank the refused variable.
        Disconnect-Railway -Confirm:$false
        $env:RAILWAY_API_TOKEN = $script:BadTokenText

        $output = & {
            try { Get-RailwayProject -Endpoint $script:Emulator.GraphQLUrl -Verbose -Debug } catch { $_ | Format-List * -Force }
            try { Get-RailwayDeployment -Endpoint $script:Emulator.GraphQLUrl -Verbose -Debug } catch { $_ | Format-List * -Force }
            try { Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Verbose -Debug } catch { $_ | Format-List * -Force }
        } *>&1 | Out-String
        Stop-Transcript | Out-Null

        $output | Should -BeLike '*RAILWAY_API_TOKEN*'
        $output | Should -Not -BeLike "*$script:BadTokenText*"
        Get-Content -Raw $script:Transcript | Should -Not -BeLike "*$script:BadTokenText*"
        ($Error | ForEach-Object { $_ | Format-List * -Force | Out-String; $_.Exception.ToString() }) -join "`n" |
            Should -Not -BeLike "*$script:BadTokenText*"
    }
}
