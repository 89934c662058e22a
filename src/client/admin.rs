//! Commands answered with text (or nothing): `01` print waiting jobs
//! (§5.1), `05` remove jobs (§5.5) and LPRng's `06` remote control.
//!
//! RFC 1179 gives these commands no acknowledgement. Real servers differ:
//! BSD lpd answers `01` with nothing and `05` with lines such as
//! "dfA012host dequeued"; LPRng answers all three with text; some servers
//! send a single zero octet first. A leading zero octet is dropped; a
//! leading non-text octet is a refusal ([`ClientError::Refused`]).
//!
//! A server that does not know `06` shows it by closing without an answer
//! (lpkit's lpd before it knew it), a negative acknowledgement octet, or BSD
//! lpd's "Illegal service request" text; [`Client::control`] turns each into
//! [`ClientError::ControlUnsupported`].

use super::error::{ClientError, Step};
use super::wire::{read_answer, send, strip_leading_ack};
use super::{Client, Transport};
use crate::proto::{Command, ControlOp, JobSelector, UserName, Word};

/// The longest text answer accepted.
pub const ANSWER_LIMIT: usize = 16 * 1024 * 1024;

const PRINT_WAITING: Step = Step::Response("the print-waiting-jobs command (01)");
const REMOVE: Step = Step::Response("the remove-jobs command (05)");
const CONTROL: Step = Step::Response("the control command (06)");

impl<S: Transport> Client<S> {
    fn exchange(mut self, cmd: Command, step: &Step) -> Result<Vec<u8>, ClientError> {
        send(&mut self.stream, &self.endpoint, step, &cmd.to_bytes())?;
        read_answer(&mut self.stream, &self.endpoint, step, ANSWER_LIMIT)
    }

    /// `01`: asks the server to start printing the queue. Returns whatever
    /// text the server sent (often none).
    pub fn print_waiting(self) -> Result<Vec<u8>, ClientError> {
        let endpoint = self.endpoint.clone();
        let cmd = Command::PrintWaiting {
            queue: endpoint.queue.clone(),
        };
        let answer = self.exchange(cmd, &PRINT_WAITING)?;
        strip_leading_ack(&endpoint, &PRINT_WAITING, answer)
    }

    /// `05`: removes the jobs in `list` (empty: the active job) on behalf of
    /// `agent`. Returns the server's text ("dfA012host dequeued", …).
    pub fn remove(self, agent: &UserName, list: &[JobSelector]) -> Result<Vec<u8>, ClientError> {
        let endpoint = self.endpoint.clone();
        let cmd = Command::Remove {
            queue: endpoint.queue.clone(),
            agent: agent.clone(),
            list: list.to_vec(),
        };
        let answer = self.exchange(cmd, &REMOVE)?;
        strip_leading_ack(&endpoint, &REMOVE, answer)
    }

    /// `06` (LPRng): runs the control operation `op` with `operands` as
    /// `user`. Returns the server's text.
    pub fn control(
        self,
        user: &UserName,
        op: &ControlOp,
        operands: &[Word],
    ) -> Result<Vec<u8>, ClientError> {
        let endpoint = self.endpoint.clone();
        let cmd = Command::Control {
            queue: endpoint.queue.clone(),
            user: user.clone(),
            operation: op.clone(),
            operands: operands.to_vec(),
        };
        let answer = match self.exchange(cmd, &CONTROL) {
            Err(ClientError::Closed { .. }) => Vec::new(),
            other => other?,
        };
        let unsupported = |detail: String| ClientError::ControlUnsupported {
            endpoint: endpoint.clone(),
            detail,
        };
        if answer.is_empty() {
            return Err(unsupported(
                "it closed the connection without answering".into(),
            ));
        }
        let text = match strip_leading_ack(&endpoint, &CONTROL, answer) {
            Ok(t) => t,
            Err(ClientError::Refused { ack, message, .. }) => {
                let mut d = format!("it answered with negative ack {ack}");
                if !message.is_empty() {
                    d.push_str(": ");
                    d.push_str(&message);
                }
                return Err(unsupported(d));
            }
            Err(e) => return Err(e),
        };
        let lossy = String::from_utf8_lossy(&text);
        if lossy.contains("Illegal service request") {
            return Err(unsupported(format!(
                "it answered {:?}",
                super::wire::clean_message(&text)
            )));
        }
        Ok(text)
    }
}
