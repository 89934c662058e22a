
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'lprm' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'lprm'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'lprm' {
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost')
            [CompletionResult]::new('--printer', '--printer', [CompletionResultType]::ParameterName, 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read only this configuration file: not the system and user files, and not /etc/printcap')
            [CompletionResult]::new('--reserved-port', '--reserved-port', [CompletionResultType]::ParameterName, 'Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto" tries and falls back to an ordinary port, "require" fails without one, "never" does not try. Default: the configuration''s, else auto')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting, or any read or write on the connection, takes longer than this many seconds (fractions allowed). Default: the configuration''s, else 10 to connect and 60 for each read or write')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'Remove on behalf of this user (the agent of command 05). Only root may; others are refused (exit 77)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Remove on behalf of this user (the agent of command 05). Only root may; others are refused (exit 77)')
            [CompletionResult]::new('--list-printers', '--list-printers', [CompletionResultType]::ParameterName, 'Print the names of the configured printers, one a line (used by the shell completions)')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Every configured printer, one after the other')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every configured printer, one after the other')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show connection details (-v), and the bytes exchanged (-vv)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Show connection details (-v), and the bytes exchanged (-vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show connection details (-v), and the bytes exchanged (-vv)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
