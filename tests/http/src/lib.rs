//! Helpers for the HTTP tests.
