
use builtin;
use str;

set edit:completion:arg-completer[lpc] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'lpc'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'lpc'= {
            cand -P 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost'
            cand --printer 'The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration''s default, then lp@localhost'
            cand -H 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)'
            cand --host 'The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS'' -H)'
            cand --config 'Read only this configuration file: not the system and user files, and not /etc/printcap'
            cand --reserved-port 'Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto" tries and falls back to an ordinary port, "require" fails without one, "never" does not try. Default: the configuration''s, else auto'
            cand --timeout 'Give up when connecting, or any read or write on the connection, takes longer than this many seconds (fractions allowed). Default: the configuration''s, else 10 to connect and 60 for each read or write'
            cand -U 'Send LPRng control commands as this user. Only root may; others are refused (exit 77)'
            cand --user 'Send LPRng control commands as this user. Only root may; others are refused (exit 77)'
            cand --list-printers 'Print the names of the configured printers, one a line (used by the shell completions)'
            cand --json 'Print status as JSON, one document a queue and line'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show connection details (-v), and the bytes exchanged (-vv)'
            cand -V 'Show connection details (-v), and the bytes exchanged (-vv)'
            cand --verbose 'Show connection details (-v), and the bytes exchanged (-vv)'
            cand --version 'Print version'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand status 'Show the status of queues (06 status where the server speaks it, else the queue state, 03/04)'
            cand start 'Start printing: RFC 1179 "print any waiting jobs" (01); on an LPRng server also re-enable printing after stop (06 start)'
            cand stop 'Stop printing after the current job; jobs are still accepted (06)'
            cand enable 'Accept new jobs into the queue (06)'
            cand disable 'Refuse new jobs; queued jobs still print (06)'
            cand abort 'Stop printing at once, killing the active job''s printer process (06)'
            cand up 'Enable and start: accept and print jobs (06)'
            cand down 'Disable and stop: refuse and hold jobs (06)'
            cand topq 'Move jobs to the front of a queue (06)'
            cand hold 'Hold jobs: keep them queued but do not print them (06)'
            cand release 'Release held jobs (06)'
            cand redirect 'Send a queue''s jobs to another queue, or "off" to stop doing so (06)'
            cand move 'Move jobs to another queue (06)'
            cand clean 'Remove finished and broken jobs'' files from the spool (06)'
            cand help 'Show the commands (interactive use)'
            cand quit 'End an interactive session'
        }
        &'lpc;status'= {
            cand -l 'With the RFC 1179 fallback, ask for the long form (04)'
            cand --long 'With the RFC 1179 fallback, ask for the long form (04)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;start'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;stop'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;enable'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;disable'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;abort'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;up'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;down'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;topq'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;hold'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;release'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;redirect'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;move'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;clean'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;help'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'lpc;quit'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
    ]
    $completions[$command]
}
