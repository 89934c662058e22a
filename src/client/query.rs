//! Asking for the queue state: commands `03` (short) and `04` (long),
//! RFC 1179 §5.3, §5.4.
//!
//! ```text
//! +----+-------+----+------+----+
//! | 03 | Queue | SP | List | LF |     the server answers with text and
//! +----+-------+----+------+----+     closes the connection
//! ```
//!
//! [`Client::query`] streams the server's text to a writer.
//! [`Client::query_json`] asks lpkit's lpd for the exact state with the
//! [`JSON_OPERAND`]; [`query_status`] does that and, when the server is not
//! lpkit's, asks again on a new connection without the operand (the text
//! of the first answer is not used: a server that is not lpkit's filters
//! its listing by the operand as if it were a user name, and shows no jobs).

use super::error::{ClientError, Step};
use super::wire::{read_answer, read_error, send};
use super::{Client, Transport};
use crate::proto::lpq::{JSON_OPERAND, QueueStatus};
use crate::proto::{Command, JobSelector, StateFormat, UserName};
use crate::target::Endpoint;
use std::io::{self, Write};

/// The longest answer to a JSON request that is accepted.
pub const JSON_LIMIT: usize = 64 * 1024 * 1024;

fn step(format: StateFormat) -> Step {
    match format {
        StateFormat::Short => Step::Response("the queue state request (03)"),
        StateFormat::Long => Step::Response("the long queue state request (04)"),
    }
}

/// The answer to a JSON request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonReply {
    /// lpkit's lpd answered with the exact state.
    Status(QueueStatus),
    /// Another server answered with text (filtered by the operand; see the
    /// module docs).
    NotLpkit(Vec<u8>),
}

/// The queue state as [`query_status`] obtained it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueReport {
    /// Exact state from lpkit's lpd.
    Json(QueueStatus),
    /// Another server's text listing, as sent.
    Text(Vec<u8>),
}

impl<S: Transport> Client<S> {
    fn send_query(
        &mut self,
        format: StateFormat,
        list: Vec<JobSelector>,
    ) -> Result<(), ClientError> {
        let cmd = Command::QueueState {
            queue: self.endpoint.queue.clone(),
            format,
            list,
        };
        send(
            &mut self.stream,
            &self.endpoint,
            &step(format),
            &cmd.to_bytes(),
        )
    }

    /// Sends `03`/`04` with `list` and copies the server's answer to `out`
    /// as it arrives. Returns the number of bytes.
    pub fn query(
        mut self,
        format: StateFormat,
        list: &[JobSelector],
        out: &mut dyn Write,
    ) -> Result<u64, ClientError> {
        self.send_query(format, list.to_vec())?;
        let step = step(format);
        let mut buf = [0u8; 8192];
        let mut total = 0u64;
        loop {
            let n = match self.stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e)
                    if total > 0
                        && matches!(
                            e.kind(),
                            io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted
                        ) =>
                {
                    break;
                }
                Err(e) => return Err(read_error(&self.endpoint, &step, e)),
            };
            out.write_all(&buf[..n])
                .map_err(|source| ClientError::Output {
                    endpoint: self.endpoint.clone(),
                    source,
                })?;
            total += n as u64;
        }
        out.flush().map_err(|source| ClientError::Output {
            endpoint: self.endpoint.clone(),
            source,
        })?;
        Ok(total)
    }

    /// Sends `03`/`04` with [`JSON_OPERAND`] before `list` and reads the
    /// answer: lpkit's JSON, or another server's text.
    pub fn query_json(
        mut self,
        format: StateFormat,
        list: &[JobSelector],
    ) -> Result<JsonReply, ClientError> {
        let step = step(format);
        let operand = UserName::new(JSON_OPERAND).map_err(ClientError::Job)?;
        let mut full = Vec::with_capacity(list.len() + 1);
        full.push(JobSelector::User(operand));
        full.extend_from_slice(list);
        self.send_query(format, full)?;
        let answer = read_answer(&mut self.stream, &self.endpoint, &step, JSON_LIMIT)?;
        let start = answer.iter().position(|b| !b.is_ascii_whitespace());
        if start.is_none_or(|i| answer[i] != b'{') {
            return Ok(JsonReply::NotLpkit(answer));
        }
        serde_json::from_slice(&answer)
            .map(JsonReply::Status)
            .map_err(|e| ClientError::BadAnswer {
                endpoint: self.endpoint.clone(),
                step,
                detail: format!("invalid JSON queue state: {e}"),
            })
    }
}

/// The queue state of `endpoint`: lpkit's JSON if the server speaks it,
/// otherwise the server's text from a second request without the JSON
/// operand. `connect` opens a new connection each time it is called.
pub fn query_status<S, F>(
    mut connect: F,
    endpoint: &Endpoint,
    format: StateFormat,
    list: &[JobSelector],
) -> Result<QueueReport, ClientError>
where
    S: Transport,
    F: FnMut() -> Result<S, ClientError>,
{
    let first = Client::new(connect()?, endpoint.clone());
    match first.query_json(format, list)? {
        JsonReply::Status(s) => Ok(QueueReport::Json(s)),
        JsonReply::NotLpkit(_) => {
            let second = Client::new(connect()?, endpoint.clone());
            let mut text = Vec::new();
            second.query(format, list, &mut text)?;
            Ok(QueueReport::Text(text))
        }
    }
}
