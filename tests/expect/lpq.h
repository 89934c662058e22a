Show a print queue (RFC 1179)

Usage: lpq [OPTIONS] [JOB|USER]...

Arguments:
  [JOB|USER]...  Only these job numbers and users

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

Listing:
  -a, --all                 Every configured printer, one after the other
  -l, --long                The long form (command 04): several lines a job
  -t, --interval <SECONDS>  Show the queue again every SECONDS until it is empty (LPRng -t; BSD
                            +SECONDS does the same). Clears the screen between reports on a
                            terminal. Ctrl-C stops it

Output:
      --json        Print the parsed queue as JSON (one document a line; with -a one a printer)
  -q, --quiet       Print nothing; exit 0 when matching jobs exist, 1 when not
  -v, --verbose...  Show connection details (-v), and the bytes exchanged (-vv) [alias: -V]
      --version     Print version
