//! The shape of the house, read from the source files: no import cycles between modules.
//!
//! Every `.rs` file under `src/` (but `main.rs` and `bin/`, which are their own crates) is a
//! module. A module depends on another when it names it: `use crate::…`, `use super::…`,
//! `super::x::y` or `crate::x::y` in code, or a child module's path (`ner::X` in `nlp/mod.rs`).
//! A name re-exported by a `mod.rs` (`pub use label::EntityLabel;`) resolves to the module that
//! defines it. Comments, strings and `#[cfg(test)] mod tests { … }` are left out: test code
//! may use anything.
//!
//! The rule, for every folder: among its direct children (files and sub-folders, each
//! sub-folder taken as a whole) the "uses" graph has no cycle. So `nlp::quotes` may use
//! `nlp::claims` or `nlp::claims` may use `nlp::quotes`, never both; and at the top,
//! `document`, `nlp`, `project`, `io` … are layered. A parent and its own children may use
//! each other (a `mod.rs` declares and re-exports them).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path below the crate root: `["nlp", "claims", "context"]`.
type ModPath = Vec<String>;

/// Every module file of the library: its module path and its source with comments, strings
/// and test modules removed.
fn modules() -> BTreeMap<ModPath, String> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    let mut out = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src");
        let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if parts == ["main.rs"] || parts.first().is_some_and(|p| p == "bin") {
            continue;
        }
        let last = parts.pop().expect("a file name");
        let stem = last.strip_suffix(".rs").expect(".rs");
        if !(stem == "mod" || (parts.is_empty() && stem == "lib")) {
            parts.push(stem.to_owned());
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        out.insert(parts, strip_tests(&strip_comments_and_strings(&text)));
    }
    out
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("src readable").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// `text` with comments, string and char literals replaced by spaces (newlines kept).
fn strip_comments_and_strings(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !b.get(i.wrapping_sub(1)).is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // Raw string r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{…}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < b.len() && b[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else if b.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// `text` without `#[cfg(test)]` items (a `mod tests { … }` or a single item).
fn strip_tests(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // Skip to the end of the item: the first `;` before any `{`, or the matching `}`.
        let mut depth = 0usize;
        let mut end = after.len();
        for (k, ch) in after.char_indices().skip("#[cfg(test)]".len()) {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The `mod x;` / `mod x {` children a module declares.
fn child_mods(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let words: Vec<&str> = text.split(|c: char| !is_ident(c)).filter(|w| !w.is_empty()).collect();
    for w in words.windows(2) {
        if w[0] == "mod" {
            out.insert(w[1].to_owned());
        }
    }
    out
}

/// Every path the module names, as written: `use` trees expanded (`a::{b, c::d}` → `a::b`,
/// `a::c::d`) and other `x::y` paths in code.
fn written_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // `use` trees.
    let mut rest = text;
    while let Some(at) = find_word(rest, "use") {
        let tail = &rest[at + 3..];
        let end = tail.find(';').unwrap_or(tail.len());
        expand_use(&tail[..end], &[], &mut out);
        rest = &tail[end..];
    }
    // Paths in code: runs of `ident::ident::…`.
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if is_ident(chars[i]) && (i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':')) {
            let mut segs = Vec::new();
            let mut j = i;
            loop {
                let start = j;
                while j < chars.len() && is_ident(chars[j]) {
                    j += 1;
                }
                if start == j {
                    break;
                }
                segs.push(chars[start..j].iter().collect::<String>());
                if chars.get(j) == Some(&':')
                    && chars.get(j + 1) == Some(&':')
                    && chars.get(j + 2).is_some_and(|c| is_ident(*c))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            if segs.len() > 1 {
                out.push(segs);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = text[from..].find(word) {
        let at = from + k;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Expands one `use` tree (`a::{b, c::{d, e}} as f` …) into full paths.
fn expand_use(tree: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head: Vec<String> =
            tree[..open].split("::").map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        let close = tree.rfind('}').unwrap_or(tree.len());
        let inner = &tree[open + 1..close];
        let mut base = prefix.to_vec();
        base.extend(head);
        // Split on top-level commas.
        let mut depth = 0;
        let mut start = 0;
        for (k, ch) in inner.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_use(&inner[start..k], &base, out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        expand_use(&inner[start..], &base, out);
    } else {
        let path = tree.split(" as ").next().unwrap_or("");
        let mut full = prefix.to_vec();
        full.extend(path.split("::").map(str::trim).filter(|s| !s.is_empty() && *s != "self").map(str::to_owned));
        if !full.is_empty() {
            out.push(full);
        }
    }
}

/// The module a written path (seen from module `from`) lands in, or `None` for another crate.
fn resolve(
    from: &ModPath,
    path: &[String],
    mods: &BTreeMap<ModPath, String>,
    children: &BTreeMap<ModPath, BTreeSet<String>>,
) -> Option<ModPath> {
    let mut abs: ModPath;
    let mut segs = path;
    match segs.first().map(String::as_str) {
        Some("crate") => {
            abs = Vec::new();
            segs = &segs[1..];
        }
        Some("super") => {
            abs = from.clone();
            while segs.first().is_some_and(|s| s == "super") {
                abs.pop()?;
                segs = &segs[1..];
            }
        }
        Some("self") => {
            abs = from.clone();
            segs = &segs[1..];
        }
        Some(first) if children.get(from).is_some_and(|c| c.contains(first)) => {
            abs = from.clone();
        }
        _ => return None,
    }
    let mut k = 0;
    while k < segs.len() {
        let mut next = abs.clone();
        next.push(segs[k].clone());
        if mods.contains_key(&next) {
            abs = next;
            k += 1;
        } else {
            break;
        }
    }
    // A name re-exported by the module resolves to where it comes from.
    if let Some(name) = segs.get(k)
        && let Some(target) = reexport(&abs, name, mods, children)
    {
        return Some(target);
    }
    mods.contains_key(&abs).then_some(abs)
}

/// The module `name` comes from when `module` re-exports it with `pub use child::…::name`.
fn reexport(
    module: &ModPath,
    name: &str,
    mods: &BTreeMap<ModPath, String>,
    children: &BTreeMap<ModPath, BTreeSet<String>>,
) -> Option<ModPath> {
    let text = mods.get(module)?;
    let mut rest = text.as_str();
    while let Some(at) = rest.find("pub use ") {
        let tail = &rest[at + 8..];
        let end = tail.find(';').unwrap_or(tail.len());
        let mut paths = Vec::new();
        expand_use(&tail[..end], &[], &mut paths);
        for p in paths {
            if p.last().is_some_and(|l| l == name)
                && p.len() > 1
                && let Some(target) = resolve(module, &p[..p.len() - 1], mods, children)
                && target != *module
            {
                return Some(target);
            }
        }
        rest = &tail[end..];
    }
    None
}

/// Module-to-module dependencies.
fn dependencies() -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let mods = modules();
    let children: BTreeMap<ModPath, BTreeSet<String>> = mods.iter().map(|(m, t)| (m.clone(), child_mods(t))).collect();
    let mut deps: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (m, text) in &mods {
        let entry = deps.entry(m.clone()).or_default();
        for path in written_paths(text) {
            if let Some(target) = resolve(m, &path, &mods, &children)
                && target != *m
            {
                entry.insert(target);
            }
        }
    }
    deps
}

/// The cycles among the children of every folder, as `a → b → a` strings (sorted).
fn sibling_cycles(deps: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<String> {
    // Group: for each parent, the graph of its children (sub-trees collapsed).
    let mut graphs: BTreeMap<ModPath, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (from, tos) in deps {
        for to in tos {
            let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == to.len() {
                continue; // an ancestor and its descendant
            }
            let parent = from[..common].to_vec();
            graphs.entry(parent).or_default().entry(from[common].clone()).or_default().insert(to[common].clone());
        }
    }
    let mut cycles = Vec::new();
    for (parent, graph) in &graphs {
        for cycle in find_cycles(graph) {
            let prefix = if parent.is_empty() { String::new() } else { format!("{}::", parent.join("::")) };
            cycles.push(cycle.iter().map(|n| format!("{prefix}{n}")).collect::<Vec<_>>().join(" → "));
        }
    }
    cycles.sort();
    cycles.dedup();
    cycles
}

/// One cycle per strongly connected component with more than one node (Tarjan would do; the
/// graphs are small, so a DFS from each node finding a path back suffices).
fn find_cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut seen_components: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    let mut out = Vec::new();
    for start in graph.keys() {
        // Shortest path back to `start` (BFS).
        let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start.as_str()]);
        let mut found = None;
        while let Some(n) = queue.pop_front() {
            for m in graph.get(n).into_iter().flatten() {
                if m == start {
                    found = Some(n);
                    break;
                }
                if !prev.contains_key(m.as_str()) {
                    prev.insert(m, n);
                    queue.push_back(m);
                }
            }
            if found.is_some() {
                break;
            }
        }
        if let Some(mut n) = found {
            let mut path = vec![start.clone()];
            let mut back = vec![n.to_owned()];
            while n != start {
                n = prev[n];
                if n != start {
                    back.push(n.to_owned());
                }
            }
            back.reverse();
            path.extend(back);
            let set: BTreeSet<String> = path.iter().cloned().collect();
            if seen_components.insert(set) {
                path.push(start.clone());
                out.push(path);
            }
        }
    }
    out
}

#[test]
fn no_engine_module_imports_in_a_cycle_issue_18() {
    let cycles: Vec<String> = sibling_cycles(&dependencies()).into_iter().filter(|c| !c.starts_with("ui::")).collect();
    assert!(cycles.is_empty(), "import cycles between modules (see tests/architecture.rs):\n{}", cycles.join("\n"));
}

/// The same for `src/ui`: panels take [`Frame`] from `ui::frame`, the messages (`Command` and
/// each feature's commands) live in `ui::command` below the reducers that apply them.
#[test]
fn no_ui_module_imports_in_a_cycle_issue_18() {
    let cycles: Vec<String> = sibling_cycles(&dependencies()).into_iter().filter(|c| c.starts_with("ui::")).collect();
    assert!(cycles.is_empty(), "import cycles between ui modules:\n{}", cycles.join("\n"));
}

#[test]
fn the_dependency_reader_sees_what_is_there() {
    // The checker must see real edges, or the test above could never fail.
    let deps = dependencies();
    let ner = deps.get(&vec!["nlp".to_owned(), "ner".to_owned()]).expect("nlp::ner is a module");
    assert!(ner.contains(&vec!["nlp".to_owned(), "tokenize".to_owned()]), "{ner:?}");
    assert!(
        ner.contains(&vec!["nlp".to_owned(), "label".to_owned()]),
        "EntityLabel is re-exported from label: {ner:?}"
    );
    // And a made-up cycle is found.
    let mut fake = deps.clone();
    fake.entry(vec!["nlp".to_owned(), "tokenize".to_owned()])
        .or_default()
        .insert(vec!["nlp".to_owned(), "ner".to_owned()]);
    let cycles = sibling_cycles(&fake);
    assert!(cycles.iter().any(|c| c.contains("nlp::tokenize") && c.contains("nlp::ner")), "{cycles:?}");
}

#[test]
fn use_trees_expand() {
    let mut out = Vec::new();
    expand_use("super::{a, b::{c, d as e}, self}", &[], &mut out);
    let got: Vec<String> = out.iter().map(|p| p.join("::")).collect();
    assert_eq!(got, ["super::a", "super::b::c", "super::b::d", "super"]);
}

/// Prints every cycle (among siblings) and, with `--nocapture`, the dependency list: the
/// script behind the test. Run: `cargo test --no-default-features --test integration
/// architecture::print_ -- --ignored --nocapture`.
#[test]
#[ignore = "a report, not a check"]
fn print_module_dependencies() {
    let deps = dependencies();
    for (m, tos) in &deps {
        let list: Vec<String> = tos.iter().map(|t| t.join("::")).collect();
        println!("{} -> {}", m.join("::"), list.join(", "));
    }
    println!("cycles: {:#?}", sibling_cycles(&deps));
}
