# The one error map (src/RailwayOps/ErrorMap.cs) against ErrorIds: one naming style, every id written by a row,
# every kind of every Core family given a row. The scenario tests produce the ids against the emulator; the few
# failures no test machine can bring about are produced here through the map itself.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-RailwayOpsTestModule

    $script:Cmdlets = [RailwayOps.ErrorIds].Assembly
    $script:Core = [RailwayOps.RailwayDeployment].Assembly
    $script:Ids = @([RailwayOps.ErrorIds].GetFields([Reflection.BindingFlags]'Public,Static') | Where-Object IsLiteral | ForEach-Object { $_.GetValue($null) })

    function Get-CoreType([string]$Name) {
        # By name, not namespace: Core's folders may move.
        @($script:Core.GetTypes() | Where-Object Name -EQ $Name)[0]
    }

    function Get-ErrorMapRow {
        $map = $script:Cmdlets.GetType('RailwayOps.ErrorMap', $true)
        foreach ($pair in $map.GetProperty('Rows', [Reflection.BindingFlags]'Static,NonPublic').GetValue($null)) {
            [pscustomobject]@{ Kind = $pair.Key; ErrorId = $pair.Value.ErrorId; Category = $pair.Value.Category }
        }
    }

    function ConvertTo-ErrorRecord([Exception]$Exception, $Target) {
        $map = $script:Cmdlets.GetType('RailwayOps.ErrorMap', $true)
        $for = $map.GetMethod('For', [Reflection.BindingFlags]'Static,Public', $null, [type[]]@([Exception], [object], [string]), $null)
        $for.Invoke($null, @($Exception, $Target, $null))
    }
}

Describe 'ErrorIds and the error map' {
    It 'names every ErrorId in one style: Railway, then what failed' {
        $script:Ids.Count | Should -BeGreaterThan 90
        $offStyle = @($script:Ids | Where-Object { $_ -cnotmatch '^Railway[A-Z][A-Za-z]+$' })

        $offStyle | Should -BeNullOrEmpty -Because 'the landed code had 44 ids without the Railway prefix (DeploymentFailed, CpwtrPushRejected, ...)'
        @($script:Ids | Sort-Object -Unique).Count | Should -Be $script:Ids.Count
    }

    It 'writes every ErrorId from a row of the one table, and nothing else' {
        $rows = @(Get-ErrorMapRow)
        $written = @($rows.ErrorId | Sort-Object -Unique)

        @($script:Ids | Where-Object { $_ -notin $written }) | Should -BeNullOrEmpty -Because 'an id no row writes is either dead or written around the map'
        @($written | Where-Object { $_ -notin $script:Ids }) | Should -BeNullOrEmpty -Because 'every row writes an ErrorIds constant'
    }

    It 'gives every kind of every failure family a row' {
        # A kind without a row would be written as RailwayUnexpectedError. Wait outcomes that are not failures
        # (Succeeded, Sleeping) and Error (the outcome's own exception is mapped) have none by design.
        $exempt = 'WaitOutcomeKind.Succeeded', 'WaitOutcomeKind.Sleeping', 'WaitOutcomeKind.Error'
        $kinds = @(Get-ErrorMapRow | ForEach-Object Kind | Where-Object { $_ -is [Enum] })
        $families = @($kinds | ForEach-Object { $_.GetType() } | Sort-Object FullName -Unique)

        $families.Count | Should -BeGreaterThan 8
        $missing = foreach ($family in $families) {
            foreach ($value in [Enum]::GetValues($family)) {
                $name = '{0}.{1}' -f $family.Name, $value
                if ($name -notin $exempt -and @($kinds | Where-Object { $_.GetType() -eq $family -and $_.Equals($value) }).Count -eq 0) { $name }
            }
        }
        @($missing) | Should -BeNullOrEmpty
    }

    It 'writes <ErrorId> / <Category> for <Case>' -ForEach @(
        # No dotnet host anywhere (this machine always has one: DotnetHostLocator's own tests cover the search).
        @{ Case = 'an emulator start without a dotnet host'; Type = 'EmulatorException'; Kind = 'DotnetNotFound'; ErrorId = 'RailwayDotnetNotFound'; Category = 'ObjectNotFound' }
        # Anything a release stage did not foresee (every foreseen failure has its own kind).
        @{ Case = 'an unforeseen failure inside a release stage'; Type = 'ReleaseException'; Kind = 'StageFailed'; ErrorId = 'RailwayCpwtrStageFailed'; Category = 'InvalidOperation' }
    ) {
        $type = Get-CoreType $Type
        $kindType = $type.GetProperty('Kind').PropertyType
        # (kind, message, then optional parts left null)
        $constructor = @($type.GetConstructors() | Where-Object { $p = $_.GetParameters(); $p.Count -ge 2 -and $p[0].ParameterType -eq $kindType -and $p[1].ParameterType -eq [string] })[0]
        $arguments = @([Enum]::Parse($kindType, $Kind), "the $Case") + @(@($null) * ($constructor.GetParameters().Count - 2))
        $exception = $constructor.Invoke([object[]]$arguments)

        $record = ConvertTo-ErrorRecord $exception 'the target'

        ($record.FullyQualifiedErrorId -split ',')[0] | Should -Be $ErrorId
        $record.CategoryInfo.Category | Should -Be $Category
        $record.Exception | Should -Be $exception
        $record.TargetObject | Should -Be 'the target'
        $record.ErrorDetails.Message | Should -Be "the $Case"
    }

    It 'writes an exception no row knows as RailwayUnexpectedError, redacted, without its stack trace' {
        $secret = 'err-map-secret-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
        $redactor = Get-CoreType 'Redactor'
        $redactor.GetProperty('Global').GetValue($null).Register($secret)
        try { throw [IO.IOException]::new("disk said no to $secret") } catch { $thrown = $_.Exception }

        $record = ConvertTo-ErrorRecord $thrown "target $secret"

        ($record.FullyQualifiedErrorId -split ',')[0] | Should -Be 'RailwayUnexpectedError'
        $record.CategoryInfo.Category | Should -Be 'NotSpecified'
        $record.Exception | Should -BeOfType ([InvalidOperationException])
        $record.Exception.Message | Should -BeLike 'An unexpected error occurred: disk said no to *'
        $shown = $record.Exception.Message, $record.ErrorDetails.Message, $record.TargetObject, $record.ToString(), $record.CategoryInfo.ToString() -join "`n"
        $shown | Should -Not -Match $secret
        $shown | Should -Not -Match '(?m)^\s+at \S+'
        $record.Exception.StackTrace | Should -BeNullOrEmpty -Because 'the thrown exception (and its stack) stays out of the record'
        $record.Exception.InnerException | Should -BeNullOrEmpty
    }
}
