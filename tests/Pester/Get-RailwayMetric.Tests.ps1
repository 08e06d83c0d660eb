BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentTestHelpers.psm1') -Force
    Import-RailwayOpsTestModule
    Enter-RailwayTestEnvironment | Out-Null
    $script:Target = @{ Project = 'demo'; Environment = 'production'; Service = 'web' }
    $script:Emulator = Start-RailwayTestEmulator
    $script:Repository = New-DeploymentTestRepository -Emulator $script:Emulator
    # The app holds 40 MB, so its memory stands well above the noise of an idle interpreter.
    $sha = Publish-DeploymentTestCommit -Repository $script:Repository -Message 'metrics app' -Change {
        param($Path)
        Copy-Item (Join-Path $PSScriptRoot 'Fixtures/replica_app.py') (Join-Path $Path 'app/replica_app.py')
        Set-DeploymentTestStartCommand -Path $Path -Command 'BALLAST_MB=40 python3 app/replica_app.py'
    }
    $script:Live = Wait-RailwayDeployment @script:Target -CommitSha $sha -TimeoutSec 120 -ErrorAction Stop

    function Get-GroupRssGb([int]$Group) {
        # What /proc says: VmRSS of every process in the replica's process group.
        $total = 0L
        foreach ($dir in Get-ChildItem /proc -Directory | Where-Object Name -Match '^\d+$') {
            $stat = try { [IO.File]::ReadAllText("$($dir.FullName)/stat") } catch { continue }
            $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
            if ([int]$fields[2] -ne $Group) { continue }
            $line = try { Get-Content "$($dir.FullName)/status" -ErrorAction Stop | Where-Object { $_ -like 'VmRSS:*' } } catch { $null }
            if ($line) { $total += [long](($line -split '\s+')[1]) * 1024 }
        }
        $total / 1e9
    }

    function Get-WebUrl {
        $query = @{ query = 'query($e:String!,$p:String!,$s:String!){ domains(environmentId:$e, projectId:$p, serviceId:$s){ serviceDomains { domain } } }'
            variables = @{ e = $script:Live.EnvironmentId; p = $script:Live.ProjectId; s = $script:Live.ServiceId } } | ConvertTo-Json -Depth 5
        $answer = Invoke-RestMethod -Uri $script:Emulator.GraphQLUrl -Method Post -Body $query -ContentType 'application/json' -Headers @{ Authorization = "Bearer $(Get-TestSeedToken)" }
        'http://' + $answer.data.domains.serviceDomains[0].domain
    }

    function Wait-Sample([scriptblock]$Condition, [string]$Measurement, [double]$TimeoutSec = 30) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        do {
            $samples = @(Get-RailwayMetric @script:Target -Measurement $Measurement -Since '00:05:00')
            $match = @($samples | Where-Object $Condition)
            if ($match.Count -gt 0) { return $match[-1] }
            Start-Sleep -Milliseconds 500
        } until ([DateTime]::UtcNow -gt $deadline)
        throw "No $Measurement sample matched within $TimeoutSec s; last: $($samples | Out-String)"
    }
}

AfterAll {
    Stop-RailwayTestEmulator $script:Emulator
    Remove-DeploymentTestRepository $script:Repository
    Exit-RailwayTestEnvironment
}

Describe 'Get-RailwayMetric' {
    It 'shows the app''s memory within 20% of what /proc says' {
        $since = $script:Live.UpdatedAt
        $sample = Wait-Sample { $_.Time -ge $since.AddSeconds(1) -and $_.Value -gt 0 } 'MemoryUsageGb'
        $all = Invoke-EmulatorAdmin -Emulator $script:Emulator -Path 'replicas'
        $replica = @($all | Where-Object { $_.deploymentId -eq $script:Live.DeploymentId })
        $replica.Count | Should -Be 1

        $proc = Get-GroupRssGb $replica[0].processId

        $sample | Should -BeOfType ([RailwayOps.RailwayMetric])
        $sample.Measurement | Should -Be 'MemoryUsageGb'
        $sample.ServiceName | Should -Be 'web'
        $proc | Should -BeGreaterThan 0.04
        [Math]::Abs($sample.Value - $proc) / $proc | Should -BeLessThan 0.2 -Because "the metric said $($sample.Value) GB and /proc $proc GB"
    }

    It 'counts the proxy''s bytes as network traffic' {
        $before = [DateTimeOffset]::UtcNow
        foreach ($i in 1..20) { $null = Invoke-RestMethod -Uri "$(Get-WebUrl)/whoami" -DisableKeepAlive }

        $tx = Wait-Sample { $_.Time -ge $before.AddSeconds(-1) -and $_.Value -gt 0 } 'NetworkTxGb'
        $rx = Wait-Sample { $_.Time -ge $before.AddSeconds(-1) -and $_.Value -gt 0 } 'NetworkRxGb'

        # 20 answers of about 100 bytes each, and 20 requests: well under a megabyte, above nothing.
        $tx.Value | Should -BeLessThan 0.001
        $rx.Value | Should -BeLessThan 0.001
    }

    It 'summarises each measurement with min, average, max, last and a sparkline' {
        $summary = @(Get-RailwayMetric @script:Target -Summary -Since '00:05:00')

        $summary.Count | Should -Be 4
        @($summary.Measurement) | Should -Be @('CpuUsage', 'MemoryUsageGb', 'NetworkRxGb', 'NetworkTxGb')
        $memory = $summary | Where-Object Measurement -eq 'MemoryUsageGb'
        $memory | Should -BeOfType ([RailwayOps.RailwayMetricSummary])
        $memory.Count | Should -BeGreaterThan 0
        $memory.Minimum | Should -BeLessOrEqual $memory.Average
        $memory.Average | Should -BeLessOrEqual $memory.Maximum
        $memory.Last | Should -Be $memory.Values[-1]
        $memory.Trend.Length | Should -Be ([Math]::Min(40, $memory.Count))
        $memory.Trend | Should -Match '^[▁▂▃▄▅▆▇█]+$'
        ($summary | Format-Table | Out-String) | Should -Match '[▁▂▃▄▅▆▇█]'
    }

    It 'writes a summary with Count 0 for a measurement the emulator does not take' {
        $summary = Get-RailwayMetric @script:Target -Measurement DiskUsageGb -Summary

        $summary.Count | Should -Be 0
        $summary.Trend | Should -Be ''
    }

    It 'refuses <Case> before asking Railway' -ForEach @(
        @{ Case = 'a window longer than 30 days'; Arguments = @{ Since = (New-TimeSpan -Days 31) }; Pattern = 'at most 30 days' }
        @{ Case = 'an empty window'; Arguments = @{ Since = [TimeSpan]::Zero }; Pattern = 'more than zero' }
        @{ Case = 'a sample rate of 0'; Arguments = @{ SampleRateSec = 0 }; Pattern = 'at least 1' }
        @{ Case = 'too many samples'; Arguments = @{ Since = (New-TimeSpan -Days 30); SampleRateSec = 1 }; Pattern = 'more than 10000 samples' }
    ) {
        Reset-EmulatorJournal $script:Emulator

        Get-RailwayMetric @script:Target @Arguments -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RailwayMetricWindowInvalid,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure[0].Exception.Message | Should -Match $Pattern
        # Nothing this cmdlet sends (a subscription an earlier test left closing may still be counted).
        $journal = Get-EmulatorJournal $script:Emulator
        @($journal.byOperation.PSObject.Properties.Name | Where-Object { $_ -notmatch 'Updates$|Stream$' }) | Should -BeNullOrEmpty -Because ($journal.byOperation | ConvertTo-Json -Compress)
    }
}
