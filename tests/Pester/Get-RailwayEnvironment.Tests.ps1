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

Describe 'Get-RailwayEnvironment' {
    It 'lists the environments of a project' {
        $environments = @(Get-RailwayEnvironment -Project demo)

        @($environments.Name | Sort-Object) | Should -Be @($script:Seed.projects[0].environments.name | Sort-Object)
        $environments | ForEach-Object {
            $_ | Should -BeOfType ([RailwayOps.RailwayEnvironment])
            $_.ProjectName | Should -Be 'demo'
            $_.IsPullRequest | Should -BeFalse
        }
    }

    It 'takes projects from the pipeline by ProjectId' {
        @(Get-RailwayProject -Name demo | Get-RailwayEnvironment).Count | Should -Be $script:Seed.projects[0].environments.Count
    }

    It 'filters by name with wildcards, case-insensitively' {
        (Get-RailwayEnvironment -Project demo -Name 'PROD*').Name | Should -Be 'production'
    }

    Context 'with a pull request open' {
        BeforeAll {
            # A branch on the hosted repository and a pull request for it: Railway (the emulator) creates its environment.
            $repo = @(Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'repos')[0]
            $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-envpr-' + [guid]::NewGuid().ToString('n'))
            git init -q -b feature/pr-env $script:Work
            git -C $script:Work -c user.email=tests@railwayops.local -c user.name=tests commit -q --allow-empty -m 'pr branch'
            git -C $script:Work push -q $repo.path feature/pr-env 2>$null
            # A pull request needs its base branch on the repository too.
            if (-not (git ls-remote --heads $repo.path $repo.defaultBranch)) { git -C $script:Work push -q $repo.path "HEAD:refs/heads/$($repo.defaultBranch)" 2>$null }
            $script:PullToken = (Get-RailwayOpsTestSeed).githubTokens[0]
            $script:PullRepo = $repo.repo
            $script:Pull = Invoke-RestMethod -Method Post -Uri ([Uri]::new($script:Emulator.GitHubApiUrl, "repos/$($repo.repo)/pulls")) `
                -Headers @{ Authorization = "token $script:PullToken" } -ContentType 'application/json' `
                -Body (@{ title = 'PR environment'; head = 'feature/pr-env'; base = $repo.defaultBranch } | ConvertTo-Json)
        }

        AfterAll {
            # Closing the pull request deletes its environment, so the other tests see the seed's environments only.
            if ($script:Pull) {
                Invoke-RestMethod -Method Patch -Uri ([Uri]::new($script:Emulator.GitHubApiUrl, "repos/$($script:PullRepo)/pulls/$($script:Pull.number)")) `
                    -Headers @{ Authorization = "token $script:PullToken" } -ContentType 'application/json' -Body (@{ state = 'closed' } | ConvertTo-Json) | Out-Null
            }
            Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'gets the environment of one pull request with -PullRequest <number>' {
            $environment = @(Get-RailwayEnvironment -Project demo -PullRequest $script:Pull.number)

            $environment.Count | Should -Be 1
            $environment[0].PullRequestNumber | Should -Be $script:Pull.number
            $environment[0].IsPullRequest | Should -BeTrue
        }

        It 'lists only pull-request environments with -AnyPullRequest' {
            $environments = @(Get-RailwayEnvironment -Project demo -AnyPullRequest)

            $environments.PullRequestNumber | Should -Contain $script:Pull.number
            $environments | Where-Object { -not $_.IsPullRequest } | Should -BeNullOrEmpty
        }

        It 'reports a pull request without an environment, listing the ones it has' {
            Get-RailwayEnvironment -Project demo -PullRequest 9999 -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentNotFound,*'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].Exception.Message | Should -BeLike "*#9999*#$($script:Pull.number)*"
        }
    }

    It 'reports an unknown literal environment name' {
        Get-RailwayEnvironment -Project demo -Name 'nowhere' -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayEnvironmentNotFound,*'
    }

    It 'reports an unknown project as ObjectNotFound without stopping the pipeline' {
        $result = @('no-such-project', 'demo' | ForEach-Object { [pscustomobject]@{ ProjectId = $_ } } |
                Get-RailwayEnvironment -ErrorVariable failures -ErrorAction SilentlyContinue)

        $result.Count | Should -Be $script:Seed.projects[0].environments.Count
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayProjectNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
