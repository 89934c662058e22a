//! lpd access rules: per-operation networks (allow and "!" deny), the
//! reserved source port rule.

use crate::support::lpd::*;
use std::net::SocketAddr;

fn from(lpd: &TestLpd, ip: [u8; 4], port: u16) -> std::io::Result<std::net::TcpStream> {
    connect_from(lpd.addr(), SocketAddr::from((ip, port)))
}

#[test]
fn submit_rules_allow_and_deny_by_network() {
    let lpd = TestLpd::with_config("[access]\nsubmit = [\"!127.0.0.2\", \"127.0.0.0/8\"]\n");
    lpd.lpc("lp", "stop");
    let mut s = from(&lpd, [127, 0, 0, 2], 0).unwrap();
    assert_eq!(start_receive(&mut s, "lp").unwrap_err().ack, Some(1));
    let mut s = from(&lpd, [127, 0, 0, 3], 0).unwrap();
    start_receive(&mut s, "lp").unwrap();
    send_files(&mut s, &Job::text("a", 1, b"x"), Order::ControlFirst).unwrap();
    assert_eq!(lpd.json("lp").jobs.len(), 1);
}

#[test]
fn per_queue_status_rules_override_the_global_ones() {
    let lpd = TestLpd::with_config(
        r#"
[access]
status = ["any"]

[queue.lp]
device = [{ type = "directory", path = "{spool}/out" }]
access = { status = ["127.0.0.1/32"] }
"#,
    );
    let s = from(&lpd, [127, 0, 0, 2], 0).unwrap();
    let reply = request_on(s, b"\x03lp\n");
    assert_eq!(
        reply,
        "lpd: lp: permission denied: 127.0.0.2 may not status (the address is not allowed by the access rules)\n"
    );
    assert_eq!(lpd.status("lp"), "no entries\n");
}

#[test]
fn reserved_port_rule_refuses_ordinary_source_ports() {
    let lpd = TestLpd::with_config("[access]\nreserved_port = \"privileged\"\n");
    let mut s = connect(lpd.addr());
    assert_eq!(start_receive(&mut s, "lp").unwrap_err().ack, Some(1));
    // Status is not subject to the port rule.
    assert_eq!(lpd.status("lp"), "no entries\n");
    // From a port below 1024 (needs root or CAP_NET_BIND_SERVICE; where
    // binding one is not permitted only the refusal above is checked).
    let mut bound = None;
    for port in (900..1000).rev() {
        match from(&lpd, [127, 0, 0, 1], port) {
            Ok(s) => {
                bound = Some(s);
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => break,
            Err(_) => continue,
        }
    }
    if let Some(mut s) = bound {
        start_receive(&mut s, "lp").unwrap();
    }
}
