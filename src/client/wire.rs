//! Sending lines and reading acknowledgements, with the error of each
//! failure attached to its endpoint and step. Shared by every operation.

use super::Transport;
use super::error::{ClientError, Step};
use crate::target::Endpoint;
use std::io;
use std::time::Duration;

/// How much of a server's explanation after a refusal is kept.
pub(crate) const MESSAGE_LIMIT: usize = 4096;
/// How long to wait for a server's explanation after a refusal.
pub(crate) const MESSAGE_WAIT: Duration = Duration::from_secs(2);

pub(crate) fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

fn is_closed(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::BrokenPipe
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::UnexpectedEof
    )
}

/// True for bytes a text message may start with (printable ASCII, tab,
/// CR, LF): such a first byte is a message, not an acknowledgement octet.
fn is_text_byte(b: u8) -> bool {
    matches!(b, b' '..=b'~' | b'\t' | b'\r' | b'\n')
}

/// Turns a server's message into one readable line: lossy UTF-8, control
/// characters dropped, lines joined by "; ", cut to a sane length.
pub(crate) fn clean_message(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.chars().filter(|c| !c.is_control()).collect::<String>())
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let mut s = lines.join("; ");
    if s.len() > 500 {
        let mut cut = 500;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
    s
}

/// Reads what the server still sends (up to [`MESSAGE_LIMIT`] bytes), waiting
/// at most [`MESSAGE_WAIT`] for each read. Best effort: errors end it.
pub(crate) fn read_tail<S: Transport>(s: &mut S) -> Vec<u8> {
    let _ = s.set_read_timeout(Some(MESSAGE_WAIT));
    let mut out = Vec::new();
    let mut buf = [0u8; 1024];
    while out.len() < MESSAGE_LIMIT {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n.min(MESSAGE_LIMIT - out.len())]),
        }
    }
    out
}

/// The error for a failed write during `step`. When the server hung up,
/// looks for the refusal it may have sent before it did.
pub(crate) fn write_error<S: Transport>(
    s: &mut S,
    endpoint: &Endpoint,
    step: &Step,
    e: io::Error,
) -> ClientError {
    if is_timeout(&e) {
        return ClientError::Timeout {
            endpoint: endpoint.clone(),
            step: step.clone(),
            sending: true,
        };
    }
    if is_closed(&e) {
        let tail = read_tail(s);
        return match tail.split_first() {
            Some((&b, rest)) if b != 0 && !is_text_byte(b) => ClientError::Refused {
                endpoint: endpoint.clone(),
                step: step.clone(),
                ack: b,
                message: clean_message(rest),
            },
            Some((&b, _)) if is_text_byte(b) => ClientError::Garbage {
                endpoint: endpoint.clone(),
                step: step.clone(),
                response: tail,
            },
            _ => ClientError::Closed {
                endpoint: endpoint.clone(),
                step: step.clone(),
            },
        };
    }
    ClientError::Io {
        endpoint: endpoint.clone(),
        step: step.clone(),
        source: e,
    }
}

/// The error for a failed read while waiting for the answer to `step`.
pub(crate) fn read_error(endpoint: &Endpoint, step: &Step, e: io::Error) -> ClientError {
    if is_timeout(&e) {
        ClientError::Timeout {
            endpoint: endpoint.clone(),
            step: step.clone(),
            sending: false,
        }
    } else if is_closed(&e) {
        ClientError::Closed {
            endpoint: endpoint.clone(),
            step: step.clone(),
        }
    } else {
        ClientError::Io {
            endpoint: endpoint.clone(),
            step: step.clone(),
            source: e,
        }
    }
}

/// Writes all of `bytes` (one `write` call when the stream takes it whole).
pub(crate) fn send<S: Transport>(
    s: &mut S,
    endpoint: &Endpoint,
    step: &Step,
    bytes: &[u8],
) -> Result<(), ClientError> {
    s.write_all(bytes)
        .and_then(|()| s.flush())
        .map_err(|e| write_error(s, endpoint, step, e))
}

/// Reads one acknowledgement octet for `step`: zero is success; another
/// octet is a refusal (with any text that follows); text instead of an
/// octet (BSD lpd's error messages) is reported as it is.
pub(crate) fn read_ack<S: Transport>(
    s: &mut S,
    endpoint: &Endpoint,
    step: &Step,
) -> Result<(), ClientError> {
    match read_ack_or_eof(s, endpoint, step)? {
        true => Ok(()),
        false => Err(ClientError::Closed {
            endpoint: endpoint.clone(),
            step: step.clone(),
        }),
    }
}

/// Like [`read_ack`], but a clean end of file is `Ok(false)` instead of an
/// error.
pub(crate) fn read_ack_or_eof<S: Transport>(
    s: &mut S,
    endpoint: &Endpoint,
    step: &Step,
) -> Result<bool, ClientError> {
    let mut b = [0u8; 1];
    loop {
        match s.read(&mut b) {
            Ok(0) => return Ok(false),
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(endpoint, step, e)),
        }
    }
    interpret_first_byte(s, endpoint, step, b[0]).map(|()| true)
}

/// Classifies the first byte of an answer that should be an ack.
pub(crate) fn interpret_first_byte<S: Transport>(
    s: &mut S,
    endpoint: &Endpoint,
    step: &Step,
    b: u8,
) -> Result<(), ClientError> {
    if b == 0 {
        return Ok(());
    }
    let tail = read_tail(s);
    if is_text_byte(b) {
        let mut response = vec![b];
        response.extend_from_slice(&tail);
        Err(ClientError::Garbage {
            endpoint: endpoint.clone(),
            step: step.clone(),
            response,
        })
    } else {
        Err(ClientError::Refused {
            endpoint: endpoint.clone(),
            step: step.clone(),
            ack: b,
            message: clean_message(&tail),
        })
    }
}

/// Reads the server's whole answer (until it closes), at most `limit`
/// bytes; more is an error rather than silently cut.
pub(crate) fn read_answer<S: Transport>(
    s: &mut S,
    endpoint: &Endpoint,
    step: &Step,
    limit: usize,
) -> Result<Vec<u8>, ClientError> {
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => {
                if out.len() + n > limit {
                    return Err(ClientError::BadAnswer {
                        endpoint: endpoint.clone(),
                        step: step.clone(),
                        detail: format!("the answer is longer than {limit} bytes"),
                    });
                }
                out.extend_from_slice(&buf[..n]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // A reset after some answer is how some servers end it.
            Err(e) if is_closed(&e) && !out.is_empty() => return Ok(out),
            Err(e) => return Err(read_error(endpoint, step, e)),
        }
    }
}

/// An answer to a command without acknowledgement (01, 05, 06) that may
/// nevertheless start with an ack octet: a leading zero is dropped; a
/// leading non-text octet is a refusal.
pub(crate) fn strip_leading_ack(
    endpoint: &Endpoint,
    step: &Step,
    answer: Vec<u8>,
) -> Result<Vec<u8>, ClientError> {
    match answer.first() {
        Some(0) => Ok(answer[1..].to_vec()),
        Some(&b) if !is_text_byte(b) => Err(ClientError::Refused {
            endpoint: endpoint.clone(),
            step: step.clone(),
            ack: b,
            message: clean_message(&answer[1..]),
        }),
        _ => Ok(answer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_message_joins_lines_and_drops_controls() {
        assert_eq!(
            clean_message(b"  no space\r\n\nqueue full\x07\n"),
            "no space; queue full"
        );
        assert_eq!(clean_message(b""), "");
        assert!(clean_message(&[b'x'; 2000]).ends_with('…'));
    }
}
