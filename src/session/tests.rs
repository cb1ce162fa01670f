//! Unit tests for the walk (filled below).
