Remove jobs from a print queue (RFC 1179)

Usage: lprm [OPTIONS] [JOB|USER|-]...

Arguments:
  [JOB|USER|-]...  Job numbers, user names, or "-" (all your jobs)

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

Removal:
  -a, --all           Every configured printer, one after the other
  -U, --user <AGENT>  Remove on behalf of this user (the agent of command 05). Only root may; others
                      are refused (exit 77)

Output:
  -q, --quiet       Print nothing but errors
  -v, --verbose...  Show connection details (-v), and the bytes exchanged (-vv) [alias: -V]
      --version     Print version
