//! The corpus's messages ([`CorpusCommand`]) and what they carry; applied by
//! [`crate::ui::corpus`].

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::corpus::claims::{ClaimQuery, ClaimSort};
use crate::corpus::search::SearchResults;
use crate::corpus::{DocumentId, LoadedCorpus, Progress};
use crate::document::ByteSpan;
use crate::io::corpus_dir::CorpusDir;
use crate::project::{ClaimId, Edit, EntityCorrection, GroupCorrection, Project};
use crate::ui::session::Derived;
use crate::ui::state::PromptPurpose;

/// Which tab of the corpus panel is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CorpusTab {
    /// The list of documents.
    #[default]
    Documents,
    /// Search across the corpus.
    Search,
    /// Every claim of the corpus.
    Claims,
    /// Entities merged across documents.
    Entities,
    /// Code × document counts.
    Matrix,
    /// The Overview charts over every claim of the corpus.
    Overview,
}

/// How the documents list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DocSort {
    /// Corpus order.
    #[default]
    Corpus,
    /// Title, A–Z.
    Title,
    /// Most words first.
    Words,
    /// Most entities first.
    Entities,
    /// Most claims first.
    Claims,
    /// Not started, then in progress, then done.
    State,
}

impl DocSort {
    /// Every order, in menu order.
    pub const ALL: [Self; 6] = [Self::Corpus, Self::Title, Self::Words, Self::Entities, Self::Claims, Self::State];

    /// The name in the menu.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Corpus => "corpus order",
            Self::Title => "title",
            Self::Words => "words",
            Self::Entities => "entities",
            Self::Claims => "claims",
            Self::State => "progress",
        }
    }
}

/// What is computed over every document for the Entities, Matrix and Overview tabs.
#[derive(Clone, Debug, Default)]
pub struct CorpusDerived {
    /// Entities merged across documents, most mentioned first.
    pub entities: Vec<crate::corpus::entities::CorpusEntity>,
    /// Code × document counts.
    pub matrix: crate::corpus::claims::Matrix,
    /// The Overview charts' numbers over every claim of the corpus.
    pub overview: crate::corpus::claims::CorpusOverview,
    /// Document titles by id (for the lists).
    pub titles: BTreeMap<DocumentId, String>,
}

/// An entity correction made in one document, to make in the others too ("Apply to all
/// documents").
#[derive(Clone, Debug, PartialEq)]
pub enum Correction {
    /// Corrections of every mention of some texts (change type, not an entity): each is made
    /// in every document where its text occurs ([`crate::corpus::entities::propagate_correction`]).
    Mentions(Vec<EntityCorrection>),
    /// A rename, merge or split, made where it applies
    /// ([`crate::corpus::entities::propagate_group_correction`]).
    Group(GroupCorrection),
}

impl Correction {
    /// True if `project` holds this correction (it was made there and not undone).
    #[must_use]
    pub fn is_in(&self, project: &Project) -> bool {
        let e = &project.entities;
        match self {
            Self::Mentions(list) => {
                !list.is_empty()
                    && list.iter().all(|c| e.corrections.iter().any(|x| x.target == c.target && x.action == c.action))
            }
            Self::Group(g) => e.groups.contains(g),
        }
    }
}

/// The offer to make the correction just made in the document shown in every other document.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    /// The document it was made in.
    pub document: DocumentId,
    /// The correction.
    pub correction: Correction,
    /// What it did, as the undo menu names it ("Change entity type").
    pub label: String,
    /// What it did, for the user ("“Kyiv” is now an organisation").
    pub text: String,
}

/// The correction made in other documents: the edits for the documents open in the window
/// (applied there as one undo step each), and the documents read, corrected and saved on the
/// worker.
#[derive(Clone, Debug, Default)]
pub struct Applied {
    /// The document the correction was made in.
    pub from: Option<DocumentId>,
    /// The undo menu's name for it.
    pub label: String,
    /// The coder and time it is recorded with.
    pub coder: String,
    /// When.
    pub now: Option<jiff::Timestamp>,
    /// Documents open in the window (shown or parked): the edits to make there.
    pub open: Vec<(DocumentId, Vec<Edit>)>,
    /// Documents corrected and saved on the worker: the edits made, and the project saved.
    pub saved: Vec<(DocumentId, Vec<Edit>, Box<Project>)>,
    /// Documents that could not be corrected, with why.
    pub failed: Vec<String>,
}

/// Commands about the corpus (see [`super::Command::Corpus`]).
#[derive(Clone, Debug)]
pub enum CorpusCommand {
    /// Show this document (at once if it was open before, else once read).
    Show(DocumentId),
    /// Show this document and jump to `span` in it (a search hit).
    ShowAt {
        /// The document.
        document: DocumentId,
        /// Where.
        span: ByteSpan,
    },
    /// Show this document at `span`, outlining the mentions of entity `name` (a corpus entity's
    /// mention).
    ShowMention {
        /// The document.
        document: DocumentId,
        /// The mention.
        span: ByteSpan,
        /// The entity's name in that document.
        name: String,
    },
    /// Show this document and select the claim (the claims table).
    ShowClaim {
        /// The document.
        document: DocumentId,
        /// The claim.
        claim: ClaimId,
    },
    /// Set a document's progress state.
    SetState(DocumentId, Progress),
    /// Give a document a new title.
    Rename(DocumentId, String),
    /// Take a document out of the corpus (its files stay in the folder, unlisted).
    Remove(DocumentId),
    /// Show this tab of the corpus panel.
    SetTab(CorpusTab),
    /// Filter the list by text.
    SetFilter(String),
    /// Filter the list by state.
    SetStateFilter(Option<Progress>),
    /// Sort the list.
    SetSort(DocSort),
    /// The search field changed.
    SetSearchQuery(String),
    /// Search the corpus for the query typed.
    Search,
    /// Filter the claims table.
    SetClaimQuery(ClaimQuery),
    /// Sort the claims table.
    SetClaimSort(ClaimSort),
    /// Load every document (for search and the claims table).
    LoadAll,
    /// A path was chosen for corpus work (add documents, new corpus, add to corpus).
    PathChosen(PromptPurpose, PathBuf),
    /// Job result: a document was read.
    Loaded {
        /// Which.
        id: DocumentId,
        /// Its project file.
        path: PathBuf,
        /// The project with its derived data, or why it could not be read.
        result: Result<Box<(Project, Derived)>, String>,
    },
    /// Job result: documents were added (the corpus as the worker left it).
    Added {
        /// The manifest after adding.
        dir: Box<CorpusDir>,
        /// The documents added.
        added: Vec<DocumentId>,
        /// Files that could not be added, with why.
        failed: Vec<String>,
    },
    /// Job result: every document was loaded.
    AllLoaded {
        /// The documents.
        corpus: Arc<LoadedCorpus>,
        /// Documents that could not be read.
        failed: usize,
    },
    /// List the documents of this corpus entity (None: none).
    SelectEntity(Option<usize>),
    /// Job result: entities and the matrix were computed for this version of the loaded
    /// documents.
    Derived(Arc<CorpusDerived>, u64),
    /// Job result: a search finished.
    Searched {
        /// The query.
        query: String,
        /// What it found, or why the query is wrong.
        result: Result<Box<SearchResults>, String>,
        /// How long it took.
        elapsed_ms: f64,
    },
    /// The entities panel made this correction in the document shown: offer to make it in
    /// every document.
    Corrected(Offer),
    /// Forget the offer to apply a correction to every document.
    DismissOffer,
    /// Make this correction, made in document `from`, in every other document of the corpus
    /// where it applies (on a worker; the corpus is read first if needed).
    ApplyToAll {
        /// The document it was made in.
        from: DocumentId,
        /// The correction.
        correction: Correction,
        /// The undo menu's name for it in each document.
        label: String,
        /// The coder recorded on it.
        coder: String,
        /// When.
        now: jiff::Timestamp,
    },
    /// Job result: a correction was made in other documents.
    Applied(Box<Applied>),
    /// Job result: a new corpus was made (from the open article, or the article was added to
    /// one): open it on this document.
    Made {
        /// The corpus.
        dir: Box<CorpusDir>,
        /// The document holding the article.
        id: DocumentId,
    },
}
