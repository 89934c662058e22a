complete -c lpr -s P -l printer -d 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration\'s default, then lp@localhost' -r
complete -c lpr -s H -l host -d 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS\' -H)' -r -f -a "(__fish_print_hostnames)"
complete -c lpr -l config -d 'Read only this configuration file: not the system and user files, and not /etc/printcap' -r -F
complete -c lpr -l reserved-port -d 'Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto" tries and falls back to an ordinary port, "require" fails without one, "never" does not try. Default: the configuration\'s, else auto' -r -f -a "auto\t'Try a reserved port, fall back to an ordinary one'
require\t'Fail unless a reserved port can be bound'
never\t'Always use an ordinary port'"
complete -c lpr -l timeout -d 'Give up when connecting, or any read or write on the connection, takes longer than this many seconds (fractions allowed). Default: the configuration\'s, else 10 to connect and 60 for each read or write' -r
complete -c lpr -s # -s K -l copies -d 'Print each file N times (BSD -#, LPRng -K)' -r
complete -c lpr -s C -l class -d 'Class for the banner page (C line). Default: this host\'s name' -r
complete -c lpr -s J -l job-name -d 'Job name for the banner page (J line). Default: the first file\'s name, or "stdin"' -r
complete -c lpr -s T -l title -d 'Title for pr(1) (T line). With -p the default is the file\'s name' -r
complete -c lpr -s U -l user -d 'Submit as this user (P line). Honoured only for root, as in BSD lpr; others get a warning and submit as themselves' -r
complete -c lpr -s m -l mail -d 'Ask the server to mail when the job is done (M line); to USER when given as -m=USER or --mail=USER, else to the submitting user' -r
complete -c lpr -s i -l indent -d 'Indent the output by COLUMNS (I line)' -r
complete -c lpr -s w -l width -d 'Page width in COLUMNS for pr(1) and text filters (W line)' -r
complete -c lpr -s 1 -l font-r -d 'troff font for the R (Roman) position (1 line)' -r
complete -c lpr -s 2 -l font-i -d 'troff font for the I (italic) position (2 line)' -r
complete -c lpr -s 3 -l font-b -d 'troff font for the B (bold) position (3 line)' -r
complete -c lpr -s 4 -l font-s -d 'troff font for the S (special) position (4 line)' -r
complete -c lpr -s Z -l options -d 'Filter options for the server, as LPRng\'s -Z (Z line); may be given several times, the values are joined with commas' -r
complete -c lpr -s F -l format -d 'The format by name or control-file letter (as LPRng\'s -F): text (f), raw (l), postscript (o), pr (p), dvi (d), troff (t), ditroff (n), cif (c), plot (g), fortran (r), raster (v)' -r
complete -c lpr -l order -d 'Which file goes first on the wire. Default: the configuration\'s, else control-first' -r -f -a "control-first\t'Control file, then data files (LPRng, CUPS)'
data-first\t'Data files, then the control file (BSD lpd\'s forwarding order; some printers need it)'"
complete -c lpr -l list-printers -d 'Print the names of the configured printers, one a line (used by the shell completions)'
complete -c lpr -s h -l no-banner -d 'Do not print a banner (burst) page (no L line)'
complete -c lpr -s r -l remove -d 'Remove the files after the server has accepted the job'
complete -c lpr -s s -l symlink -d 'Accepted for BSD compatibility and ignored: a symbolic link into a local spool means nothing to a remote server, so the data is always sent (-V says so)'
complete -c lpr -s c -d 'The files are cifplot(1) output (c)'
complete -c lpr -s d -d 'The files are TeX DVI (d)'
complete -c lpr -s f -d 'The files use FORTRAN carriage control (r)'
complete -c lpr -s g -d 'The files are plot(3) data (g)'
complete -c lpr -s l -d 'Print control characters, no page breaks: raw data (l)'
complete -c lpr -s n -d 'The files are ditroff output (n)'
complete -c lpr -s o -d 'The files are PostScript (o)'
complete -c lpr -s p -d 'Format the files with pr(1) (p)'
complete -c lpr -s t -d 'The files are C/A/T troff output (t)'
complete -c lpr -s v -d 'The files are raster images (v). Not verbose: that is -V'
complete -c lpr -s V -l verbose -d 'Show connection details (-V), and the bytes exchanged (-VV)'
complete -c lpr -s q -l quiet -d 'No progress bar, no warnings'
complete -c lpr -l json -d 'Print the submitted job as one line of JSON: queue, server, job number, files, bytes'
complete -c lpr -l dry-run -d 'Print the control file that would be sent and exit; no connection is made'
complete -c lpr -l help -d 'Print help (--help shows more)'
complete -c lpr -l version -d 'Print version'
# lpkit: complete printer names after -P/--printer from the configuration.
complete -c lpr -s P -l printer -x -a '(lpr --list-printers 2>/dev/null)'
