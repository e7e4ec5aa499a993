//! The corpus manifest (`corpus.claimlens.ron`): the corpus's name, codebook and coders, and
//! one entry per document in corpus order, each with its paths inside the corpus folder, its
//! metadata, the progress state the user sets and a [`Summary`] refreshed whenever the
//! document is saved. Listing a corpus reads only this.
//!
//! RON with `format_version` first, like project files; lists in a fixed order (documents in
//! corpus order, codes sorted) so two versions diff line by line. Every path is relative to
//! the corpus folder with `/` separators, and must stay inside it ([`Manifest::validate`]):
//! a corpus that was mailed around never makes ClaimLens read outside its folder.

use serde::{Deserialize, Serialize};

use crate::document::words::count_words;
use crate::project::{ClaimStatus, Codebook, Project};

/// The file name of the manifest inside a corpus folder.
pub const MANIFEST_FILE: &str = "corpus.claimlens.ron";
/// The folder (inside the corpus folder) holding one project file per document.
pub const DOCUMENTS_DIR: &str = "documents";
/// The folder (inside the corpus folder) holding the source articles as imported.
pub const SOURCES_DIR: &str = "sources";
/// The manifest format version this build writes.
pub const MANIFEST_VERSION: u32 = 1;

/// A document's identity in its corpus: never reused, kept when the document is renamed or
/// moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(pub u64);

impl std::fmt::Display for DocumentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "D{}", self.0)
    }
}

impl DocumentId {
    /// Parse `"7"` or `"D7"` (as [`DocumentId`]'s `Display` writes it).
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let digits = s.strip_prefix(['D', 'd']).unwrap_or(s);
        digits.parse().ok().map(Self)
    }
}

/// How far the user has got with a document (set by the user, shown in the list).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Progress {
    /// Not started.
    #[default]
    NotStarted,
    /// Started, not finished.
    InProgress,
    /// Finished.
    Done,
}

impl Progress {
    /// Every state, in menu order.
    pub const ALL: [Self; 3] = [Self::NotStarted, Self::InProgress, Self::Done];

    /// The name shown to people and written in JSON ("not started", "in progress", "done").
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::NotStarted => "not started",
            Self::InProgress => "in progress",
            Self::Done => "done",
        }
    }

    /// Parse a name ([`Progress::name`] or the variant name; case, `-`, `_` and spaces do not
    /// matter).
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let norm = |x: &str| x.to_lowercase().replace(['-', '_', ' '], "");
        let s = norm(s);
        Self::ALL.into_iter().find(|p| norm(p.name()) == s || norm(&format!("{p:?}")) == s)
    }
}

/// A person coding the corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coder {
    /// A short stable identifier ("ana").
    pub id: String,
    /// The name shown ("Ana Pérez").
    #[serde(default)]
    pub name: String,
}

/// What the document list shows about a document without opening it. Refreshed from the
/// project whenever the document is saved through the corpus ([`Summary::of`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Words of the article ([`count_words`]).
    #[serde(default)]
    pub words: usize,
    /// Characters (code points) of the article.
    #[serde(default)]
    pub chars: usize,
    /// Entity mentions (corrections applied).
    #[serde(default)]
    pub entities: usize,
    /// Claims.
    #[serde(default)]
    pub claims: usize,
    /// Claims whose status is "checked".
    #[serde(default)]
    pub checked: usize,
    /// Annotations that lost their place when the article changed.
    #[serde(default)]
    pub orphans: usize,
    /// SHA-256 of the source file's bytes (tells whether two documents are the same article).
    #[serde(default)]
    pub sha256: String,
}

impl Summary {
    /// The summary of `project`.
    #[must_use]
    pub fn of(project: &Project) -> Self {
        let text = project.text();
        Self {
            words: count_words(text),
            chars: text.chars().count(),
            entities: project.entities.effective(text).len(),
            claims: project.claims.len(),
            checked: project.claims.iter().filter(|c| c.status == ClaimStatus::Checked).count(),
            orphans: project.orphans.len(),
            sha256: project.source.sha256.clone(),
        }
    }
}

/// One document of the corpus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentEntry {
    /// Its identity.
    pub id: DocumentId,
    /// The title shown in the list (the article's title when added; the user may rename it).
    pub title: String,
    /// Its project file, relative to the corpus folder (`documents/SLUG.claimlens.ron`).
    pub path: String,
    /// The source article as imported, relative to the corpus folder (`sources/SLUG.txt`),
    /// if it was copied in.
    #[serde(default)]
    pub source: Option<String>,
    /// Who published it, if known.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Its date as the source gives it, if known.
    #[serde(default)]
    pub date: Option<String>,
    /// Its URL, if known.
    #[serde(default)]
    pub url: Option<String>,
    /// How far the user has got with it.
    #[serde(default)]
    pub state: Progress,
    /// Counts for the list.
    #[serde(default)]
    pub summary: Summary,
}

impl DocumentEntry {
    /// A new entry for `project` saved at `documents/SLUG.claimlens.ron`.
    #[must_use]
    pub fn new(id: DocumentId, slug: &str, source: Option<String>, project: &Project) -> Self {
        let meta = &project.document.meta;
        Self {
            id,
            title: project.document.display_title().unwrap_or(slug).trim().to_owned(),
            path: document_path(slug),
            source,
            publisher: meta.publisher.clone(),
            date: meta.date.clone(),
            url: meta.url.clone(),
            state: Progress::NotStarted,
            summary: Summary::of(project),
        }
    }

    /// The slug: the project file's name without folder and extension.
    #[must_use]
    pub fn slug(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(&format!(".{}", crate::project::FILE_EXTENSION)).unwrap_or(name)
    }
}

/// The project file path (relative to the corpus folder) of the document with `slug`.
#[must_use]
pub fn document_path(slug: &str) -> String {
    format!("{DOCUMENTS_DIR}/{slug}.{}", crate::project::FILE_EXTENSION)
}

/// A corpus: its name, codebook, coders and documents. See the module docs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always first: [`MANIFEST_VERSION`] when written by this build.
    pub format_version: u32,
    /// The corpus's name.
    pub name: String,
    /// What the corpus is about (free text).
    #[serde(default)]
    pub description: String,
    /// The codebook shared by every document; it wins over the documents' own copies when a
    /// document is opened through the corpus.
    #[serde(default)]
    pub codebook: Codebook,
    /// The people coding it.
    #[serde(default)]
    pub coders: Vec<Coder>,
    /// The documents, in corpus order.
    #[serde(default)]
    pub documents: Vec<DocumentEntry>,
    /// The id the next document gets.
    pub next_document_id: u64,
}

/// Why a manifest's text is not a corpus this build can open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    /// Not RON, or not a corpus manifest.
    #[error("not a ClaimLens corpus manifest: {0}")]
    NotACorpus(String),
    /// Written by a newer ClaimLens.
    #[error(
        "written by a newer ClaimLens (corpus format version {found}; this version reads up to {supported}). Update ClaimLens to open it"
    )]
    TooNew {
        /// The file's version.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The right version, but the content is damaged or inconsistent.
    #[error("the corpus manifest is damaged: {0}")]
    Corrupt(String),
}

#[derive(Deserialize)]
struct Probe {
    format_version: u32,
}

impl Manifest {
    /// An empty corpus called `name`.
    #[must_use]
    pub fn new(name: &str) -> Self {
        Self {
            format_version: MANIFEST_VERSION,
            name: name.trim().to_owned(),
            description: String::new(),
            codebook: Codebook::default(),
            coders: Vec::new(),
            documents: Vec::new(),
            next_document_id: 1,
        }
    }

    /// The entry of document `id`.
    #[must_use]
    pub fn document(&self, id: DocumentId) -> Option<&DocumentEntry> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// The entry of document `id`, to change.
    pub fn document_mut(&mut self, id: DocumentId) -> Option<&mut DocumentEntry> {
        self.documents.iter_mut().find(|d| d.id == id)
    }

    /// The position of document `id` in corpus order.
    #[must_use]
    pub fn position(&self, id: DocumentId) -> Option<usize> {
        self.documents.iter().position(|d| d.id == id)
    }

    /// The document whose slug is `slug`.
    #[must_use]
    pub fn by_slug(&self, slug: &str) -> Option<&DocumentEntry> {
        self.documents.iter().find(|d| d.slug() == slug)
    }

    /// Take the next document id.
    pub fn allocate_id(&mut self) -> DocumentId {
        let max = self.documents.iter().map(|d| d.id.0).max().unwrap_or(0);
        let id = self.next_document_id.max(max + 1);
        self.next_document_id = id + 1;
        DocumentId(id)
    }

    /// A slug made from `name` ([`slugify`]) that no document has and none of `taken` is.
    #[must_use]
    pub fn unique_slug(&self, name: &str, taken: &[String]) -> String {
        let base = slugify(name);
        let free = |s: &str| self.by_slug(s).is_none() && !taken.iter().any(|t| t == s);
        if free(&base) {
            return base;
        }
        (2..).map(|n| format!("{base}-{n}")).find(|s| free(s)).unwrap_or(base)
    }

    /// Refresh the summary (and the metadata the project knows) of document `id` from
    /// `project`. Returns false if there is no such document.
    pub fn refresh(&mut self, id: DocumentId, project: &Project) -> bool {
        let Some(entry) = self.document_mut(id) else { return false };
        entry.summary = Summary::of(project);
        let meta = &project.document.meta;
        entry.publisher.clone_from(&meta.publisher);
        entry.date.clone_from(&meta.date);
        entry.url.clone_from(&meta.url);
        true
    }

    /// Check what a loaded manifest must satisfy: unique ids and slugs, every path relative,
    /// inside its folder (`documents/…`, `sources/…`) and without `..`, a valid codebook.
    ///
    /// # Errors
    /// A description of the first problem.
    pub fn validate(&self) -> Result<(), String> {
        let mut ids = std::collections::BTreeSet::new();
        let mut paths = std::collections::BTreeSet::new();
        for d in &self.documents {
            if !ids.insert(d.id) {
                return Err(format!("document id {} is used twice", d.id));
            }
            if !is_inside(&d.path, DOCUMENTS_DIR) || !d.path.ends_with(crate::project::FILE_EXTENSION) {
                return Err(format!("document {}: path {:?} is not a project file in {DOCUMENTS_DIR}/", d.id, d.path));
            }
            if !paths.insert(d.path.as_str()) {
                return Err(format!("document {}: path {:?} is used twice", d.id, d.path));
            }
            if let Some(s) = &d.source
                && !is_inside(s, SOURCES_DIR)
            {
                return Err(format!("document {}: source {s:?} is not a file in {SOURCES_DIR}/", d.id));
            }
        }
        self.codebook.validate().map_err(|e| format!("codebook: {e}"))
    }

    /// The manifest as RON text (pretty, fields in declaration order, strings unescaped).
    ///
    /// # Errors
    /// Only if serialisation fails (it does not for a valid manifest).
    pub fn to_ron_string(&self) -> Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::new()
            .indentor("  ".to_owned())
            .struct_names(false)
            .escape_strings(false)
            .separate_tuple_members(false)
            .new_line("\n".to_owned());
        let mut out =
            String::from("// ClaimLens corpus (RON): the documents are in documents/, their sources in sources/.\n");
        out.push_str(&ron::Options::default().to_string_pretty(self, config)?);
        out.push('\n');
        Ok(out)
    }

    /// Read a manifest from RON text, checking it ([`Manifest::validate`]).
    ///
    /// # Errors
    /// [`ManifestError`]: not a manifest, too new, or damaged.
    ///
    /// # Example
    /// ```
    /// use claimlens::corpus::Manifest;
    /// let m = Manifest::new("Tanker coverage");
    /// let text = m.to_ron_string().unwrap();
    /// assert!(text.contains("format_version: 1"));
    /// assert_eq!(Manifest::from_ron_str(&text).unwrap(), m);
    /// assert!(Manifest::from_ron_str("(format_version: 99, name: \"x\")").is_err());
    /// ```
    pub fn from_ron_str(text: &str) -> Result<Self, ManifestError> {
        let probe: Probe = ron::Options::default().from_str(text).map_err(|e| {
            if text.contains("format_version") {
                ManifestError::Corrupt(e.to_string())
            } else {
                ManifestError::NotACorpus(format!("no format_version field ({e})"))
            }
        })?;
        match probe.format_version {
            MANIFEST_VERSION => {
                let m: Self =
                    ron::Options::default().from_str(text).map_err(|e| ManifestError::Corrupt(e.to_string()))?;
                m.validate().map_err(ManifestError::Corrupt)?;
                Ok(m)
            }
            0 => Err(ManifestError::Corrupt("format version 0 does not exist".to_owned())),
            found => Err(ManifestError::TooNew { found, supported: MANIFEST_VERSION }),
        }
    }
}

/// True if `path` is a relative `/`-separated path of a file inside `dir` (`dir/…`), with no
/// empty, `.` or `..` component and no backslash or drive colon.
#[must_use]
pub fn is_inside(path: &str, dir: &str) -> bool {
    let Some(rest) = path.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) else { return false };
    !rest.is_empty()
        && !path.contains(['\\', ':', '\0'])
        && rest.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// A file-name-safe slug: ASCII letters (Latin accents folded: "Zürich" → "zurich") and
/// digits, lower-case, runs of anything else as one `-`, at most 60 characters; "document"
/// when nothing is left.
///
/// # Example
/// ```
/// use claimlens::corpus::manifest::slugify;
/// assert_eq!(slugify("Zürich: NATO ❤ Ünal Şahin"), "zurich-nato-unal-sahin");
/// assert_eq!(slugify("wikinews_gum_news_flag"), "wikinews_gum_news_flag");
/// assert_eq!(slugify("北京"), "document");
/// ```
#[must_use]
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        let folded = fold_latin(c);
        let mut pushed = false;
        for f in folded.chars() {
            if f.is_ascii_alphanumeric() || f == '_' {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(f.to_ascii_lowercase());
                pushed = true;
            }
        }
        if !pushed {
            dash = true;
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.truncate(60);
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "document".to_owned() } else { out }
}

/// Latin letters with diacritics as their base letters (enough for slugs; not a general
/// transliteration).
fn fold_latin(c: char) -> String {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'ç' | 'ć' | 'č' | 'ĉ' => "c",
        'Ç' | 'Ć' | 'Č' | 'Ĉ' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ğ' | 'ģ' => "g",
        'Ğ' | 'Ģ' => "G",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ł' | 'ľ' | 'ĺ' => "l",
        'Ł' | 'Ľ' | 'Ĺ' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'ř' | 'ŕ' => "r",
        'Ř' | 'Ŕ' => "R",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'Ť' | 'Ţ' | 'Ț' => "T",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        _ => return c.to_string(),
    };
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document};
    use crate::project::SourceInfo;

    fn project(title: &str, body: &str) -> Project {
        Project::new(
            Document::from_blocks([(BlockKind::Title, title), (BlockKind::Paragraph, body)]),
            SourceInfo::default(),
        )
    }

    #[test]
    fn ids_are_never_reused_and_slugs_are_unique() {
        let mut m = Manifest::new("c");
        let a = m.allocate_id();
        let p = project("Zürich votes", "Turnout was 45%.");
        m.documents.push(DocumentEntry::new(a, &m.unique_slug("Zürich votes", &[]), None, &p));
        assert_eq!(m.documents[0].slug(), "zurich-votes");
        assert_eq!(m.documents[0].path, "documents/zurich-votes.claimlens.ron");
        assert_eq!(m.unique_slug("zurich votes", &[]), "zurich-votes-2");
        assert_eq!(m.unique_slug("zurich votes", &["zurich-votes-2".into()]), "zurich-votes-3");
        m.documents.clear();
        // The counter, not the highest id present, decides: a removed document's id stays used.
        assert_eq!(m.allocate_id(), DocumentId(2));
        assert_eq!(DocumentId::parse("D2"), Some(DocumentId(2)));
        assert_eq!(DocumentId::parse("x"), None);
    }

    #[test]
    fn summary_counts_words_entities_and_claims() {
        let p = project("Título", "Größe: 5% in Köln. 北京");
        let s = Summary::of(&p);
        // Título | Größe 5 in Köln | 北 京
        assert_eq!(s.words, 1 + 4 + 2);
        assert_eq!(s.chars, p.text().chars().count());
        assert_eq!((s.claims, s.entities, s.checked), (0, 0, 0));
    }

    #[test]
    fn paths_must_stay_inside_the_folder() {
        for (path, ok) in [
            ("documents/a.claimlens.ron", true),
            ("documents/sub/a.claimlens.ron", true),
            ("documents/../a.claimlens.ron", false),
            ("/etc/passwd", false),
            ("documents/", false),
            ("documents//a", false),
            ("documents\\a", false),
            ("C:/documents/a", false),
            ("sources/a.txt", false),
        ] {
            assert_eq!(is_inside(path, DOCUMENTS_DIR), ok, "{path}");
        }
        let mut m = Manifest::new("c");
        let p = project("T", "b");
        m.documents.push(DocumentEntry::new(DocumentId(1), "t", Some("../x.txt".into()), &p));
        assert!(m.validate().unwrap_err().contains("source"));
        let text = m.to_ron_string().unwrap();
        assert!(matches!(Manifest::from_ron_str(&text), Err(ManifestError::Corrupt(_))));
    }

    #[test]
    fn progress_names_parse_back() {
        for p in Progress::ALL {
            assert_eq!(Progress::parse(p.name()), Some(p));
            assert_eq!(Progress::parse(&format!("{p:?}")), Some(p));
        }
        assert_eq!(Progress::parse("in-progress"), Some(Progress::InProgress));
        assert_eq!(Progress::parse("nope"), None);
    }

    #[test]
    fn refusals_name_the_problem() {
        assert!(matches!(Manifest::from_ron_str("not ron"), Err(ManifestError::NotACorpus(_))));
        assert!(matches!(
            Manifest::from_ron_str("(format_version: 7, name: \"x\", next_document_id: 1)"),
            Err(ManifestError::TooNew { found: 7, .. })
        ));
        assert!(matches!(Manifest::from_ron_str("(format_version: 1, name: 3)"), Err(ManifestError::Corrupt(_))));
    }
}
