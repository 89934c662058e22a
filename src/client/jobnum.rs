//! Job numbers (RFC 1179 §6.2: three digits, 0–999) that do not collide
//! between concurrent `lpr` runs on one host.
//!
//! The server tells jobs apart by their file names, `cfA{number}{host}`; two
//! jobs from one host with one number overwrite each other. BSD lpr keeps a
//! sequence file in its spool directory (it runs setuid); rlpr and several
//! others use `pid % 1000`, which collides whenever two runs' process ids
//! differ by a multiple of 1000.
//!
//! ## The choice
//! lpkit keeps a per-user sequence file, `lpkit/jobseq`, in the runtime
//! directory (`$XDG_RUNTIME_DIR`) or else the cache directory, and takes an
//! exclusive `flock` on it while reading and advancing the number. `flock`
//! rather than an `O_EXCL` lock file: the kernel drops the lock when the
//! process dies, so a crash never leaves a stale lock behind. Concurrent runs
//! of one user therefore get consecutive, distinct numbers. A new sequence
//! starts from a mix of clock, process id and user id, so different users'
//! sequences start far apart. When no directory is usable the number is that
//! mix alone ([`Source::Fallback`], with the reason).

use crate::proto::JobNumber;
use nix::fcntl::{Flock, FlockArg};
use std::fs::{self, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The sequence file's name inside its directory.
pub const FILE_NAME: &str = "jobseq";

/// A job number and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    /// The number.
    pub number: JobNumber,
    /// How it was obtained.
    pub source: Source,
}

/// How a job number was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// From the locked sequence file at this path.
    Sequence(PathBuf),
    /// From clock, process id and user id, because the sequence file could
    /// not be used (the reason says why).
    Fallback(String),
}

/// The default directory of the sequence file: `$XDG_RUNTIME_DIR/lpkit`,
/// else the cache directory's `lpkit`.
pub fn default_dir() -> Option<PathBuf> {
    dirs::runtime_dir()
        .or_else(dirs::cache_dir)
        .map(|d| d.join("lpkit"))
}

/// Allocates a job number from the sequence file in `dir` (default:
/// [`default_dir`]), falling back to [`mix`] of clock, pid and uid.
pub fn allocate(dir: Option<&Path>) -> Allocation {
    let seed = process_seed();
    let dir = match dir.map(Path::to_path_buf).or_else(default_dir) {
        Some(d) => d,
        None => {
            return Allocation {
                number: mix(seed),
                source: Source::Fallback("no runtime or cache directory".into()),
            };
        }
    };
    match advance(&dir, seed) {
        Ok(number) => Allocation {
            number,
            source: Source::Sequence(dir.join(FILE_NAME)),
        },
        Err(reason) => Allocation {
            number: mix(seed),
            source: Source::Fallback(reason),
        },
    }
}

/// The number after `previous` in a sequence, or the first one (from
/// `seed`) when there is none.
pub fn next_in_sequence(previous: Option<JobNumber>, seed: u64) -> JobNumber {
    match previous {
        Some(n) => n.next(),
        None => mix(seed),
    }
}

/// A job number from a seed, spreading nearby seeds over 0–999.
pub fn mix(seed: u64) -> JobNumber {
    // SplitMix64 finaliser: every input bit affects every output bit.
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    JobNumber::wrapping(z)
}

fn process_seed() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let pid = u64::from(std::process::id());
    let uid = u64::from(nix::unistd::getuid().as_raw());
    now ^ (pid << 32) ^ (uid << 48) ^ uid
}

/// Locks `dir/jobseq`, reads the last number, writes and returns the next.
fn advance(dir: &Path, seed: u64) -> Result<JobNumber, String> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(FILE_NAME);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut file = Flock::lock(file, FlockArg::LockExclusive)
        .map_err(|(_, e)| format!("cannot lock {}: {e}", path.display()))?;
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let previous = JobNumber::parse(text.trim().as_bytes()).ok();
    let next = next_in_sequence(previous, seed);
    file.rewind()
        .and_then(|()| file.set_len(0))
        .and_then(|()| writeln!(*file, "{:03}", next.get()))
        .and_then(|()| file.flush())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn sequence_continues_and_wraps() {
        let n = |x| JobNumber::new(x).unwrap();
        assert_eq!(next_in_sequence(Some(n(41)), 7), n(42));
        assert_eq!(next_in_sequence(Some(n(999)), 7), n(0));
        assert_eq!(next_in_sequence(None, 7), mix(7));
    }

    #[test]
    fn mix_spreads_nearby_seeds() {
        let numbers: HashSet<u16> = (0..100u64).map(|s| mix(s).get()).collect();
        // 100 consecutive seeds must not crowd into a few numbers (pid % 1000
        // style collisions); a good mix gives about 95 distinct values.
        assert!(numbers.len() > 80, "only {} distinct", numbers.len());
        assert!(numbers.iter().all(|&n| n <= 999));
    }

    #[test]
    fn allocations_from_one_file_are_consecutive_and_persisted() {
        let dir = tempfile::tempdir().unwrap();
        let a = allocate(Some(dir.path()));
        let b = allocate(Some(dir.path()));
        assert_eq!(a.source, Source::Sequence(dir.path().join(FILE_NAME)));
        assert_eq!(b.number, a.number.next());
        let stored = fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert_eq!(stored, format!("{:03}\n", b.number.get()));
    }

    #[test]
    fn concurrent_allocations_never_collide() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let p = path.clone();
                std::thread::spawn(move || {
                    (0..25)
                        .map(|_| allocate(Some(&p)).number.get())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all = HashSet::new();
        for h in handles {
            for n in h.join().unwrap() {
                assert!(all.insert(n), "job number {n} handed out twice");
            }
        }
        assert_eq!(all.len(), 200);
    }

    #[test]
    fn unusable_directory_falls_back_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, b"x").unwrap();
        let a = allocate(Some(&blocker.join("sub")));
        match a.source {
            Source::Fallback(reason) => assert!(reason.contains("cannot create"), "{reason}"),
            other => panic!("expected a fallback, got {other:?}"),
        }
    }

    #[test]
    fn garbage_in_the_sequence_file_restarts_the_sequence() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE_NAME), b"not a number").unwrap();
        let a = allocate(Some(dir.path()));
        assert!(matches!(a.source, Source::Sequence(_)));
        let b = allocate(Some(dir.path()));
        assert_eq!(b.number, a.number.next());
    }
}
