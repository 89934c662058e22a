//! Hand-written man page sections.
