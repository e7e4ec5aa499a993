//! Corpus projects: many articles in one workspace.
//!
//! A corpus is a folder (see [`crate::io::corpus_dir`] for the files): a [`Manifest`] with the
//! corpus's name, codebook, coders and one [`DocumentEntry`] per document (paths inside the
//! folder, metadata, progress state and a [`Summary`]), and one ordinary project file per
//! document. This module is the engine part and touches no files:
//!
//! - [`manifest`]: the manifest model, summaries, slugs, path checks, RON text;
//! - [`search`]: text search across the documents, in parallel, results by document with
//!   context;
//! - [`entities`]: canonical entities merged across documents, and turning one document's
//!   entity correction into [`crate::project::Edit`]s for the others;
//! - [`claims`]: one table of every claim, the overview at corpus level (aggregating
//!   [`crate::project::overview`]), code × document and entity × document matrices.
//!
//! The functions over many documents take a [`LoadedCorpus`]: the documents' projects held in
//! memory once (the window keeps it while the corpus is open; the CLI loads it per command).
//!
//! Depends on [`crate::document`], [`crate::nlp`] and [`crate::project`]; never on files or
//! egui.

pub mod claims;
pub mod entities;
pub mod manifest;
pub mod search;

pub use manifest::{Coder, DocumentEntry, DocumentId, Manifest, ManifestError, Progress, Summary};

use crate::project::{Codebook, Project};

/// One document of a corpus, loaded: its id, its entry's title and slug, and its project.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedDocument {
    /// Its id in the corpus.
    pub id: DocumentId,
    /// The title shown in the list.
    pub title: String,
    /// Its slug (project file name without extension): the `document` column of exports.
    pub slug: String,
    /// The project (with the corpus codebook applied).
    pub project: Project,
}

impl LoadedDocument {
    /// A loaded document for `entry` holding `project`.
    #[must_use]
    pub fn new(entry: &DocumentEntry, project: Project) -> Self {
        Self { id: entry.id, title: entry.title.clone(), slug: entry.slug().to_owned(), project }
    }
}

/// The documents of a corpus held in memory, in corpus order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadedCorpus {
    /// The corpus's name.
    pub name: String,
    /// The corpus codebook.
    pub codebook: Codebook,
    /// The documents, in corpus order.
    pub documents: Vec<LoadedDocument>,
}

impl LoadedCorpus {
    /// The loaded document `id`.
    #[must_use]
    pub fn document(&self, id: DocumentId) -> Option<&LoadedDocument> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// The loaded document `id`, to change (apply edits to its project, then save it through
    /// the corpus).
    pub fn document_mut(&mut self, id: DocumentId) -> Option<&mut LoadedDocument> {
        self.documents.iter_mut().find(|d| d.id == id)
    }

    /// Replace (or add, at the end) a document, e.g. after it was saved in the window.
    pub fn upsert(&mut self, doc: LoadedDocument) {
        match self.documents.iter_mut().find(|d| d.id == doc.id) {
            Some(d) => *d = doc,
            None => self.documents.push(doc),
        }
    }

    /// Put the documents in the manifest's order and drop those it no longer has; titles and
    /// slugs follow the manifest (after a rename).
    pub fn follow(&mut self, manifest: &Manifest) {
        let mut docs = std::mem::take(&mut self.documents);
        for entry in &manifest.documents {
            if let Some(i) = docs.iter().position(|d| d.id == entry.id) {
                let mut d = docs.swap_remove(i);
                d.title.clone_from(&entry.title);
                entry.slug().clone_into(&mut d.slug);
                self.documents.push(d);
            }
        }
        self.name.clone_from(&manifest.name);
        self.codebook.clone_from(&manifest.codebook);
    }
}
