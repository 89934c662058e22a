//! lpd devices against local fakes: a 9100 printer that records, refuses,
//! never reads or closes early; a file; a command; a second lpkit lpd for
//! forwarding; a printer pool; retries, backoff and failed jobs;
//! accounting records.

use crate::support::lpd::*;
use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// How a fake AppSocket printer behaves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Reads each job to the end, keeps it, closes.
    Record,
    /// Accepts and then neither reads nor closes.
    NeverRead,
    /// Reads a few bytes, then closes.
    CloseEarly,
}

/// A fake port-9100 printer on 127.0.0.1.
struct FakePrinter {
    addr: SocketAddr,
    jobs: Arc<Mutex<Vec<Vec<u8>>>>,
    _held: Arc<Mutex<Vec<TcpStream>>>,
}

impl FakePrinter {
    fn start(mode: Mode) -> Self {
        Self::on(TcpListener::bind("127.0.0.1:0").unwrap(), mode)
    }

    fn on(listener: TcpListener, mode: Mode) -> Self {
        let addr = listener.local_addr().unwrap();
        let jobs = Arc::new(Mutex::new(Vec::new()));
        let held = Arc::new(Mutex::new(Vec::new()));
        let (j, h) = (jobs.clone(), held.clone());
        std::thread::spawn(move || {
            for s in listener.incoming() {
                let Ok(mut s) = s else { return };
                match mode {
                    Mode::Record => {
                        let mut data = Vec::new();
                        let _ = s.read_to_end(&mut data);
                        j.lock().unwrap().push(data);
                    }
                    Mode::NeverRead => h.lock().unwrap().push(s),
                    Mode::CloseEarly => {
                        let mut buf = [0u8; 10];
                        let _ = s.read(&mut buf);
                    }
                }
            }
        });
        FakePrinter {
            addr,
            jobs,
            _held: held,
        }
    }

    fn jobs(&self) -> Vec<Vec<u8>> {
        self.jobs.lock().unwrap().clone()
    }
}

/// A port with nothing listening (refuses connections).
fn dead_port() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap()
}

fn socket_queue(addr: SocketAddr, retry: &str, extra: &str) -> String {
    format!(
        r#"
[retry]
initial_delay = "10ms"
max_delay = "40ms"
{retry}

[[queue.lp.device]]
type = "socket"
address = "{addr}"
connect_timeout = "2s"
write_timeout = "300ms"
{extra}
"#
    )
}

fn job_state(lpd: &TestLpd) -> Vec<(u32, String, Option<String>)> {
    lpd.json("lp")
        .jobs
        .into_iter()
        .map(|j| (j.job.unwrap(), j.rank.unwrap(), j.reason))
        .collect()
}

#[test]
fn socket_device_sends_every_copy_and_the_job_leaves_the_queue() {
    let printer = FakePrinter::start(Mode::Record);
    let lpd = TestLpd::with_config(&socket_queue(printer.addr, "", ""));
    let job = Job {
        control_name: "cfA001ws".into(),
        control: b"Hws\nPalice\nldfA001ws\nldfA001ws\nldfB001ws\n".to_vec(),
        data: vec![
            ("dfA001ws".into(), b"AB".to_vec()),
            ("dfB001ws".into(), b"C".to_vec()),
        ],
    };
    lpd.submit("lp", &job).unwrap();
    wait_until("the printer got the job", || printer.jobs().len() == 1);
    assert_eq!(printer.jobs()[0], b"ABABC");
    wait_until("the job leaves the queue", || {
        lpd.json("lp").jobs.is_empty()
    });
}

#[test]
fn a_refusing_printer_keeps_the_job_and_it_prints_once_the_printer_is_back() {
    let addr = dead_port();
    let lpd = TestLpd::with_config(&socket_queue(addr, "max_attempts = 0", ""));
    lpd.submit("lp", &Job::text("alice", 1, b"hello")).unwrap();
    wait_until("an attempt failed", || {
        job_state(&lpd)
            .first()
            .is_some_and(|j| j.2.as_deref().is_some_and(|r| r.contains("cannot connect")))
    });
    let status = lpd.status("lp");
    assert!(status.contains("cannot connect"), "{status}");
    assert!(
        lpd.lpc("lp", "status").contains("last error"),
        "status shows why"
    );
    let printer = FakePrinter::on(TcpListener::bind(addr).unwrap(), Mode::Record);
    wait_until("the job prints after a retry", || printer.jobs().len() == 1);
    assert_eq!(printer.jobs()[0], b"hello");
    wait_until("the queue is empty", || lpd.json("lp").jobs.is_empty());
}

#[test]
fn after_max_attempts_a_job_is_kept_as_failed_and_release_retries_it() {
    let dir = tempfile::tempdir().unwrap();
    let acct = dir.path().join("acct.jsonl");
    let addr = dead_port();
    let lpd = TestLpd::with_config(&format!(
        "[server]\naccounting = \"{}\"\n{}",
        acct.display(),
        socket_queue(addr, "max_attempts = 3", "")
    ));
    lpd.submit("lp", &Job::text("alice", 4, b"x")).unwrap();
    wait_until("the job is failed", || {
        job_state(&lpd).first().is_some_and(|j| j.1 == "error")
    });
    let text = lpd.status("lp");
    assert!(text.contains("error  alice      4"), "{text}");
    wait_until("the failure is accounted", || {
        std::fs::read_to_string(&acct).is_ok_and(|t| !t.is_empty())
    });
    let rec: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&acct)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(rec["outcome"], "failed");
    assert_eq!(rec["attempts"], 3);
    assert!(rec["reason"].as_str().unwrap().contains("cannot connect"));
    // Still failed after a restart; release puts it back in line.
    let lpd = lpd.restart();
    assert_eq!(job_state(&lpd)[0].1, "error");
    let printer = FakePrinter::on(TcpListener::bind(addr).unwrap(), Mode::Record);
    assert_eq!(lpd.lpc("lp", "release 4"), "lp: job 4 (alice) released\n");
    wait_until("the released job prints", || printer.jobs().len() == 1);
}

#[test]
fn a_printer_that_never_reads_fails_the_attempt_not_the_queue() {
    let printer = FakePrinter::start(Mode::NeverRead);
    let lpd = TestLpd::with_config(&socket_queue(printer.addr, "max_attempts = 1", ""));
    let big = vec![b'p'; 8 << 20];
    lpd.submit("lp", &Job::text("alice", 1, &big)).unwrap();
    wait_until("the attempt fails", || {
        job_state(&lpd).first().is_some_and(|j| j.1 == "error")
    });
    let reason = job_state(&lpd)[0].2.clone().unwrap();
    assert!(
        reason.contains("stalled") || reason.contains("did not close"),
        "{reason}"
    );
    // The queue still answers and takes jobs.
    lpd.submit("lp", &Job::text("bob", 2, b"y")).unwrap();
}

#[test]
fn a_printer_that_closes_early_fails_the_attempt() {
    let printer = FakePrinter::start(Mode::CloseEarly);
    let lpd = TestLpd::with_config(&socket_queue(printer.addr, "max_attempts = 1", ""));
    lpd.submit("lp", &Job::text("alice", 1, &vec![b'q'; 4 << 20]))
        .unwrap();
    wait_until("the attempt fails", || {
        job_state(&lpd).first().is_some_and(|j| j.1 == "error")
    });
    assert_eq!(spool_jobs(lpd.spool(), "lp").len(), 1, "the job is kept");
}

#[test]
fn a_silent_printer_is_bounded_by_the_attempt_timeout() {
    let printer = FakePrinter::start(Mode::NeverRead);
    let lpd = TestLpd::with_config(
        &socket_queue(
            printer.addr,
            "max_attempts = 1\nattempt_timeout = \"200ms\"",
            "",
        )
        .replace("write_timeout = \"300ms\"", "write_timeout = \"1h\""),
    );
    lpd.submit("lp", &Job::text("alice", 1, b"small")).unwrap();
    wait_until("the attempt times out", || {
        job_state(&lpd).first().is_some_and(|j| j.1 == "error")
    });
    assert!(
        job_state(&lpd)[0]
            .2
            .as_deref()
            .unwrap()
            .contains("timed out")
    );
}

#[test]
fn file_device_appends_each_job() {
    let lpd =
        TestLpd::with_config("[[queue.lp.device]]\ntype = \"device\"\npath = \"{spool}/lp0\"\n");
    lpd.submit("lp", &Job::text("alice", 1, b"one;")).unwrap();
    wait_until("job 1 printed", || lpd.json("lp").jobs.is_empty());
    lpd.submit("lp", &Job::text("alice", 2, b"two;")).unwrap();
    wait_until("job 2 printed", || {
        std::fs::read(lpd.spool().join("lp0")).unwrap_or_default() == b"one;two;"
    });
}

#[test]
fn command_device_gets_the_data_on_stdin_and_attributes_in_the_environment() {
    let lpd = TestLpd::with_config(
        r#"
[[queue.lp.device]]
type = "command"
program = "sh"
args = ["-c", "cat > {spool}/cmd.out && env > {spool}/cmd.env"]
"#,
    );
    let mut job = Job::text("alice", 7, b"through a pipe");
    job.control = b"Hws\nPalice\nJreport\nfdfA007ws\nfdfA007ws\nNfile1.txt\n".to_vec();
    lpd.submit("lp", &job).unwrap();
    wait_until("the command ran", || lpd.json("lp").jobs.is_empty());
    assert_eq!(
        std::fs::read(lpd.spool().join("cmd.out")).unwrap(),
        b"through a pipethrough a pipe"
    );
    let env = std::fs::read_to_string(lpd.spool().join("cmd.env")).unwrap();
    for want in [
        "LPKIT_JOB=7",
        "LPKIT_USER=alice",
        "LPKIT_HOST=ws",
        "LPKIT_QUEUE=lp",
        "LPKIT_TITLE=report",
        "LPKIT_FORMAT=text",
        "LPKIT_COPIES=2",
    ] {
        assert!(env.lines().any(|l| l == want), "{want} missing in {env}");
    }
}

#[test]
fn a_failing_command_reports_its_last_error_line() {
    let lpd = TestLpd::with_config(
        r#"
[retry]
max_attempts = 1

[[queue.lp.device]]
type = "command"
program = "sh"
args = ["-c", "cat > /dev/null; echo 'tray 2: out of paper' >&2; exit 3"]
"#,
    );
    lpd.submit("lp", &Job::text("alice", 1, b"x")).unwrap();
    wait_until("the job failed", || {
        job_state(&lpd).first().is_some_and(|j| j.1 == "error")
    });
    let reason = job_state(&lpd)[0].2.clone().unwrap();
    assert!(
        reason.contains("out of paper") && reason.contains("3"),
        "{reason}"
    );
}

#[test]
fn lpd_device_forwards_to_another_lpd() {
    let target = TestLpd::start();
    target.lpc("lp", "stop");
    let relay = TestLpd::with_config(&format!(
        "[[queue.relay.device]]\ntype = \"lpd\"\ntarget = \"lp@{}\"\n",
        target.addr()
    ));
    let job = Job {
        control_name: "cfA033ws".into(),
        control: b"Hws\nPalice\nJquarterly\nfdfA033ws\nNreport.txt\nfdfB033ws\nNnotes.txt\n"
            .to_vec(),
        data: vec![
            ("dfA033ws".into(), b"report body".to_vec()),
            ("dfB033ws".into(), b"notes".to_vec()),
        ],
    };
    relay.submit("relay", &job).unwrap();
    wait_until("the job arrives at the target", || {
        target.json("lp").jobs.len() == 1
    });
    let j = &target.json("lp").jobs[0];
    assert_eq!(j.owner.as_deref(), Some("alice"));
    assert_eq!(j.host.as_deref(), Some("ws"));
    assert_eq!(j.name.as_deref(), Some("quarterly"));
    assert_eq!(j.files, ["report.txt", "notes.txt"]);
    assert_eq!(j.size, Some(16));
    wait_until("the relay forgets the job", || {
        relay.json("relay").jobs.is_empty()
    });
}

#[test]
fn a_printer_pool_gives_the_next_job_to_the_next_idle_device() {
    let a = FakePrinter::start(Mode::Record);
    let b = FakePrinter::start(Mode::Record);
    let lpd = TestLpd::with_config(&format!(
        r#"
[[queue.lp.device]]
type = "socket"
address = "{}"

[[queue.lp.device]]
type = "socket"
address = "{}"
"#,
        a.addr, b.addr
    ));
    lpd.lpc("lp", "stop");
    lpd.submit("lp", &Job::text("alice", 1, b"job one"))
        .unwrap();
    lpd.submit("lp", &Job::text("alice", 2, b"job two"))
        .unwrap();
    lpd.lpc("lp", "start");
    wait_until("both jobs print", || a.jobs().len() + b.jobs().len() == 2);
    assert_eq!(a.jobs(), [b"job one".to_vec()]);
    assert_eq!(b.jobs(), [b"job two".to_vec()]);
}

#[test]
fn accounting_records_printed_jobs_with_page_counts() {
    let dir = tempfile::tempdir().unwrap();
    let acct = dir.path().join("acct.jsonl");
    let lpd = TestLpd::with_config(&format!("[server]\naccounting = \"{}\"\n", acct.display()));
    let ps = b"%!PS-Adobe-3.0\n%%Pages: 3\n%%EndComments\nshowpage\n".to_vec();
    let text = b"page one\x0cpage two\x0cpage three\n".to_vec();
    let job = Job {
        control_name: "cfA012ws".into(),
        control: b"Hws\nPalice\nJmixed\nodfA012ws\nNslides.ps\nfdfB012ws\nfdfB012ws\nNnotes.txt\n"
            .to_vec(),
        data: vec![
            ("dfA012ws".into(), ps.clone()),
            ("dfB012ws".into(), text.clone()),
        ],
    };
    lpd.submit("lp", &job).unwrap();
    wait_until("an accounting record is written", || {
        std::fs::read_to_string(&acct).is_ok_and(|t| t.lines().count() == 1)
    });
    let line = std::fs::read_to_string(&acct).unwrap();
    let rec: serde_json::Value = serde_json::from_str(line.trim_end()).unwrap();
    assert_eq!(rec["queue"], "lp");
    assert_eq!(rec["job"], 12);
    assert_eq!(rec["user"], "alice");
    assert_eq!(rec["host"], "ws");
    assert_eq!(rec["peer"], "127.0.0.1");
    assert_eq!(rec["name"], "mixed");
    assert_eq!(rec["files"], serde_json::json!(["slides.ps", "notes.txt"]));
    assert_eq!(rec["bytes"], (ps.len() + text.len()) as u64);
    assert_eq!(rec["copies"], 2);
    assert_eq!(rec["pages"], 3 + 3 * 2);
    assert_eq!(rec["outcome"], "printed");
    assert_eq!(rec["attempts"], 1);
    assert!(rec["device"].as_str().unwrap().starts_with("directory "));
    assert!(rec["time"].as_str().unwrap().ends_with('Z'));
    assert!(rec["duration_ms"].is_u64());
}

#[test]
fn removing_a_job_while_it_prints_cancels_the_attempt() {
    let printer = FakePrinter::start(Mode::NeverRead);
    let lpd = TestLpd::with_config(
        &socket_queue(printer.addr, "", "")
            .replace("write_timeout = \"300ms\"", "write_timeout = \"1h\""),
    );
    lpd.submit("lp", &Job::text("alice", 1, &vec![b'r'; 8 << 20]))
        .unwrap();
    wait_until("the job is active", || {
        job_state(&lpd).first().is_some_and(|j| j.1 == "active")
    });
    let reply = lpd.request(b"\x05lp alice 1\n");
    assert_eq!(reply, "dfA001ws dequeued\ncfA001ws dequeued\n");
    lpd.submit("lp", &Job::text("alice", 2, b"next")).unwrap();
    wait_until("the next job becomes active", || {
        job_state(&lpd)
            .first()
            .is_some_and(|j| j.0 == 2 && j.1 == "active")
    });
}

#[test]
fn print_waiting_jobs_retries_a_waiting_job_now_for_allowed_hosts() {
    let addr = dead_port();
    let lpd = TestLpd::with_config(&format!(
        "[access]\nsubmit = [\"127.0.0.1\"]\n{}",
        socket_queue(addr, "max_attempts = 0", "")
            .replace("initial_delay = \"10ms\"", "initial_delay = \"1h\"")
            .replace("max_delay = \"40ms\"", "max_delay = \"1h\"")
    ));
    lpd.submit("lp", &Job::text("alice", 1, b"waiting"))
        .unwrap();
    wait_until("the first attempt failed", || {
        job_state(&lpd).first().is_some_and(|j| j.2.is_some())
    });
    let printer = FakePrinter::on(TcpListener::bind(addr).unwrap(), Mode::Record);
    // From a host that may not submit, 01 changes nothing ...
    let other = connect_from(lpd.addr(), SocketAddr::from(([127, 0, 0, 2], 0))).unwrap();
    assert_eq!(request_on(other, b"\x01lp\n"), "");
    assert_eq!(job_state(&lpd).len(), 1);
    assert!(printer.jobs().is_empty());
    // ... from an allowed one it ends the hour-long wait.
    assert_eq!(lpd.request(b"\x01lp\n"), "");
    wait_until("the job prints", || printer.jobs().len() == 1);
}
