BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'EnvironmentTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    # A second project, so that a fork from another project's environment can be tried.
    $seed = Get-RailwayOpsTestSeed
    $seed.projects += [pscustomobject]@{ name = 'other'; environments = @(@{ name = 'production' }); services = @() }
    Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'seed' -Method Post -Body $seed | Out-Null
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'New-RailwayEnvironment' {
    It 'creates an empty environment' {
        $environment = New-RailwayEnvironment -Project demo -Name qa

        $environment | Should -BeOfType ([RailwayOps.RailwayEnvironment])
        $environment.Name | Should -Be 'qa'
        $environment.ProjectName | Should -Be 'demo'
        $environment.SourceEnvironmentId | Should -BeNullOrEmpty
        (Get-RailwayEnvironment -Project demo -Name qa).EnvironmentId | Should -Be $environment.EnvironmentId
        @(Get-RailwayStatus -Project demo -Environment qa) | Should -BeNullOrEmpty -Because 'an empty environment has no services'
    }

    It 'forks staging: its services, settings and variables, then deploys them' {
        Set-RailwayVariable -Project demo -Environment staging -Service web -Variables @{ FORK_MARKER = 'from-staging' } -SkipDeploy -Force
        $staging = Get-RailwayEnvironment -Project demo -Name staging

        $fork = New-RailwayEnvironment -Project demo -Name pr-41 -Source staging -Ephemeral

        $fork.SourceEnvironmentId | Should -Be $staging.EnvironmentId
        $fork.IsEphemeral | Should -BeTrue
        @((Get-RailwayService -Project demo).Name | Sort-Object) | Should -Be @((Get-RailwayStatus -Project demo -Environment pr-41).ServiceName | Sort-Object)
        (Get-RailwayVariable -Project demo -Environment pr-41 -Service web -Name FORK_MARKER -AsPlainText).Value | Should -Be 'from-staging'
        $deployed = Wait-RailwayDeployment -Project demo -Environment pr-41 -Service web -Latest -TimeoutSec 120
        $deployed.Status | Should -Be 'Success'
        $live = (Get-RailwayStatus -Project demo -Environment staging -Service web).CommitHash
        $deployed.CommitHash | Should -Be $live -Because 'the fork deploys what is live in its source'
        (Test-RailwayHealth -Project demo -Environment pr-41 -Service web).Healthy | Should -BeTrue
    }

    It 'forks without deploying with -SkipInitialDeploys' {
        New-RailwayEnvironment -Project demo -Name quiet -Source production -SkipInitialDeploys | Out-Null

        $status = @(Get-RailwayStatus -Project demo -Environment quiet)
        $status.Count | Should -Be 2
        @($status | Where-Object DeploymentId) | Should -BeNullOrEmpty
    }

    It 'takes an environment object as -Source' {
        $source = Get-RailwayEnvironment -Project demo -Name production
        (New-RailwayEnvironment -Project demo -Name from-object -Source $source -SkipInitialDeploys).SourceEnvironmentId | Should -Be $source.EnvironmentId
    }

    It 'describes the fork with -WhatIf and creates nothing' {
        Reset-EmulatorJournal $script:Emulator
        New-RailwayEnvironment -Project demo -Name pr-99 -Source staging -WhatIf | Should -BeNullOrEmpty

        Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'EnvironmentCreate'
        Get-RailwayEnvironment -Project demo -Name pr-99 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    Context 'bad input changes nothing' {
        BeforeEach { Reset-EmulatorJournal $script:Emulator }

        It 'refuses the name <Name> before any request (RailwayInvalidEnvironmentName)' -ForEach @(
            @{ Name = 'has space' }, @{ Name = '-leading-dash' }, @{ Name = 'x' * 65 }, @{ Name = 'ünïcode' }, @{ Name = 'a/b' }
        ) {
            New-RailwayEnvironment -Project demo -Name $Name -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidEnvironmentName,*'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            (Get-EmulatorJournal $script:Emulator).total | Should -Be 0 -Because 'a name the module refuses costs no request'
        }

        It 'refuses a name the project has, whatever its case (RailwayEnvironmentExists)' {
            New-RailwayEnvironment -Project demo -Name STAGING -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentExists,*'
            $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'EnvironmentCreate'
        }

        It 'refuses a fork from an environment of another project (RailwayEnvironmentSourceOtherProject)' {
            $foreign = Get-RailwayEnvironment -Project other -Name production
            Reset-EmulatorJournal $script:Emulator

            New-RailwayEnvironment -Project demo -Name cross -Source $foreign -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentSourceOtherProject,*'
            $failures[0].Exception.Message | Should -BeLike "*'other'*'demo'*"
            Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'EnvironmentCreate'
        }

        It 'reports a source that does not exist, listing the environments there are' {
            New-RailwayEnvironment -Project demo -Name nosource -Source nowhere -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentNotFound,*'
            $failures[0].Exception.Message | Should -BeLike '*staging*'
            Get-TestJournalOperation $script:Emulator | Should -Not -Contain 'EnvironmentCreate'
        }

        It 'is refused by the emulator too when the module''s check is bypassed (Railway refuses the name)' {
            $project = Get-RailwayProject -Name demo
            $body = @{ query = 'mutation($i: EnvironmentCreateInput!) { environmentCreate(input: $i) { id } }'; variables = @{ i = @{ projectId = $project.ProjectId; name = 'production' } } } | ConvertTo-Json -Depth 5
            $answer = Invoke-RestMethod -Method Post -Uri $script:Emulator.GraphQLUrl -Headers @{ Authorization = 'Bearer ' + (Get-TestSeedToken -Kind account) } -ContentType 'application/json' -Body $body

            $answer.errors[0].message | Should -BeLike '*already exists*'
            @(Get-RailwayEnvironment -Project demo -Name production).Count | Should -Be 1
        }
    }
}
