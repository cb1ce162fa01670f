//! Screen snapshots (filled below).
