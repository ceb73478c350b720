//! A forest of items given as `(id, parent)` pairs (goals, org units, a classification's
//! codes): walked depth-first once, in linear time, for the order a report lists them in
//! and for how deep each one is (the `max_depth` limit).

use crate::hashing::IdMap;

/// Items of a forest, `(id, parent)`, depth-first with children under their parent in the
/// order listed: each item's position with its depth. An item whose parent is not among
/// them is a root.
pub(crate) fn forest_order(items: &[(&str, Option<&str>)]) -> Vec<(usize, usize)> {
    let at: IdMap<&str, usize> = items.iter().enumerate().map(|(i, x)| (x.0, i)).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut roots = Vec::new();
    for (i, (_, parent)) in items.iter().enumerate() {
        match parent.and_then(|p| at.get(p)) {
            Some(&p) if p != i => children[p].push(i),
            _ => roots.push(i),
        }
    }
    let mut order = Vec::with_capacity(items.len());
    let mut seen = vec![false; items.len()];
    let mut stack: Vec<(usize, usize)> = roots.into_iter().rev().map(|r| (r, 0)).collect();
    while let Some((i, depth)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        order.push((i, depth));
        stack.extend(children[i].iter().rev().map(|c| (*c, depth + 1)));
    }
    order
}
