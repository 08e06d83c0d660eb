# build/New-ModulePackage.ps1 makes a .nupkg the PowerShell Gallery takes; installed with
# Install-PSResource from a local folder repository and imported by name in a fresh pwsh, it works,
# emulator included. Every PSResourceGet step runs in a child pwsh whose HOME is a temporary folder,
# so the user's repositories and modules are never touched.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    $script:TempHome = Enter-RailwayTestEnvironment
    $script:ModuleDirectory = Split-Path -Parent (Resolve-Path (Get-RailwayOpsTestModulePath)).ProviderPath
    $script:Version = (Import-PowerShellDataFile (Join-Path $script:ModuleDirectory 'RailwayOps.psd1')).ModuleVersion
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-packaging-' + [guid]::NewGuid().ToString('n'))
    $script:Feed = Join-Path $script:Work 'feed'
    $script:ChildEnvironment = @{ HOME = $script:TempHome; USERPROFILE = $script:TempHome; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null }
    # .NET reports a missing user data folder as "" and PSResourceGet would then write its settings
    # relative to the working directory: the temporary HOME gets the folders a real one has, and the
    # children run in the scratch folder.
    foreach ($folder in '.local/share', '.config', '.cache') { New-Item -ItemType Directory -Force -Path (Join-Path $script:TempHome $folder) | Out-Null }
    New-Item -ItemType Directory -Force -Path $script:Work | Out-Null

    $packageScript = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'build/New-ModulePackage.ps1'
    $script:Packaging = Invoke-ChildPwsh -WorkingDirectory $script:Work -Environment $script:ChildEnvironment -ArgumentList $packageScript, $script:ModuleDirectory, $script:Feed -ScriptBlock {
        param($PackageScript, $ModuleDirectory, $OutputDirectory)
        & $PackageScript -ModuleDirectory $ModuleDirectory -OutputDirectory $OutputDirectory | Out-Null
    }
    $script:Package = Join-Path $script:Feed "RailwayOps.$($script:Version).nupkg"

    function Get-PackageEntries {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($script:Package)
        try { $zip.Entries.FullName } finally { $zip.Dispose() }
    }

    function Get-Nuspec {
        $zip = [IO.Compression.ZipFile]::OpenRead($script:Package)
        try {
            $reader = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -EQ 'RailwayOps.nuspec').Open())
            try { [xml]$reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
    }
}

AfterAll {
    Exit-RailwayTestEnvironment
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'The module package' {
    It 'is built by New-ModulePackage.ps1 as RailwayOps.<version>.nupkg' {
        $script:Packaging.Error | Should -BeNullOrEmpty
        $script:Packaging.ExitCode | Should -Be 0
        $script:Package | Should -Exist
    }

    It 'holds the module, its isolated dependencies, its help, the licence and the emulator' {
        $entries = Get-PackageEntries
        foreach ($file in 'RailwayOps.psd1', 'RailwayOps.dll', 'RailwayOps.Format.ps1xml', 'LICENSE',
            'dependencies/RailwayOps.Core.dll', 'dependencies/Octokit.dll', 'dependencies/Polly.Core.dll',
            'en-US/RailwayOps.dll-Help.xml', 'en-US/about_RailwayOps.help.txt',
            'emulator/RailwayOps.Emulator.dll', 'emulator/seeds/demo.json') {
            $entries | Should -Contain $file
        }
    }

    It 'carries the metadata the Gallery shows' {
        $metadata = (Get-Nuspec).package.metadata
        $metadata.id | Should -Be 'RailwayOps'
        $metadata.version | Should -Be $script:Version
        $metadata.description | Should -Match 'Railway'
        $metadata.authors | Should -Not -BeNullOrEmpty
        $metadata.copyright | Should -Match 'MIT'
        $metadata.projectUrl | Should -Be 'https://github.com/railwayops/RailwayOps'
        $metadata.licenseUrl | Should -Be 'https://github.com/railwayops/RailwayOps/blob/main/LICENSE'
        $metadata.releaseNotes | Should -Match 'Invoke-Cpwtr'
        $metadata.tags -split ' ' | Should -Contain 'Railway'
        $metadata.tags -split ' ' | Should -Contain 'PSModule'
    }

    It 'writes nothing into the working directory or the real user profile' {
        Join-Path $script:Work 'PSResourceGet' | Should -Not -Exist
        Join-Path $script:Work 'NuGet' | Should -Not -Exist
        Join-Path $script:TempHome '.local/share/PSResourceGet' | Should -Not -Exist -Because 'the package script keeps its repository list in its own temporary folder'
    }

    It 'refuses a manifest without release notes' {
        $broken = Join-Path $script:Work 'broken/RailwayOps'
        New-Item -ItemType Directory -Force -Path $broken | Out-Null
        Copy-Item (Join-Path $script:ModuleDirectory '*') $broken -Recurse
        $manifest = Join-Path $broken 'RailwayOps.psd1'
        (Get-Content -Raw $manifest) -replace "(?s)ReleaseNotes\s*=\s*@'.*?'@", "ReleaseNotes = ''" | Set-Content $manifest -Encoding utf8NoBOM
        $packageScript = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'build/New-ModulePackage.ps1'
        $result = Invoke-ChildPwsh -WorkingDirectory $script:Work -Environment $script:ChildEnvironment -ArgumentList $packageScript, $broken, (Join-Path $script:Work 'broken-out') -ScriptBlock {
            param($PackageScript, $ModuleDirectory, $OutputDirectory)
            & $PackageScript -ModuleDirectory $ModuleDirectory -OutputDirectory $OutputDirectory
        }
        $result.ExitCode | Should -Not -Be 0
        $result.Error | Should -Match 'ReleaseNotes'
    }

    Context 'installed from a local folder repository' {
        BeforeAll {
            $script:Install = Invoke-ChildPwsh -WorkingDirectory $script:Work -Environment $script:ChildEnvironment -ArgumentList $script:Feed -ScriptBlock {
                param($Feed)
                $ErrorActionPreference = 'Stop'
                $ProgressPreference = 'SilentlyContinue'
                Register-PSResourceRepository -Name RailwayOpsLocal -Uri $Feed -Trusted
                Install-PSResource -Name RailwayOps -Repository RailwayOpsLocal -Scope CurrentUser -TrustRepository -Quiet
                "INSTALLED=$((Get-InstalledPSResource -Name RailwayOps -Scope CurrentUser).InstalledLocation)"
            }
            $installed = @($script:Install.Lines | Where-Object { $_.StartsWith('INSTALLED=') }) | Select-Object -First 1
            $script:InstalledRoot = if ($installed) { $installed.Substring('INSTALLED='.Length) } else { $null }
        }

        It 'installs with Install-PSResource into the (temporary) user scope' {
            $script:Install.Error | Should -BeNullOrEmpty
            $script:InstalledRoot | Should -Not -BeNullOrEmpty
            $script:InstalledRoot | Should -BeLike "$($script:TempHome)*"
            Join-Path $script:InstalledRoot "RailwayOps/$($script:Version)/RailwayOps.psd1" | Should -Exist
        }

        It 'imports by name in a fresh pwsh and runs cmdlets against the emulator it ships' {
            $environment = $script:ChildEnvironment.Clone()
            $environment['PSModulePath'] = $script:InstalledRoot
            $state = Join-Path $script:Work 'state'
            $result = Invoke-ChildPwsh -WorkingDirectory $script:Work -Environment $environment -ArgumentList $state -ScriptBlock {
                param($StateDirectory)
                $ErrorActionPreference = 'Stop'
                Import-Module RailwayOps
                "BASE=$((Get-Module RailwayOps).ModuleBase)"
                $emulator = Start-RailwayEmulator -StateDirectory $StateDirectory -Confirm:$false
                try {
                    "EMULATOR=$((Get-Process -Id $emulator.ProcessId).CommandLine)"
                    "PROJECTS=$((Get-RailwayProject).Name -join ',')"
                }
                finally { $emulator | Stop-RailwayEmulator -Confirm:$false }
            }
            $result.Error | Should -BeNullOrEmpty
            $base = ($result.Lines | Where-Object { $_.StartsWith('BASE=') }).Substring(5)
            $base | Should -BeLike "$($script:InstalledRoot)*"
            ($result.Lines | Where-Object { $_.StartsWith('EMULATOR=') }) | Should -BeLike "*$base*"
            $result.Lines | Should -Contain 'PROJECTS=demo'
        }
    }
}
