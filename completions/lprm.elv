
use builtin;
use str;

set edit:completion:arg-completer[lprm] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'lprm'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'lprm'= {
            cand -P 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost'
            cand --printer 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost'
            cand -H 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)'
            cand --host 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)'
            cand --config 'Read only this configuration file: not the system and user files, and not /etc/printcap'
            cand --reserved-port 'Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto" tries and falls back to an ordinary port, "require" fails without one, "never" does not try. Default: the configuration''s, else auto'
            cand --timeout 'Give up when connecting, or any read or write on the connection, takes longer than this many seconds (fractions allowed). Default: the configuration''s, else 10 to connect and 60 for each read or write'
            cand -U 'Remove on behalf of this user (the agent of command 05). Only root may; others are refused (exit 77)'
            cand --user 'Remove on behalf of this user (the agent of command 05). Only root may; others are refused (exit 77)'
            cand --list-printers 'Print the names of the configured printers, one a line (used by the shell completions)'
            cand -a 'Every configured printer, one after the other'
            cand --all 'Every configured printer, one after the other'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
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
