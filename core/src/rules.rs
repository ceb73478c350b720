//! The rules of a plan beyond its shape (SPEC §2), each written once.

/// The largest `precision` accepted: more places than any currency has.
pub const MAX_PRECISION: u32 = 6;
