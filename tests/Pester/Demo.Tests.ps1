# build/Demo.ps1 (build.ps1 Demo) as a user runs it with its output sent to a file: the text carries no ANSI
# escape sequences, warnings and errors included. The demo itself runs in the lead's full suite and in CI
# through build.ps1 Demo; here it is stopped at its first step (a module that does not exist), which is
# enough to see how it writes an error to a file.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
    $script:Demo = Join-Path $PSScriptRoot '../../build/Demo.ps1'
}

Describe 'build/Demo.ps1 with its output redirected' {
    It 'writes its failure to the file as plain text, with no ANSI escape' {
        $missing = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-no-module-' + [guid]::NewGuid().ToString('n') + '/RailwayOps.psd1')
        $body = "param(`$Demo, `$Missing)`n& `$Demo -ModuleManifest `$Missing -SampleRoot `$Missing *>&1 | Out-String"
        # The child's own stdout is a pipe (redirected), as `build.ps1 Demo > demo.txt` makes it.
        $run = Invoke-ChildPwsh -ScriptBlock ([scriptblock]::Create($body)) -ArgumentList (Resolve-Path $script:Demo).ProviderPath, $missing -TimeoutSec 60

        $text = $run.Output + $run.Error
        $text | Should -Match 'RailwayOps\.psd1'
        $text.Contains([char]27) | Should -BeFalse -Because "the file must not carry ESC sequences: $($text -replace [char]27, '<ESC>')"
    }
}
