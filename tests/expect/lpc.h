Control print queues (RFC 1179, LPRng remote control)

Usage: lpc [OPTIONS] [COMMAND]

Commands:
  status    Show the status of queues (06 status where the server speaks it, else the queue state,
            03/04)
  start     Start printing: RFC 1179 "print any waiting jobs" (01); on an LPRng server also
            re-enable printing after stop (06 start)
  stop      Stop printing after the current job; jobs are still accepted (06)
  enable    Accept new jobs into the queue (06)
  disable   Refuse new jobs; queued jobs still print (06)
  abort     Stop printing at once, killing the active job's printer process (06)
  up        Enable and start: accept and print jobs (06)
  down      Disable and stop: refuse and hold jobs (06)
  topq      Move jobs to the front of a queue (06)
  hold      Hold jobs: keep them queued but do not print them (06)
  release   Release held jobs (06)
  redirect  Send a queue's jobs to another queue, or "off" to stop doing so (06)
  move      Move jobs to another queue (06)
  clean     Remove finished and broken jobs' files from the spool (06)

Options:
  -h, --help  Print help (see more with '--help')

Destination:
  -P, --printer <QUEUE[@HOST[:PORT]]>  The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT,
                                       QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then
                                       $LPDEST, then the configuration's default, then lp@localhost
  -H, --host <HOST[:PORT]>             The server, when the queue does not name one: HOST, HOST:PORT
                                       or [IPV6]:PORT (as CUPS' -H)

Connection:
      --config <FILE>         Read only this configuration file: not the system and user files, and
                              not /etc/printcap
      --reserved-port <WHEN>  Bind a reserved source port (721-731, RFC 1179 section 3.1): "auto"
                              tries and falls back to an ordinary port, "require" fails without one,
                              "never" does not try. Default: the configuration's, else auto
                              [possible values: auto, require, never]
      --timeout <SECONDS>     Give up when connecting, or any read or write on the connection, takes
                              longer than this many seconds (fractions allowed). Default: the
                              configuration's, else 10 to connect and 60 for each read or write

Control:
  -U, --user <USER>  Send LPRng control commands as this user. Only root may; others are refused
                     (exit 77)

Output:
      --json        Print status as JSON, one document a queue and line
  -q, --quiet       Print nothing but errors
  -v, --verbose...  Show connection details (-v), and the bytes exchanged (-vv) [alias: -V]
      --version     Print version
