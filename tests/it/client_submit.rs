//! `Client::submit` against the scripted peer: every byte written, every
//! acknowledgement read, refusals and hang-ups at each stage.

use lpkit::client::script::{Event, ScriptedPeer};
use lpkit::client::{
    CHUNK, Client, ClientError, DataSource, Job, NoProgress, ProgressUpdate, SendOrder, Spool,
    Step, sysexits,
};
use lpkit::proto::{HostName, JobNumber, JobSpec, Queue, Text, UserName};
use lpkit::target::Endpoint;
use std::io::Write;

fn ep() -> Endpoint {
    Endpoint::new(Queue::new("lp").unwrap(), "printhost", 515)
}

fn spec() -> JobSpec {
    JobSpec::new(
        HostName::new("ws").unwrap(),
        UserName::new("alice").unwrap(),
        JobNumber::new(123).unwrap(),
    )
}

fn job(files: &[(&str, &[u8])]) -> Job {
    let mut job = Job::new(spec());
    for (name, bytes) in files {
        job.add(
            Text::new(*name).unwrap(),
            DataSource::from_bytes(*name, bytes.to_vec()),
        )
        .unwrap();
    }
    job
}

fn control_bytes(job: &Job) -> Vec<u8> {
    job.spec().control_file().unwrap().to_bytes()
}

fn with_nul(b: &[u8]) -> Vec<u8> {
    let mut v = b.to_vec();
    v.push(0);
    v
}

/// The full conversation for `files` in `order`, every ack positive, as
/// (client bytes, server answer) pairs.
fn conversation(files: &[(&str, &[u8])], order: SendOrder) -> Vec<(Vec<u8>, Vec<u8>)> {
    let j = job(files);
    let cf = control_bytes(&j);
    let mut control = vec![
        (format!("\x02{} cfA123ws\n", cf.len()).into_bytes(), vec![0]),
        (with_nul(&cf), vec![0]),
    ];
    let mut data = Vec::new();
    for (i, (_, bytes)) in files.iter().enumerate() {
        let letter = (b'A' + i as u8) as char;
        data.push((
            format!("\x03{} df{letter}123ws\n", bytes.len()).into_bytes(),
            vec![0],
        ));
        data.push((with_nul(bytes), vec![0]));
    }
    let mut all = vec![(b"\x02lp\n".to_vec(), vec![0])];
    match order {
        SendOrder::ControlFirst => {
            all.append(&mut control);
            all.append(&mut data);
        }
        SendOrder::DataFirst => {
            all.append(&mut data);
            all.append(&mut control);
        }
    }
    all
}

fn script(conv: &[(Vec<u8>, Vec<u8>)]) -> Vec<Event> {
    conv.iter()
        .flat_map(|(c, s)| [Event::Expect(c.clone()), Event::Reply(s.clone())])
        .collect()
}

const FILES: &[(&str, &[u8])] = &[
    ("report.txt", b"hello, printer\n"),
    ("notes.txt", b"second file\x00with a NUL inside\n"),
    ("third", b"3"),
];

#[test]
fn control_first_sends_every_byte_in_order_and_reads_every_ack() {
    let conv = conversation(FILES, SendOrder::ControlFirst);
    let mut peer = ScriptedPeer::new(script(&conv));
    let report = Client::new(&mut peer, ep())
        .submit(job(FILES), SendOrder::ControlFirst, &mut NoProgress)
        .unwrap();
    peer.finish().unwrap();
    let expected: Vec<u8> = conv.iter().flat_map(|(c, _)| c.clone()).collect();
    assert_eq!(peer.written(), expected.as_slice());
    assert_eq!(report.job.get(), 123);
    assert_eq!(report.control_file.as_str(), "cfA123ws");
    assert_eq!(report.order, SendOrder::ControlFirst);
    assert_eq!(report.endpoint.to_string(), "lp@printhost:515");
    let names: Vec<&str> = report.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["dfA123ws", "dfB123ws", "dfC123ws"]);
    assert_eq!(report.files[1].bytes, FILES[1].1.len() as u64);
    assert_eq!(report.files[0].source, "report.txt");
    assert!(report.files.iter().all(|f| f.acknowledged && !f.streamed));
    assert_eq!(
        report.data_bytes(),
        FILES.iter().map(|f| f.1.len() as u64).sum::<u64>()
    );
}

#[test]
fn data_first_sends_the_control_file_last() {
    let conv = conversation(FILES, SendOrder::DataFirst);
    let mut peer = ScriptedPeer::new(script(&conv));
    let report = Client::new(&mut peer, ep())
        .submit(job(FILES), SendOrder::DataFirst, &mut NoProgress)
        .unwrap();
    peer.finish().unwrap();
    assert_eq!(report.order, SendOrder::DataFirst);
    assert!(
        peer.written()
            .ends_with(&with_nul(&control_bytes(&job(FILES))))
    );
}

#[test]
fn every_file_and_its_nul_go_out_in_one_write() {
    let conv = conversation(FILES, SendOrder::ControlFirst);
    let mut peer = ScriptedPeer::new(script(&conv));
    Client::new(&mut peer, ep())
        .submit(job(FILES), SendOrder::ControlFirst, &mut NoProgress)
        .unwrap();
    // One write per line or file: the command, then (subcommand, contents)
    // pairs; no lone one-byte NUL write.
    let sizes: Vec<usize> = conv.iter().map(|(c, _)| c.len()).collect();
    assert_eq!(peer.write_sizes(), sizes.as_slice());
}

/// The stages at which a server can answer, with the step the client
/// must name: (index into the control-first conversation, step).
fn stages() -> Vec<(usize, Step)> {
    use lpkit::proto::{FileKind, FileName};
    let cf = FileName::new(FileKind::Control, "cfA123ws").unwrap();
    let df = FileName::new(FileKind::Data, "dfA123ws").unwrap();
    vec![
        (0, Step::Command("the receive-job command (02)")),
        (1, Step::ControlSubcommand(cf.clone())),
        (2, Step::ControlContents(cf)),
        (3, Step::DataSubcommand(df.clone())),
        (4, Step::DataContents(df)),
    ]
}

fn stage_script(conv: &[(Vec<u8>, Vec<u8>)], stage: usize, answer: Vec<Event>) -> Vec<Event> {
    let mut events = script(&conv[..stage]);
    events.push(Event::Expect(conv[stage].0.clone()));
    events.extend(answer);
    events
}

#[test]
fn a_negative_ack_at_each_stage_is_reported_with_its_step_and_nothing_more_is_sent() {
    let files = &FILES[..1];
    let conv = conversation(files, SendOrder::ControlFirst);
    for (stage, step) in stages() {
        let mut peer = ScriptedPeer::new(stage_script(
            &conv,
            stage,
            vec![Event::reply(b"\x01"), Event::Close],
        ));
        let err = Client::new(&mut peer, ep())
            .submit(job(files), SendOrder::ControlFirst, &mut NoProgress)
            .unwrap_err();
        peer.finish()
            .unwrap_or_else(|e| panic!("stage {stage}: {e}"));
        match &err {
            ClientError::Refused {
                step: s,
                ack: 1,
                message,
                ..
            } => {
                assert_eq!(s, &step, "stage {stage}");
                assert!(message.is_empty());
            }
            other => panic!("stage {stage}: {other:?}"),
        }
        assert!(
            err.to_string()
                .starts_with(&format!("lp@printhost:515 refused {step} (negative ack 1)")),
            "{err}"
        );
        assert_eq!(err.exit_code(), sysexits::EX_UNAVAILABLE);
    }
}

#[test]
fn a_refusal_with_text_carries_the_text_and_ack_2_is_temporary() {
    let files = &FILES[..1];
    let conv = conversation(files, SendOrder::ControlFirst);
    let mut peer = ScriptedPeer::new(stage_script(
        &conv,
        3,
        vec![Event::reply(b"\x02spool is full\n"), Event::Close],
    ));
    let err = Client::new(&mut peer, ep())
        .submit(job(files), SendOrder::ControlFirst, &mut NoProgress)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "lp@printhost:515 refused the data file dfA123ws (negative ack 2, out of space or busy: \
         try again later): spool is full"
    );
    assert_eq!(err.exit_code(), sysexits::EX_TEMPFAIL);
    // The explanation is waited for only briefly.
    assert!(peer.read_timeouts().iter().all(|t| t.is_some()));
}

#[test]
fn an_early_close_at_each_stage_says_after_which_step() {
    let files = &FILES[..1];
    let conv = conversation(files, SendOrder::ControlFirst);
    for (stage, step) in stages() {
        let mut peer = ScriptedPeer::new(stage_script(&conv, stage, vec![Event::Close]));
        let err = Client::new(&mut peer, ep())
            .submit(job(files), SendOrder::ControlFirst, &mut NoProgress)
            .unwrap_err();
        peer.finish().unwrap();
        assert_eq!(
            err.to_string(),
            format!("lp@printhost:515 closed the connection after {step}"),
            "stage {stage}"
        );
        assert_eq!(err.exit_code(), sysexits::EX_UNAVAILABLE);
    }
}

#[test]
fn a_close_while_sending_is_reported_for_that_step() {
    let files = &FILES[..1];
    let conv = conversation(files, SendOrder::ControlFirst);
    // The server hangs up right after acking the data subcommand, before
    // the contents arrive.
    let mut events = script(&conv[..4]);
    events.push(Event::Close);
    let mut peer = ScriptedPeer::new(events);
    let err = Client::new(&mut peer, ep())
        .submit(job(files), SendOrder::ControlFirst, &mut NoProgress)
        .unwrap_err();
    assert!(
        matches!(&err, ClientError::Closed { step: Step::DataContents(n), .. } if n.as_str() == "dfA123ws"),
        "{err:?}"
    );
}

#[test]
fn garbage_instead_of_an_ack_is_a_protocol_error_showing_the_text() {
    let conv = conversation(&FILES[..1], SendOrder::ControlFirst);
    let mut peer = ScriptedPeer::new(stage_script(
        &conv,
        0,
        vec![
            Event::reply(b"HTTP/1.1 400 Bad Request\r\n\r\n"),
            Event::Close,
        ],
    ));
    let err = Client::new(&mut peer, ep())
        .submit(job(&FILES[..1]), SendOrder::ControlFirst, &mut NoProgress)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "lp@printhost:515 answered \"HTTP/1.1 400 Bad Request\\r\\n\\r\\n\" instead of \
         acknowledging the receive-job command (02)"
    );
    assert_eq!(err.exit_code(), sysexits::EX_PROTOCOL);
}

#[test]
fn timeouts_say_whether_sending_or_waiting() {
    let conv = conversation(&FILES[..1], SendOrder::ControlFirst);
    let mut peer = ScriptedPeer::new(stage_script(&conv, 2, vec![Event::ReadTimeout]));
    let err = Client::new(&mut peer, ep())
        .submit(job(&FILES[..1]), SendOrder::ControlFirst, &mut NoProgress)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "lp@printhost:515 timed out waiting for the acknowledgement of the contents of control \
         file cfA123ws"
    );
    assert_eq!(err.exit_code(), sysexits::EX_TEMPFAIL);

    let mut events = script(&conv[..3]);
    events.push(Event::WriteTimeout);
    let mut peer = ScriptedPeer::new(events);
    let err = Client::new(&mut peer, ep())
        .submit(job(&FILES[..1]), SendOrder::ControlFirst, &mut NoProgress)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "lp@printhost:515 timed out while sending the data file dfA123ws"
    );
}

#[test]
fn input_of_unknown_length_is_streamed_with_count_zero_and_a_half_close() {
    let body = b"from a pipe\n".repeat(1000);
    let mut j = Job::new(spec());
    let spool = Spool {
        streaming: true,
        ..Spool::default()
    };
    let src = DataSource::from_reader("standard input", std::io::Cursor::new(body.clone()), &spool)
        .unwrap();
    assert!(src.is_stream());
    j.add(Text::new("(stdin)").unwrap(), src).unwrap();
    let cf = control_bytes(&j);
    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x02lp\n"),
        Event::reply(b"\0"),
        Event::Expect(format!("\x02{} cfA123ws\n", cf.len()).into_bytes()),
        Event::reply(b"\0"),
        Event::Expect(with_nul(&cf)),
        Event::reply(b"\0"),
        Event::expect(b"\x030 dfA123ws\n"),
        Event::reply(b"\0"),
        Event::Expect(body.clone()),
        Event::ExpectShutdown,
        Event::reply(b"\0"),
    ]);
    // data-first is asked for, but nothing can follow a count-0 file.
    let report = Client::new(&mut peer, ep())
        .submit(j, SendOrder::DataFirst, &mut NoProgress)
        .unwrap();
    peer.finish().unwrap();
    assert!(peer.shut_down());
    assert_eq!(report.order, SendOrder::ControlFirst);
    assert_eq!(report.files[0].bytes, body.len() as u64);
    assert!(report.files[0].streamed && report.files[0].acknowledged);
}

#[test]
fn a_streamed_file_ended_by_a_clean_close_is_accepted_but_marked_unacknowledged() {
    let mut j = Job::new(spec());
    let spool = Spool {
        streaming: true,
        ..Spool::default()
    };
    j.add(
        Text::new("-").unwrap(),
        DataSource::from_reader(
            "standard input",
            std::io::Cursor::new(b"x".to_vec()),
            &spool,
        )
        .unwrap(),
    )
    .unwrap();
    let cf = control_bytes(&j);
    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x02lp\n"),
        Event::reply(b"\0"),
        Event::Expect(format!("\x02{} cfA123ws\n", cf.len()).into_bytes()),
        Event::reply(b"\0"),
        Event::Expect(with_nul(&cf)),
        Event::reply(b"\0"),
        Event::expect(b"\x030 dfA123ws\n"),
        Event::reply(b"\0"),
        Event::expect(b"x"),
        Event::ExpectShutdown,
        Event::Close,
    ]);
    let report = Client::new(&mut peer, ep())
        .submit(j, SendOrder::ControlFirst, &mut NoProgress)
        .unwrap();
    assert!(!report.files[0].acknowledged);
}

#[test]
fn unknown_length_input_without_streaming_is_buffered_then_spilled_never_truncated() {
    let body: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let small = Spool {
        streaming: false,
        memory_limit: 1000,
    };
    let src = DataSource::from_reader("pipe", std::io::Cursor::new(body.clone()), &small).unwrap();
    assert!(!src.is_stream());
    assert_eq!(src.len(), Some(body.len() as u64));
    let in_memory = DataSource::from_reader(
        "pipe",
        std::io::Cursor::new(body.clone()),
        &Spool::default(),
    )
    .unwrap();
    assert_eq!(in_memory.len(), Some(body.len() as u64));

    let mut j = Job::new(spec());
    j.add(Text::new("pipe").unwrap(), src).unwrap();
    let cf = control_bytes(&j);
    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x02lp\n"),
        Event::reply(b"\0"),
        Event::Expect(format!("\x02{} cfA123ws\n", cf.len()).into_bytes()),
        Event::reply(b"\0"),
        Event::Expect(with_nul(&cf)),
        Event::reply(b"\0"),
        Event::Expect(format!("\x03{} dfA123ws\n", body.len()).into_bytes()),
        Event::reply(b"\0"),
        Event::Expect(with_nul(&body)),
        Event::reply(b"\0"),
    ]);
    Client::new(&mut peer, ep())
        .submit(j, SendOrder::ControlFirst, &mut NoProgress)
        .unwrap();
    peer.finish().unwrap();
}

fn file_job(path: &std::path::Path) -> Job {
    let mut j = Job::new(spec());
    j.add(
        Text::new("big").unwrap(),
        DataSource::open(path, &Spool::default()).unwrap(),
    )
    .unwrap();
    j
}

fn file_script(j: &Job, len: u64) -> Vec<Event> {
    let cf = control_bytes(j);
    vec![
        Event::expect(b"\x02lp\n"),
        Event::reply(b"\0"),
        Event::Expect(format!("\x02{} cfA123ws\n", cf.len()).into_bytes()),
        Event::reply(b"\0"),
        Event::Expect(with_nul(&cf)),
        Event::reply(b"\0"),
        Event::Expect(format!("\x03{len} dfA123ws\n").into_bytes()),
        Event::reply(b"\0"),
        Event::ExpectAny(len),
        Event::expect(b"\0"),
        Event::reply(b"\0"),
    ]
}

#[test]
fn a_one_gib_file_is_streamed_in_bounded_chunks_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big");
    let len: u64 = 1 << 30;
    std::fs::File::create(&path).unwrap().set_len(len).unwrap();
    let j = file_job(&path);
    let mut peer = ScriptedPeer::new(file_script(&j, len));
    let mut updates = Vec::new();
    let mut progress = |u: &ProgressUpdate<'_>| updates.push((u.sent, u.total, u.job_sent));
    Client::new(&mut peer, ep())
        .submit(j, SendOrder::ControlFirst, &mut progress)
        .unwrap();
    peer.finish().unwrap();
    // No write larger than one chunk plus the NUL: memory stays bounded.
    let largest = peer.write_sizes().iter().copied().max().unwrap();
    assert!(largest <= CHUNK + 1, "a write of {largest} bytes");
    // The last write is the last chunk together with the NUL.
    let last = *peer.write_sizes().last().unwrap();
    assert_eq!(last, CHUNK + 1);
    assert_eq!(updates.first(), Some(&(0, Some(len), 0)));
    assert_eq!(updates.last(), Some(&(len, Some(len), len)));
    assert!(updates.windows(2).all(|w| w[0].0 <= w[1].0));
}

#[test]
fn a_file_that_grows_or_shrinks_while_sent_is_abandoned_without_the_final_nul() {
    for grow in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("changing");
        let len = 3 * CHUNK as u64 + 10;
        std::fs::write(&path, vec![b'x'; len as usize]).unwrap();
        let j = file_job(&path);
        let mut peer = ScriptedPeer::new(file_script(&j, len));
        let p2 = path.clone();
        let mut changed = false;
        let mut progress = move |u: &ProgressUpdate<'_>| {
            if u.sent > 0 && !changed {
                changed = true;
                let f = std::fs::OpenOptions::new().append(true).open(&p2).unwrap();
                if grow {
                    (&f).write_all(b"more").unwrap();
                } else {
                    f.set_len(CHUNK as u64 + 5).unwrap();
                }
            }
        };
        let err = Client::new(&mut peer, ep())
            .submit(j, SendOrder::ControlFirst, &mut progress)
            .unwrap_err();
        match &err {
            ClientError::InputChanged {
                expected, actual, ..
            } => {
                assert_eq!(*expected, len);
                assert_eq!(*actual > len, grow, "{err}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(err.exit_code(), sysexits::EX_DATAERR);
        let text = err.to_string();
        assert!(
            text.contains("changed size while it was being sent to lp@printhost:515"),
            "{text}"
        );
        // The job's data never ended with its zero octet.
        assert!(peer.finish().is_err(), "the NUL must not have been sent");
        assert_eq!(*peer.written().last().unwrap(), b'x');
    }
}

#[test]
fn jobs_refuse_empty_files_too_many_files_and_files_after_a_stream() {
    let mut j = Job::new(spec());
    let err = j
        .add(
            Text::new("e").unwrap(),
            DataSource::from_bytes("empty.txt", vec![]),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "empty.txt: is empty; there is nothing to print"
    );
    for i in 0..52 {
        j.add(
            Text::new("f").unwrap(),
            DataSource::from_bytes(format!("f{i}"), vec![1]),
        )
        .unwrap();
    }
    let err = j
        .add(
            Text::new("f").unwrap(),
            DataSource::from_bytes("f52", vec![1]),
        )
        .unwrap_err();
    assert!(err.to_string().contains("at most 52"), "{err}");

    let mut j = Job::new(spec());
    let streaming = Spool {
        streaming: true,
        ..Spool::default()
    };
    j.add(
        Text::new("-").unwrap(),
        DataSource::from_reader("standard input", std::io::empty(), &streaming).unwrap(),
    )
    .unwrap();
    assert!(
        j.add(
            Text::new("f").unwrap(),
            DataSource::from_bytes("f", vec![1])
        )
        .is_err()
    );

    let err = Client::new(ScriptedPeer::new([]), ep())
        .submit(Job::new(spec()), SendOrder::ControlFirst, &mut NoProgress)
        .unwrap_err();
    assert!(err.to_string().contains("at least one data file"), "{err}");
}

#[test]
fn opening_inputs_reports_missing_files_and_directories() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.txt");
    let err = DataSource::open(&missing, &Spool::default()).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("nope.txt: no such file or directory"),
        "{err}"
    );
    assert_eq!(err.exit_code(), sysexits::EX_NOINPUT);
    let err = DataSource::open(dir.path(), &Spool::default()).unwrap_err();
    assert!(err.to_string().ends_with(": is a directory"), "{err}");
    assert_eq!(err.exit_code(), sysexits::EX_NOINPUT);
}

/// LPRng 3.8.B's answer to a job for a queue it does not have (captured on
/// loopback): ack octet 3 followed by an explanation, then close.
#[test]
fn lprng_unknown_queue_refusal_shows_its_explanation() {
    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x02lp\n"),
        Event::reply(
            b"\x03spool queue for 'lp' does not exist on server localhost\ncheck for correct \
              printer name or you may need to run\n'checkpc -f' to create queue\n",
        ),
        Event::Close,
    ]);
    let err = Client::new(&mut peer, ep())
        .submit(job(&FILES[..1]), SendOrder::ControlFirst, &mut NoProgress)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "lp@printhost:515 refused the receive-job command (02) (negative ack 3): spool queue for \
         'lp' does not exist on server localhost; check for correct printer name or you may need \
         to run; 'checkpc -f' to create queue"
    );
    assert_eq!(err.exit_code(), sysexits::EX_UNAVAILABLE);
}

#[test]
fn a_partly_read_file_is_sent_from_its_current_position() {
    use std::io::{Seek, SeekFrom};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    std::fs::write(&path, b"skip-this|print-this").unwrap();
    let mut f = std::fs::File::open(&path).unwrap();
    f.seek(SeekFrom::Start(10)).unwrap();
    let src = DataSource::from_file("standard input", f, &Spool::default()).unwrap();
    assert_eq!(src.len(), Some(10));
    let mut j = Job::new(spec());
    j.add(Text::new("-").unwrap(), src).unwrap();
    let cf = control_bytes(&j);
    let mut peer = ScriptedPeer::new([
        Event::expect(b"\x02lp\n"),
        Event::reply(b"\0"),
        Event::Expect(format!("\x02{} cfA123ws\n", cf.len()).into_bytes()),
        Event::reply(b"\0"),
        Event::Expect(with_nul(&cf)),
        Event::reply(b"\0"),
        Event::expect(b"\x0310 dfA123ws\n"),
        Event::reply(b"\0"),
        Event::expect(b"print-this\0"),
        Event::reply(b"\0"),
    ]);
    Client::new(&mut peer, ep())
        .submit(j, SendOrder::ControlFirst, &mut NoProgress)
        .unwrap();
    peer.finish().unwrap();
}
