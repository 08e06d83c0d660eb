# A blackholed API for the reliability suite: a loopback TCP listener that takes every connection (the kernel
# completes the handshake into its backlog, so the client's request is sent) and never answers. Also a tiny HTTP
# stub answering 429 with a chosen Retry-After. Both are stopped by the caller, in a finally block.
Set-StrictMode -Version Latest

function Start-SilentListener {
    <# Returns Listener, Port, GraphQLUrl (http://127.0.0.1:P/graphql/v2) and HealthUri (http://127.0.0.1:P/api/health). #>
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(512)
    $port = $listener.LocalEndpoint.Port
    [pscustomobject]@{
        Listener   = $listener
        Port       = $port
        GraphQLUrl = [Uri]"http://127.0.0.1:$port/graphql/v2"
        HealthUri  = [Uri]"http://127.0.0.1:$port/api/health"
    }
}

function Test-SilentListenerContacted {
    <# True when any connection reached the listener (it waits in the backlog, never accepted). #>
    param([Parameter(Mandatory)] $Silent)
    $Silent.Listener.Pending()
}

function Stop-SilentListener {
    param($Silent)
    if ($null -ne $Silent) { $Silent.Listener.Stop() }
}

function Start-RetryAfterServer {
    <# An HTTP server answering every request 429 with 'Retry-After: $RetryAfter'; State.Hits counts the requests. #>
    param([Parameter(Mandatory)][string]$RetryAfter)
    $listener = [System.Net.HttpListener]::new()
    $port = $null
    foreach ($attempt in 1..5) {
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $listener = [System.Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        try { $listener.Start(); break } catch { $listener.Close(); $listener = $null }
    }
    if ($null -eq $listener) { throw 'No free port for the Retry-After server.' }
    $state = [hashtable]::Synchronized(@{ Hits = 0 })
    $powershell = [powershell]::Create()
    [void]$powershell.AddScript({
            param($Listener, $State, $RetryAfter)
            while ($Listener.IsListening) {
                try { $context = $Listener.GetContext() } catch { break }
                $State.Hits++
                $context.Response.StatusCode = 429
                $context.Response.AddHeader('Retry-After', $RetryAfter)
                $bytes = [Text.Encoding]::UTF8.GetBytes('{"errors":[{"message":"Too many requests"}]}')
                $context.Response.ContentType = 'application/json'
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
            }
        }).AddArgument($listener).AddArgument($state).AddArgument($RetryAfter)
    $handle = $powershell.BeginInvoke()
    [pscustomobject]@{ GraphQLUrl = [Uri]"http://127.0.0.1:$port/graphql/v2"; State = $state; Listener = $listener; PowerShell = $powershell; Handle = $handle }
}

function Stop-RetryAfterServer {
    param($Server)
    if ($null -eq $Server) { return }
    $Server.Listener.Stop()
    $Server.Listener.Close()
    [void]$Server.Handle.AsyncWaitHandle.WaitOne(2000)
    $Server.PowerShell.Dispose()
}

Export-ModuleMember -Function Start-SilentListener, Test-SilentListenerContacted, Stop-SilentListener, Start-RetryAfterServer, Stop-RetryAfterServer
