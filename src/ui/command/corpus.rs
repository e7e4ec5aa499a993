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
use crate::project::{ClaimId, Project};
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

/// What is computed over every document for the Entities and Matrix tabs.
#[derive(Clone, Debug, Default)]
pub struct CorpusDerived {
    /// Entities merged across documents, most mentioned first.
    pub entities: Vec<crate::corpus::entities::CorpusEntity>,
    /// Code × document counts.
    pub matrix: crate::corpus::claims::Matrix,
    /// Document titles by id (for the lists).
    pub titles: BTreeMap<DocumentId, String>,
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
    /// Job result: a new corpus was made (from the open article, or the article was added to
    /// one): open it on this document.
    Made {
        /// The corpus.
        dir: Box<CorpusDir>,
        /// The document holding the article.
        id: DocumentId,
    },
}
