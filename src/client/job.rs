//! What a job is made of before it is sent: its data files ([`DataSource`],
//! from a file, memory or a pipe) and the [`Job`] that pairs them with a
//! [`JobSpec`]. Nothing here touches the connection.

use super::error::ClientError;
use super::submit::CHUNK;
use crate::proto::{FileName, JobNumber, JobSpec, SpecFile, Text};
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::os::fd::AsFd;
use std::path::Path;

/// Default bound for buffering input of unknown length in memory before
/// spilling it to a temporary file.
pub const DEFAULT_MEMORY_LIMIT: usize = 4 * 1024 * 1024;

/// What to do with input whose length is not known in advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spool {
    /// The server accepts count 0 ("until the connection closes"): send
    /// such input as it comes.
    pub streaming: bool,
    /// Otherwise buffer up to this many bytes in memory, then spill to an
    /// anonymous temporary file (in `TMPDIR`).
    pub memory_limit: usize,
}

impl Default for Spool {
    fn default() -> Self {
        Spool {
            streaming: false,
            memory_limit: DEFAULT_MEMORY_LIMIT,
        }
    }
}

pub(super) enum Kind {
    File { file: File, len: u64 },
    Memory(Vec<u8>),
    Stream(Box<dyn Read + Send>),
}

/// The contents of one data file.
pub struct DataSource {
    pub(super) kind: Kind,
    pub(super) name: String,
}

impl fmt::Debug for DataSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            Kind::File { len, .. } => format!("file of {len} bytes"),
            Kind::Memory(b) => format!("{} bytes in memory", b.len()),
            Kind::Stream(_) => "stream of unknown length".into(),
        };
        f.debug_struct("DataSource")
            .field("name", &self.name)
            .field("kind", &kind)
            .finish()
    }
}

impl DataSource {
    /// Opens a file. A regular file is sent from disk with its length; a
    /// pipe, device or socket is handled as input of unknown length
    /// according to `spool`; a directory is refused.
    pub fn open(path: &Path, spool: &Spool) -> Result<Self, ClientError> {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|source| ClientError::Input {
            name: name.clone(),
            source,
        })?;
        Self::from_file(name, file, spool)
    }

    /// Uses an open file, as [`DataSource::open`] does.
    pub fn from_file(
        name: impl Into<String>,
        file: File,
        spool: &Spool,
    ) -> Result<Self, ClientError> {
        let name = name.into();
        let meta = file.metadata().map_err(|source| ClientError::Input {
            name: name.clone(),
            source,
        })?;
        if meta.is_dir() {
            return Err(ClientError::BadInput {
                name,
                why: "is a directory",
            });
        }
        if meta.is_file() {
            // Standard input redirected from a file may already be read
            // partly; what is left is what gets printed.
            let mut file = file;
            let pos = file
                .stream_position()
                .map_err(|source| ClientError::Input {
                    name: name.clone(),
                    source,
                })?;
            return Ok(DataSource {
                kind: Kind::File {
                    file,
                    len: meta.len().saturating_sub(pos),
                },
                name,
            });
        }
        Self::from_reader(name, file, spool)
    }

    /// Standard input, named "standard input": sent from disk with its
    /// length when it is a regular file (`lpr < file`), otherwise handled as
    /// input of unknown length according to `spool`.
    pub fn stdin(spool: &Spool) -> Result<Self, ClientError> {
        let name = "standard input";
        let fd = std::io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map_err(|source| ClientError::Input {
                name: name.into(),
                source,
            })?;
        Self::from_file(name, File::from(fd), spool)
    }

    /// Bytes already in memory.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        DataSource {
            kind: Kind::Memory(bytes),
            name: name.into(),
        }
    }

    /// Input of unknown length (standard input, a pipe). With
    /// `spool.streaming` it is read while sending (count 0); otherwise it is
    /// read now, into memory up to `spool.memory_limit` bytes and beyond
    /// that into an anonymous temporary file.
    pub fn from_reader(
        name: impl Into<String>,
        reader: impl Read + Send + 'static,
        spool: &Spool,
    ) -> Result<Self, ClientError> {
        let name = name.into();
        if spool.streaming {
            return Ok(DataSource {
                kind: Kind::Stream(Box::new(reader)),
                name,
            });
        }
        let mut reader = reader;
        let input_err = |source| ClientError::Input {
            name: name.clone(),
            source,
        };
        let mut head = Vec::new();
        (&mut reader)
            .take(spool.memory_limit as u64 + 1)
            .read_to_end(&mut head)
            .map_err(input_err)?;
        if head.len() <= spool.memory_limit {
            return Ok(DataSource {
                kind: Kind::Memory(head),
                name,
            });
        }
        let spool_err = |source| ClientError::Spool {
            name: name.clone(),
            source,
        };
        let mut file = tempfile::tempfile().map_err(spool_err)?;
        file.write_all(&head).map_err(spool_err)?;
        let mut len = head.len() as u64;
        drop(head);
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(input_err(e)),
            };
            file.write_all(&buf[..n]).map_err(spool_err)?;
            len += n as u64;
        }
        file.rewind().map_err(spool_err)?;
        Ok(DataSource {
            kind: Kind::File { file, len },
            name,
        })
    }

    /// The length, when known before sending.
    pub fn len(&self) -> Option<u64> {
        match &self.kind {
            Kind::File { len, .. } => Some(*len),
            Kind::Memory(b) => Some(b.len() as u64),
            Kind::Stream(_) => None,
        }
    }

    /// True when the length is known and zero.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// True for input sent with count 0 (length unknown).
    pub fn is_stream(&self) -> bool {
        matches!(self.kind, Kind::Stream(_))
    }

    /// The name used in messages (a path or "standard input").
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// A job ready to send: its description and its data files.
#[derive(Debug)]
pub struct Job {
    pub(super) spec: JobSpec,
    pub(super) data: Vec<DataSource>,
}

impl Job {
    /// A job with the attributes of `spec` and no files yet (any files in
    /// `spec.files` are dropped; add them with [`Job::add`]).
    pub fn new(mut spec: JobSpec) -> Self {
        spec.files.clear();
        Job {
            spec,
            data: Vec::new(),
        }
    }

    /// Adds a data file; `source_name` goes on its `N` line.
    ///
    /// Refuses a 53rd file, an empty file (count 0 would mean "until the
    /// connection closes" to some servers, and there is nothing to print),
    /// and any file after one of unknown length (which must be last).
    pub fn add(&mut self, source_name: Text, data: DataSource) -> Result<(), ClientError> {
        if self.data.len() >= JobSpec::MAX_FILES {
            return Err(ClientError::Job(crate::proto::Error::TooManyFiles {
                count: self.data.len() + 1,
                max: JobSpec::MAX_FILES,
            }));
        }
        if data.is_empty() {
            return Err(ClientError::BadInput {
                name: data.name,
                why: "is empty; there is nothing to print",
            });
        }
        if self.data.last().is_some_and(DataSource::is_stream) {
            return Err(ClientError::JobLayout(
                "input of unknown length sent with count 0 must be the last file of its job",
            ));
        }
        self.spec.files.push(SpecFile { source_name });
        self.data.push(data);
        Ok(())
    }

    /// The job's description (its `files` match the added data files).
    pub fn spec(&self) -> &JobSpec {
        &self.spec
    }

    /// The data files, in order.
    pub fn files(&self) -> &[DataSource] {
        &self.data
    }

    /// The job number.
    pub fn number(&self) -> JobNumber {
        self.spec.number
    }

    /// The control file name.
    pub fn control_file_name(&self) -> FileName {
        self.spec.control_file_name()
    }

    /// The total of the known lengths; `None` if any file's is unknown.
    pub fn total_len(&self) -> Option<u64> {
        self.data.iter().map(DataSource::len).sum()
    }
}
