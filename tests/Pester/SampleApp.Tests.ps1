# samples/hello-railway's own Python tests (unittest, standard library only), one test module per It: the protocol
# pieces, app.pg against a real PostgreSQL 15 and the app with its CLIs against real PostgreSQL and Redis servers.
# Each Python module starts the servers it needs in temporary folders on loopback ports and stops them in its
# cleanup, also on failure; a missing server binary makes its tests skip, and this file says so with the reason.
BeforeDiscovery {
    $script:Modules = @(
        @{ Module = 'tests.test_protocols'; What = 'SCRAM (RFC 7677), MD5, literals, URLs and RESP2 framing' }
        @{ Module = 'tests.test_postgres'; What = 'app.pg against PostgreSQL: scram, md5, cleartext, both query protocols' }
        @{ Module = 'tests.test_app'; What = 'the web service, app.migrate and app.notes against PostgreSQL and Redis' }
    )
}

BeforeAll {
    $script:Sample = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'samples/hello-railway'
    $script:Python = Get-Command python3 -ErrorAction SilentlyContinue
}

Describe 'samples/hello-railway unittest' {
    It '<Module>: <What>' -ForEach $script:Modules {
        if (-not $script:Python) { Set-ItResult -Skipped -Because 'python3 is not on PATH'; return }
        $saved = $env:PYTHONDONTWRITEBYTECODE
        $env:PYTHONDONTWRITEBYTECODE = '1'    # no __pycache__ left in the source tree
        try {
            Push-Location $script:Sample
            $output = & $script:Python.Source -m unittest -v $Module 2>&1 | Out-String
            $code = $LASTEXITCODE
        }
        finally {
            Pop-Location
            if ($null -eq $saved) { Remove-Item Env:PYTHONDONTWRITEBYTECODE -ErrorAction SilentlyContinue } else { $env:PYTHONDONTWRITEBYTECODE = $saved }
        }

        $code | Should -Be 0 -Because $output
        $output | Should -Match '(?m)^OK\b'
        $skips = [regex]::Matches($output, "skipped '([^']*)'") | ForEach-Object { $_.Groups[1].Value } | Select-Object -Unique
        if ($skips) { Set-ItResult -Skipped -Because ($skips -join '; ') }
    }
}
