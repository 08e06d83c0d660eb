# Shared setup for the RailwayOps Pester suite: import the staged module, isolate each test file from
# the developer's environment (tokens, targets, ~/.railway/config.json) and run one emulator per file.
Set-StrictMode -Version Latest

$script:RepositoryRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$script:IsolatedVariables = @(
    'RAILWAY_TOKEN', 'RAILWAY_API_TOKEN', 'RAILWAY_PROJECT_ID', 'RAILWAY_ENVIRONMENT_ID', 'RAILWAY_SERVICE_ID',
    'RAILWAY_ENV', 'RAILWAY_HTTP_TIMEOUT', 'RAILWAYOPS_API_URL', 'GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_API_URL',
    'HOME', 'USERPROFILE'
)
$script:SavedEnvironment = $null

function Get-RailwayOpsTestModulePath {
    # build.ps1 names the staged manifest; a developer running Invoke-Pester by hand gets out/RailwayOps.
    if ($env:RAILWAYOPS_TEST_MODULE) { return $env:RAILWAYOPS_TEST_MODULE }
    Join-Path $script:RepositoryRoot 'out/RailwayOps/RailwayOps.psd1'
}

function Import-RailwayOpsTestModule {
    $path = Get-RailwayOpsTestModulePath
    if (-not (Test-Path $path)) { throw "The staged module is missing at $path; run 'dotnet pwsh ./build.ps1 Build' first." }
    # -Global: imported from inside this helper module, it would otherwise be visible only here.
    Import-Module $path -Force -Global -ErrorAction Stop
}

function Get-RailwayOpsTestSeedPath {
    Join-Path (Split-Path -Parent (Get-RailwayOpsTestModulePath)) 'emulator/seeds/demo.json'
}

function Get-RailwayOpsTestSeed {
    Get-Content -Raw (Get-RailwayOpsTestSeedPath) | ConvertFrom-Json
}

function Enter-RailwayTestEnvironment {
    <# Clears every variable resolution reads and points HOME at an empty folder, so no real token or link leaks in. #>
    $script:SavedEnvironment = @{}
    foreach ($name in $script:IsolatedVariables) {
        $script:SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        # Remove-Item, not SetEnvironmentVariable($name, $null): PowerShell would pass '' and leave it set.
        Remove-Item -Path "Env:$name" -ErrorAction SilentlyContinue
    }
    $homeFolder = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-home-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $homeFolder | Out-Null
    $env:HOME = $homeFolder
    $env:USERPROFILE = $homeFolder
    $homeFolder
}

function Exit-RailwayTestEnvironment {
    if ($null -eq $script:SavedEnvironment) { return }
    $homeFolder = $env:HOME
    foreach ($name in $script:SavedEnvironment.Keys) {
        $value = $script:SavedEnvironment[$name]
        if ($null -eq $value) { Remove-Item -Path "Env:$name" -ErrorAction SilentlyContinue }
        else { Set-Item -Path "Env:$name" -Value $value }
    }
    $script:SavedEnvironment = $null
    if ($homeFolder -and $homeFolder.Contains('railwayops-home-') -and (Test-Path $homeFolder)) { Remove-Item $homeFolder -Recurse -Force -ErrorAction SilentlyContinue }
}

function Start-RailwayTestEmulator {
    <# One emulator per test file, on its own temporary state folder; the session points at it. #>
    param([switch]$NoConnect)
    $state = Join-Path ([IO.Path]::GetTempPath()) ('railwayops-state-' + [guid]::NewGuid().ToString('n'))
    Start-RailwayEmulator -StateDirectory $state -NoConnect:$NoConnect -Confirm:$false
}

function Stop-RailwayTestEmulator {
    <# Stops it, then deletes the folder Start-RailwayTestEmulator named (Stop-RailwayEmulator keeps a named folder). #>
    param($Emulator)
    if ($null -eq $Emulator) { return }
    $Emulator | Stop-RailwayEmulator -GraceSec 5 -Confirm:$false -ErrorAction SilentlyContinue
    Remove-RailwayTestFolder $Emulator.StateDirectory
}

function Remove-RailwayTestFolder {
    <# Deletes a folder a test made in the temp folder; says so when it cannot, instead of leaving it silently. #>
    param([string]$Path)
    foreach ($attempt in 1..3) {
        if (-not $Path -or -not (Test-Path -LiteralPath $Path)) { return }
        Remove-Item -LiteralPath $Path -Recurse -Force -ErrorAction SilentlyContinue
        # A process that was just stopped may still have been writing into it.
        if (Test-Path -LiteralPath $Path) { Start-Sleep -Milliseconds (200 * $attempt) }
    }
    if (Test-Path -LiteralPath $Path) { Write-Warning "The test folder $Path could not be deleted; delete it by hand." }
}

function Invoke-EmulatorAdmin {
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)][string]$Path,
        [string]$Method = 'Get',
        $Body
    )
    $uri = [Uri]::new($Emulator.AdminUrl, $Path)
    if ($PSBoundParameters.ContainsKey('Body')) {
        Invoke-RestMethod -Uri $uri -Method $Method -Body ($Body | ConvertTo-Json -Depth 10) -ContentType 'application/json'
    }
    else {
        Invoke-RestMethod -Uri $uri -Method $Method
    }
}

function Add-EmulatorFault {
    <# Injects a fault (POST /_emulator/faults); see src/RailwayOps.Emulator/README.md for the fields. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][hashtable]$Fault)
    Invoke-EmulatorAdmin -Emulator $Emulator -Path 'faults' -Method Post -Body $Fault | Out-Null
}

function Clear-EmulatorFault {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorAdmin -Emulator $Emulator -Path 'faults' -Method Delete | Out-Null
}

function Get-EmulatorJournal {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorAdmin -Emulator $Emulator -Path 'journal'
}

function Reset-EmulatorJournal {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorAdmin -Emulator $Emulator -Path 'journal' -Method Delete | Out-Null
}

function Wait-EmulatorSubscription {
    <#
    Waits until the emulator's journal counts at least -Count subscriptions of -Operation since its last reset (the
    emulator journals each subscribe as it arrives and then sends the current state, so from then on no change is
    missed); throws when none comes within -TimeoutSec. A test polls this instead of sleeping and assuming.
    #>
    param([Parameter(Mandatory)] $Emulator, [string]$Operation = 'DeploymentUpdates', [int]$Count = 1, [double]$TimeoutSec = 30)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    do {
        $seen = (Get-EmulatorJournal $Emulator).byOperation.PSObject.Properties[$Operation]
        if ($seen -and $seen.Value -ge $Count) { return }
        Start-Sleep -Milliseconds 25
    } while ([DateTime]::UtcNow -lt $deadline)
    throw "The emulator saw $(if ($seen) { $seen.Value } else { 0 }) subscription(s) of $Operation within $TimeoutSec s, not $Count."
}

function Start-EmulatorAnswerProxy {
    <#
    A loopback HTTP proxy in front of the emulator's API that answers the GraphQL operations named in -Answers itself
    (operationName -> the JSON body to send) and forwards every other request to the emulator unchanged: for answers
    the emulator never gives, such as a mutation that returns false or a service without a domain. Returns GraphQLUrl
    and Answered (operationName -> how many times it answered). Stop it with Stop-EmulatorAnswerProxy, in a finally.
    #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][hashtable]$Answers)
    $listener = $null
    foreach ($attempt in 1..5) {
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $listener = [System.Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        try { $listener.Start(); break } catch { $listener.Close(); $listener = $null }
    }
    if ($null -eq $listener) { throw 'No free loopback port for the answer proxy.' }
    $origin = [Uri]$Emulator.GraphQLUrl.GetLeftPart([UriPartial]::Authority)
    $answered = [hashtable]::Synchronized(@{})
    $powershell = [powershell]::Create()
    [void]$powershell.AddScript({
            param($Listener, $Origin, $Answers, $Answered)
            $client = [System.Net.Http.HttpClient]::new()
            $skip = 'Host', 'Content-Length', 'Content-Type', 'Connection', 'Expect', 'Transfer-Encoding'
            while ($Listener.IsListening) {
                try { $context = $Listener.GetContext() } catch { break }
                try {
                    $request = $context.Request
                    $body = [IO.StreamReader]::new($request.InputStream).ReadToEnd()
                    $operation = try { ($body | ConvertFrom-Json -ErrorAction Stop).operationName } catch { $null }
                    if ($operation -and $Answers.ContainsKey($operation)) {
                        $Answered[$operation] = 1 + [int]$Answered[$operation]
                        $status, $text, $type = 200, $Answers[$operation], 'application/json'
                    }
                    else {
                        $message = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::new($request.HttpMethod), [Uri]::new($Origin, $request.Url.PathAndQuery))
                        foreach ($name in $request.Headers.AllKeys) {
                            if ($name -notin $skip) { [void]$message.Headers.TryAddWithoutValidation($name, $request.Headers[$name]) }
                        }
                        if ($request.HasEntityBody) { $message.Content = [System.Net.Http.StringContent]::new($body, [Text.Encoding]::UTF8, 'application/json') }
                        $response = $client.SendAsync($message).GetAwaiter().GetResult()
                        $status = [int]$response.StatusCode
                        $text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
                        $type = if ($response.Content.Headers.ContentType) { $response.Content.Headers.ContentType.ToString() } else { 'application/json' }
                    }
                    $bytes = [Text.Encoding]::UTF8.GetBytes($text)
                    $context.Response.StatusCode = $status
                    $context.Response.ContentType = $type
                    $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                    $context.Response.Close()
                }
                catch {
                    try { $context.Response.StatusCode = 502; $context.Response.Close() } catch { $null = $_ }
                }
            }
            $client.Dispose()
        }).AddArgument($listener).AddArgument($origin).AddArgument($Answers).AddArgument($answered)
    $handle = $powershell.BeginInvoke()
    [pscustomobject]@{ GraphQLUrl = [Uri]"http://127.0.0.1:$port$($Emulator.GraphQLUrl.AbsolutePath)"; Answered = $answered; Listener = $listener; PowerShell = $powershell; Handle = $handle }
}

function Stop-EmulatorAnswerProxy {
    param($Proxy)
    if ($null -eq $Proxy) { return }
    $Proxy.Listener.Stop()
    $Proxy.Listener.Close()
    [void]$Proxy.Handle.AsyncWaitHandle.WaitOne(5000)
    $Proxy.PowerShell.Dispose()
}

function ConvertTo-TestSecureString {
    param([Parameter(Mandatory)][string]$Text)
    ConvertTo-SecureString -String $Text -AsPlainText -Force
}

function Get-TestSeedToken {
    param([ValidateSet('account', 'project')][string]$Kind = 'account')
    (Get-RailwayOpsTestSeed).tokens | Where-Object kind -EQ $Kind | Select-Object -First 1 -ExpandProperty value
}

function New-SigintChildScript {
    <#
    Python source for a child that writes its pid to -Started, and on SIGINT writes -Interrupted and exits 130.
    Python, not sh: a shell started with SIGINT ignored (a test run launched in the background inherits that)
    cannot trap it, while Python installs its handler whatever it inherited. Run it as: python3 -c <script>.
    #>
    param([Parameter(Mandatory)][string]$Started, [Parameter(Mandatory)][string]$Interrupted)
    "import os, signal, sys, time`nopen($($Started | ConvertTo-Json), 'w').write(str(os.getpid()))`n" +
    "def interrupted(*_):`n    open($($Interrupted | ConvertTo-Json), 'w').write('interrupted')`n    sys.exit(130)`n" +
    "signal.signal(signal.SIGINT, interrupted)`nwhile True:`n    time.sleep(0.1)`n"
}

function Get-RailwayCliSource {
    <#
    Where Railway's CLI source is read at test time (never copied into the project): the bare mirror named by
    RAILWAYOPS_RAILWAY_CLI_REPO, else ../.mirror/railwayapp+cli/repo beside the repository. Missing says why it cannot be
    read (the tests that need it skip with that reason), $null when it can.
    #>
    $root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    $path = if ($env:RAILWAYOPS_RAILWAY_CLI_REPO) { $env:RAILWAYOPS_RAILWAY_CLI_REPO } else { Join-Path (Split-Path -Parent $root) '.mirror/railwayapp+cli/repo' }
    $missing = if (-not (Test-Path -LiteralPath $path)) { "Railway's CLI source is not at $path (set RAILWAYOPS_RAILWAY_CLI_REPO)" }
    elseif (-not (git -C $path rev-parse --verify -q HEAD 2>$null)) { "$path is not a git repository with a HEAD" }
    [pscustomobject]@{ Path = $path; Missing = $missing }
}

function Get-RailwayCliDocument {
    <# One file of Railway's CLI source (e.g. src/gql/mutations/strings/VolumeCreate.graphql), as the CLI holds it. #>
    param([Parameter(Mandatory)][string]$Path)
    $source = Get-RailwayCliSource
    if ($source.Missing) { throw $source.Missing }
    $text = git -C $source.Path show "HEAD:$Path" 2>$null
    if ($LASTEXITCODE -ne 0) { throw "Railway's CLI source at $($source.Path) has no $Path" }
    $text -join "`n"
}

Export-ModuleMember -Function *-*
