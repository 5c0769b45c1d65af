//! All SQL lives here, one module per resource, with bound parameters only.

pub mod catalogue;
