//! Receive-job subcommands (RFC 1179 §6) and acknowledgements (§5.2, §6).
//!
//! ```text
//! +----+----+
//! | 01 | LF |                          01 abort job            (§6.1)
//! +----+----+
//! +----+-------+----+------+----+
//! | 02 | Count | SP | Name | LF |      02 receive control file (§6.2)
//! +----+-------+----+------+----+
//! +----+-------+----+------+----+
//! | 03 | Count | SP | Name | LF |      03 receive data file    (§6.3)
//! +----+-------+----+------+----+
//! ```
//!
//! After a `02`/`03` subcommand is acknowledged, `Count` octets of file
//! follow and then one zero octet; a second acknowledgement answers them.
//! A data file count of 0 means "length unknown": the client sends data until
//! it closes its side of the connection (an extension LPRng and lpkit's lpd
//! understand; §6.3 allows the zero, not what follows).

use super::command::{Operands, lossy, strip_lf};
use super::error::{Error, Result};
use super::names::{FileKind, FileName, is_rfc_space, parse_decimal};

/// A receive-job subcommand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subcommand {
    /// `01` Abort job: forget every file of this connection (§6.1).
    Abort,
    /// `02` Receive control file (§6.2).
    ControlFile {
        /// Size in bytes.
        count: u64,
        /// `cfA…` name.
        name: FileName,
    },
    /// `03` Receive data file (§6.3). A count of 0 means "until the
    /// connection closes".
    DataFile {
        /// Size in bytes, or 0 when unknown.
        count: u64,
        /// `dfA…` name.
        name: FileName,
    },
}

impl Subcommand {
    /// The subcommand code octet.
    pub fn code(&self) -> u8 {
        match self {
            Subcommand::Abort => 1,
            Subcommand::ControlFile { .. } => 2,
            Subcommand::DataFile { .. } => 3,
        }
    }

    /// Appends the subcommand line, LF included.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.code());
        match self {
            Subcommand::Abort => {}
            Subcommand::ControlFile { count, name } | Subcommand::DataFile { count, name } => {
                out.extend_from_slice(count.to_string().as_bytes());
                out.push(b' ');
                out.extend_from_slice(name.as_bytes());
            }
        }
        out.push(b'\n');
    }

    /// The subcommand line as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode(&mut v);
        v
    }

    /// Decodes one complete subcommand line (with its LF, nothing after).
    pub fn decode(line: &[u8]) -> Result<Self> {
        let body = strip_lf(line)?;
        let (&code, rest) = body.split_first().ok_or(Error::Empty)?;
        let mut ops = Operands::new(rest);
        match code {
            1 => match ops.next() {
                None => Ok(Subcommand::Abort),
                Some(extra) => Err(Error::UnexpectedOperand(lossy(extra))),
            },
            2 | 3 => {
                if rest.first().copied().is_some_and(is_rfc_space) {
                    return Err(Error::MissingOperand("count"));
                }
                let count =
                    parse_decimal("count", ops.next().ok_or(Error::MissingOperand("count"))?)?;
                let name = ops.next().ok_or(Error::MissingOperand("file name"))?;
                if let Some(extra) = ops.next() {
                    return Err(Error::UnexpectedOperand(lossy(extra)));
                }
                if code == 2 {
                    Ok(Subcommand::ControlFile {
                        count,
                        name: FileName::new(FileKind::Control, name)?,
                    })
                } else {
                    Ok(Subcommand::DataFile {
                        count,
                        name: FileName::new(FileKind::Data, name)?,
                    })
                }
            }
            other => Err(Error::UnknownSubcommand(other)),
        }
    }
}

/// An acknowledgement octet: zero is positive, anything else negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ack {
    /// `00`.
    Positive,
    /// Any other octet. lpkit's lpd sends 1 for "refused" and 2 for
    /// "no space / try later", as LPRng does.
    Negative(u8),
}

impl Ack {
    /// Negative: the request is refused.
    pub const REFUSED: Ack = Ack::Negative(1);
    /// Negative: out of space or otherwise temporarily unable (LPRng uses 2).
    pub const NO_SPACE: Ack = Ack::Negative(2);

    /// Decodes an acknowledgement octet.
    pub fn decode(b: u8) -> Self {
        if b == 0 {
            Ack::Positive
        } else {
            Ack::Negative(b)
        }
    }

    /// The octet on the wire.
    pub fn encode(self) -> u8 {
        match self {
            Ack::Positive => 0,
            // A Negative(0) cannot be constructed through decode; map it to
            // the conventional 1 so that a negative never reads as positive.
            Ack::Negative(0) => 1,
            Ack::Negative(b) => b,
        }
    }

    /// True for a positive acknowledgement.
    pub fn is_positive(self) -> bool {
        self == Ack::Positive
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cf(s: &str) -> FileName {
        FileName::new(FileKind::Control, s).unwrap()
    }
    fn df(s: &str) -> FileName {
        FileName::new(FileKind::Data, s).unwrap()
    }

    #[test]
    fn encodes_and_decodes_rfc_vectors_byte_exact() {
        let vectors: Vec<(&[u8], Subcommand)> = vec![
            (b"\x01\n", Subcommand::Abort),
            (
                b"\x0226 cfA123printhost\n",
                Subcommand::ControlFile {
                    count: 26,
                    name: cf("cfA123printhost"),
                },
            ),
            (
                b"\x031048576 dfA123printhost\n",
                Subcommand::DataFile {
                    count: 1_048_576,
                    name: df("dfA123printhost"),
                },
            ),
            (
                b"\x030 dfB007ws\n",
                Subcommand::DataFile {
                    count: 0,
                    name: df("dfB007ws"),
                },
            ),
        ];
        for (bytes, sub) in vectors {
            assert_eq!(sub.to_bytes(), bytes);
            assert_eq!(Subcommand::decode(bytes).unwrap(), sub);
        }
    }

    #[test]
    fn decode_accepts_any_rfc_white_space() {
        let s = Subcommand::decode(b"\x0312\t\x0b dfA001h\x0c\n").unwrap();
        assert_eq!(s.to_bytes(), b"\x0312 dfA001h\n");
    }

    #[test]
    fn decode_refuses_malformed_subcommands() {
        assert_eq!(
            Subcommand::decode(b"\x04\n"),
            Err(Error::UnknownSubcommand(4))
        );
        assert_eq!(Subcommand::decode(b"\x01"), Err(Error::MissingLf));
        assert!(matches!(
            Subcommand::decode(b"\x01 x\n"),
            Err(Error::UnexpectedOperand(_))
        ));
        assert_eq!(
            Subcommand::decode(b"\x02\n"),
            Err(Error::MissingOperand("count"))
        );
        assert_eq!(
            Subcommand::decode(b"\x0212\n"),
            Err(Error::MissingOperand("file name"))
        );
        for bad in [
            &b"\x03-5 dfA001h\n"[..],
            b"\x03abc dfA001h\n",
            b"\x0318446744073709551616 dfA001h\n",
            b"\x03+5 dfA001h\n",
        ] {
            assert!(
                matches!(Subcommand::decode(bad), Err(Error::BadNumber { .. })),
                "{bad:?}"
            );
        }
        assert!(matches!(
            Subcommand::decode(b"\x035 dfA001../../x\n"),
            Err(Error::BadFileName { .. })
        ));
        assert!(matches!(
            Subcommand::decode(b"\x025 dfA001h\n"),
            Err(Error::BadFileName { .. })
        ));
        assert!(matches!(
            Subcommand::decode(b"\x035 dfA001h extra\n"),
            Err(Error::UnexpectedOperand(_))
        ));
    }

    #[test]
    fn acks_map_zero_to_positive_and_never_encode_negative_as_zero() {
        assert_eq!(Ack::decode(0), Ack::Positive);
        assert_eq!(Ack::decode(2), Ack::NO_SPACE);
        assert_eq!(Ack::Positive.encode(), 0);
        assert_eq!(Ack::Negative(0).encode(), 1);
        for b in 0..=255u8 {
            assert_eq!(Ack::decode(b).encode(), b);
        }
    }
}
