BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule

    function New-VersionFixture {
        <# A folder with the given files (relative path => content), written byte for byte. #>
        param([Parameter(Mandatory)][hashtable]$Files)
        $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $root | Out-Null
        foreach ($name in $Files.Keys) {
            $path = Join-Path $root $name
            New-Item -ItemType Directory -Force -Path (Split-Path -Parent $path) | Out-Null
            [IO.File]::WriteAllBytes($path, [Text.Encoding]::UTF8.GetBytes($Files[$name]))
        }
        $root
    }

    $script:ConfigPy = "class Settings:`n    app_name: str = `"demo`"`n    app_version: str = `"0.2.1`"`n"
}

Describe 'Step-RailwayAppVersion' {
    It 'bumps app_version in config.py of the current location and returns the change' {
        $root = New-VersionFixture @{ 'app/config.py' = $script:ConfigPy }

        Push-Location $root
        try { $change = Step-RailwayAppVersion } finally { Pop-Location }

        $change | Should -BeOfType ([RailwayOps.AppVersionChange])
        $change.File | Should -Be (Join-Path $root 'app/config.py')
        $change.Kind | Should -Be 'PythonAppVersion'
        $change.OldVersion | Should -Be '0.2.1'
        $change.NewVersion | Should -Be '0.2.2'
        Get-Content -Raw (Join-Path $root 'app/config.py') | Should -Be ($script:ConfigPy -replace '0\.2\.1', '0.2.2')
    }

    It 'bumps -Part Minor and Major' {
        $root = New-VersionFixture @{ 'VERSION' = "1.4.2`n" }

        (Step-RailwayAppVersion -Path $root -Part Minor).NewVersion | Should -Be '1.5.0'
        (Step-RailwayAppVersion -Path $root -Part Major).NewVersion | Should -Be '2.0.0'
        Get-Content -Raw (Join-Path $root 'VERSION') | Should -Be "2.0.0`n"
    }

    It 'writes an explicit -Version, prerelease included' {
        $root = New-VersionFixture @{ 'package.json' = "{`n  `"name`": `"web`",`n  `"version`": `"1.0.0`"`n}`n" }

        $change = Step-RailwayAppVersion -Path $root -Version '2.0.0-rc.1'

        $change.Kind | Should -Be 'PackageJson'
        (Get-Content -Raw (Join-Path $root 'package.json') | ConvertFrom-Json).version | Should -Be '2.0.0-rc.1'
    }

    It 'keeps CRLF line endings and the byte order mark' {
        $root = New-VersionFixture @{}
        $file = Join-Path $root 'pyproject.toml'
        $bytes = [byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes("[project]`r`nname = `"x`"`r`nversion = `"0.9.9`"`r`n")
        [IO.File]::WriteAllBytes($file, $bytes)

        Step-RailwayAppVersion -Path $root | Out-Null

        $expected = [byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes("[project]`r`nname = `"x`"`r`nversion = `"0.9.10`"`r`n")
        [IO.File]::ReadAllBytes($file) | Should -Be $expected
    }

    It 'writes nothing and returns nothing with -WhatIf' {
        $root = New-VersionFixture @{ 'app/config.py' = $script:ConfigPy }

        $output = Step-RailwayAppVersion -Path $root -WhatIf

        $output | Should -BeNullOrEmpty
        Get-Content -Raw (Join-Path $root 'app/config.py') | Should -Be $script:ConfigPy
    }

    It 'lists the candidates and how to pick one when several declare a version' {
        $root = New-VersionFixture @{ 'package.json' = '{ "version": "1.0.0" }'; 'VERSION' = '1.0.0' }

        $change = Step-RailwayAppVersion -Path $root -ErrorAction SilentlyContinue -ErrorVariable problems

        $change | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'RailwayAppVersionAmbiguous,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].ToString() | Should -Match 'package\.json'
        $problems[0].ToString() | Should -Match 'VERSION'
        $problems[0].ToString() | Should -Match '-File'
        Get-Content -Raw (Join-Path $root 'VERSION') | Should -Be '1.0.0'
    }

    It 'bumps the candidate picked with -File' {
        $root = New-VersionFixture @{ 'package.json' = '{ "version": "1.0.0" }'; 'VERSION' = '1.0.0' }

        $change = Step-RailwayAppVersion -Path $root -File (Join-Path $root 'VERSION')

        $change.Kind | Should -Be 'VersionFile'
        Get-Content -Raw (Join-Path $root 'VERSION') | Should -Be '1.0.1'
        Get-Content -Raw (Join-Path $root 'package.json') | Should -Be '{ "version": "1.0.0" }'
    }

    It 'fails with <Id> (<Category>) for <Case>' -ForEach @(
        @{ Case = 'a folder without a version'; Files = @{ 'README.md' = 'hi' }; Parameters = @{}; Id = 'RailwayAppVersionNotFound'; Category = 'ObjectNotFound' }
        @{ Case = 'an invalid -Version'; Files = @{ 'VERSION' = '1.0.0' }; Parameters = @{ Version = '1.0' }; Id = 'RailwayAppVersionInvalid'; Category = 'InvalidData' }
        @{ Case = 'a lower -Version'; Files = @{ 'VERSION' = '1.0.0' }; Parameters = @{ Version = '0.9.0' }; Id = 'RailwayAppVersionDowngrade'; Category = 'InvalidArgument' }
        @{ Case = 'a current version that is not semantic'; Files = @{ 'VERSION' = 'banana' }; Parameters = @{}; Id = 'RailwayAppVersionInvalid'; Category = 'InvalidData' }
        @{ Case = 'a major bump past the largest number'; Files = @{ 'VERSION' = '9223372036854775807.0.0' }; Parameters = @{ Part = 'Major' }; Id = 'RailwayAppVersionInvalid'; Category = 'InvalidData' }
        @{ Case = 'a patch bump past the largest number'; Files = @{ 'VERSION' = '1.2.9223372036854775807' }; Parameters = @{}; Id = 'RailwayAppVersionInvalid'; Category = 'InvalidData' }
    ) {
        $root = New-VersionFixture $Files

        $output = Step-RailwayAppVersion -Path $root @Parameters -ErrorAction SilentlyContinue -ErrorVariable problems

        $output | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $problems[0].CategoryInfo.Category | Should -Be $Category
        $problems[0].Exception.Message | Should -Not -Match 'Unexpected|Overflow|ArgumentOutOfRange'
    }

    It 'fails with RailwayAppVersionWriteFailed when the file changes after the plan, and keeps that change' {
        # Another writer edits the file between the plan and the write (as an editor may while a -Confirm prompt is
        # open): the hook edits it when ShouldProcess says it performs the operation, the one moment between the two.
        Add-Type -TypeDefinition @'
namespace RailwayOpsTests
{
    public static class EditOnVerbose
    {
        public static void Arm(System.Management.Automation.PSDataCollection<System.Management.Automation.VerboseRecord> verbose, string prefix, string path, string content)
        {
            verbose.DataAdded += (sender, e) =>
            {
                var records = (System.Management.Automation.PSDataCollection<System.Management.Automation.VerboseRecord>)sender;
                if (records[e.Index].Message.StartsWith(prefix, System.StringComparison.Ordinal))
                {
                    System.IO.File.WriteAllText(path, content);
                }
            };
        }
    }
}
'@
        $root = New-VersionFixture @{ 'VERSION' = '1.0.0' }
        $file = Join-Path $root 'VERSION'
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("param(`$Path) Import-Module '$(Get-RailwayOpsTestModulePath)'; Step-RailwayAppVersion -Path `$Path -Verbose").AddParameter('Path', $root)
            [RailwayOpsTests.EditOnVerbose]::Arm($shell.Streams.Verbose, 'Performing the operation', $file, '2.0.0')
            $output = @($shell.Invoke())
            $problems = @($shell.Streams.Error)
        }
        finally { $shell.Dispose() }

        $output | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'RailwayAppVersionWriteFailed,*'
        $problems[0].CategoryInfo.Category | Should -Be 'WriteError'
        $problems[0].Exception.Message | Should -BeLike "$file changed after the version bump was planned; nothing was written.*"
        Get-Content -Raw $file | Should -Be '2.0.0' -Because 'the other writer''s change is not overwritten'
    }

    It 'goes down with -Version and -AllowDowngrade' {
        $root = New-VersionFixture @{ 'VERSION' = '1.0.0' }

        (Step-RailwayAppVersion -Path $root -Version 0.9.0 -AllowDowngrade).NewVersion | Should -Be '0.9.0'
    }

    It 'takes folders from the pipeline' {
        $first = New-VersionFixture @{ 'VERSION' = '1.0.0' }
        $second = New-VersionFixture @{ 'VERSION' = '3.1.4' }

        $changes = Get-Item $first, $second | Step-RailwayAppVersion

        @($changes.NewVersion) | Should -Be @('1.0.1', '3.1.5')
    }
}
