//! Batch processing of JSON Lines on every core, streaming: records are read in chunks,
//! processed in parallel (rayon), and written in input order before the next chunk is read,
//! so memory stays bounded however large the input is, and the output can be piped into any
//! other batch engine (GNU parallel, Spark's `pipe`, a cluster scheduler).

use std::io::{BufRead, Write};

use anyhow::{Context as _, bail};
use serde_json::Value;

/// Records processed together (memory is bounded by this many records and their results).
pub const CHUNK: usize = 512;

/// How many worker threads: `requested`, or every core when 0.
#[must_use]
pub fn thread_count(requested: usize) -> usize {
    if requested > 0 { requested } else { std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get) }
}

/// A thread pool of `threads` workers (0: every core).
///
/// # Errors
/// If the threads cannot be started.
pub fn pool(threads: usize) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(thread_count(threads))
        .thread_name(|i| format!("claimlens-batch-{i}"))
        .build()
        .context("cannot start the worker threads")
}

/// One JSON object of the input, with its line number (1-based).
#[derive(Debug, Clone)]
pub struct Record {
    /// Line number in the input.
    pub line: usize,
    /// The object.
    pub value: Value,
}

/// Read `input` in chunks of [`CHUNK`] records (blank lines skipped), handing each chunk to
/// `each`. `name` is used in error messages.
///
/// # Errors
/// A line that cannot be read or is not a JSON object (naming the line), or an error of
/// `each`.
pub fn for_each_chunk(
    input: impl BufRead,
    name: &str,
    mut each: impl FnMut(Vec<Record>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut chunk = Vec::with_capacity(CHUNK);
    for (n, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("{name}: line {}: cannot read", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(&line).with_context(|| format!("{name}: line {}: not JSON", n + 1))?;
        if !value.is_object() {
            bail!("{name}: line {}: not a JSON object", n + 1);
        }
        chunk.push(Record { line: n + 1, value });
        if chunk.len() == CHUNK {
            each(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))?;
        }
    }
    if !chunk.is_empty() {
        each(chunk)?;
    }
    Ok(())
}

/// Map every record of `input` to one output line with `f`, on `pool`'s threads, writing the
/// lines to `out` in input order.
///
/// # Errors
/// As [`for_each_chunk`], the first error of `f` (in input order), or a failed write.
pub fn map_lines(
    pool: &rayon::ThreadPool,
    input: impl BufRead,
    name: &str,
    out: &mut dyn Write,
    f: impl Fn(&Record) -> anyhow::Result<String> + Sync,
) -> anyhow::Result<()> {
    use rayon::prelude::*;
    for_each_chunk(input, name, |chunk| {
        let lines: Vec<anyhow::Result<String>> = pool.install(|| chunk.par_iter().map(&f).collect());
        for line in lines {
            out.write_all(line?.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })
}

/// Open `path` for reading, or standard input for `-`.
///
/// # Errors
/// If the file cannot be opened.
pub fn open_input(path: &std::path::Path) -> anyhow::Result<Box<dyn BufRead>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::BufReader::new(std::io::stdin())));
    }
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, file)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_keeps_input_order_across_chunks_and_threads() {
        let n = CHUNK * 2 + 17;
        let input: String = (0..n).map(|i| format!("{{\"id\": {i}}}\n\n")).collect();
        let pool = pool(3).unwrap();
        let mut out = Vec::new();
        map_lines(&pool, input.as_bytes(), "in", &mut out, |r| {
            // Uneven work, so that threads finish out of order.
            let id = r.value["id"].as_u64().unwrap();
            std::thread::sleep(std::time::Duration::from_micros((id * 7919) % 300));
            Ok(format!("{id}:{}", r.line))
        })
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let got: Vec<&str> = text.lines().collect();
        assert_eq!(got.len(), n);
        for (i, l) in got.iter().enumerate() {
            assert_eq!(*l, format!("{i}:{}", 2 * i + 1));
        }
    }

    #[test]
    fn bad_lines_are_named() {
        let pool = pool(2).unwrap();
        let mut out = Vec::new();
        let err = map_lines(&pool, "{\"a\":1}\nnot json\n".as_bytes(), "x.jsonl", &mut out, |_| Ok(String::new()))
            .unwrap_err();
        assert!(format!("{err:#}").contains("x.jsonl: line 2: not JSON"), "{err:#}");
        let err = map_lines(&pool, "[1]\n".as_bytes(), "x.jsonl", &mut out, |_| Ok(String::new())).unwrap_err();
        assert!(err.to_string().contains("line 1: not a JSON object"));
    }
}
