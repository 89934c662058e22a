//! lpd queue state (03/04): BSD's text byte for byte, and lpkit's JSON.

use crate::support::lpd::*;

/// Pads `s` with spaces to `width` bytes (BSD's fixed columns).
fn col(s: &str, width: usize) -> String {
    format!("{s:<width$}")
}

fn known_queue() -> TestLpd {
    let lpd = TestLpd::start();
    lpd.lpc("lp", "stop");
    let alice = Job {
        control_name: "cfA001ws".into(),
        control:
            b"Hws\nPalice\nJreport\nfdfA001ws\nNreport.txt\nfdfB001ws\nfdfB001ws\nNnotes.txt\n"
                .to_vec(),
        data: vec![
            ("dfA001ws".into(), vec![b'a'; 20]),
            ("dfB001ws".into(), vec![b'b'; 5]),
        ],
    };
    lpd.submit("lp", &alice).unwrap();
    let bob = Job {
        control_name: "cfA002ws".into(),
        control: b"Hws\nPbob\nldfA002ws\nN \n".to_vec(),
        data: vec![("dfA002ws".into(), b"hello".to_vec())],
    };
    lpd.submit("lp", &bob).unwrap();
    lpd
}

#[test]
fn short_queue_state_is_bsd_lpd_text_byte_for_byte() {
    let lpd = known_queue();
    // The size column starts at column 62 (0-based 61), as in displayq.c.
    let want = format!(
        "Warning: lp is down: printing disabled\n\
         {}Total Size\n\
         {}30 bytes\n\
         {}5 bytes\n",
        col("Rank   Owner      Job  Files", 61),
        col("1st    alice      1    report.txt, notes.txt", 61),
        col("2nd    bob        2    (standard input)", 61),
    );
    assert_eq!(lpd.request(b"\x03lp\n"), want);
}

#[test]
fn long_queue_state_is_bsd_lpd_text_byte_for_byte() {
    let lpd = known_queue();
    let got = lpd.request(b"\x04lp\n");
    // Each file line ends with " -- " and the submission time as ctime(3)
    // writes it (UTC), e.g. "Sun Nov 22 05:11:31 2026".
    let when = got
        .lines()
        .nth(3)
        .and_then(|l| l.split(" -- ").nth(1))
        .unwrap_or("")
        .to_owned();
    assert_eq!(when.len(), 24, "{got}");
    assert_eq!(&when[19..20], " ", "{when}");
    let want = format!(
        "Warning: lp is down: printing disabled\n\
         \n{} [job 001ws]\n\
         \t{} {:>8} bytes -- {when}\n\
         \t2  copies of {} {:>8} bytes -- {when}\n\
         \n{} [job 002ws]\n\
         \t{} {:>8} bytes -- {when}\n",
        col("alice: 1st", 40),
        col("report.txt", 32),
        20,
        col("notes.txt", 19),
        5,
        col("bob: 2nd", 40),
        col("(standard input)", 32),
        5,
    );
    assert_eq!(got, want);
}

#[test]
fn lists_select_users_and_job_numbers() {
    let lpd = known_queue();
    let bob = lpd.request(b"\x03lp bob\n");
    assert!(bob.contains("bob") && !bob.contains("alice"), "{bob}");
    let one = lpd.request(b"\x03lp 1\n");
    assert!(one.contains("alice") && !one.contains("bob"), "{one}");
}

#[test]
fn empty_queue_says_no_entries() {
    let lpd = TestLpd::start();
    assert_eq!(lpd.request(b"\x03lp\n"), "no entries\n");
    assert_eq!(lpd.request(b"\x04lp\n"), "no entries\n");
}

#[test]
fn unknown_queue_is_named_in_the_answer() {
    let lpd = TestLpd::start();
    assert_eq!(
        lpd.request(b"\x03nosuch\n"),
        "lpd: nosuch: unknown printer\n"
    );
}

#[test]
fn json_operand_gives_one_line_of_exact_state() {
    let lpd = known_queue();
    let raw = lpd.request(b"\x04lp --lpkit-json\n");
    assert!(raw.starts_with('{') && raw.ends_with("}\n"), "{raw}");
    assert_eq!(raw.matches('\n').count(), 1);
    let st: lpkit::proto::lpq::QueueStatus = serde_json::from_str(&raw).unwrap();
    assert_eq!(st.dialect, lpkit::proto::lpq::Dialect::Lpkit);
    assert_eq!(st.queue.as_deref(), Some("lp"));
    assert_eq!(st.server.as_deref(), Some("testhost"));
    assert_eq!(st.status, ["Warning: lp is down: printing disabled"]);
    assert_eq!(st.jobs.len(), 2);
    let a = &st.jobs[0];
    assert_eq!(a.rank.as_deref(), Some("1st"));
    assert_eq!(a.owner.as_deref(), Some("alice"));
    assert_eq!(a.host.as_deref(), Some("ws"));
    assert_eq!(a.job, Some(1));
    assert_eq!(a.name.as_deref(), Some("report"));
    assert_eq!(a.files, ["report.txt", "notes.txt"]);
    assert_eq!(a.size, Some(30));
    let t = a.time.as_deref().unwrap();
    assert!(
        t.len() == 20 && t.ends_with('Z') && t.as_bytes()[10] == b'T',
        "{t}"
    );
    // The rest of the list still selects.
    let only_bob: lpkit::proto::lpq::QueueStatus =
        serde_json::from_str(&lpd.request(b"\x03lp --lpkit-json bob\n")).unwrap();
    assert_eq!(only_bob.jobs.len(), 1);
    assert_eq!(only_bob.jobs[0].files, ["(standard input)"]);
}

#[test]
fn a_queue_of_more_than_a_thousand_jobs_keeps_numbers_unique() {
    // Many jobs, one connection each would be slow: send them on a few
    // connections, then check every one is listed.
    let lpd = TestLpd::with_config("[server]\ndurable = false\n");
    lpd.lpc("lp", "stop");
    let total = 1100u32;
    for chunk in 0..(total / 550) {
        let mut s = connect(lpd.addr());
        start_receive(&mut s, "lp").unwrap();
        for i in 0..550 {
            let n = chunk * 550 + i;
            send_files(&mut s, &Job::text("u", n % 1000, b"x"), Order::ControlFirst).unwrap();
        }
    }
    let st = lpd.json("lp");
    assert_eq!(st.jobs.len(), total as usize);
    let mut numbers: Vec<u32> = st.jobs.iter().filter_map(|j| j.job).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), total as usize, "numbers are unique");
    assert!(numbers.iter().any(|&n| n >= 1000), "beyond 999 when full");
    let text = lpd.status("lp");
    assert_eq!(text.lines().count(), 2 + total as usize);
}
