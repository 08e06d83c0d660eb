BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'UploadTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    Import-RailwayOpsTestModule
    $script:Fixture = Enter-UploadTestFixture
    $script:Emulator = $script:Fixture.Emulator
    $script:Target = $script:Fixture.Target
    $script:Work = Join-Path $script:Fixture.Folder 'work'
    New-Item -ItemType Directory -Path $script:Work | Out-Null
}

AfterAll {
    Exit-UploadTestFixture $script:Fixture
}

Describe 'Deploy-RailwayService' {
    It 'deploys a folder, waits for it, and it serves' {
        $site = New-UploadTestSite -Path (Join-Path $script:Work 'serves') -Version 'serves-1'

        $deployment = Deploy-RailwayService $site @script:Target -Message 'first upload' -Wait -Confirm:$false -ErrorAction Stop

        $deployment | Should -BeOfType ([RailwayOps.RailwayDeployment])
        $deployment.Status | Should -Be 'Success'
        $deployment.CommitHash | Should -BeNullOrEmpty
        $deployment.CommitMessage | Should -Be 'first upload'
        $page = (Invoke-WebRequest -Uri (Get-UploadTestUrl $deployment)).Content
        $page | Should -Match 'site serves-1'
    }

    It 'returns the new deployment at once without -Wait, and a second upload replaces the first' {
        $site = New-UploadTestSite -Path (Join-Path $script:Work 'second') -Version 'second-2'

        $deployment = Deploy-RailwayService -Path $site @script:Target -Confirm:$false -ErrorAction Stop
        $deployment.Status | Should -Not -Be 'Success'
        $done = Wait-RailwayDeployment -Id $deployment.DeploymentId -ErrorAction Stop

        $done.Status | Should -Be 'Success'
        (Invoke-WebRequest -Uri (Get-UploadTestUrl $done)).Content | Should -Match 'site second-2'
    }

    It 'honours .gitignore (tracked or not) and .railwayignore, and never sends .git or node_modules (checked on the emulator side)' {
        $site = New-UploadTestSite -Path (Join-Path $script:Work 'ignored') -Version 'ignored'
        Set-Content -LiteralPath (Join-Path $site '.gitignore') -Value ".env`nbuild/" -Encoding utf8NoBOM
        Set-Content -LiteralPath (Join-Path $site '.railwayignore') -Value "notes.txt" -Encoding utf8NoBOM
        Set-Content -LiteralPath (Join-Path $site '.env') -Value "DB_PASSWORD=$(Get-UploadTestCanary)" -Encoding utf8NoBOM
        Set-Content -LiteralPath (Join-Path $site 'notes.txt') -Value 'local notes' -Encoding utf8NoBOM
        New-Item -ItemType Directory -Path (Join-Path $site 'build'), (Join-Path $site 'node_modules/left'), (Join-Path $site 'lib') | Out-Null
        Set-Content -LiteralPath (Join-Path $site 'build/out.bin') -Value 'output'
        Set-Content -LiteralPath (Join-Path $site 'node_modules/left/index.js') -Value 'x'
        Set-Content -LiteralPath (Join-Path $site 'lib/app.py') -Value 'print(1)'
        git -C $site init --quiet
        # .env tracked by mistake before it was ignored: it still must not leave the machine.
        git -C $site -c user.name=t -c user.email=t@t add -A -f
        git -C $site -c user.name=t -c user.email=t@t commit --quiet -m all

        $deployment = Deploy-RailwayService $site @script:Target -Confirm:$false -ErrorAction Stop

        $received = Get-UploadTestReceived -Emulator $script:Emulator -DeploymentId $deployment.DeploymentId
        $received | Should -Be @('.gitignore', '.railwayignore', 'index.html', 'lib/app.py', 'railway.toml')
        $null = Wait-RailwayDeployment -Id $deployment.DeploymentId -ErrorAction Stop
    }

    It 'sends what .gitignore excludes with -NoGitIgnore, .railwayignore still honoured' {
        $site = New-UploadTestSite -Path (Join-Path $script:Work 'nogitignore') -Version 'nogitignore'
        Set-Content -LiteralPath (Join-Path $site '.gitignore') -Value 'generated.txt' -Encoding utf8NoBOM
        Set-Content -LiteralPath (Join-Path $site '.railwayignore') -Value 'private.txt' -Encoding utf8NoBOM
        Set-Content -LiteralPath (Join-Path $site 'generated.txt') -Value 'g'
        Set-Content -LiteralPath (Join-Path $site 'private.txt') -Value 'p'

        $deployment = Deploy-RailwayService $site @script:Target -NoGitIgnore -Confirm:$false -ErrorAction Stop

        $received = Get-UploadTestReceived -Emulator $script:Emulator -DeploymentId $deployment.DeploymentId
        $received | Should -Contain 'generated.txt'
        $received | Should -Not -Contain 'private.txt'
        $null = Wait-RailwayDeployment -Id $deployment.DeploymentId -ErrorAction Stop
    }

    It 'sends nothing with -WhatIf and lists the count, size and largest files' {
        $site = New-UploadTestSite -Path (Join-Path $script:Work 'whatif') -Version 'whatif'
        Set-Content -LiteralPath (Join-Path $site 'big.dat') -Value ('x' * 5000) -NoNewline
        Reset-EmulatorJournal $script:Emulator
        $before = @(Get-RailwayDeployment @script:Target).Count
        $module = (Get-Module RailwayOps).Path
        $token = 'emu-upload-account-token'

        $child = Invoke-ChildPwsh -ScriptBlock {
            param($module, $site, $endpoint, $token)
            Import-Module $module
            Deploy-RailwayService $site -Project uploads -Environment production -Service site -Endpoint $endpoint -Token (ConvertTo-SecureString $token -AsPlainText -Force) -WhatIf
        } -ArgumentList $module, $site, $script:Emulator.GraphqlUrl, $token

        $child.ExitCode | Should -Be 0
        $child.Output | Should -Match 'What if: .*3 file\(s\), .*largest: big\.dat \(4\.9 KB\)'
        Get-UploadTestPosts -Emulator $script:Emulator | Should -Be 0
        @(Get-RailwayDeployment @script:Target).Count | Should -Be $before
    }

    It 'reports a failing build with RailwayDeploymentFailed and the build log tail' {
        $site = New-UploadTestSite -Path (Join-Path $script:Work 'failing') -Version 'failing' -BuildCommand 'echo compile-step-broke-7; exit 3'

        Deploy-RailwayService $site @script:Target -Wait -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeploymentFailed,*'
        $failure[0].TargetObject.Status | Should -Be 'Failed'
        ($failure[0].Exception.BuildLogTail.Message -join "`n") | Should -Match 'compile-step-broke-7'
    }

    It 'turns a 400 (a link pointing outside the folder) into RailwayUploadRejected and creates nothing' {
        $site = New-UploadTestSite -Path (Join-Path $script:Work 'escape') -Version 'escape'
        New-Item -ItemType SymbolicLink -Path (Join-Path $site 'passwd') -Target '/etc/passwd' | Out-Null
        $before = @(Get-RailwayDeployment @script:Target).Count

        Deploy-RailwayService $site @script:Target -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayUploadRejected,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failure[0].Exception.Message | Should -Match 'points outside the upload folder'
        @(Get-RailwayDeployment @script:Target).Count | Should -Be $before
        @(Get-ChildItem -LiteralPath (Join-Path $script:Emulator.StateDirectory 'uploads') -Force -Filter '.incoming-*').Count | Should -Be 0
    }

    It 'turns a 413 into RailwayUploadTooLarge and creates nothing' {
        $site = New-UploadTestSite -Path (Join-Path $script:Work 'large') -Version 'large'
        $bytes = [byte[]]::new(300KB); [Random]::new(16).NextBytes($bytes)
        [IO.File]::WriteAllBytes((Join-Path $site 'random.bin'), $bytes)
        $before = @(Get-RailwayDeployment @script:Target).Count
        Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'upload-limit' -Method Put -Body @{ maxCompressedBytes = 64KB } | Out-Null
        try {
            Deploy-RailwayService $site @script:Target -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        }
        finally {
            Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'upload-limit' -Method Put -Body @{ maxCompressedBytes = 1GB } | Out-Null
        }

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayUploadTooLarge,*'
        $failure[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        @(Get-RailwayDeployment @script:Target).Count | Should -Be $before
    }

    It 'refuses a folder that does not exist with RailwayUploadSourceNotFound before any request' {
        Reset-EmulatorJournal $script:Emulator

        Deploy-RailwayService (Join-Path $script:Work 'missing') @script:Target -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayUploadSourceNotFound,*'
        (Get-EmulatorJournal $script:Emulator).total | Should -Be 0
    }

    It 'refuses a target without a service with RailwayDeployTargetIncomplete and uploads nothing' {
        $site = New-UploadTestSite -Path (Join-Path $script:Work 'noservice') -Version 'noservice'
        Reset-EmulatorJournal $script:Emulator

        Deploy-RailwayService $site -Project uploads -Environment production -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeployTargetIncomplete,*'
        Get-UploadTestMutations -Emulator $script:Emulator | Should -BeNullOrEmpty
    }

    It 'refuses -LatestCommit for a service without a repository with RailwayDeployNoRepository, changing nothing' {
        Reset-EmulatorJournal $script:Emulator

        Deploy-RailwayService -LatestCommit @script:Target -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayDeployNoRepository,*'
        Get-UploadTestMutations -Emulator $script:Emulator | Should -BeNullOrEmpty
    }

    It 'deploys the latest commit of a GitHub-connected service with -LatestCommit' {
        $remote = ($script:Emulator.Repositories | Where-Object Repository -EQ 'uploads/api').Remote
        $source = New-UploadTestSite -Path (Join-Path $script:Work 'api') -Version 'api-head' -Git
        git -C $source push --quiet $remote HEAD:main 2>&1 | Out-Null
        $head = (git -C $source rev-parse HEAD).Trim()
        $pushed = Wait-RailwayDeployment -Project uploads -Environment production -Service api -CommitSha $head -ErrorAction Stop

        $latest = Deploy-RailwayService -LatestCommit -Project uploads -Environment production -Service api -Wait -Confirm:$false -ErrorAction Stop

        $latest.DeploymentId | Should -Not -Be $pushed.DeploymentId
        $latest.CommitHash | Should -Be $head
        $latest.Status | Should -Be 'Success'
    }
}
