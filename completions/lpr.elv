
use builtin;
use str;

set edit:completion:arg-completer[lpr] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'lpr'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'lpr'= {
            cand -P 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost'
            cand --printer 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost'
            cand -H 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)'
            cand --host 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)'
            cand --config 'Read only this configuration file: not the system and user files, and not /etc/printcap'
            cand --reserved-port 'Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto" tries and falls back to an ordinary port, "require" fails without one, "never" does not try. Default: the configuration''s, else auto'
            cand --timeout 'Give up when connecting, or any read or write on the connection, takes longer than this many seconds (fractions allowed). Default: the configuration''s, else 10 to connect and 60 for each read or write'
            cand -# 'Print each file N times (BSD -#, LPRng -K)'
            cand -K 'Print each file N times (BSD -#, LPRng -K)'
            cand --copies 'Print each file N times (BSD -#, LPRng -K)'
            cand -C 'Class for the banner page (C line). Default: this host''s name'
            cand --class 'Class for the banner page (C line). Default: this host''s name'
            cand -J 'Job name for the banner page (J line). Default: the first file''s name, or "stdin"'
            cand --job-name 'Job name for the banner page (J line). Default: the first file''s name, or "stdin"'
            cand -T 'Title for pr(1) (T line). With -p the default is the file''s name'
            cand --title 'Title for pr(1) (T line). With -p the default is the file''s name'
            cand -U 'Submit as this user (P line). Honoured only for root, as in BSD lpr; others get a warning and submit as themselves'
            cand --user 'Submit as this user (P line). Honoured only for root, as in BSD lpr; others get a warning and submit as themselves'
            cand -m 'Ask the server to mail when the job is done (M line); to USER when given as -m=USER or --mail=USER, else to the submitting user'
            cand --mail 'Ask the server to mail when the job is done (M line); to USER when given as -m=USER or --mail=USER, else to the submitting user'
            cand -i 'Indent the output by COLUMNS (I line)'
            cand --indent 'Indent the output by COLUMNS (I line)'
            cand -w 'Page width in COLUMNS for pr(1) and text filters (W line)'
            cand --width 'Page width in COLUMNS for pr(1) and text filters (W line)'
            cand -1 'troff font for the R (Roman) position (1 line)'
            cand --font-r 'troff font for the R (Roman) position (1 line)'
            cand -2 'troff font for the I (italic) position (2 line)'
            cand --font-i 'troff font for the I (italic) position (2 line)'
            cand -3 'troff font for the B (bold) position (3 line)'
            cand --font-b 'troff font for the B (bold) position (3 line)'
            cand -4 'troff font for the S (special) position (4 line)'
            cand --font-s 'troff font for the S (special) position (4 line)'
            cand -Z 'Filter options for the server, as LPRng''s -Z (Z line); may be given several times, the values are joined with commas'
            cand --options 'Filter options for the server, as LPRng''s -Z (Z line); may be given several times, the values are joined with commas'
            cand -F 'The format by name or control-file letter (as LPRng''s -F): text (f), raw (l), postscript (o), pr (p), dvi (d), troff (t), ditroff (n), cif (c), plot (g), fortran (r), raster (v)'
            cand --format 'The format by name or control-file letter (as LPRng''s -F): text (f), raw (l), postscript (o), pr (p), dvi (d), troff (t), ditroff (n), cif (c), plot (g), fortran (r), raster (v)'
            cand --order 'Which file goes first on the wire. Default: the configuration''s, else control-first'
            cand --list-printers 'Print the names of the configured printers, one a line (used by the shell completions)'
            cand -h 'Do not print a banner (burst) page (no L line)'
            cand --no-banner 'Do not print a banner (burst) page (no L line)'
            cand -r 'Remove the files after the server has accepted the job'
            cand --remove 'Remove the files after the server has accepted the job'
            cand -s 'Accepted for BSD compatibility and ignored: a symbolic link into a local spool means nothing to a remote server, so the data is always sent (-V says so)'
            cand --symlink 'Accepted for BSD compatibility and ignored: a symbolic link into a local spool means nothing to a remote server, so the data is always sent (-V says so)'
            cand -c 'The files are cifplot(1) output (c)'
            cand -d 'The files are TeX DVI (d)'
            cand -f 'The files use FORTRAN carriage control (r)'
            cand -g 'The files are plot(3) data (g)'
            cand -l 'Print control characters, no page breaks: raw data (l)'
            cand -n 'The files are ditroff output (n)'
            cand -o 'The files are PostScript (o)'
            cand -p 'Format the files with pr(1) (p)'
            cand -t 'The files are C/A/T troff output (t)'
            cand -v 'The files are raster images (v). Not verbose: that is -V'
            cand -V 'Show connection details (-V), and the bytes exchanged (-VV)'
            cand --verbose 'Show connection details (-V), and the bytes exchanged (-VV)'
            cand -q 'No progress bar, no warnings'
            cand --quiet 'No progress bar, no warnings'
            cand --json 'Print the submitted job as one line of JSON: queue, server, job number, files, bytes'
            cand --dry-run 'Print the control file that would be sent and exit; no connection is made'
            cand --help 'Print help (--help shows more)'
            cand --version 'Print version'
        }
    ]
    $completions[$command]
}
