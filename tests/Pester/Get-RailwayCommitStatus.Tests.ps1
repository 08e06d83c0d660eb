BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SampleAppTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:RepoName = @(Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'repos')[0].repo
    $script:GitHubToken = (Get-RailwayOpsTestSeed).githubTokens[0]

    $script:App = Publish-SampleApp -Emulator $script:Emulator
    $script:Sha = $script:App.Sha

    # Railway (the emulator) posts the statuses itself; poll until production reports success.
    Push-Location $script:App.Path
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        do {
            $script:Production = Get-RailwayCommitStatus -ErrorAction SilentlyContinue | Where-Object Environment -EQ 'production'
            if ($script:Production.State -eq 'Success' -and $script:Production.DeploymentState -eq 'Success') { break }
            Start-Sleep -Milliseconds 500
        } while ([DateTime]::UtcNow -lt $deadline)
    }
    finally { Pop-Location }
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Remove-SampleApp $script:App
    Exit-RailwayTestEnvironment
}

Describe 'Get-RailwayCommitStatus' {
    It 'reads what the emulator posted for the pushed commit, from HEAD and origin' {
        $status = $script:Production

        $status | Should -BeOfType ([RailwayOps.RailwayCommitStatus])
        $status.Repository | Should -Be $script:RepoName
        $status.CommitSha | Should -Be $script:Sha
        $status.Service | Should -Be 'web'
        $status.Environment | Should -Be 'production'
        $status.Context | Should -Match 'railway'
        $status.State | Should -Be 'Success'
        $status.DeploymentState | Should -Be 'Success'
        $status.GitHubEnvironment | Should -Be 'demo / production'
        $status.TargetUrl | Should -Not -BeNullOrEmpty
        $status.EnvironmentUrl.Authority | Should -Be $status.TargetUrl.Authority
        $status.UpdatedAt | Should -BeOfType ([DateTimeOffset])
    }

    It 'reads an explicit repository and a branch name from anywhere' {
        Push-Location $TestDrive
        try { $statuses = @(Get-RailwayCommitStatus -Repository $script:RepoName -Ref $script:App.Branch) }
        finally { Pop-Location }

        ($statuses | Where-Object Environment -EQ 'production').CommitSha | Should -Be $script:Sha
    }

    It 'binds CommitHash and Repo from a piped deployment' {
        $deployment = Get-RailwayDeployment -Project demo -Environment production -Service web -CommitSha $script:Sha -First 1

        $status = $deployment | Get-RailwayCommitStatus | Where-Object Environment -EQ 'production'

        $status.CommitSha | Should -Be $script:Sha
    }

    It 'takes the token from -GitHubToken over GITHUB_TOKEN and GH_TOKEN' {
        $env:GITHUB_TOKEN = 'wrong-github-token-1'
        try {
            $statuses = Get-RailwayCommitStatus -Repository $script:RepoName -Ref $script:Sha -GitHubToken (ConvertTo-TestSecureString $script:GitHubToken)
        }
        finally { Remove-Item Env:GITHUB_TOKEN }

        $statuses | Should -Not -BeNullOrEmpty
    }

    It 'names the refused token source without leaking the token' {
        $env:GH_TOKEN = 'refused-gh-token-8Rw'
        try {
            Get-RailwayCommitStatus -Repository $script:RepoName -Ref $script:Sha -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        finally { Remove-Item Env:GH_TOKEN }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayGitHubUnauthorized,*'
        $failures[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failures[0].Exception.Message | Should -Match 'GH_TOKEN'
        ($failures[0] | Out-String) + $failures[0].Exception.Message | Should -Not -Match 'refused-gh-token-8Rw'
    }

    It 'reports an unknown repository as ObjectNotFound' {
        Get-RailwayCommitStatus -Repository 'nobody/nothing' -Ref $script:Sha -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayGitHubRepositoryNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports an unknown commit as ObjectNotFound' {
        Get-RailwayCommitStatus -Repository $script:RepoName -Ref ('0' * 40) -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayGitHubCommitNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'needs a repository when the current folder is not a git repository' {
        Push-Location $TestDrive
        try { Get-RailwayCommitStatus -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty }
        finally { Pop-Location }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCommitStatusNoRepository,*'
    }

    It 'rejects a repository that is not owner/name' {
        { Get-RailwayCommitStatus -Repository 'just-a-name' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'reports a GitHub API that cannot be reached' {
        $env:GITHUB_API_URL = 'http://127.0.0.1:9/api/v3/'
        try {
            Get-RailwayCommitStatus -Repository $script:RepoName -Ref $script:Sha -GitHubToken (ConvertTo-TestSecureString $script:GitHubToken) -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { Remove-Item Env:GITHUB_API_URL }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayGitHubConnectionFailed,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'says a local-path origin is not a GitHub repository, and asks GitHub nothing' {
        $upstream = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-local-origin-' + [guid]::NewGuid().ToString('n'))
        $clone = "$upstream-clone"
        try {
            git init -q -b main $upstream
            git -C $upstream -c user.email=tests@railwayops.local -c user.name=tests commit -q --allow-empty -m 'local only'
            git clone -q $upstream $clone 2>$null
            Reset-EmulatorJournal $script:Emulator
            Push-Location $clone
            try { Get-RailwayCommitStatus -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty }
            finally { Pop-Location }

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCommitStatusNoRepository,*'
            $failures[0].ErrorDetails.Message | Should -BeLike "*folder $upstream on this machine, not a GitHub repository*-Repository owner/name*"
            (Get-EmulatorJournal $script:Emulator).total | Should -Be 0 -Because 'nothing is looked up for a folder'
        }
        finally { Remove-Item $upstream, $clone -Recurse -Force -ErrorAction SilentlyContinue }
    }
}
