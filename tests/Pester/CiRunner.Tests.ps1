# CI runners: with GITHUB_ACTIONS or TF_BUILD set (in a child pwsh, so nothing leaks into this one),
# the cmdlets write the runner's logging commands to standard output and the job summary; and the
# example pipelines in docs/examples are well-formed and call the module correctly.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    Import-RailwayOpsTestModule
    $script:TempHome = Enter-RailwayTestEnvironment
    $script:RepositoryRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    $script:ModulePath = (Resolve-Path (Get-RailwayOpsTestModulePath)).ProviderPath
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-ci-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null

    function Get-YamlScripts([string]$Path, [string[]]$Keys) {
        # The PowerShell of each `run:` / `script:` key: an inline value or a literal block (|).
        $lines = Get-Content -LiteralPath $Path
        $scripts = [System.Collections.Generic.List[pscustomobject]]::new()
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -notmatch "^(?<indent>\s*)(?:- )?(?<key>$($Keys -join '|')):\s*(?<value>.*)$") { continue }
            $indent = $Matches.indent.Length
            $value = $Matches.value.Trim()
            if ($value -ne '|' -and $value -ne '|-') {
                $scripts.Add([pscustomobject]@{ Line = $i + 1; Text = $value })
                continue
            }
            $body = [System.Collections.Generic.List[string]]::new()
            while ($i + 1 -lt $lines.Count -and ($lines[$i + 1].Trim() -eq '' -or ($lines[$i + 1] -match '^(\s*)' -and $Matches[1].Length -gt $indent))) {
                $i++
                $body.Add($lines[$i])
            }
            $scripts.Add([pscustomobject]@{ Line = $i + 1 - $body.Count; Text = ($body -join "`n") })
        }
        $scripts
    }

    function Test-PowerShellSnippet([string]$Text) {
        # Parses a snippet and checks every RailwayOps command in it against the real cmdlet's parameters.
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
        $problems = @($errors | ForEach-Object { "parse: $($_.Message)" })
        foreach ($command in $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $name = $command.GetCommandName()
            $info = if ($name) { Get-Command $name -Module RailwayOps -ErrorAction SilentlyContinue }
            if (-not $info) { continue }
            foreach ($parameter in $command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                $matched = @($info.Parameters.Values | Where-Object { $_.Name -like "$($parameter.ParameterName)*" -or $_.Aliases -contains $parameter.ParameterName })
                if ($matched.Count -eq 0) { $problems += "$name has no parameter -$($parameter.ParameterName)" }
            }
        }
        $problems
    }
}

AfterAll {
    Exit-RailwayTestEnvironment
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Example pipelines in docs/examples' {
    Context '<Name>' -ForEach @(
        @{ Name = 'github-actions.yml'; Keys = @('run'); Required = @('on:', 'jobs:', 'runs-on:', 'steps:', 'secrets.RAILWAY_TOKEN') }
        @{ Name = 'azure-pipelines.yml'; Keys = @('script'); Required = @('trigger:', 'pool:', 'jobs:', 'steps:', 'task: PowerShell@2', '$(RAILWAY_TOKEN)') }
    ) {
        BeforeAll {
            $script:Path = Join-Path $script:RepositoryRoot "docs/examples/$Name"
            $script:Text = Get-Content -Raw -LiteralPath $script:Path
            $script:Lines = Get-Content -LiteralPath $script:Path
            $script:Snippets = @(Get-YamlScripts $script:Path $Keys)
        }

        It 'is indented with spaces only, two at a time' {
            $script:Text | Should -Not -Match "`t"
            foreach ($line in $script:Lines | Where-Object { $_.Trim() -and $_ -notmatch '^\s*#' }) {
                ($line.Length - $line.TrimStart(' ').Length) % 2 | Should -Be 0 -Because "'$line' should be indented by an even number of spaces"
            }
        }

        It 'has the structure its CI system needs' {
            foreach ($key in $Required) { $script:Text | Should -Match ([regex]::Escape($key)) }
        }

        It 'runs every script in PowerShell 7 (pwsh)' {
            if ($Name -eq 'github-actions.yml') {
                ([regex]::Matches($script:Text, '(?m)^\s*shell: pwsh\s*$')).Count | Should -Be $script:Snippets.Count
            }
            else {
                ([regex]::Matches($script:Text, '(?m)^\s*pwsh: true\s*$')).Count | Should -Be ([regex]::Matches($script:Text, 'task: PowerShell@2')).Count
            }
        }

        It 'installs the module and calls Invoke-Cpwtr and Wait-RailwayDeployment' {
            $all = $script:Snippets.Text -join "`n"
            $all | Should -Match 'Install-PSResource'
            $all | Should -Match 'Import-Module RailwayOps'
            $all | Should -Match 'Invoke-Cpwtr'
            $all | Should -Match 'Wait-RailwayDeployment'
            $all | Should -Match 'Confirm:\$false'
        }

        It 'has PowerShell that parses and uses only real parameters' {
            $script:Snippets.Count | Should -BeGreaterThan 1
            foreach ($snippet in $script:Snippets) {
                Test-PowerShellSnippet $snippet.Text | Should -BeNullOrEmpty -Because "the script at line $($snippet.Line) must be valid"
            }
        }
    }

    It 'catches a snippet that calls a parameter the cmdlet does not have (control)' {
        Test-PowerShellSnippet 'Wait-RailwayDeployment -CommitSha abc1234 -NoSuchParameter 1' | Should -Be 'Wait-RailwayDeployment has no parameter -NoSuchParameter'
        Test-PowerShellSnippet 'Invoke-Cpwtr -Message (' | Should -Not -BeNullOrEmpty
    }
}

Describe 'Cmdlets under a CI runner' {
    BeforeAll {
        $script:Emulator = Start-RailwayTestEmulator
        $script:Token = Get-TestSeedToken

        function Invoke-UnderRunner([hashtable]$Runner, [scriptblock]$Body) {
            # A child pwsh with the runner's variables, the module imported and the emulator's endpoint and token.
            $environment = @{ GITHUB_ACTIONS = $null; GITHUB_STEP_SUMMARY = $null; TF_BUILD = $null; AGENT_TEMPDIRECTORY = $null
                RAILWAYOPS_API_URL = $script:Emulator.GraphQLUrl; RAILWAY_API_TOKEN = $script:Token }
            foreach ($name in $Runner.Keys) { $environment[$name] = $Runner[$name] }
            $script = [scriptblock]::Create("param(`$ModulePath)`nImport-Module `$ModulePath -ErrorAction Stop`n" + $Body.ToString())
            Invoke-ChildPwsh -WorkingDirectory $script:Work -ScriptBlock $script -ArgumentList $script:ModulePath -Environment $environment
        }

        function New-GitHubRunner {
            $summary = Join-Path $script:Work ('summary-' + [guid]::NewGuid().ToString('n') + '.md')
            @{ GITHUB_ACTIONS = 'true'; GITHUB_STEP_SUMMARY = $summary }
        }
    }

    AfterAll {
        Stop-RailwayTestEmulator $script:Emulator
    }

    Context 'GitHub Actions' {
        It 'masks a value with ::add-mask:: before -AsPlainText reveals it' {
            $runner = New-GitHubRunner
            $result = Invoke-UnderRunner $runner {
                Get-RailwayVariable -Project demo -Environment production -Service web -Name GREETING -AsPlainText | ForEach-Object { "VALUE=$($_.Value)" }
            }
            $result.Error | Should -BeNullOrEmpty
            $mask = [array]::IndexOf($result.Lines, '::add-mask::hello')
            $value = [array]::IndexOf($result.Lines, 'VALUE=hello')
            $mask | Should -BeGreaterOrEqual 0
            $value | Should -BeGreaterThan $mask
        }

        It 'masks nothing when values stay hidden' {
            $result = Invoke-UnderRunner (New-GitHubRunner) {
                Get-RailwayVariable -Project demo -Environment production -Service web | Out-Null
                'DONE'
            }
            $result.Lines | Should -Be @('DONE')
        }

        It 'turns a failed deployment into ::error, grouped log tails and a summary' {
            $runner = New-GitHubRunner
            $result = Invoke-UnderRunner $runner {
                Get-RailwayDeployment -Project demo -Environment production -Service web -Status Failed -First 1 |
                    Wait-RailwayDeployment -ErrorAction SilentlyContinue -ErrorVariable failures
                "ERRORS=$($failures.Count)"
            }
            $result.Lines | Should -Contain 'ERRORS=1'
            @($result.Lines | Where-Object { $_ -like '::error title=Wait-RailwayDeployment%3A deployment Failed::*' }).Count | Should -Be 1
            $groups = @($result.Lines | Where-Object { $_ -like '::group::*' })
            $groups.Count | Should -BeGreaterOrEqual 1
            @($result.Lines | Where-Object { $_ -eq '::endgroup::' }).Count | Should -Be $groups.Count
            $summary = Get-Content -Raw $runner.GITHUB_STEP_SUMMARY
            $summary | Should -Match '### ❌ Wait-RailwayDeployment: web/production ended Failed'
            $summary | Should -Match '<details><summary>(Build|Deploy) log of web/production'
        }

        It 'summarises a successful wait without an annotation' {
            $runner = New-GitHubRunner
            $result = Invoke-UnderRunner $runner {
                Get-RailwayDeployment -Project demo -Environment production -Service web -Status Success -First 1 | Wait-RailwayDeployment | ForEach-Object { "WAITED=$($_.Status)" }
            }
            $result.Lines | Should -Contain 'WAITED=Success'
            $result.Lines | Where-Object { $_ -like '::*' } | Should -BeNullOrEmpty
            Get-Content -Raw $runner.GITHUB_STEP_SUMMARY | Should -Match '### ✅ Wait-RailwayDeployment: web/production is SUCCESS'
        }
    }

    Context 'GitHub Actions: the release loop' {
        BeforeAll {
            Import-Module (Join-Path $PSScriptRoot 'SampleAppTestHelpers.psm1') -Force
            $script:App = Publish-SampleApp -Emulator $script:Emulator
        }

        AfterAll { Remove-SampleApp $script:App }

        It 'annotates a failed stage and summarises the run' {
            $runner = New-GitHubRunner
            Set-Content -Path (Join-Path $script:App.Path '.env') -Value 'SECRET=1'
            try {
                $result = Invoke-UnderRunner $runner ([scriptblock]::Create(@"
Invoke-Cpwtr -Message 'ci check' -Path '$($script:App.Path)' -Project demo -Environment production -Service web -Confirm:`$false -ErrorAction SilentlyContinue |
    ForEach-Object { "FAILED=`$(`$_.FailedStage)" }
"@))
            }
            finally { Remove-Item (Join-Path $script:App.Path '.env') -Force -ErrorAction SilentlyContinue }
            $result.Lines | Should -Contain 'FAILED=Commit'
            @($result.Lines | Where-Object { $_ -like '::error title=Invoke-Cpwtr%3A Commit failed::*' }).Count | Should -Be 1
            $summary = Get-Content -Raw $runner.GITHUB_STEP_SUMMARY
            $summary | Should -Match '### ❌ Invoke-Cpwtr: the Commit stage failed'
            $summary | Should -Match '\| Commit \| Failed \|'
            $summary | Should -Match '\| Push \| Skipped \|'
        }

        It 'summarises a release that went live, without an annotation' {
            $runner = New-GitHubRunner
            $result = Invoke-UnderRunner $runner ([scriptblock]::Create(@"
Invoke-Cpwtr -Message 'ci release' -Path '$($script:App.Path)' -Project demo -Environment production -Service web -Confirm:`$false |
    ForEach-Object { "SUCCEEDED=`$(`$_.Succeeded)"; "VERSION=`$(`$_.Version)" }
"@))
            $result.Lines | Should -Contain 'SUCCEEDED=True'
            $version = (($result.Lines | Where-Object { $_ -like 'VERSION=*' }) -replace '^VERSION=')
            $result.Lines | Where-Object { $_ -like '::error*' } | Should -BeNullOrEmpty
            $summary = Get-Content -Raw $runner.GITHUB_STEP_SUMMARY
            $summary | Should -Match "### ✅ Invoke-Cpwtr: v$([regex]::Escape($version)) is live in production"
            $summary | Should -Match '\| \*\*URL\*\* \| http'
            foreach ($stage in 'Version', 'Commit', 'Push', 'Wait', 'Test') { $summary | Should -Match "\| $stage \| Succeeded \|" }
        }
    }

    Context 'Azure Pipelines' {
        It 'uses ##vso logging commands and uploads the summary' {
            $agentTemp = Join-Path $script:Work ('agent-' + [guid]::NewGuid().ToString('n'))
            New-Item -ItemType Directory -Path $agentTemp | Out-Null
            $result = Invoke-UnderRunner @{ TF_BUILD = 'True'; AGENT_TEMPDIRECTORY = $agentTemp } {
                Get-RailwayVariable -Project demo -Environment production -Service web -Name GREETING -AsPlainText | Out-Null
                Get-RailwayDeployment -Project demo -Environment production -Service web -Status Failed -First 1 |
                    Wait-RailwayDeployment -ErrorAction SilentlyContinue
            }
            $result.Lines | Should -Contain '##vso[task.setsecret]hello'
            @($result.Lines | Where-Object { $_ -like '##vso`[task.logissue type=error`]Wait-RailwayDeployment: deployment Failed: *' }).Count | Should -Be 1
            @($result.Lines | Where-Object { $_ -like '##`[group`]*' }).Count | Should -BeGreaterOrEqual 1
            $upload = @($result.Lines | Where-Object { $_ -like '##vso`[task.uploadsummary`]*' })
            $upload.Count | Should -Be 1
            $file = $upload[0].Substring('##vso[task.uploadsummary]'.Length)
            Split-Path -Parent $file | Should -Be $agentTemp
            Get-Content -Raw $file | Should -Match '### ❌ Wait-RailwayDeployment'
        }
    }

    Context 'outside CI' {
        It 'writes no workflow command' {
            $result = Invoke-UnderRunner @{} {
                Get-RailwayVariable -Project demo -Environment production -Service web -Name GREETING -AsPlainText | Out-Null
                Get-RailwayDeployment -Project demo -Environment production -Service web -Status Failed -First 1 |
                    Wait-RailwayDeployment -ErrorAction SilentlyContinue
                'DONE'
            }
            $result.Lines | Should -Be @('DONE')
        }
    }
}
