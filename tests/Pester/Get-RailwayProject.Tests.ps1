BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Seed = Get-RailwayOpsTestSeed
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Get-RailwayProject' {
    AfterEach {
        Clear-EmulatorFault $script:Emulator
        Remove-Item Env:RAILWAY_API_TOKEN -ErrorAction SilentlyContinue
    }

    It 'lists the seed''s projects as typed objects' {
        $projects = Get-RailwayProject

        $projects.Name | Should -Be @($script:Seed.projects.name)
        $projects | ForEach-Object { $_ | Should -BeOfType ([RailwayOps.RailwayProject]) }
        $projects[0].ProjectId | Should -Not -BeNullOrEmpty
    }

    It 'matches names case-insensitively with wildcards' {
        (Get-RailwayProject -Name 'DEM*').Name | Should -Be 'demo'
        Get-RailwayProject -Name 'zz*' | Should -BeNullOrEmpty
    }

    It 'gets a project by id, also from the pipeline by property name' {
        $demo = Get-RailwayProject -Name demo

        (Get-RailwayProject -Id $demo.ProjectId).Name | Should -Be 'demo'
        ([pscustomobject]@{ ProjectId = $demo.ProjectId } | Get-RailwayProject).Name | Should -Be 'demo'
    }

    It 'reports an unknown literal name as a non-terminating ObjectNotFound error' {
        $result = Get-RailwayProject -Name 'no-such-project' -ErrorVariable failures -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayProjectNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'no-such-project'
    }

    It 'reports an unknown id as ObjectNotFound and goes on with the next id' {
        $demo = Get-RailwayProject -Name demo

        $result = Get-RailwayProject -Id 'no-such-id', $demo.ProjectId -ErrorVariable failures -ErrorAction SilentlyContinue

        $result.Name | Should -Be 'demo'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayProjectNotFound,*'
    }

    It 'names the token source, never the token, when Railway refuses it' {
        # Without a session: a token set in the session would outrank the variable at the emulator's endpoint.
        Disconnect-Railway -Confirm:$false
        $env:RAILWAY_API_TOKEN = 'refused-token-canary-3141'

        try { $failure = { Get-RailwayProject -Endpoint $script:Emulator.GraphQLUrl -ErrorAction Stop } | Should -Throw -PassThru }
        finally { Connect-Railway -Endpoint $script:Emulator.GraphQLUrl -Token (ConvertTo-TestSecureString (Get-TestSeedToken)) -SkipVerify }

        $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayUnauthorized,*'
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.Exception.Message | Should -BeLike '*RAILWAY_API_TOKEN*'
        ($failure | Out-String) | Should -Not -BeLike '*refused-token-canary-3141*'
        $failure.ErrorDetails.Message | Should -Not -BeLike '*refused-token-canary-3141*'
    }

    It 'retries through a 429 storm and says so in the verbose stream' {
        Add-EmulatorFault $script:Emulator @{ kind = 'retryAfter'; status = 429; retryAfterSeconds = 1; count = 2; operation = 'Projects' }

        $output = Get-RailwayProject -Verbose 4>&1

        ($output | Where-Object { $_ -is [RailwayOps.RailwayProject] }).Name | Should -Be 'demo'
        $retries = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*retry*' })
        $retries.Count | Should -Be 2
    }

    It 'fails with LimitsExceeded when the rate limit persists' {
        Add-EmulatorFault $script:Emulator @{ kind = 'retryAfter'; status = 429; retryAfterSeconds = 1; count = -1; operation = 'Projects' }

        $failure = { Get-RailwayProject -ErrorAction Stop } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayRateLimited,*'
        $failure.CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    Context 'messages name the way forward' {
        It 'lists the projects the token sees when a project name is wrong' {
            $failure = { Get-RailwayService -Project 'no-such-project' -ErrorAction Stop } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeLike 'RailwayProjectNotFound,*'
            $failure.ErrorDetails.Message | Should -BeLike "*'no-such-project'*The projects it sees: demo*"
        }

        It 'lists the project''s environments and services when one is wrong' {
            $environment = { Get-RailwayDeployment -Project demo -Environment nowhere -ErrorAction Stop } | Should -Throw -PassThru
            $service = { Get-RailwayDeployment -Project demo -Environment production -Service nobody -ErrorAction Stop } | Should -Throw -PassThru

            $environment.FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentNotFound,*'
            $environment.ErrorDetails.Message | Should -BeLike "*'nowhere'*Its environments: production, staging*"
            $service.FullyQualifiedErrorId | Should -BeLike 'RailwayServiceNotFound,*'
            $service.ErrorDetails.Message | Should -BeLike "*'nobody'*Its services:*web*"
        }
    }

    Context 'a project name from the API with terminal escape sequences' {
        BeforeAll {
            $script:Hostile = "paint`e[31mred`e]0;owned`a`u{202E}"
            $seed = Get-RailwayOpsTestSeed
            $seed.projects += [pscustomobject]@{ name = $script:Hostile; description = 'escape sequences in a name'; environments = @([pscustomobject]@{ name = 'production' }); services = @() }
            Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'seed' -Method Post -Body $seed | Out-Null
        }

        AfterAll {
            Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'seed' -Method Post -Body (Get-RailwayOpsTestSeed) | Out-Null
        }

        It 'is never echoed raw in an error, a warning or a verbose line; the characters are shown escaped' {
            $verbose = Get-RailwayService -Project $script:Hostile -Name nobody -Verbose -ErrorAction SilentlyContinue -ErrorVariable named 4>&1
            Get-RailwayService -Project 'no-such-project' -ErrorAction SilentlyContinue -ErrorVariable listed
            $shown = ($verbose, $listed, $named | Out-String) + $listed[0].ErrorDetails.Message + $named[0].ErrorDetails.Message

            $listed[0].ErrorDetails.Message.Contains('paint`u{1B}[31mred`u{1B}]0;owned`u{7}`u{202E}') | Should -BeTrue -Because $listed[0].ErrorDetails.Message
            $named[0].ErrorDetails.Message.Contains('paint`u{1B}[31mred') | Should -BeTrue -Because $named[0].ErrorDetails.Message
            $shown | Should -Not -Match "[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\u202E]"
        }
    }
}
