//! lpkit's lpd next to the real BSD lpd: the same jobs give the same
//! queue listing, byte for byte (below the status lines, which describe
//! each server's own printer state, and in any order: see [`entries`]).

use crate::support::lpd::*;
use crate::support::peers::{self, BsdServer};

fn jobs() -> Vec<Job> {
    vec![
        Job {
            control_name: "cfA001localhost".into(),
            control: b"Hlocalhost\nPalice\nJreport\nfdfA001localhost\nNreport.txt\nfdfB001localhost\nfdfB001localhost\nNnotes.txt\n".to_vec(),
            data: vec![
                ("dfA001localhost".into(), vec![b'a'; 20]),
                ("dfB001localhost".into(), vec![b'b'; 5]),
            ],
        },
        Job {
            control_name: "cfA002localhost".into(),
            control: b"Hlocalhost\nPbob\nldfA002localhost\nN \n".to_vec(),
            data: vec![("dfA002localhost".into(), b"hello".to_vec())],
        },
        Job {
            control_name: "cfA003localhost".into(),
            control: b"Hlocalhost\nPcarol-with-a-long-name\nfdfA003localhost\nNa-rather-long-file-name.txt\nfdfB003localhost\nNanother-rather-long-name.txt\nfdfC003localhost\nNthird.txt\n".to_vec(),
            data: vec![
                ("dfA003localhost".into(), vec![b'c'; 1000]),
                ("dfB003localhost".into(), vec![b'd'; 2000]),
                ("dfC003localhost".into(), vec![b'e'; 3]),
            ],
        },
    ]
}

/// The listing from the header (short) or first job (long) on, as a
/// sorted list of entries with the rank blanked out: BSD orders jobs by
/// the modification time of their control files (whole seconds), so jobs
/// sent within one second come in no particular order. The ranks are
/// compared on their own.
fn entries(listing: &str, long: bool) -> (Vec<String>, Vec<String>) {
    let mut ranks = Vec::new();
    let mut v: Vec<String> = if long {
        let start = listing.find("\n\n").map_or(0, |i| i + 1);
        listing[start..]
            .split("\n\n")
            .map(|b| {
                let b = b.trim_start_matches('\n');
                // "user: RANK" is filled to column 40.
                let (user, rest) = b.split_once(": ").unwrap_or((b, ""));
                ranks.push(rest.split_whitespace().next().unwrap_or("").to_owned());
                let block = format!("{user}: {}", rest.get(40 - user.len() - 2..).unwrap_or(""));
                // The times differ by when each server got the job.
                block
                    .lines()
                    .map(|l| l.split(" -- ").next().unwrap_or(l))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect()
    } else {
        let start = listing.find("Rank   Owner").unwrap_or(0);
        listing[start..]
            .lines()
            .map(|l| {
                ranks.push(l.split_whitespace().next().unwrap_or("").to_owned());
                l.get(7..).unwrap_or("").to_owned()
            })
            .collect()
    };
    v.sort();
    (v, ranks)
}

#[test]
fn queue_listing_matches_bsd_lpd_byte_for_byte() {
    if !peers::require("queue_listing_matches_bsd_lpd_byte_for_byte") {
        return;
    }
    let bsd = BsdServer::builder().held("lp").start();
    let ours = TestLpd::start();
    ours.lpc("lp", "stop");
    for job in jobs() {
        send_job(bsd.addr(), "lp", &job, Order::DataFirst).unwrap();
        ours.submit("lp", &job).unwrap();
    }
    bsd.wait_for_jobs("lp", 3);
    for (cmd, long) in [(&b"\x03lp\n"[..], false), (b"\x04lp\n", true)] {
        let theirs = String::from_utf8_lossy(&peers::raw_request(bsd.addr(), cmd)).into_owned();
        let mine = ours.request(cmd);
        eprintln!("BSD:\n{theirs}\nlpkit:\n{mine}");
        assert_eq!(entries(&mine, long), entries(&theirs, long), "{cmd:?}");
    }
}
