//! `claimlens agree`, `compare`, `merge` and `resolve`: team work from the command line.
//!
//! `merge BASE OURS THEIRS` is made to be git's merge driver for project files:
//!
//! ```text
//! # .gitattributes
//! *.claimlens.ron merge=claimlens
//! # once per clone
//! git config merge.claimlens.driver "claimlens merge %O %A %B"
//! ```
//!
//! It writes the merged project into OURS (atomically) and exits 0 when the merge is clean,
//! 1 when it recorded conflicts (the file is still a valid project holding both values; git
//! marks the file as conflicted) or cannot merge (the file is left as it was).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};

use crate::io;
use crate::project::review::Side;
use crate::project::{EditContext, Project};
use crate::team::agreement::{self, By};
use crate::team::{compare, merge, stats::Coefficient};

/// The team subcommands (flattened into the top level: `claimlens agree …`).
#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Agreement between two coders' copies of the same article: Krippendorff's unitizing α
    /// of the claim spans (per category and overall), sentence-level Cohen's κ and α, and α of
    /// the attributes of the claims both found.
    Agree(AgreeArgs),
    /// List, in document order, where two coders' copies of an article agree and differ.
    Compare(CompareArgs),
    /// Three-way merge of project files by annotation id (git's merge driver: `claimlens merge
    /// %O %A %B`). Writes the result into OURS; exits 1 when conflicts were recorded.
    Merge(MergeArgs),
    /// Resolve a recorded merge conflict by taking one side, and save the project.
    Resolve(ResolveArgs),
}

/// `claimlens agree A B`
#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// Coder A's project.
    pub a: PathBuf,
    /// Coder B's project (the same article).
    pub b: PathBuf,
    /// The categories of the unitizing α: claim (one category), type, tag or code.
    #[arg(long, default_value = "claim", value_parser = parse_by)]
    pub by: By,
    /// Print the whole report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `claimlens compare A B`
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Coder A's project.
    pub a: PathBuf,
    /// Coder B's project (the same article).
    pub b: PathBuf,
    /// Print the comparison as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `claimlens merge BASE OURS THEIRS`
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O; an empty file when there is none).
    pub base: PathBuf,
    /// Ours (git's %A): the merged project is written here.
    pub ours: PathBuf,
    /// Theirs (git's %B).
    pub theirs: PathBuf,
}

/// `claimlens resolve PROJECT N --take ours|theirs`
#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The project file (saved atomically).
    pub project: PathBuf,
    /// The conflict's number, as `claimlens project show` lists them (1 = first).
    pub conflict: usize,
    /// Which side to keep: ours or theirs.
    #[arg(long, value_parser = parse_side)]
    pub take: Side,
    /// The coder resolving it (recorded as the claim's last editor).
    #[arg(long, env = "CLAIMLENS_CODER")]
    pub coder: Option<String>,
}

fn parse_by(s: &str) -> Result<By, String> {
    By::parse(s).ok_or_else(|| format!("unknown category {s:?}; one of: claim, type, tag, code"))
}

fn parse_side(s: &str) -> Result<Side, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "ours" | "our" | "a" => Ok(Side::Ours),
        "theirs" | "their" | "b" => Ok(Side::Theirs),
        _ => Err(format!("unknown side {s:?}; ours or theirs")),
    }
}

/// Run a team subcommand.
///
/// # Errors
/// A message naming the file and the reason; for `merge`, also when conflicts were recorded
/// (after writing the merged project), so the exit status is 1.
pub fn run(cmd: TeamCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        TeamCommand::Agree(args) => agree(&args, out),
        TeamCommand::Compare(args) => compare_cmd(&args, out),
        TeamCommand::Merge(args) => merge_cmd(&args, out),
        TeamCommand::Resolve(args) => resolve(&args, out),
    }
}

fn coder_name(path: &Path) -> String {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    name.strip_suffix(".claimlens.ron").map_or(name.clone(), str::to_owned)
}

fn number(c: &Coefficient) -> String {
    match (c.value, &c.reason) {
        (Some(v), _) => format!("{v:.4}"),
        (None, Some(r)) => format!("undefined ({r})"),
        (None, None) => "undefined".to_owned(),
    }
}

fn agree(args: &AgreeArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let a = io::project_file::load(&args.a)?;
    let b = io::project_file::load(&args.b)?;
    let report = agreement::agreement(&[(&a, &b)], args.by, [coder_name(&args.a), coder_name(&args.b)])
        .with_context(|| format!("{} and {}", args.a.display(), args.b.display()))?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(());
    }
    let [ca, cb] = &report.coders;
    let u = &report.units;
    writeln!(out, "coders: {ca} ({} claims), {cb} ({} claims)", u.claims_a, u.claims_b)?;
    writeln!(
        out,
        "claims matched by overlap: {} ({} with the same span); only {ca}: {}; only {cb}: {}",
        u.matched, u.same_span, u.only_a, u.only_b
    )?;
    let alpha = &report.unitized_alpha;
    writeln!(
        out,
        "unitizing α (by {}, {} characters): {}",
        report.by.name(),
        report.continuum_chars,
        number(&alpha.overall)
    )?;
    for (cat, c) in &alpha.by_category {
        writeln!(out, "  {cat:<24} {}", number(c))?;
    }
    let s = &report.sentences;
    writeln!(
        out,
        "sentences: {} ({ca} marks {}, {cb} {}): Cohen's κ {}, Krippendorff's α {}, agreement {}",
        s.items,
        s.coded_a,
        s.coded_b,
        number(&s.cohen_kappa),
        number(&s.krippendorff_alpha),
        number(&s.percent)
    )?;
    if !report.attributes.is_empty() {
        writeln!(out, "attributes of the matched claims (α):")?;
        for (k, a) in &report.attributes {
            writeln!(out, "  {k:<24} {} over {} pairs", number(&a.alpha), a.items)?;
        }
    }
    writeln!(out, "reading: unitizing α {}", report.reading.unitized_alpha)?;
    writeln!(out, "reading: sentence α {}", report.reading.sentences)?;
    Ok(())
}

fn compare_cmd(args: &CompareArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let a = io::project_file::load(&args.a)?;
    let b = io::project_file::load(&args.b)?;
    let cmp = compare::compare(&a, &b).with_context(|| format!("{} and {}", args.a.display(), args.b.display()))?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &cmp)?;
        writeln!(out)?;
        return Ok(());
    }
    let (agree, only_a, only_b, differ) = cmp.counts();
    writeln!(out, "{agree} agree, {only_a} only in A, {only_b} only in B, {differ} differ")?;
    let index = crate::document::offsets::CharIndex::new(a.text());
    for item in &cmp.items {
        let (s, e) = index.to_chars(item.span);
        let what = match item.kind {
            compare::ItemKind::Agree => "agree".to_owned(),
            compare::ItemKind::OnlyA => "only A".to_owned(),
            compare::ItemKind::OnlyB => "only B".to_owned(),
            compare::ItemKind::Differ => format!("differ: {}", item.fields.join(", ")),
        };
        let excerpt: String = a.text()[item.span].chars().take(60).collect();
        writeln!(out, "{s}..{e}\t{what}\t{excerpt}")?;
    }
    Ok(())
}

/// The base of an add/add merge (git passes an empty file): the same article with no
/// annotations.
fn empty_base(ours: &Project) -> Project {
    let mut base = ours.clone();
    base.claims.clear();
    base.entities.corrections.clear();
    base.entities.groups.clear();
    base.orphans.clear();
    base.tags.clear();
    base.codebook = crate::project::Codebook::default();
    base.rejected_suggestions.clear();
    base.conflicts.clear();
    base.decisions.clear();
    base
}

fn merge_cmd(args: &MergeArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let ours = io::project_file::load(&args.ours)?;
    let theirs = io::project_file::load(&args.theirs)?;
    let base_is_empty = std::fs::metadata(&args.base).map(|m| m.len() == 0).unwrap_or(false);
    let base = if base_is_empty { empty_base(&ours) } else { io::project_file::load(&args.base)? };
    let outcome = merge::merge_projects(&base, &ours, &theirs).with_context(|| {
        format!(
            "cannot merge {} and {}; {} is left as it was",
            args.ours.display(),
            args.theirs.display(),
            args.ours.display()
        )
    })?;
    io::project_file::save(&args.ours, &outcome.project)?;
    let r = &outcome.report;
    writeln!(
        out,
        "merged {}: {} claims ({} from theirs, {} deleted), {} new conflicts",
        args.ours.display(),
        r.claims,
        r.claims_from_theirs,
        r.claims_deleted,
        r.conflicts
    )?;
    for k in &r.kept_ours {
        writeln!(out, "both sides changed the {k}: kept ours")?;
    }
    if !outcome.is_clean() {
        let first = outcome.project.conflicts.len() - r.conflicts;
        let list: Vec<String> =
            outcome.project.conflicts[first..].iter().map(|c| format!("{}: {}", c.annotation, c.field)).collect();
        bail!(
            "{} merge conflict(s) recorded in {} ({}); both values are kept in the file: resolve them in the window or with claimlens resolve",
            r.conflicts,
            args.ours.display(),
            list.join("; ")
        );
    }
    Ok(())
}

fn resolve(args: &ResolveArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut p = io::project_file::load(&args.project)?;
    let n = p.conflicts.len();
    if args.conflict == 0 || args.conflict > n {
        bail!("{}: there is no conflict {} (the project has {n})", args.project.display(), args.conflict);
    }
    let index = args.conflict - 1;
    let described = p.conflicts[index].to_string();
    let ctx = EditContext::new(args.coder.clone().unwrap_or_default(), jiff::Timestamp::now());
    crate::project::resolve_conflict(&p, index, args.take)
        .and_then(|e| e.stamped(&ctx).apply(&mut p))
        .with_context(|| format!("{}: conflict {}", args.project.display(), args.conflict))?;
    io::project_file::save(&args.project, &p)?;
    let side = if args.take == Side::Ours { "ours" } else { "theirs" };
    writeln!(out, "resolved {described}: took {side}; {} conflict(s) left", p.conflicts.len())?;
    Ok(())
}
