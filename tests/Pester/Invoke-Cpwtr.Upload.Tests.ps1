BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'UploadTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null

    # One project whose service has no repository: it is deployed by upload (railway up), never by a push.
    $seed = [ordered]@{
        tokens   = @(@{ kind = 'account'; value = 'emu-account-token'; name = 'Cpwtr Tester' })
        projects = @(@{
                name         = 'cpwtr-upload'
                environments = @(@{ name = 'production' })
                services     = @(@{ name = 'web'; settings = @{ startCommand = 'python3 -m app.main'; healthcheckPath = '/api/health'; healthcheckTimeout = 10 } })
            })
    }
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-cpwtr-upload-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Folder | Out-Null
    $seedFile = Join-Path $script:Folder 'seed.json'
    $seed | ConvertTo-Json -Depth 10 | Set-Content -Path $seedFile
    $script:Emulator = Start-RailwayEmulator -Seed $seedFile -StateDirectory (Join-Path $script:Folder 'state') -Confirm:$false

    # The sample at 0.1.0, committed, with no remote at all; a local-only file .gitignore names.
    $script:Repo = Join-Path $script:Folder 'app'
    Copy-Item -Recurse (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'samples/hello-railway') $script:Repo
    Set-Content -LiteralPath (Join-Path $script:Repo '.gitignore') -Value 'local.secret'
    git -C $script:Repo init -q -b main
    git -C $script:Repo config user.name 'Cpwtr Tester'
    git -C $script:Repo config user.email 'cpwtr@example.com'
    git -C $script:Repo add -A
    git -C $script:Repo commit -q -m 'Initial layout - bump to v0.1.0'
    Set-Content -LiteralPath (Join-Path $script:Repo 'local.secret') -Value 'never-uploaded'

    function Invoke-UploadCpwtr([hashtable]$Parameters = @{}) {
        Push-Location $script:Repo
        try {
            $all = @{ Project = 'cpwtr-upload'; Service = 'web'; Environment = 'production'; HealthTimeoutSec = 20; TimeoutSec = 120; StableSec = 0; Confirm = $false }
            foreach ($key in $Parameters.Keys) { $all[$key] = $Parameters[$key] }
            $errors = $null
            $result = Invoke-Cpwtr @all -ErrorAction SilentlyContinue -ErrorVariable errors -WarningAction SilentlyContinue
            [pscustomobject]@{ Result = $result; Errors = @($errors) }
        }
        finally { Pop-Location }
    }

    function Get-StageOutcome($Result, [string]$Name) { ($Result.Stages | Where-Object Name -EQ $Name).Outcome.ToString() }
    function Get-HealthVersion([Uri]$Url) { (Invoke-RestMethod -Uri ([Uri]::new($Url, '/api/health')) -TimeoutSec 5).version }
}

AfterAll {
    if ($script:Emulator) { $script:Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction SilentlyContinue }
    Remove-RailwayTestFolder $script:Folder
    Exit-RailwayTestEnvironment
}

Describe 'Invoke-Cpwtr for an upload-sourced service' {
    It 'uploads the release commit''s tree, skips Push with a reason when there is no remote, and tests the new version' {
        $run = Invoke-UploadCpwtr @{ Message = 'Initial layout'; NoBump = $true }

        $result = $run.Result
        $run.Errors | Should -BeNullOrEmpty
        $result.Succeeded | Should -BeTrue
        $result.Source | Should -Be 'Upload'
        $result.Uploaded | Should -BeTrue
        Get-StageOutcome $result 'Push' | Should -Be 'Skipped'
        ($result.Stages | Where-Object Name -EQ 'Push').Detail | Should -Match "no remote 'origin'"
        Get-HealthVersion $result.Url | Should -Be '0.1.0'
        $received = Get-UploadTestReceived -Emulator $script:Emulator -DeploymentId $result.DeploymentId
        $received | Should -Contain 'app/main.py'
        $received | Should -Not -Contain 'local.secret'
        (Get-RailwayDeployment -Id $result.DeploymentId).CommitMessage | Should -Match ([regex]::Escape((git -C $script:Repo rev-parse HEAD).Trim()))
    }

    It 'ships a second release: bumps, commits, uploads the new commit''s tree (not the working tree) and tests the new version' {
        Add-Content -LiteralPath (Join-Path $script:Repo 'app/main.py') -Value '# second change'

        $run = Invoke-UploadCpwtr @{ Message = 'Second change' }

        $result = $run.Result
        $result.Succeeded | Should -BeTrue
        $result.Outcome | Should -Be 'Released'
        $result.Version | Should -Be '0.1.1'
        $result.Uploaded | Should -BeTrue
        $result.Commit | Should -Be (git -C $script:Repo rev-parse HEAD).Trim()
        Get-HealthVersion $result.Url | Should -Be '0.1.1'
        Get-UploadTestReceived -Emulator $script:Emulator -DeploymentId $result.DeploymentId | Should -Not -Contain 'local.secret'
    }

    It 'reports a failed upload with RailwayCpwtrUploadFailed, and the rerun uploads again and goes live' {
        Add-Content -LiteralPath (Join-Path $script:Repo 'app/main.py') -Value '# third change'
        Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'status'; status = 400; message = 'upload refused by a test'; path = '/project/'; count = 1 }

        $failed = Invoke-UploadCpwtr @{ Message = 'Third change' }

        $failed.Result.Succeeded | Should -BeFalse
        $failed.Result.FailedStage | Should -Be 'Wait'
        $failed.Errors[0].FullyQualifiedErrorId | Should -BeLike 'RailwayCpwtrUploadFailed,*'
        $commit = (git -C $script:Repo rev-parse HEAD).Trim()
        $failed.Result.Commit | Should -Be $commit
        Reset-EmulatorJournal $script:Emulator

        $rerun = Invoke-UploadCpwtr

        $rerun.Result.Succeeded | Should -BeTrue
        $rerun.Result.Outcome | Should -Be 'Resumed'
        $rerun.Result.Commit | Should -Be $commit
        $rerun.Result.Uploaded | Should -BeTrue
        Get-StageOutcome $rerun.Result 'Commit' | Should -Be 'AlreadyDone'
        Get-UploadTestPosts -Emulator $script:Emulator | Should -Be 1
        Get-HealthVersion $rerun.Result.Url | Should -Be '0.1.2'
    }

    It 'after a successful upload, a rerun only waits and tests: nothing is uploaded again' {
        $before = @(Get-RailwayDeployment -Project cpwtr-upload -Environment production -Service web).Count
        Reset-EmulatorJournal $script:Emulator

        $run = Invoke-UploadCpwtr

        $run.Result.Succeeded | Should -BeTrue
        $run.Result.Outcome | Should -Be 'AlreadyLive'
        $run.Result.Uploaded | Should -BeFalse
        Get-UploadTestPosts -Emulator $script:Emulator | Should -Be 0
        @(Get-RailwayDeployment -Project cpwtr-upload -Environment production -Service web).Count | Should -Be $before
        Get-HealthVersion $run.Result.Url | Should -Be '0.1.2'
    }

    It 'refuses -Source Repository when the repository has no remote, changing nothing' {
        $head = (git -C $script:Repo rev-parse HEAD).Trim()

        { Invoke-UploadCpwtr @{ Source = 'Repository'; Message = 'would need a push' } } | Should -Throw -ErrorId 'RailwayCpwtrRepositoryNotUsable*'

        (git -C $script:Repo rev-parse HEAD).Trim() | Should -Be $head
    }
}
