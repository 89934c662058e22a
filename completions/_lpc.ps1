
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'lpc' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'lpc'
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
        'lpc' {
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost')
            [CompletionResult]::new('--printer', '--printer', [CompletionResultType]::ParameterName, 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read only this configuration file: not the system and user files, and not /etc/printcap')
            [CompletionResult]::new('--reserved-port', '--reserved-port', [CompletionResultType]::ParameterName, 'Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto" tries and falls back to an ordinary port, "require" fails without one, "never" does not try. Default: the configuration''s, else auto')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting, or any read or write on the connection, takes longer than this many seconds (fractions allowed). Default: the configuration''s, else 10 to connect and 60 for each read or write')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'Send LPRng control commands as this user. Only root may; others are refused (exit 77)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Send LPRng control commands as this user. Only root may; others are refused (exit 77)')
            [CompletionResult]::new('--list-printers', '--list-printers', [CompletionResultType]::ParameterName, 'Print the names of the configured printers, one a line (used by the shell completions)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print status as JSON, one document a queue and line')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show connection details (-v), and the bytes exchanged (-vv)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Show connection details (-v), and the bytes exchanged (-vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show connection details (-v), and the bytes exchanged (-vv)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the status of queues (06 status where the server speaks it, else the queue state, 03/04)')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start printing: RFC 1179 "print any waiting jobs" (01); on an LPRng server also re-enable printing after stop (06 start)')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop printing after the current job; jobs are still accepted (06)')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Accept new jobs into the queue (06)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Refuse new jobs; queued jobs still print (06)')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop printing at once, killing the active job''s printer process (06)')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Enable and start: accept and print jobs (06)')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Disable and stop: refuse and hold jobs (06)')
            [CompletionResult]::new('topq', 'topq', [CompletionResultType]::ParameterValue, 'Move jobs to the front of a queue (06)')
            [CompletionResult]::new('hold', 'hold', [CompletionResultType]::ParameterValue, 'Hold jobs: keep them queued but do not print them (06)')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Release held jobs (06)')
            [CompletionResult]::new('redirect', 'redirect', [CompletionResultType]::ParameterValue, 'Send a queue''s jobs to another queue, or "off" to stop doing so (06)')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Move jobs to another queue (06)')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'Remove finished and broken jobs'' files from the spool (06)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Show the commands (interactive use)')
            [CompletionResult]::new('quit', 'quit', [CompletionResultType]::ParameterValue, 'End an interactive session')
            break
        }
        'lpc;status' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'With the RFC 1179 fallback, ask for the long form (04)')
            [CompletionResult]::new('--long', '--long', [CompletionResultType]::ParameterName, 'With the RFC 1179 fallback, ask for the long form (04)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;start' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;stop' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;enable' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;disable' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;abort' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;up' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;down' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;topq' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;hold' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;release' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;redirect' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;move' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;clean' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;help' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'lpc;quit' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
