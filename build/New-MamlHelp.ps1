<#
.SYNOPSIS
    Builds the module's MAML help (RailwayOps.dll-Help.xml) from docs/cmdlets/<Verb-Noun>.md.
.DESCRIPTION
    The prose (synopsis, description, parameter text, examples, notes, links) comes from one markdown
    file per cmdlet; everything that the compiled cmdlet already knows (parameter types, sets,
    positions, pipeline input, mandatory, aliases) is read from the imported module, so the two cannot
    drift apart. Fails when a cmdlet has no page, a parameter has no text, or fewer than two examples.
    Runs in its own pwsh process (build.ps1 starts it) because it imports the staged module.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModuleManifest,
    [Parameter(Mandatory)][string]$DocsPath,
    [Parameter(Mandatory)][string]$OutFile
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# -WhatIf and -Confirm may be documented; when a page does not, they get the text below, and they are in
# the SYNTAX and PARAMETERS of every cmdlet that has them, as Get-Help shows PowerShell's own cmdlets.
$commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters
$optionalCommonParameters = [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$standardText = @{
    WhatIf  = @('Describes what the cmdlet would change, on the console, and changes nothing.')
    Confirm = @('Asks for confirmation before each change. -Confirm:$false goes ahead without asking.')
}

function Split-MarkdownSections([string[]]$Lines, [string]$Prefix) {
    # Returns an ordered map: heading text -> lines under it (up to the next heading of the same level).
    $sections = [ordered]@{}
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith("$Prefix ")) {
            $current = $line.Substring($Prefix.Length + 1).Trim()
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($null -ne $current) { $sections[$current].Add($line) }
    }
    $sections
}

function ConvertTo-Paragraphs([string[]]$Lines) {
    # Blank lines separate paragraphs; list items stay one paragraph each, as Get-Help prints them.
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        $trimmed = $line.Trim()
        if ($trimmed -eq '' -or $trimmed -match '^[-*] ') {
            if ($buffer.Count) { $paragraphs.Add(($buffer -join ' ')); $buffer.Clear() }
            if ($trimmed -ne '') { $buffer.Add($trimmed) }
            continue
        }
        $buffer.Add($trimmed)
    }
    if ($buffer.Count) { $paragraphs.Add(($buffer -join ' ')) }
    , $paragraphs.ToArray()
}

function Read-CmdletPage([string]$Path) {
    $lines = Get-Content -LiteralPath $Path -Encoding utf8
    $top = Split-MarkdownSections $lines '##'
    $page = [ordered]@{ Synopsis = ''; Description = @(); Parameters = @{}; Examples = @(); Inputs = @(); Outputs = @(); Notes = @(); Links = @() }
    foreach ($name in $top.Keys) {
        $body = $top[$name]
        switch ($name.ToUpperInvariant()) {
            'SYNOPSIS' { $page.Synopsis = (ConvertTo-Paragraphs $body) -join ' ' }
            'DESCRIPTION' { $page.Description = ConvertTo-Paragraphs $body }
            'PARAMETERS' {
                $params = Split-MarkdownSections $body '###'
                foreach ($p in $params.Keys) { $page.Parameters[$p.TrimStart('-')] = ConvertTo-Paragraphs $params[$p] }
            }
            'EXAMPLES' {
                $examples = Split-MarkdownSections $body '###'
                $page.Examples = foreach ($title in $examples.Keys) {
                    $code = [System.Collections.Generic.List[string]]::new()
                    $remarks = [System.Collections.Generic.List[string]]::new()
                    $inFence = $false; $seenFence = $false
                    foreach ($line in $examples[$title]) {
                        if ($line -match '^```') { $inFence = -not $inFence; $seenFence = $true; continue }
                        if ($inFence) { $code.Add($line) } elseif ($seenFence) { $remarks.Add($line) }
                    }
                    [pscustomobject]@{ Title = $title; Code = ($code -join "`n"); Remarks = ConvertTo-Paragraphs $remarks }
                }
            }
            { $_ -in 'INPUTS', 'OUTPUTS' } {
                $types = Split-MarkdownSections $body '###'
                $list = foreach ($t in $types.Keys) { [pscustomobject]@{ Type = $t; Text = ConvertTo-Paragraphs $types[$t] } }
                if ($name -ieq 'INPUTS') { $page.Inputs = @($list) } else { $page.Outputs = @($list) }
            }
            'NOTES' { $page.Notes = ConvertTo-Paragraphs $body }
            'RELATED LINKS' {
                $page.Links = foreach ($line in $body) {
                    if ($line -match '\[(?<text>[^\]]+)\]\((?<uri>[^)]+)\)') { [pscustomobject]@{ Text = $Matches.text; Uri = $Matches.uri } }
                    elseif ($line.Trim() -match '^[-*] (?<text>.+)$') { [pscustomobject]@{ Text = $Matches.text; Uri = '' } }
                }
            }
        }
    }
    $page
}

$ns = @{
    maml = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
}
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$problems = [System.Collections.Generic.List[string]]::new()

$module = Import-Module $ModuleManifest -PassThru -Force -WarningAction SilentlyContinue
$script:Instances = @{}
$commands = Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name

New-Item -ItemType Directory -Force -Path (Split-Path $OutFile) | Out-Null
$writer = [System.Xml.XmlWriter]::Create($OutFile, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')

    function Write-Paras([string[]]$Paragraphs) {
        $writer.WriteStartElement('maml', 'description', $ns.maml)
        foreach ($p in $Paragraphs) { $writer.WriteElementString('maml', 'para', $ns.maml, $p) }
        $writer.WriteEndElement()
    }

    function Write-Parameter($Command, $Parameter, $ParameterSet, [string[]]$Text) {
        $setParam = if ($ParameterSet) { $ParameterSet.Parameters | Where-Object Name -EQ $Parameter.Name } else { $null }
        $attributes = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
        $mandatory = if ($setParam) { $setParam.IsMandatory } else { [bool]($attributes | Where-Object Mandatory) }
        $position = if ($setParam) { $setParam.Position } else { ($attributes | Select-Object -First 1).Position }
        $byValue = [bool]($attributes | Where-Object ValueFromPipeline)
        $byName = [bool]($attributes | Where-Object ValueFromPipelineByPropertyName)
        $pipeline = if ($byValue -and $byName) { 'True (ByPropertyName, ByValue)' } elseif ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }
        $globbing = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        $typeName = $Parameter.ParameterType.Name
        $writer.WriteStartElement('command', 'parameter', $ns.command)
        $writer.WriteAttributeString('required', $mandatory.ToString().ToLowerInvariant())
        $writer.WriteAttributeString('variableLength', 'true')
        $writer.WriteAttributeString('globbing', $globbing.ToString().ToLowerInvariant())
        $writer.WriteAttributeString('pipelineInput', $pipeline)
        $writer.WriteAttributeString('position', $(if ($position -ge 0 -and $position -ne [int]::MinValue) { "$position" } else { 'named' }))
        $writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
        $writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.Name)
        Write-Paras $Text
        if ($Parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
            $writer.WriteStartElement('command', 'parameterValue', $ns.command)
            $writer.WriteAttributeString('required', 'true')
            $writer.WriteAttributeString('variableLength', 'false')
            $writer.WriteString($typeName)
            $writer.WriteEndElement()
        }
        $writer.WriteStartElement('dev', 'type', $ns.dev)
        $writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.ParameterType.FullName)
        $writer.WriteEndElement()
        $writer.WriteElementString('dev', 'defaultValue', $ns.dev, (Get-DefaultValueText $Command $Parameter))
        $writer.WriteEndElement()
    }

    function Get-DefaultValueText($Command, $Parameter) {
        # The value a new instance of the cmdlet holds: what the parameter is when it is not given.
        # Defaults that come from elsewhere (the context, the environment) are the page's text to explain.
        if ($Parameter.Name -in $optionalCommonParameters -or $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]) { return 'False' }
        if (-not $script:Instances.ContainsKey($Command.Name)) { $script:Instances[$Command.Name] = [Activator]::CreateInstance($Command.ImplementingType) }
        $value = $script:Instances[$Command.Name].($Parameter.Name)
        if ($null -eq $value -or ($value -is [array] -and $value.Count -eq 0) -or ($value -is [string] -and $value -eq '')) { return 'None' }
        [System.Convert]::ToString($value, [System.Globalization.CultureInfo]::InvariantCulture)
    }

    foreach ($command in $commands) {
        $pagePath = Join-Path $DocsPath "$($command.Name).md"
        if (-not (Test-Path -LiteralPath $pagePath)) { $problems.Add("$($command.Name): no help page $pagePath"); continue }
        $page = Read-CmdletPage $pagePath
        foreach ($name in $standardText.Keys) {
            if ($command.Parameters.ContainsKey($name) -and -not $page.Parameters.ContainsKey($name)) { $page.Parameters[$name] = $standardText[$name] }
        }
        $ownParameters = @($command.Parameters.Values | Where-Object {
                $_.Name -notin $commonParameters -and ($_.Name -notin $optionalCommonParameters -or $page.Parameters.ContainsKey($_.Name)) })
        foreach ($p in $ownParameters) {
            if (-not $page.Parameters.ContainsKey($p.Name) -or -not ($page.Parameters[$p.Name] -join '').Trim()) {
                $problems.Add("$($command.Name): parameter -$($p.Name) has no text")
            }
        }
        foreach ($documented in $page.Parameters.Keys) {
            if ($documented -notin $ownParameters.Name) { $problems.Add("$($command.Name): documents -$documented, which the cmdlet does not have") }
        }
        if (-not $page.Synopsis) { $problems.Add("$($command.Name): no synopsis") }
        if (-not $page.Description) { $problems.Add("$($command.Name): no description") }
        if (@($page.Examples).Count -lt 2) { $problems.Add("$($command.Name): fewer than two examples") }
        # The project has no published web site: a link to one would send Get-Help -Online nowhere. Related
        # links name other help topics (cmdlets, about_RailwayOps), which ship in the module.
        foreach ($link in @($page.Links)) {
            if ($link.Uri) { $problems.Add("$($command.Name): related link '$($link.Text)' points at $($link.Uri); link help topics by name only") }
        }

        $writer.WriteStartElement('command', 'command', $ns.command)
        $writer.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
        $writer.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)
        $writer.WriteStartElement('command', 'details', $ns.command)
        $writer.WriteElementString('command', 'name', $ns.command, $command.Name)
        $writer.WriteElementString('command', 'verb', $ns.command, $command.Verb)
        $writer.WriteElementString('command', 'noun', $ns.command, $command.Noun)
        Write-Paras @($page.Synopsis)
        $writer.WriteEndElement()
        Write-Paras $page.Description

        $writer.WriteStartElement('command', 'syntax', $ns.command)
        foreach ($set in $command.ParameterSets) {
            $writer.WriteStartElement('command', 'syntaxItem', $ns.command)
            $writer.WriteElementString('maml', 'name', $ns.maml, $command.Name)
            foreach ($sp in $set.Parameters | Where-Object { $_.Name -in $ownParameters.Name }) {
                Write-Parameter $command $command.Parameters[$sp.Name] $set $page.Parameters[$sp.Name]
            }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'parameters', $ns.command)
        foreach ($p in $ownParameters) { Write-Parameter $command $p $null $page.Parameters[$p.Name] }
        $writer.WriteEndElement()

        foreach ($kind in 'input', 'return') {
            $items = if ($kind -eq 'input') { $page.Inputs } else { $page.Outputs }
            $writer.WriteStartElement('command', $(if ($kind -eq 'input') { 'inputTypes' } else { 'returnValues' }), $ns.command)
            foreach ($item in $items) {
                $writer.WriteStartElement('command', $(if ($kind -eq 'input') { 'inputType' } else { 'returnValue' }), $ns.command)
                $writer.WriteStartElement('dev', 'type', $ns.dev)
                $writer.WriteElementString('maml', 'name', $ns.maml, $item.Type)
                $writer.WriteEndElement()
                Write-Paras $item.Text
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()
        }

        $writer.WriteStartElement('maml', 'alertSet', $ns.maml)
        $writer.WriteStartElement('maml', 'alert', $ns.maml)
        foreach ($p in $page.Notes) { $writer.WriteElementString('maml', 'para', $ns.maml, $p) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'examples', $ns.command)
        foreach ($example in $page.Examples) {
            $writer.WriteStartElement('command', 'example', $ns.command)
            $writer.WriteElementString('maml', 'title', $ns.maml, "-------------------------- $($example.Title) --------------------------")
            $writer.WriteElementString('dev', 'code', $ns.dev, $example.Code)
            $writer.WriteStartElement('dev', 'remarks', $ns.dev)
            foreach ($p in $example.Remarks) { $writer.WriteElementString('maml', 'para', $ns.maml, $p) }
            $writer.WriteEndElement()
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'relatedLinks', $ns.command)
        foreach ($link in $page.Links) {
            $writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
            $writer.WriteElementString('maml', 'linkText', $ns.maml, $link.Text)
            $writer.WriteElementString('maml', 'uri', $ns.maml, $link.Uri)
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}

if ($problems.Count) {
    $problems | ForEach-Object { Write-Host "help: $_" }
    throw "Help is incomplete for $($problems.Count) item(s); see docs/cmdlets/."
}
Write-Host "help: $($commands.Count) cmdlets documented in $OutFile"
