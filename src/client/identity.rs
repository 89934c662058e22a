//! Who and where the client is: the `H` host and `P` user of a job, the
//! agent of a remove request.

use crate::proto::{HostName, UserName};

/// This host's name for the `H` line and the file names (`gethostname`),
/// or `localhost` when it has none that is valid on the wire.
pub fn local_host() -> HostName {
    nix::unistd::gethostname()
        .ok()
        .and_then(|h| h.into_string().ok())
        .and_then(|h| host_from(&h))
        .unwrap_or_else(HostName::localhost)
}

/// A valid host name from `raw`: trimmed; `None` if empty or invalid.
pub fn host_from(raw: &str) -> Option<HostName> {
    HostName::new(raw.trim()).ok()
}

/// The user running this process: the password database's name for the
/// real uid, else `$LOGNAME` / `$USER` (through `env`). `None` when no
/// name is valid on the wire (empty, blanks, or starting with a digit, which
/// RFC 1179 §2 reserves for job numbers).
pub fn local_user(env: impl Fn(&str) -> Option<String>) -> Option<UserName> {
    let from_passwd = nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|u| u.name);
    from_passwd
        .into_iter()
        .chain(env("LOGNAME"))
        .chain(env("USER"))
        .find_map(|n| UserName::new(n.trim()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_are_validated_and_trimmed() {
        assert_eq!(host_from(" ws1 \n").unwrap().as_str(), "ws1");
        assert!(host_from("").is_none());
        assert!(host_from("a b").is_none());
        assert!(!local_host().as_str().is_empty());
    }

    #[test]
    fn local_user_falls_back_to_the_environment() {
        // The password database normally knows the test's uid; either way a
        // valid name comes back when the environment offers one.
        let u = local_user(|k| (k == "USER").then(|| "tester".to_string())).unwrap();
        assert!(!u.as_str().is_empty());
    }
}
