# Tab completion of -Project, -Environment, -Service and variable -Name, through TabExpansion2 as the
# console calls it, against a running emulator seeded with names that need quoting.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator

    $seed = Get-RailwayOpsTestSeed
    $seed.projects += [pscustomobject]@{
        name         = 'shop front'
        description  = 'names with spaces and quotes'
        environments = @([pscustomobject]@{ name = 'my env' }, [pscustomobject]@{ name = "o'clock" })
        services     = @([pscustomobject]@{ name = 'api server'; repo = 'railwayops/shop'; branch = 'main' })
    }
    Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'seed' -Method Post -Body $seed | Out-Null

    function Clear-CompletionCache {
        # Cached names belong to a session: a new Connect-Railway starts from an empty cache.
        Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token (ConvertTo-TestSecureString (Get-TestSeedToken)) -SkipVerify -Confirm:$false | Out-Null
    }

    function Get-Completion([string]$Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }

    # The first request of a process pays for JIT and the first connection; completion gives up after
    # 2 s, so warm the client up the way a user's session already is.
    Get-RailwayProject | Out-Null
    Clear-CompletionCache
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Argument completion' {
    BeforeEach { Clear-CompletionCache }

    Context 'projects' {
        It 'offers every project, quoting names that need it' {
            $matches = Get-Completion 'Get-RailwayDeployment -Project '
            $matches.CompletionText | Should -Be @('demo', "'shop front'")
            $matches.ListItemText | Should -Be @('demo', 'shop front')
            $matches | ForEach-Object { $_.ResultType | Should -Be 'ParameterValue' }
            ($matches | Where-Object ListItemText -EQ 'demo').ToolTip | Should -Match '^demo \([0-9a-f-]{36}\)$'
        }

        It 'matches the typed prefix without case, quotes trimmed' -TestCases @(
            @{ Line = 'Get-RailwayDeployment -Project DE'; Expected = @('demo') }
            @{ Line = "Get-RailwayDeployment -Project 'sh"; Expected = @("'shop front'") }
            @{ Line = 'Get-RailwayDeployment -Project "Sho'; Expected = @('"shop front"') }
            @{ Line = 'Get-RailwayDeployment -Project *front'; Expected = @("'shop front'") }
            @{ Line = 'Get-RailwayDeployment -Project nothing'; Expected = @() }
        ) {
            @((Get-Completion $Line).CompletionText) | Should -Be $Expected
        }

        It 'completes Get-RailwayProject -Name with project names' {
            (Get-Completion 'Get-RailwayProject -Name s').CompletionText | Should -Be "'shop front'"
        }

        It 'is attached to every exported cmdlet that has a -Project parameter' {
            $commands = Get-Command -Module RailwayOps | Where-Object { $_.Parameters.ContainsKey('Project') }
            $commands | Should -Not -BeNullOrEmpty
            foreach ($command in $commands) {
                (Get-Completion "$($command.Name) -Project de").CompletionText | Should -Be 'demo' -Because "$($command.Name) -Project should complete"
            }
        }
    }

    Context 'environments and services' {
        It 'offers the environments of the project on the command line' {
            (Get-Completion "Get-RailwayDeployment -Project 'shop front' -Environment ").CompletionText | Should -Be @("'my env'", "'o''clock'")
            (Get-Completion 'Get-RailwayDeployment -Project demo -Environment ').CompletionText | Should -Be @('production', 'staging')
        }

        It 'offers the services of the project on the command line' {
            (Get-Completion 'Get-RailwayDeployment -Project demo -Service w').CompletionText | Should -Be @('web', 'worker')
            (Get-Completion "Get-RailwayDeployment -Environment 'my env' -Project 'shop front' -Service ").CompletionText | Should -Be "'api server'"
        }

        It 'offers no environment or service to a cmdlet that needs a project when none is known, so a completed line never fails for want of one' {
            Get-Completion 'Get-RailwayDeployment -Environment ' | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty
            Get-Completion 'Get-RailwayVariable -Service ' | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty
            { Get-RailwayDeployment -Environment production -ErrorAction Stop } | Should -Throw -ErrorId 'RailwayProjectRequired,*'
        }

        It 'lists environments across projects for Get-RailwayEnvironment -Name, which needs no project' {
            (Get-Completion 'Get-RailwayEnvironment -Name my').CompletionText | Should -Be "'my env'"
        }

        It 'uses the project from the environment when the command line has none' {
            $project = (Get-RailwayProject -Name demo).ProjectId
            $env:RAILWAY_PROJECT_ID = $project
            try { (Get-Completion 'Get-RailwayService -Name wo').CompletionText | Should -Be 'worker' }
            finally { Remove-Item Env:RAILWAY_PROJECT_ID }
        }
    }

    Context 'variable names' {
        It 'offers the names of the target service''s variables' {
            (Get-Completion 'Get-RailwayVariable -Project demo -Environment production -Service web -Name gr').CompletionText | Should -Be 'GREETING'
        }

        It 'offers shared variables with -Shared' {
            (Get-Completion 'Get-RailwayVariable -Project demo -Environment staging -Shared -Name ').CompletionText | Should -Be 'LOG_LEVEL'
        }

        It 'offers nothing while the target is incomplete' {
            Get-Completion 'Get-RailwayVariable -Project demo -Name ' | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty
        }
    }

    Context 'caching' {
        It 'answers a repeated completion from the cache without calling the API' {
            Get-Completion 'Get-RailwayDeployment -Project ' | Out-Null
            Reset-EmulatorJournal $script:Emulator
            (Get-Completion 'Get-RailwayDeployment -Project d').CompletionText | Should -Be 'demo'
            (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
        }
    }

    Context 'sessions' {
        It 'does not offer names cached for a previous session' {
            (Get-Completion 'Get-RailwayDeployment -Project sh').CompletionText | Should -Be "'shop front'"
            # Same endpoint, same token source (the session), but a token that sees nothing.
            Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token (ConvertTo-TestSecureString 'revoked-token') -SkipVerify -Confirm:$false | Out-Null
            try { Get-Completion 'Get-RailwayDeployment -Project sh' | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty }
            finally { Clear-CompletionCache }
        }
    }

    Context 'failures are silent' {
        AfterEach {
            Clear-EmulatorFault $script:Emulator
            Remove-Item Env:RAILWAY_API_TOKEN -ErrorAction SilentlyContinue
        }

        It 'offers nothing, writes no error and returns at once when the token is refused' {
            Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token (ConvertTo-TestSecureString 'not-a-valid-token') -SkipVerify
            $errors = $Error.Count
            $elapsed = Measure-Command { $script:Refused = Get-Completion 'Get-RailwayDeployment -Project ' }
            $script:Refused | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty
            $Error.Count | Should -Be $errors
            $elapsed.TotalSeconds | Should -BeLessThan 2.5
        }

        It 'gives up after about two seconds when the API is slow' {
            # Relative to the completer's own timeout and to the slow answer, not a fixed band: it waited about its
            # timeout, and it gave up well before the answer would have come.
            $timeout = [RailwayOps.Completion.RailwayArgumentCompleter]::Timeout.TotalSeconds
            $answerSec = 4 * $timeout
            Add-EmulatorFault $script:Emulator @{ kind = 'slow'; delayMs = [int]($answerSec * 1000); count = -1; path = '/graphql/v2' }
            $elapsed = Measure-Command { $script:Slow = Get-Completion 'Get-RailwayDeployment -Project ' }
            $script:Slow | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty
            $elapsed.TotalSeconds | Should -BeLessThan $answerSec -Because "the answer comes after $answerSec s and completion gives up after $timeout s"
            $elapsed.TotalSeconds | Should -BeGreaterThan (0.75 * $timeout) -Because 'it waits for the API up to its timeout'
        }

        It 'offers nothing without any token' {
            Disconnect-Railway -Confirm:$false
            try {
                Get-Completion 'Get-RailwayDeployment -Project ' | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty
            }
            finally { Clear-CompletionCache }
        }
    }
}
