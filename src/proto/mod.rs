//! The RFC 1179 wire protocol, pure: bytes in, typed values out.
//!
//! Nothing here touches sockets, files, the clock or the terminal; every
//! message type has `encode(&self, &mut Vec<u8>)` and
//! `decode(&[u8]) -> Result<Self, Error>`. Encoding never fails (values are
//! validated when they are made) and decoding never panics.
//!
//! | module | RFC 1179 | what |
//! |---|---|---|
//! | [`names`] | §2, §3.1, §6 | queue, user, host, job number, file names, text |
//! | [`command`] | §5 | daemon commands 01–05, LPRng's 06 |
//! | [`subcommand`] | §6 | receive-job subcommands 01–03, acknowledgements |
//! | [`control`] | §7 | control-file lines, control files, job description |
//! | [`lpq`] | §5.3, §5.4 | parsing the queue state text of real servers |

pub mod command;
pub mod control;
pub mod error;
pub mod lpq;
pub mod names;
pub mod subcommand;

pub use command::{Command, ControlOp, StateFormat, Word};
pub use control::{ControlFile, ControlLine, JobFile, JobSpec, PrintFormat, SpecFile};
pub use error::{Error, Result};
pub use names::{
    FileKind, FileName, HostName, JobNumber, JobSelector, Queue, Text, UserName, is_rfc_space,
};
pub use subcommand::{Ack, Subcommand};
