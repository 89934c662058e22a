complete -c lprm -s P -l printer -d 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration\'s default, then lp@localhost' -r
complete -c lprm -s H -l host -d 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS\' -H)' -r -f -a "(__fish_print_hostnames)"
complete -c lprm -l config -d 'Read only this configuration file: not the system and user files, and not /etc/printcap' -r -F
complete -c lprm -l reserved-port -d 'Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto" tries and falls back to an ordinary port, "require" fails without one, "never" does not try. Default: the configuration\'s, else auto' -r -f -a "auto\t'Try a reserved port, fall back to an ordinary one'
require\t'Fail unless a reserved port can be bound'
never\t'Always use an ordinary port'"
complete -c lprm -l timeout -d 'Give up when connecting, or any read or write on the connection, takes longer than this many seconds (fractions allowed). Default: the configuration\'s, else 10 to connect and 60 for each read or write' -r
complete -c lprm -s U -l user -d 'Remove on behalf of this user (the agent of command 05). Only root may; others are refused (exit 77)' -r
complete -c lprm -l list-printers -d 'Print the names of the configured printers, one a line (used by the shell completions)'
complete -c lprm -s a -l all -d 'Every configured printer, one after the other'
complete -c lprm -s q -l quiet -d 'Print nothing but errors'
complete -c lprm -s v -s V -l verbose -d 'Show connection details (-v), and the bytes exchanged (-vv)'
complete -c lprm -l version -d 'Print version'
complete -c lprm -s h -l help -d 'Print help (see more with \'--help\')'
# lpkit: complete printer names after -P/--printer from the configuration.
complete -c lprm -s P -l printer -x -a '(lprm --list-printers 2>/dev/null)'
