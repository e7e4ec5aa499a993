//! Commands: everything the user can ask for, and what background jobs finish with. Panels
//! and jobs emit them; the app applies them in one place.
//!
//! [`Action`]s are the commands a person invokes by name (menus, toolbar, shortcuts): each has
//! one row in [`Action::ALL`] with its label, tooltip and shortcuts, read by menus, key
//! handling and the README's shortcut table alike.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::state::{Pending, PromptPurpose, SideTab};
use crate::document::ByteSpan;
use crate::nlp::{Analysis, Entity, EntityLabel};
use crate::project::{ClaimId, Edit};

pub mod corpus;
pub mod sources;
pub mod team;

/// A command for the app to apply: what the user asked for, or what a background job
/// finished with.
#[derive(Clone, Debug)]
pub enum Command {
    /// A named action (menu, toolbar, shortcut).
    Action(Action),
    /// An undoable change to the project.
    Edit {
        /// The change.
        edit: Edit,
        /// For the Undo menu ("Undo Edit note").
        label: String,
        /// Consecutive edits with the same key merge into one undo step.
        coalesce: Option<String>,
    },
    /// Open this file (asks to save unsaved changes first).
    OpenPath(PathBuf),
    /// Save to this path.
    SaveTo(PathBuf),
    /// Tag `span` as a new claim.
    TagClaim(ByteSpan),
    /// Mark `span` as an entity of type `label` (and every mention of its text if `all`).
    SetEntity {
        /// Where.
        span: ByteSpan,
        /// Type.
        label: EntityLabel,
        /// Apply to all mentions of the same text.
        all: bool,
    },
    /// Remove an entity (and every mention of its text if `all`).
    RemoveEntity {
        /// Which.
        entity: Entity,
        /// Apply to all mentions of the same text.
        all: bool,
    },
    /// Select a claim; `scroll` jumps the article to it and flashes it.
    SelectClaim {
        /// Which (None deselects).
        id: Option<ClaimId>,
        /// Jump to it.
        scroll: bool,
    },
    /// Select a canonical entity by name, outlining all its mentions (None clears); with
    /// `scroll`, jump to its next mention after the current view position.
    SelectEntity {
        /// The canonical name (or mention text, for ungrouped types).
        name: Option<String>,
        /// Jump to a mention.
        scroll: bool,
    },
    /// Show or hide an entity type.
    ToggleLabel(EntityLabel),
    /// Make this suggested sentence the current suggestion (None clears), scrolling to it.
    SelectSuggestion(Option<ByteSpan>),
    /// Show suggestions scoring at least this much (0–1).
    SetSuggestionThreshold(f32),
    /// Show or hide the suggestion markers.
    ToggleSuggestions,
    /// Filter the claims list to one bar of the overview (its label and filter); None clears.
    FilterClaims(Option<(String, crate::project::overview::BarFilter)>),
    /// Filter the claims list by text, type and status.
    SetClaimFilter(crate::project::ClaimFilter),
    /// Show this tab of the side panel.
    SetSideTab(SideTab),
    /// Find this text (the find bar's field changed).
    SetFind {
        /// The query.
        query: String,
        /// Match case.
        case_sensitive: bool,
    },
    /// Open or close the "What changed" window (and the tint of changed regions).
    ShowChanges(bool),
    /// Hide the bar saying the article file changed on disk.
    DismissSourceChanged,
    /// Hide the notice about scripts no installed font can show.
    DismissFontNotice,
    /// Remove the error notice at this index.
    DismissNotice(usize),
    /// Forget the recent files.
    ClearRecent,
    /// Show a message in the status bar (errors stay until dismissed).
    Notify(String),
    /// Show an informative message (it fades).
    Inform(String),
    /// Scroll the article to this span and flash it.
    ShowSpan(ByteSpan),
    /// Ask for a path (native dialog or in-app prompt) for this purpose.
    AskPath(PromptPurpose),
    /// The path prompt was confirmed with this text.
    SubmitPath(PromptPurpose, String),
    /// The answer to "Save changes?": save, don't save, or cancel (None).
    AnswerUnsaved(Pending, Option<bool>),
    /// Close the open modal dialog.
    CloseModal,
    /// Restore a recovery copy.
    RestoreRecovery(PathBuf),
    /// Delete a recovery copy.
    DiscardRecovery(PathBuf),
    /// Toggle the codebook code with this shortcut (1–9) on the selected claim.
    ApplyCodeShortcut(u8),
    /// Cancel the background job with this id.
    CancelJob(u64),
    /// Links, the clipboard, archived copies and the fact-check library
    /// ([`super::sources`]).
    Sources(sources::SourcesCommand),
    /// Team work: coder name, conflicts, agreement, comparison ([`super::team`]).
    Team(team::TeamCommand),
    /// Several commands in order.
    Batch(Vec<Command>),
    /// Corpus work: the Documents panel, switching documents, corpus search and claims
    /// ([`super::corpus`]).
    Corpus(corpus::CorpusCommand),
    /// A command about the session with this id, dropped if another session is open by now
    /// (the result of a job that worked on a copy of it).
    ForSession(u64, Box<Command>),
    /// Job result: the analysis of session `session_id`'s article.
    AnalysisDone {
        /// The session analysed.
        session_id: u64,
        /// Keep the project's saved automatic entities (only suggestions and quotations are
        /// taken from the analysis).
        keep_entities: bool,
        /// The analysis.
        analysis: Box<Analysis>,
        /// The derived entity data for it, computed on the worker, with the session's
        /// [`super::session::Session::entities_version`] it was computed for.
        derived: Box<(super::session::Derived, u64)>,
        /// How long it took.
        elapsed_ms: u128,
    },
    /// Job result: a file was read for opening.
    Opened {
        /// The file.
        path: PathBuf,
        /// What it held, or why it could not be opened.
        result: Result<Box<OpenedFile>, String>,
    },
    /// Job result: a save finished.
    Saved {
        /// The session saved.
        session_id: u64,
        /// Where.
        path: PathBuf,
        /// The history state that was saved.
        state_id: u64,
        /// Whether it worked (the message says why not).
        result: Result<(), String>,
    },
    /// Job result: a new version of the article, re-anchored (an undoable edit).
    ArticleUpdated {
        /// The edit replacing the article.
        edit: Edit,
        /// What happened to the annotations, in words.
        summary: String,
    },
    /// Job result: a native dialog closed (with the path picked, if any); `quick` when it
    /// returned at once, so that no dialog could be shown.
    DialogClosed {
        /// What the path is for.
        purpose: PromptPurpose,
        /// The path picked.
        path: Option<PathBuf>,
        /// It returned faster than a person can pick a file.
        quick: bool,
    },
    /// Job result: recovery copies left by an earlier run, with the names to show.
    RecoveryFound(Vec<(crate::io::recovery::RecoveryEntry, String)>),
    /// Job result: a recovery copy was read.
    RecoveryLoaded {
        /// The copy.
        file: PathBuf,
        /// The project file it belongs to, if it was saved before.
        origin: Option<PathBuf>,
        /// The project, or why it could not be read.
        result: Result<Box<crate::project::Project>, String>,
    },
}

/// The named actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Open a file with the system dialog (or the path prompt).
    Open,
    /// Open by typing a path.
    OpenPath,
    /// Open the bundled sample article.
    OpenSample,
    /// Save the project.
    Save,
    /// Save under a new name.
    SaveAs,
    /// Quit.
    Quit,
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// Tag the selection as a claim.
    TagClaim,
    /// Delete the selected claim.
    DeleteClaim,
    /// Find in the article.
    Find,
    /// Next find match.
    FindNext,
    /// Previous find match.
    FindPrevious,
    /// Larger text.
    ZoomIn,
    /// Smaller text.
    ZoomOut,
    /// Default text size.
    ZoomReset,
    /// Clear selection / close find.
    Escape,
    /// Run the entity recognizer again (keeps corrections).
    Reanalyse,
    /// Copy the selection.
    Copy,
    /// Go to the next suggested claim.
    NextSuggestion,
    /// Accept the current suggestion as a claim.
    AcceptSuggestion,
    /// Reject the current suggestion (remembered in the project).
    RejectSuggestion,
    /// Show or hide quotations as a highlight layer.
    ToggleQuotes,
    /// Show the overview dashboard.
    Overview,
    /// Open a web page by typing its address.
    OpenUrl,
    /// Open the clipboard's text as a new, unsaved article.
    PasteArticle,
    /// Fetch the article's page again and re-anchor every annotation on it.
    UpdateFromUrl,
    /// Show the fact-check library: its folder, its size, feeds to import.
    FactCheckLibrary,
    /// Move the reading position to the next sentence.
    NextSentence,
    /// Move the reading position to the previous sentence.
    PreviousSentence,
    /// Move the reading position to the next paragraph.
    NextParagraph,
    /// Move the reading position to the previous paragraph.
    PreviousParagraph,
    /// Select the sentence at the reading position.
    SelectSentence,
    /// Extend the selection by a word.
    ExtendWord,
    /// Shrink (or extend backwards) the selection by a word.
    ExtendWordBack,
    /// Extend the selection to the end of the next sentence.
    ExtendSentence,
    /// Move the keyboard focus into the selected claim's card (its first field).
    EditClaim,
    /// Open a corpus folder (or its `corpus.claimlens.ron`).
    OpenCorpus,
    /// Add articles (a file or a folder) to the open corpus.
    AddDocuments,
    /// Make a new corpus folder holding the open article.
    NewCorpusFromArticle,
    /// Copy the open article into an existing corpus.
    AddToCorpus,
    /// Open the next document of the corpus.
    NextDocument,
    /// Open the previous document of the corpus.
    PreviousDocument,
}

/// One row of the action table.
#[derive(Clone, Copy, Debug)]
pub struct ActionInfo {
    /// The action.
    pub action: Action,
    /// Menu label (`…` when more input follows).
    pub label: &'static str,
    /// Tooltip.
    pub tooltip: &'static str,
    /// Shortcuts; the first is shown in menus.
    pub shortcuts: &'static [KeyboardShortcut],
    /// Whether the shortcut works while a text field has keyboard focus.
    pub in_text_fields: bool,
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const ALT_SHIFT: Modifiers = Modifiers::ALT.plus(Modifiers::SHIFT);

const fn sc(m: Modifiers, k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(m, k)
}

impl Action {
    /// The table: label, tooltip and shortcuts of every action.
    pub const ALL: &'static [ActionInfo] = &[
        ActionInfo {
            action: Self::Open,
            label: "Open…",
            tooltip: "Open an article (.txt, .md, .html, .pdf, .docx, .odt, .epub) or a project (.claimlens.ron)",
            shortcuts: &[sc(CMD, Key::O)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::OpenPath,
            label: "Open path…",
            tooltip: "Open a file by typing its path",
            shortcuts: &[sc(CMD_SHIFT, Key::O)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::OpenSample,
            label: "Open sample article",
            tooltip: "Open the bundled sample article",
            shortcuts: &[],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::Save,
            label: "Save",
            tooltip: "Save the project",
            shortcuts: &[sc(CMD, Key::S)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::SaveAs,
            label: "Save as…",
            tooltip: "Save the project under a new name",
            shortcuts: &[sc(CMD_SHIFT, Key::S)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::Quit,
            label: "Quit",
            tooltip: "Close ClaimLens",
            shortcuts: &[sc(CMD, Key::Q)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::Undo,
            label: "Undo",
            tooltip: "Undo the last change",
            shortcuts: &[sc(CMD, Key::Z)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::Redo,
            label: "Redo",
            tooltip: "Redo the last undone change",
            shortcuts: &[sc(CMD_SHIFT, Key::Z), sc(CMD, Key::Y)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::TagClaim,
            label: "Tag as claim",
            tooltip: "Tag the selected text as a claim",
            shortcuts: &[sc(CMD, Key::T)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::DeleteClaim,
            label: "Delete claim",
            tooltip: "Delete the selected claim",
            shortcuts: &[sc(Modifiers::NONE, Key::Delete)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::Find,
            label: "Find…",
            tooltip: "Find text in the article",
            shortcuts: &[sc(CMD, Key::F)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::FindNext,
            label: "Find next",
            tooltip: "Go to the next match",
            shortcuts: &[sc(Modifiers::NONE, Key::F3), sc(CMD, Key::G)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::FindPrevious,
            label: "Find previous",
            tooltip: "Go to the previous match",
            shortcuts: &[sc(Modifiers::SHIFT, Key::F3), sc(CMD_SHIFT, Key::G)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::ZoomIn,
            label: "Larger text",
            tooltip: "Make the article text larger",
            shortcuts: &[sc(CMD, Key::Equals), sc(CMD, Key::Plus), sc(CMD_SHIFT, Key::Equals)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::ZoomOut,
            label: "Smaller text",
            tooltip: "Make the article text smaller",
            shortcuts: &[sc(CMD, Key::Minus)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::ZoomReset,
            label: "Default text size",
            tooltip: "Reset the article text size",
            shortcuts: &[sc(CMD, Key::Num0)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::Escape,
            label: "Clear selection",
            tooltip: "Clear the selection and close the find bar",
            shortcuts: &[sc(Modifiers::NONE, Key::Escape)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::Reanalyse,
            label: "Re-analyse entities",
            tooltip: "Run the entity recognizer again; your corrections are kept",
            shortcuts: &[],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::Copy,
            label: "Copy",
            tooltip: "Copy the selected text",
            shortcuts: &[],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::NextSuggestion,
            label: "Next suggestion",
            tooltip: "Go to the next sentence suggested as check-worthy",
            shortcuts: &[sc(Modifiers::NONE, Key::N)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::AcceptSuggestion,
            label: "Accept suggestion",
            tooltip: "Tag the current suggestion as a claim, its fields prefilled",
            shortcuts: &[sc(Modifiers::NONE, Key::A)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::RejectSuggestion,
            label: "Reject suggestion",
            tooltip: "Hide the current suggestion for good (remembered in the project)",
            shortcuts: &[sc(Modifiers::NONE, Key::R)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::ToggleQuotes,
            label: "Show quotations",
            tooltip: "Highlight quotations and reported speech; hover one to see its speaker",
            shortcuts: &[sc(CMD_SHIFT, Key::Q)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::Overview,
            label: "Overview",
            tooltip: "Claims by status, verdict, type, claimant and tag; entity mentions",
            shortcuts: &[sc(CMD_SHIFT, Key::D)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::OpenUrl,
            label: "Open URL…",
            tooltip: "Open a web page (http or https) as a new article; its HTML is archived with the project",
            shortcuts: &[sc(CMD, Key::L)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::PasteArticle,
            label: "Paste as new article",
            tooltip: "Open the text on the clipboard as a new, unsaved article",
            shortcuts: &[sc(CMD_SHIFT, Key::V)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::UpdateFromUrl,
            label: "Update article from URL",
            tooltip: "Fetch the article's page again; claims and corrections are re-anchored, nothing is deleted",
            shortcuts: &[],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::OpenCorpus,
            label: "Open corpus…",
            tooltip: "Open a corpus: its folder or its corpus.claimlens.ron",
            shortcuts: &[],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::FactCheckLibrary,
            label: "Fact-check library…",
            tooltip: "Choose the library of published fact-checks claims are matched against, and import feeds into it",
            shortcuts: &[],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::AddDocuments,
            label: "Add documents…",
            tooltip: "Add an article or a folder of articles to the corpus (analysed in the background)",
            shortcuts: &[],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::NextSentence,
            label: "Next sentence",
            tooltip: "Move the reading position to the next sentence",
            shortcuts: &[sc(Modifiers::ALT, Key::ArrowDown)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::PreviousSentence,
            label: "Previous sentence",
            tooltip: "Move the reading position to the previous sentence",
            shortcuts: &[sc(Modifiers::ALT, Key::ArrowUp)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::NextParagraph,
            label: "Next paragraph",
            tooltip: "Move the reading position to the next paragraph",
            shortcuts: &[sc(CMD, Key::ArrowDown)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::PreviousParagraph,
            label: "Previous paragraph",
            tooltip: "Move the reading position to the previous paragraph",
            shortcuts: &[sc(CMD, Key::ArrowUp)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::SelectSentence,
            label: "Select sentence",
            tooltip: "Select the sentence at the reading position",
            shortcuts: &[sc(Modifiers::ALT, Key::S)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::ExtendWord,
            label: "Extend selection by a word",
            tooltip: "Extend the selection (from the reading position) to the end of the next word",
            shortcuts: &[sc(ALT_SHIFT, Key::ArrowRight)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::ExtendWordBack,
            label: "Shrink selection by a word",
            tooltip: "Move the end of the selection back by a word",
            shortcuts: &[sc(ALT_SHIFT, Key::ArrowLeft)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::ExtendSentence,
            label: "Extend selection by a sentence",
            tooltip: "Extend the selection to the end of the next sentence",
            shortcuts: &[sc(ALT_SHIFT, Key::ArrowDown)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::EditClaim,
            label: "Edit claim fields",
            tooltip: "Move the keyboard focus into the selected claim's card (Tab moves on, Esc comes back)",
            shortcuts: &[sc(Modifiers::NONE, Key::F2)],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::NewCorpusFromArticle,
            label: "New corpus from open article…",
            tooltip: "Make a new corpus folder holding the open article; its codebook becomes the corpus codebook",
            shortcuts: &[],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::AddToCorpus,
            label: "Add to corpus…",
            tooltip: "Copy the open article into an existing corpus and open that corpus",
            shortcuts: &[],
            in_text_fields: false,
        },
        ActionInfo {
            action: Self::NextDocument,
            label: "Next document",
            tooltip: "Open the next document of the corpus list",
            shortcuts: &[sc(CMD, Key::PageDown)],
            in_text_fields: true,
        },
        ActionInfo {
            action: Self::PreviousDocument,
            label: "Previous document",
            tooltip: "Open the previous document of the corpus list",
            shortcuts: &[sc(CMD, Key::PageUp)],
            in_text_fields: true,
        },
    ];

    /// The way a shortcut is written in menus and in the README ("Ctrl+Shift+Z", "Ctrl+=").
    #[must_use]
    pub fn shortcut_text(sc: &KeyboardShortcut, is_mac: bool) -> String {
        let mut s = egui::ModifierNames::NAMES.format(&sc.modifiers, is_mac);
        if !s.is_empty() {
            s.push('+');
        }
        s.push_str(match sc.logical_key {
            Key::Minus => "-",
            Key::Equals => "=",
            Key::Plus => "+",
            Key::Num0 => "0",
            k => k.name(),
        });
        s
    }

    /// This action's row of [`Action::ALL`].
    #[must_use]
    pub fn info(self) -> &'static ActionInfo {
        Self::ALL.iter().find(|i| i.action == self).expect("every action has a row")
    }
}

/// What a file held, read on a worker thread.
#[derive(Clone, Debug)]
pub enum OpenedFile {
    /// An article, imported into a new project.
    Article {
        /// The new project, with its derived data.
        project: Box<(crate::project::Project, super::session::Derived)>,
        /// The encoding was guessed.
        encoding_guessed: bool,
        /// A web page's bytes as fetched, archived beside the project when it is saved.
        copy: Option<crate::io::web::SourceCopy>,
    },
    /// A saved project.
    Project {
        /// The project, with its derived data.
        project: Box<(crate::project::Project, super::session::Derived)>,
        /// Its article's file on disk is no longer the version annotated (offer to update).
        source_changed: bool,
    },
    /// A corpus (only its manifest was read).
    Corpus(Box<crate::io::corpus_dir::CorpusDir>),
}

impl OpenedFile {
    /// An imported article as a new project, with its derived data (on a worker thread).
    #[must_use]
    pub fn article(imported: crate::io::Imported) -> Self {
        let guessed = imported.encoding_guessed;
        let project = crate::project::Project::new(imported.document, imported.source);
        let derived = super::session::Derived::new(&project);
        Self::Article { project: Box::new((project, derived)), encoding_guessed: guessed, copy: imported.copy }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's shortcut table is generated by hand: keep it in step with the table here.
    #[test]
    fn readme_lists_every_shortcut() {
        let readme = include_str!("../../../README.md");
        for info in Action::ALL {
            let Some(first) = info.shortcuts.first() else { continue };
            let keys = Action::shortcut_text(first, false);
            let row = readme
                .lines()
                .find(|l| l.starts_with(&format!("| {} |", info.label)))
                .unwrap_or_else(|| panic!("README has no shortcut row for {:?}", info.label));
            assert!(row.contains(&keys), "README row {row:?} should show {keys:?}");
        }
    }
}
