//! The crate's layout as a contract a change cannot quietly break: no module imports a
//! module that imports it back (each file is a module; `crate::` and `super::` paths
//! outside tests count), and no source file grows past 1,200 lines.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `plan_file/scan/mod.rs` → `plan_file::scan`.
fn module_of(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The paths after `prefix` (`crate::`, `super::`) in `text`, as lists of names.
fn paths_after(text: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let boundary = rest[..at]
            .chars()
            .last()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        rest = &rest[at + prefix.len()..];
        if !boundary {
            continue;
        }
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        out.push(
            path.split("::")
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
        );
    }
    out
}

/// The longest known module at the start of `base` + `path`.
fn resolve(modules: &BTreeSet<String>, base: &[String], path: &[String]) -> Option<String> {
    (1..=path.len()).rev().find_map(|k| {
        let mut full: Vec<String> = base.to_vec();
        full.extend_from_slice(&path[..k]);
        let name = full.join("::");
        modules.contains(&name).then_some(name)
    })
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| module_of(&root, f))
        .filter(|m| m != "lib")
        .collect();
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&root, file);
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        // Tests may reach anywhere.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        let parts: Vec<String> = module.split("::").map(str::to_string).collect();
        let parent = &parts[..parts.len() - 1];
        let mut deps = BTreeSet::new();
        for path in paths_after(text, "crate::") {
            deps.extend(resolve(&modules, &[], &path));
        }
        for path in paths_after(text, "super::") {
            deps.extend(resolve(&modules, parent, &path).or_else(|| {
                let up = parent.join("::");
                modules.contains(&up).then_some(up)
            }));
        }
        deps.remove(&module);
        imports.insert(module, deps);
    }
    assert!(imports.len() > 30, "{} modules", imports.len());
    // A module reaches itself again through what it imports: a cycle.
    for start in imports.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = imports[start].iter().collect();
        while let Some(m) = stack.pop() {
            assert!(
                m != start,
                "{start} imports a module that imports it back (through {seen:?})"
            );
            if seen.insert(m.clone()) {
                stack.extend(imports.get(m).into_iter().flatten());
            }
        }
    }
}

#[test]
fn no_source_file_is_over_1200_lines() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    for file in files {
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        assert!(lines <= 1200, "{}: {lines} lines", file.display());
    }
}
