//! The maps keyed by ids from a file (plan ids, names): hashed with a seed drawn once per
//! process (foldhash's `RandomState`), so that no file can be made of ids that all collide
//! and turn every lookup into a scan (hash flooding). As fast as the unkeyed hash it
//! replaces; nothing iterates these maps to decide an order.

/// A map keyed by ids from a file.
pub(crate) type IdMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A set of ids from a file.
pub(crate) type IdSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// A seeded hasher for one pass that compares hashes of ids.
pub(crate) fn id_hasher() -> foldhash::fast::RandomState {
    foldhash::fast::RandomState::default()
}
