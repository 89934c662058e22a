# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_lpc_global_optspecs
    string join \n P/printer= H/host= config= reserved-port= timeout= list-printers U/user= json q/quiet v/verbose version h/help
end

function __fish_lpc_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_lpc_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_lpc_using_subcommand
    set -l cmd (__fish_lpc_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c lpc -n "__fish_lpc_needs_command" -s P -l printer -d 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration\'s default, then lp@localhost' -r
complete -c lpc -n "__fish_lpc_needs_command" -s H -l host -d 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS\' -H)' -r -f -a "(__fish_print_hostnames)"
complete -c lpc -n "__fish_lpc_needs_command" -l config -d 'Read only this configuration file: not the system and user files, and not /etc/printcap' -r -F
complete -c lpc -n "__fish_lpc_needs_command" -l reserved-port -d 'Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto" tries and falls back to an ordinary port, "require" fails without one, "never" does not try. Default: the configuration\'s, else auto' -r -f -a "auto\t'Try a reserved port, fall back to an ordinary one'
require\t'Fail unless a reserved port can be bound'
never\t'Always use an ordinary port'"
complete -c lpc -n "__fish_lpc_needs_command" -l timeout -d 'Give up when connecting, or any read or write on the connection, takes longer than this many seconds (fractions allowed). Default: the configuration\'s, else 10 to connect and 60 for each read or write' -r
complete -c lpc -n "__fish_lpc_needs_command" -s U -l user -d 'Send LPRng control commands as this user. Only root may; others are refused (exit 77)' -r
complete -c lpc -n "__fish_lpc_needs_command" -l list-printers -d 'Print the names of the configured printers, one a line (used by the shell completions)'
complete -c lpc -n "__fish_lpc_needs_command" -l json -d 'Print status as JSON, one document a queue and line'
complete -c lpc -n "__fish_lpc_needs_command" -s q -l quiet -d 'Print nothing but errors'
complete -c lpc -n "__fish_lpc_needs_command" -s v -s V -l verbose -d 'Show connection details (-v), and the bytes exchanged (-vv)'
complete -c lpc -n "__fish_lpc_needs_command" -l version -d 'Print version'
complete -c lpc -n "__fish_lpc_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "status" -d 'Show the status of queues (06 status where the server speaks it, else the queue state, 03/04)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "start" -d 'Start printing: RFC 1179 "print any waiting jobs" (01); on an LPRng server also re-enable printing after stop (06 start)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "stop" -d 'Stop printing after the current job; jobs are still accepted (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "enable" -d 'Accept new jobs into the queue (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "disable" -d 'Refuse new jobs; queued jobs still print (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "abort" -d 'Stop printing at once, killing the active job\'s printer process (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "up" -d 'Enable and start: accept and print jobs (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "down" -d 'Disable and stop: refuse and hold jobs (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "topq" -d 'Move jobs to the front of a queue (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "hold" -d 'Hold jobs: keep them queued but do not print them (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "release" -d 'Release held jobs (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "redirect" -d 'Send a queue\'s jobs to another queue, or "off" to stop doing so (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "move" -d 'Move jobs to another queue (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "clean" -d 'Remove finished and broken jobs\' files from the spool (06)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "help" -d 'Show the commands (interactive use)'
complete -c lpc -n "__fish_lpc_needs_command" -f -a "quit" -d 'End an interactive session'
complete -c lpc -n "__fish_lpc_using_subcommand status" -s l -l long -d 'With the RFC 1179 fallback, ask for the long form (04)'
complete -c lpc -n "__fish_lpc_using_subcommand status" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand start" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand stop" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand enable" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand disable" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand abort" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand up" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand down" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand topq" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand hold" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand release" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand redirect" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand move" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand clean" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand help" -s h -l help -d 'Print help'
complete -c lpc -n "__fish_lpc_using_subcommand quit" -s h -l help -d 'Print help'
# lpkit: complete printer names after -P/--printer from the configuration.
complete -c lpc -s P -l printer -x -a '(lpc --list-printers 2>/dev/null)'
