BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Emulator = Start-RailwayTestEmulator
    $script:Servers = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()

    # A tiny health endpoint: the port opens after -OpenAfterSec, then it answers 503 until
    # -HealthyAfterSec have passed since start, then 200 with the version.
    $script:ServerScript = Join-Path $TestDrive 'health_server.py'
    Set-Content -Path $script:ServerScript -Value @'
import http.server, json, sys, time
port, open_after, healthy_after, version = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
unhealthy_after = float(sys.argv[5]) if len(sys.argv) > 5 else float('inf')
start = time.time()
time.sleep(open_after)
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if not self.path.startswith('/api/health'):
            code, body = 404, {}
        elif time.time() - start < healthy_after:
            code, body = 503, {'status': 'starting'}
        elif time.time() - start >= unhealthy_after:
            code, body = 503, {'status': 'failing'}
        else:
            code, body = 200, {'status': 'healthy', 'version': version, 'build': {'version': version}}
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
http.server.HTTPServer(('127.0.0.1', port), Handler).serve_forever()
'@

    function Get-FreePort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    function Start-HealthServer {
        param([double]$OpenAfterSec = 0, [double]$HealthyAfterSec = 0, [string]$Version = '1.2.3', [double]$UnhealthyAfterSec = [double]::PositiveInfinity)
        $port = Get-FreePort
        $process = Start-Process python3 -ArgumentList $script:ServerScript, $port, $OpenAfterSec, $HealthyAfterSec, $Version, ([string]$UnhealthyAfterSec -replace 'Infinity|∞', 'inf') -PassThru
        $script:Servers.Add($process)
        [Uri]"http://127.0.0.1:$port/api/health"
    }

    $script:Steady = Start-HealthServer -Version '1.2.3'
    # Wait for the steady server's port (the interpreter takes a moment to start).
    $null = Test-RailwayHealth -Uri $script:Steady -TimeoutSec 30 -RetryIntervalSec 0.2 -Quiet
}

AfterAll {
    foreach ($server in $script:Servers) { if (-not $server.HasExited) { $server.Kill() } }
    Stop-RailwayTestEmulator $script:Emulator
    Exit-RailwayTestEnvironment
}

Describe 'Test-RailwayHealth' {
    It 'returns a healthy result for a healthy endpoint' {
        $result = Test-RailwayHealth -Uri $script:Steady -TimeoutSec 10

        $result | Should -BeOfType ([RailwayOps.HealthCheckResult])
        $result.Healthy | Should -BeTrue
        $result.StatusCode | Should -Be 200
        $result.Version | Should -Be '1.2.3'
        $result.Attempts | Should -Be 1
        $result.Uri | Should -Be $script:Steady
    }

    It 'reads as values, not a type name, where it is a property of another object (Format-List)' {
        $healthy = Test-RailwayHealth -Uri $script:Steady -TimeoutSec 10
        $null = Test-RailwayHealth -Uri 'http://127.0.0.1:9/api/health' -TimeoutSec 0 -ErrorVariable failures -ErrorAction SilentlyContinue

        $listed = [pscustomobject]@{ Health = $healthy } | Format-List | Out-String -Width 300
        $failed = $failures[0].Exception | Format-List Result | Out-String -Width 300

        $listed | Should -Not -Match 'RailwayOps\.HealthCheckResult'
        $listed | Should -Match "Health : Healthy: HTTP 200, version 1\.2\.3 from $([regex]::Escape($script:Steady)) \(1 attempt\(s\)\)"
        $failed | Should -Not -Match 'RailwayOps\.HealthCheckResult'
        $failed | Should -Match 'Result : Unhealthy: no answer from http://127\.0\.0\.1:9/api/health \(1 attempt\(s\)\): '
    }

    It 'retries past a service that answers 503 while it starts' {
        $uri = Start-HealthServer -HealthyAfterSec 2

        $result = Test-RailwayHealth -Uri $uri -TimeoutSec 60 -RetryIntervalSec 0.3

        $result.Healthy | Should -BeTrue
        $result.Attempts | Should -BeGreaterThan 1
    }

    It 'retries past a port that opens late' {
        $uri = Start-HealthServer -OpenAfterSec 2

        $result = Test-RailwayHealth -Uri $uri -TimeoutSec 60 -RetryIntervalSec 0.3 -Verbose 4>&1
        $verbose = @($result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $final = $result | Where-Object { $_ -is [RailwayOps.HealthCheckResult] }

        $final.Healthy | Should -BeTrue
        $final.Attempts | Should -BeGreaterThan 1
        ($verbose | Where-Object Message -Match 'no answer|refused').Count | Should -BeGreaterThan 0
    }

    It 'accepts the expected version, also in a nested property' {
        (Test-RailwayHealth -Uri $script:Steady -ExpectedVersion '1.2.3' -TimeoutSec 10).VersionMatches | Should -BeTrue
        (Test-RailwayHealth -Uri $script:Steady -ExpectedVersion 'v1.2.3' -VersionProperty 'build.version' -TimeoutSec 10).Healthy | Should -BeTrue
    }

    It 'fails clearly on a version mismatch' {
        $result = Test-RailwayHealth -Uri $script:Steady -ExpectedVersion '9.9.9' -TimeoutSec 1 -RetryIntervalSec 0.2 -ErrorVariable failures -ErrorAction SilentlyContinue

        $result.Healthy | Should -BeFalse
        $result.VersionMatches | Should -BeFalse
        $result.Version | Should -Be '1.2.3'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayHealthVersionMismatch,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $failures[0].Exception.Message | Should -Match '1\.2\.3'
        $failures[0].Exception.Message | Should -Match '9\.9\.9'
        $failures[0].Exception.Result.Attempts | Should -BeGreaterThan 1
    }

    It 'reports an endpoint that never answers as a connection error' {
        $closed = [Uri]"http://127.0.0.1:$(Get-FreePort)/api/health"

        $result = Test-RailwayHealth -Uri $closed -TimeoutSec 1 -RetryIntervalSec 0.2 -ErrorVariable failures -ErrorAction SilentlyContinue

        $result.Healthy | Should -BeFalse
        $result.StatusCode | Should -BeNullOrEmpty
        $result.LastError | Should -Not -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayHealthCheckFailed,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'returns a bare bool with -Quiet and writes no error' {
        $closed = [Uri]"http://127.0.0.1:$(Get-FreePort)/api/health"

        Test-RailwayHealth -Uri $script:Steady -Quiet | Should -BeExactly $true
        $down = Test-RailwayHealth -Uri $closed -Quiet -TimeoutSec 0 -ErrorVariable failures
        $down | Should -BeExactly $false
        $failures | Should -BeNullOrEmpty
    }

    It 'stops at once when the pipeline is stopped mid-wait' {
        $closed = "http://127.0.0.1:$(Get-FreePort)/api/health"
        $shell = [powershell]::Create()
        $null = $shell.AddScript("param(`$Uri) Import-Module '$(Get-RailwayOpsTestModulePath)'; Test-RailwayHealth -Uri `$Uri -TimeoutSec 120 -RetryIntervalSec 30 -Verbose").AddParameter('Uri', $closed)
        $handle = $shell.BeginInvoke()
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not @($shell.Streams.Verbose | Where-Object Message -Match 'attempt 1').Count -and -not $handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $clock.Stop()
        }
        finally { $shell.Dispose() }

        @($shell.Streams.Verbose | Where-Object Message -Match 'attempt 1').Count | Should -Be 1 -Because 'the probe was inside its 30 s pause'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'only cancellation ends a 30 s pause of a 120 s wait this early'
    }

    It 'stays healthy through a -StableSec window with a steady endpoint' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $result = Test-RailwayHealth -Uri $script:Steady -ExpectedVersion '1.2.3' -StableSec 6

        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 6
        $result.Healthy | Should -BeTrue
        $result.Stability.Stable | Should -BeTrue
        $result.Stability.Probes | Should -BeGreaterOrEqual 1
        $result.Stability.Window.TotalSeconds | Should -Be 6
    }

    It 'reports an endpoint that answers healthy and then stops as RailwayHealthUnstable' {
        $flaky = Start-HealthServer -Version '1.2.3' -UnhealthyAfterSec 4
        $null = Test-RailwayHealth -Uri $flaky -TimeoutSec 30 -RetryIntervalSec 0.2 -Quiet

        $result = Test-RailwayHealth -Uri $flaky -ExpectedVersion '1.2.3' -StableSec 20 -ErrorVariable problems -ErrorAction SilentlyContinue

        $result.Healthy | Should -BeFalse
        $result.Stability.Stable | Should -BeFalse
        $result.Stability.Watched.TotalSeconds | Should -BeLessThan 20
        $result.LastError | Should -Match 'stability window'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'RailwayHealthUnstable,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        Test-RailwayHealth -Uri $flaky -TimeoutSec 0 -StableSec 1 -Quiet | Should -BeFalse
    }

    It 'rejects a URI that is not http or https' {
        Test-RailwayHealth -Uri 'ftp://example.com/health' -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayInvalidHealthUri,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'resolves the service domain and the default /api/health path' {
        Push-Location $TestDrive
        try { $result = Test-RailwayHealth -Project demo -Environment production -Service web -TimeoutSec 0 -ErrorAction SilentlyContinue }
        finally { Pop-Location }

        $result.Uri.Scheme | Should -Be 'http'
        $result.Uri.IsLoopback | Should -BeTrue
        $result.Uri.AbsolutePath | Should -Be '/api/health'
    }

    It 'takes the service''s healthcheckPath in Railway before railway.toml' {
        $repo = Join-Path $TestDrive 'railway-first'
        New-Item -ItemType Directory -Path (Join-Path $repo '.git') -Force | Out-Null
        Set-Content (Join-Path $repo 'railway.toml') "[deploy]`nhealthcheckPath = `"/from/toml`""
        Push-Location $repo
        try { $result = Test-RailwayHealth -Project demo -Environment production -Service web -TimeoutSec 0 -ErrorAction SilentlyContinue -Verbose 4>&1 }
        finally { Pop-Location }

        $health = $result | Where-Object { $_ -is [RailwayOps.HealthCheckResult] }
        $health.Uri.AbsolutePath | Should -Be '/api/health' -Because 'the demo seed sets web''s healthcheckPath to /api/health'
        ($result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join ' ' | Should -Match 'healthcheckPath in Railway'
    }

    It 'takes the health path from railway.toml in the current repository' {
        $repo = Join-Path $TestDrive 'toml-repo'
        New-Item -ItemType Directory -Path (Join-Path $repo '.git'), (Join-Path $repo 'src') -Force | Out-Null
        Set-Content (Join-Path $repo 'railway.toml') "[deploy]`nhealthcheckPath = `"/custom/health`"`n[environments.production.deploy]`nhealthcheckPath = `"/prod/health`""
        Push-Location (Join-Path $repo 'src')
        try {
            # The worker sets no healthcheckPath in Railway, so the file decides.
            $production = Test-RailwayHealth -Project demo -Environment production -Service worker -TimeoutSec 0 -ErrorAction SilentlyContinue
            $staging = Test-RailwayHealth -Project demo -Environment staging -Service worker -TimeoutSec 0 -ErrorAction SilentlyContinue
        }
        finally { Pop-Location }

        $production.Uri.AbsolutePath | Should -Be '/prod/health'
        $staging.Uri.AbsolutePath | Should -Be '/custom/health'
    }

    It 'takes the health path from railway.json' {
        $repo = Join-Path $TestDrive 'json-repo'
        New-Item -ItemType Directory -Path (Join-Path $repo '.git') -Force | Out-Null
        Set-Content (Join-Path $repo 'railway.json') '{ "deploy": { "healthcheckPath": "/json/health" } }'
        Push-Location $repo
        try { $result = Test-RailwayHealth -Project demo -Environment production -Service worker -TimeoutSec 0 -ErrorAction SilentlyContinue }
        finally { Pop-Location }

        $result.Uri.AbsolutePath | Should -Be '/json/health'
    }

    It 'accepts a deployment from the pipeline through its StaticUrl' {
        $deployment = Get-RailwayDeployment -Project demo -Environment production -Service web -First 1

        $result = $deployment | Test-RailwayHealth -HealthPath '/api/health' -TimeoutSec 0 -ErrorAction SilentlyContinue

        $result.Uri.Authority | Should -Be $deployment.StaticUrl.Authority
        $result.Uri.AbsolutePath | Should -Be '/api/health'
    }

    It 'accepts services from the pipeline' {
        Push-Location $TestDrive
        try { $result = Get-RailwayService -Project demo -Name web | Test-RailwayHealth -Environment production -TimeoutSec 0 -ErrorAction SilentlyContinue }
        finally { Pop-Location }

        $result.Uri.AbsolutePath | Should -Be '/api/health'
        $result.Uri.IsLoopback | Should -BeTrue
    }

    It 'needs a service when no -Uri is given' {
        Test-RailwayHealth -Project demo -Environment production -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayHealthTargetRequired,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports an unknown service' {
        Test-RailwayHealth -Project demo -Environment production -Service nope -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RailwayServiceNotFound,*'
    }

    It 'shows progress that moves while it retries: attempt, time waited, last answer and the deadline' {
        $uri = Start-HealthServer -HealthyAfterSec 600
        $shell = [powershell]::Create()
        $null = $shell.AddScript("param(`$Uri) Import-Module '$(Get-RailwayOpsTestModulePath)'; Test-RailwayHealth -Uri `$Uri -TimeoutSec 5 -RetryIntervalSec 0.5 -ErrorAction SilentlyContinue")
        $null = $shell.AddParameter('Uri', $uri)
        try {
            $result = @($shell.Invoke())[0]
            $records = @($shell.Streams.Progress | Where-Object RecordType -NE 'Completed')
            $completed = @($shell.Streams.Progress | Where-Object RecordType -EQ 'Completed')
        }
        finally { $shell.Dispose() }

        # The landed code wrote no progress at all: 100 s on a blank terminal.
        $result.Healthy | Should -BeFalse
        $records.Count | Should -BeGreaterOrEqual 4
        $records | ForEach-Object { $_.Activity | Should -Be "Checking the health of $uri" }
        $records | ForEach-Object { $_.StatusDescription | Should -Match '^attempt \d+ · waited \d+ s · last: .+ · deadline \d\d:\d\d:\d\d \(\d+ s left\)$' }
        @($records.StatusDescription | Where-Object { $_ -match 'last: HTTP 503' }).Count | Should -BeGreaterThan 0
        @($records.StatusDescription | ForEach-Object { ($_ -split ' ')[1] } | Select-Object -Unique).Count | Should -BeGreaterThan 1 -Because 'the attempt count moves'
        $completed.Count | Should -Be 1
    }
}
