
use builtin;
use str;

set edit:completion:arg-completer[lpq] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'lpq'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'lpq'= {
            cand -P 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost'
            cand --printer 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost'
            cand -H 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)'
            cand --host 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)'
            cand --config 'Read only this configuration file: not the system and user files, and not /etc/printcap'
            cand --reserved-port 'Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto" tries and falls back to an ordinary port, "require" fails without one, "never" does not try. Default: the configuration''s, else auto'
            cand --timeout 'Give up when connecting, or any read or write on the connection, takes longer than this many seconds (fractions allowed). Default: the configuration''s, else 10 to connect and 60 for each read or write'
            cand -t 'Show the queue again every SECONDS until it is empty (LPRng -t; BSD +SECONDS does the same). Clears the screen between reports on a terminal. Ctrl-C stops it'
            cand --interval 'Show the queue again every SECONDS until it is empty (LPRng -t; BSD +SECONDS does the same). Clears the screen between reports on a terminal. Ctrl-C stops it'
            cand --list-printers 'Print the names of the configured printers, one a line (used by the shell completions)'
            cand -a 'Every configured printer, one after the other'
            cand --all 'Every configured printer, one after the other'
            cand -l 'The long form (command 04): several lines a job'
            cand --long 'The long form (command 04): several lines a job'
            cand --json 'Print the parsed queue as JSON (one document a line; with -a one a printer)'
            cand -q 'Print nothing; exit 0 when matching jobs exist, 1 when not'
            cand --quiet 'Print nothing; exit 0 when matching jobs exist, 1 when not'
            cand -v 'Show connection details (-v), and the bytes exchanged (-vv)'
            cand -V 'Show connection details (-v), and the bytes exchanged (-vv)'
            cand --verbose 'Show connection details (-v), and the bytes exchanged (-vv)'
            cand --version 'Print version'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
    ]
    $completions[$command]
}
