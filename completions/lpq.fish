complete -c lpq -s P -l printer -d 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration\'s default, then lp@localhost' -r
complete -c lpq -s H -l host -d 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS\' -H)' -r -f -a "(__fish_print_hostnames)"
complete -c lpq -l config -d 'Read only this configuration file: not the system and user files, and not /etc/printcap' -r -F
complete -c lpq -l reserved-port -d 'Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto" tries and falls back to an ordinary port, "require" fails without one, "never" does not try. Default: the configuration\'s, else auto' -r -f -a "auto\t'Try a reserved port, fall back to an ordinary one'
require\t'Fail unless a reserved port can be bound'
never\t'Always use an ordinary port'"
complete -c lpq -l timeout -d 'Give up when connecting, or any read or write on the connection, takes longer than this many seconds (fractions allowed). Default: the configuration\'s, else 10 to connect and 60 for each read or write' -r
complete -c lpq -s t -l interval -d 'Show the queue again every SECONDS until it is empty (LPRng -t; BSD +SECONDS does the same). Clears the screen between reports on a terminal. Ctrl-C stops it' -r
complete -c lpq -l list-printers -d 'Print the names of the configured printers, one a line (used by the shell completions)'
complete -c lpq -s a -l all -d 'Every configured printer, one after the other'
complete -c lpq -s l -l long -d 'The long form (command 04): several lines a job'
complete -c lpq -l json -d 'Print the parsed queue as JSON (one document a line; with -a one a printer)'
complete -c lpq -s q -l quiet -d 'Print nothing; exit 0 when matching jobs exist, 1 when not'
complete -c lpq -s v -s V -l verbose -d 'Show connection details (-v), and the bytes exchanged (-vv)'
complete -c lpq -l version -d 'Print version'
complete -c lpq -s h -l help -d 'Print help (see more with \'--help\')'
# lpkit: complete printer names after -P/--printer from the configuration.
complete -c lpq -s P -l printer -x -a '(lpq --list-printers 2>/dev/null)'
