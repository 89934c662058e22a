
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'lpr' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'lpr'
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
        'lpr' {
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost')
            [CompletionResult]::new('--printer', '--printer', [CompletionResultType]::ParameterName, 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read only this configuration file: not the system and user files, and not /etc/printcap')
            [CompletionResult]::new('--reserved-port', '--reserved-port', [CompletionResultType]::ParameterName, 'Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto" tries and falls back to an ordinary port, "require" fails without one, "never" does not try. Default: the configuration''s, else auto')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting, or any read or write on the connection, takes longer than this many seconds (fractions allowed). Default: the configuration''s, else 10 to connect and 60 for each read or write')
            [CompletionResult]::new('-#', '-#', [CompletionResultType]::ParameterName, 'Print each file N times (BSD -#, LPRng -K)')
            [CompletionResult]::new('-K', '-K ', [CompletionResultType]::ParameterName, 'Print each file N times (BSD -#, LPRng -K)')
            [CompletionResult]::new('--copies', '--copies', [CompletionResultType]::ParameterName, 'Print each file N times (BSD -#, LPRng -K)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Class for the banner page (C line). Default: this host''s name')
            [CompletionResult]::new('--class', '--class', [CompletionResultType]::ParameterName, 'Class for the banner page (C line). Default: this host''s name')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Job name for the banner page (J line). Default: the first file''s name, or "stdin"')
            [CompletionResult]::new('--job-name', '--job-name', [CompletionResultType]::ParameterName, 'Job name for the banner page (J line). Default: the first file''s name, or "stdin"')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Title for pr(1) (T line). With -p the default is the file''s name')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Title for pr(1) (T line). With -p the default is the file''s name')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'Submit as this user (P line). Honoured only for root, as in BSD lpr; others get a warning and submit as themselves')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Submit as this user (P line). Honoured only for root, as in BSD lpr; others get a warning and submit as themselves')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Ask the server to mail when the job is done (M line); to USER when given as -m=USER or --mail=USER, else to the submitting user')
            [CompletionResult]::new('--mail', '--mail', [CompletionResultType]::ParameterName, 'Ask the server to mail when the job is done (M line); to USER when given as -m=USER or --mail=USER, else to the submitting user')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Indent the output by COLUMNS (I line)')
            [CompletionResult]::new('--indent', '--indent', [CompletionResultType]::ParameterName, 'Indent the output by COLUMNS (I line)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Page width in COLUMNS for pr(1) and text filters (W line)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Page width in COLUMNS for pr(1) and text filters (W line)')
            [CompletionResult]::new('-1', '-1', [CompletionResultType]::ParameterName, 'troff font for the R (Roman) position (1 line)')
            [CompletionResult]::new('--font-r', '--font-r', [CompletionResultType]::ParameterName, 'troff font for the R (Roman) position (1 line)')
            [CompletionResult]::new('-2', '-2', [CompletionResultType]::ParameterName, 'troff font for the I (italic) position (2 line)')
            [CompletionResult]::new('--font-i', '--font-i', [CompletionResultType]::ParameterName, 'troff font for the I (italic) position (2 line)')
            [CompletionResult]::new('-3', '-3', [CompletionResultType]::ParameterName, 'troff font for the B (bold) position (3 line)')
            [CompletionResult]::new('--font-b', '--font-b', [CompletionResultType]::ParameterName, 'troff font for the B (bold) position (3 line)')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'troff font for the S (special) position (4 line)')
            [CompletionResult]::new('--font-s', '--font-s', [CompletionResultType]::ParameterName, 'troff font for the S (special) position (4 line)')
            [CompletionResult]::new('-Z', '-Z ', [CompletionResultType]::ParameterName, 'Filter options for the server, as LPRng''s -Z (Z line); may be given several times, the values are joined with commas')
            [CompletionResult]::new('--options', '--options', [CompletionResultType]::ParameterName, 'Filter options for the server, as LPRng''s -Z (Z line); may be given several times, the values are joined with commas')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'The format by name or control-file letter (as LPRng''s -F): text (f), raw (l), postscript (o), pr (p), dvi (d), troff (t), ditroff (n), cif (c), plot (g), fortran (r), raster (v)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The format by name or control-file letter (as LPRng''s -F): text (f), raw (l), postscript (o), pr (p), dvi (d), troff (t), ditroff (n), cif (c), plot (g), fortran (r), raster (v)')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Which file goes first on the wire. Default: the configuration''s, else control-first')
            [CompletionResult]::new('--list-printers', '--list-printers', [CompletionResultType]::ParameterName, 'Print the names of the configured printers, one a line (used by the shell completions)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Do not print a banner (burst) page (no L line)')
            [CompletionResult]::new('--no-banner', '--no-banner', [CompletionResultType]::ParameterName, 'Do not print a banner (burst) page (no L line)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Remove the files after the server has accepted the job')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Remove the files after the server has accepted the job')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Accepted for BSD compatibility and ignored: a symbolic link into a local spool means nothing to a remote server, so the data is always sent (-V says so)')
            [CompletionResult]::new('--symlink', '--symlink', [CompletionResultType]::ParameterName, 'Accepted for BSD compatibility and ignored: a symbolic link into a local spool means nothing to a remote server, so the data is always sent (-V says so)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The files are cifplot(1) output (c)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The files are TeX DVI (d)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The files use FORTRAN carriage control (r)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'The files are plot(3) data (g)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Print control characters, no page breaks: raw data (l)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The files are ditroff output (n)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The files are PostScript (o)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Format the files with pr(1) (p)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The files are C/A/T troff output (t)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'The files are raster images (v). Not verbose: that is -V')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Show connection details (-V), and the bytes exchanged (-VV)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show connection details (-V), and the bytes exchanged (-VV)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar, no warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the submitted job as one line of JSON: queue, server, job number, files, bytes')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the control file that would be sent and exit; no connection is made')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (--help shows more)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
