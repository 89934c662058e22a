//! `query`, `query_json`, `query_status`, `remove`, `print_waiting` and
//! `control` against the scripted peer.

use lpkit::client::script::{Event, ScriptedPeer};
use lpkit::client::{Client, ClientError, JsonReply, QueueReport, query_status, sysexits};
use lpkit::proto::lpq::{Dialect, QueueStatus};
use lpkit::proto::{ControlOp, JobNumber, JobSelector, Queue, StateFormat, UserName, Word};
use lpkit::target::Endpoint;

fn ep() -> Endpoint {
    Endpoint::new(Queue::new("lp").unwrap(), "printhost", 515)
}

fn user(s: &str) -> JobSelector {
    JobSelector::User(UserName::new(s).unwrap())
}

fn job(n: u32) -> JobSelector {
    JobSelector::Job(JobNumber::new(n).unwrap())
}

const BSD_LISTING: &[u8] = b"lp is ready and printing\nRank   Owner      Job  Files                                 Total Size\nactive alice      12   report.txt                            1234 bytes\n";

#[test]
fn query_sends_the_list_and_streams_the_answer() {
    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x04lp alice 12\n"),
        Event::reply(&BSD_LISTING[..30]),
        Event::reply(&BSD_LISTING[30..]),
        Event::Close,
    ]);
    let mut out = Vec::new();
    let n = Client::new(&mut peer, ep())
        .query(StateFormat::Long, &[user("alice"), job(12)], &mut out)
        .unwrap();
    peer.finish().unwrap();
    assert_eq!(out, BSD_LISTING);
    assert_eq!(n, BSD_LISTING.len() as u64);
}

#[test]
fn query_reports_a_timeout_and_a_failing_output() {
    let mut peer = ScriptedPeer::new([Event::expect(b"\x03lp\n"), Event::ReadTimeout]);
    let err = Client::new(&mut peer, ep())
        .query(StateFormat::Short, &[], &mut Vec::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "lp@printhost:515 timed out waiting for the answer to the queue state request (03)"
    );

    struct BrokenPipe;
    impl std::io::Write for BrokenPipe {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut peer = ScriptedPeer::new([Event::expect(b"\x03lp\n"), Event::reply(b"text")]);
    let err = Client::new(&mut peer, ep())
        .query(StateFormat::Short, &[], &mut BrokenPipe)
        .unwrap_err();
    assert!(err.is_broken_pipe());
    assert_eq!(err.exit_code(), sysexits::EX_IOERR);
}

fn lpkit_status() -> QueueStatus {
    QueueStatus {
        queue: Some("lp".into()),
        server: Some("printhost".into()),
        dialect: Dialect::Lpkit,
        status: vec!["lp is ready".into()],
        ..QueueStatus::default()
    }
}

#[test]
fn query_json_puts_the_operand_first_and_parses_lpkit_json() {
    let mut json = serde_json::to_vec(&lpkit_status()).unwrap();
    json.push(b'\n');
    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x03lp --lpkit-json bob\n"),
        Event::Reply(json),
        Event::Close,
    ]);
    let reply = Client::new(&mut peer, ep())
        .query_json(StateFormat::Short, &[user("bob")])
        .unwrap();
    peer.finish().unwrap();
    assert_eq!(reply, JsonReply::Status(lpkit_status()));
}

#[test]
fn query_json_recognises_other_servers_and_bad_json() {
    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x03lp --lpkit-json\n"),
        Event::reply(b"no entries\n"),
    ]);
    let reply = Client::new(&mut peer, ep())
        .query_json(StateFormat::Short, &[])
        .unwrap();
    assert_eq!(reply, JsonReply::NotLpkit(b"no entries\n".to_vec()));

    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x03lp --lpkit-json\n"),
        Event::reply(b"{\"jobs\": 5}\n"),
    ]);
    let err = Client::new(&mut peer, ep())
        .query_json(StateFormat::Short, &[])
        .unwrap_err();
    assert!(
        err.to_string().contains("invalid JSON queue state"),
        "{err}"
    );
    assert_eq!(err.exit_code(), sysexits::EX_PROTOCOL);
}

#[test]
fn query_status_asks_again_without_the_operand_when_the_server_is_not_lpkit() {
    let mut peers = vec![
        ScriptedPeer::new([
            Event::expect(b"\x04lp --lpkit-json\n"),
            Event::reply(b"lp is ready\nno entries\n"),
        ]),
        ScriptedPeer::new([
            Event::expect(b"\x04lp\n"),
            Event::Reply(BSD_LISTING.to_vec()),
        ]),
    ]
    .into_iter();
    let mut opened = 0;
    let report = query_status(
        || {
            opened += 1;
            Ok(peers.next().expect("only two connections"))
        },
        &ep(),
        StateFormat::Long,
        &[],
    )
    .unwrap();
    assert_eq!(opened, 2);
    assert_eq!(report, QueueReport::Text(BSD_LISTING.to_vec()));

    let json = serde_json::to_vec(&lpkit_status()).unwrap();
    let mut peer = Some(ScriptedPeer::new([
        Event::expect(b"\x03lp --lpkit-json\n"),
        Event::Reply(json),
    ]));
    let report = query_status(
        || Ok(peer.take().expect("one connection")),
        &ep(),
        StateFormat::Short,
        &[],
    )
    .unwrap();
    assert_eq!(report, QueueReport::Json(lpkit_status()));
}

#[test]
fn remove_sends_agent_and_list_and_returns_the_text() {
    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x05lp alice 12 bob\n"),
        Event::reply(b"dfA012ws dequeued\ncfA012ws dequeued\n"),
        Event::Close,
    ]);
    let text = Client::new(&mut peer, ep())
        .remove(&UserName::new("alice").unwrap(), &[job(12), user("bob")])
        .unwrap();
    peer.finish().unwrap();
    assert_eq!(text, b"dfA012ws dequeued\ncfA012ws dequeued\n");
}

#[test]
fn remove_and_print_waiting_handle_acks_and_silence() {
    // A leading zero octet is an acknowledgement and is dropped.
    let mut peer = ScriptedPeer::new([Event::expect(b"\x05lp root\n"), Event::reply(b"\0done\n")]);
    let text = Client::new(&mut peer, ep())
        .remove(&UserName::new("root").unwrap(), &[])
        .unwrap();
    assert_eq!(text, b"done\n");
    // A negative octet is a refusal.
    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x05lp root\n"),
        Event::reply(b"\x01not your job\n"),
    ]);
    let err = Client::new(&mut peer, ep())
        .remove(&UserName::new("root").unwrap(), &[])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "lp@printhost:515 refused the remove-jobs command (05) (negative ack 1): not your job"
    );
    // BSD lpd answers 01 with nothing.
    let mut peer = ScriptedPeer::new([Event::expect(b"\x01lp\n"), Event::Close]);
    let text = Client::new(&mut peer, ep()).print_waiting().unwrap();
    assert!(text.is_empty());
    // LPRng answers with text.
    let mut peer = ScriptedPeer::new([Event::expect(b"\x01lp\n"), Event::reply(b"lp: started\n")]);
    let text = Client::new(&mut peer, ep()).print_waiting().unwrap();
    assert_eq!(text, b"lp: started\n");
}

#[test]
fn control_sends_user_operation_and_operands() {
    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x06lp root topq 12 14\n"),
        Event::reply(b"lp: selected job 12\n"),
    ]);
    let text = Client::new(&mut peer, ep())
        .control(
            &UserName::new("root").unwrap(),
            &ControlOp::Topq,
            &[Word::new("12").unwrap(), Word::new("14").unwrap()],
        )
        .unwrap();
    peer.finish().unwrap();
    assert_eq!(text, b"lp: selected job 12\n");
}

#[test]
fn control_detects_servers_without_command_06() {
    let answers: [&[Event]; 4] = [
        &[Event::Close],
        &[Event::Reply(b"\x01".to_vec())],
        &[Event::Reply(
            b"printhost: lpd: Illegal service request\n".to_vec(),
        )],
        &[Event::Reply(b"\x02".to_vec()), Event::Close],
    ];
    for answer in answers {
        let mut events = vec![Event::expect(b"\x06lp root status\n")];
        events.extend(answer.iter().cloned());
        let mut peer = ScriptedPeer::new(events);
        let err = Client::new(&mut peer, ep())
            .control(&UserName::new("root").unwrap(), &ControlOp::Status, &[])
            .unwrap_err();
        assert!(
            matches!(err, ClientError::ControlUnsupported { .. }),
            "{answer:?}: {err:?}"
        );
        let text = err.to_string();
        assert!(
            text.starts_with("lp@printhost:515 does not support remote control (command 06"),
            "{text}"
        );
        assert!(text.contains("speaks only RFC 1179"), "{text}");
        assert_eq!(err.exit_code(), sysexits::EX_UNAVAILABLE);
    }
}
